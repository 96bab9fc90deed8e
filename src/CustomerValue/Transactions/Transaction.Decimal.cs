namespace CustomerValue.Transactions;

/// <summary>Transactions from <see cref="decimal"/> amounts, as accounting systems and databases hold money.</summary>
public readonly partial record struct Transaction
{
    /// <summary>
    /// A purchase with a <see cref="decimal"/> amount, converted once, here, to the <see cref="double"/> every model
    /// computes with (exact to about 15 significant digits: cents stay exact up to about 10^13).
    /// </summary>
    /// <param name="customerId">The customer's identifier; never empty.</param>
    /// <param name="timestamp">When the purchase happened.</param>
    /// <param name="amount">The purchase value in the caller's currency.</param>
    /// <exception cref="ArgumentException"><paramref name="customerId"/> is null or empty.</exception>
    /// <example>
    /// <code>
    /// var t = Transaction.Create("c-17", new DateTime(2024, 3, 1), 19.99m);
    /// </code>
    /// </example>
    public static Transaction Create(string customerId, DateTime timestamp, decimal amount)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        return new Transaction(customerId, timestamp, decimal.ToDouble(amount));
    }

    /// <summary>A purchase on a calendar day with a <see cref="decimal"/> amount, converted once to <see cref="double"/>.</summary>
    /// <param name="customerId">The customer's identifier; never empty.</param>
    /// <param name="date">The day of the purchase.</param>
    /// <param name="amount">The purchase value in the caller's currency.</param>
    /// <exception cref="ArgumentException"><paramref name="customerId"/> is null or empty.</exception>
    /// <example>
    /// <code>
    /// Transaction[] log = [Transaction.Create("c-17", new DateOnly(2024, 3, 1), 19.99m), Transaction.Create("c-17", new DateOnly(2024, 5, 2), 5.00m)];
    /// </code>
    /// </example>
    public static Transaction Create(string customerId, DateOnly date, decimal amount) => Create(customerId, date.ToDateTime(TimeOnly.MinValue), amount);
}
