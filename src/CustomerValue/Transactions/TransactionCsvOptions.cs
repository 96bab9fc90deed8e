namespace CustomerValue.Transactions;

/// <summary>How to read a transaction log from CSV, and which rows to accept.</summary>
/// <remarks>
/// The file has a header row; columns are found by name (case-insensitive, surrounding quotes and blanks ignored),
/// so extra columns and any column order are fine. Dates are ISO <c>YYYY-MM-DD</c>, ISO date-times
/// (<c>YYYY-MM-DD HH:MM:SS</c> or with <c>T</c>), or compact <c>YYYYMMDD</c>. Numbers use the invariant culture
/// (<c>.</c> as decimal separator). A path ending in <c>.gz</c> is decompressed while read.
/// Immutable; change with <c>with</c>.
/// </remarks>
public sealed record TransactionCsvOptions
{
    /// <summary>The default options: columns <c>customer_id,date,amount</c>, comma-separated, no returns, fail fast.</summary>
    public static TransactionCsvOptions Default { get; } = new();

    /// <summary>The customer id column. Default <c>customer_id</c>.</summary>
    public string CustomerIdColumn { get; init; } = "customer_id";

    /// <summary>The date or date-time column. Default <c>date</c>.</summary>
    public string DateColumn { get; init; } = "date";

    /// <summary>The amount column. Default <c>amount</c>. Null for a log without amounts (every amount is then 0).</summary>
    public string? AmountColumn { get; init; } = "amount";

    /// <summary>The field separator. Default comma.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Accept negative amounts (returns, refunds). Default false: a negative amount is a bad row.</summary>
    public bool AllowReturns { get; init; }

    /// <summary>The last date of observation, if any: a row dated after it is rejected with <see cref="RejectReason.AfterObservationEnd"/>.</summary>
    public DateOnly? ObservationEnd { get; init; }

    /// <summary>What to do with a bad row. Default <see cref="BadRowPolicy.FailFast"/>.</summary>
    public BadRowPolicy BadRows { get; init; } = BadRowPolicy.FailFast;

    /// <summary>
    /// The alias map, if any: every row of an alias id is read as a row of its canonical customer id
    /// (see <see cref="Identity.AliasMap"/>). Default null: every id is its own customer.
    /// </summary>
    public Identity.AliasMap? Aliases { get; init; }

    /// <summary>How many rejected rows to keep in detail with <see cref="BadRowPolicy.CollectAndReport"/>; counts are always exact. Default 1,000.</summary>
    public int MaxRejectedDetails { get; init; } = 1000;
}
