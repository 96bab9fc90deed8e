namespace CustomerValue.Transactions;

/// <summary>One purchase in a transaction log.</summary>
/// <param name="CustomerId">The customer's identifier; never empty.</param>
/// <param name="Timestamp">When the purchase happened. Only the calendar date counts for summaries: purchases on the same day are one purchase occasion.</param>
/// <param name="Amount">The purchase value in the caller's currency. Finite; negative only when returns are allowed.</param>
public readonly partial record struct Transaction(string CustomerId, DateTime Timestamp, double Amount)
{
    /// <summary>The calendar date of the purchase.</summary>
    public DateOnly Date => DateOnly.FromDateTime(Timestamp);
}
