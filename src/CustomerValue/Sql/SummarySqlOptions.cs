using CustomerValue.Identity;
using CustomerValue.Summaries;

namespace CustomerValue.Sql;

/// <summary>
/// What a <see cref="SummarySql"/> query summarises: the window and time unit, the column names of the user's table,
/// returns and customer aliases. Immutable; change with <c>with</c>.
/// </summary>
/// <remarks>
/// The table needs a customer id column (any type; compared as text), a date column (DATE or TIMESTAMP; a timestamp
/// counts on its calendar date in the session's time zone, so set the session to UTC for the same days as our reader)
/// and an amount column (any number), or a quantity and a price column whose product is the amount.
/// </remarks>
public sealed record SummarySqlOptions
{
    private readonly SummaryOptions _summary;
    private readonly string _customerIdColumn = "customer_id";
    private readonly string _dateColumn = "date";

    /// <summary>Creates options with the default column names <c>customer_id, date, amount</c>.</summary>
    /// <param name="summary">The calibration end (the as-of date), optional holdout end and time unit.</param>
    public SummarySqlOptions(SummaryOptions summary) => _summary = summary ?? throw new ArgumentNullException(nameof(summary));

    /// <summary>The calibration end (the as-of date), optional holdout end and time unit.</summary>
    public SummaryOptions Summary { get => _summary; init => _summary = value ?? throw new ArgumentNullException(nameof(Summary)); }

    /// <summary>The customer id column. Default <c>customer_id</c>.</summary>
    public string CustomerIdColumn { get => _customerIdColumn; init => _customerIdColumn = Name(value, nameof(CustomerIdColumn)); }

    /// <summary>The date column. Default <c>date</c>.</summary>
    public string DateColumn { get => _dateColumn; init => _dateColumn = Name(value, nameof(DateColumn)); }

    /// <summary>The amount column, or null when the amount is quantity × price or there are no amounts (monetary values 0). Default <c>amount</c>.</summary>
    public string? AmountColumn { get; init; } = "amount";

    /// <summary>With <see cref="PriceColumn"/>: the amount of a row is quantity × price (in double precision, as our reader computes it). Default null.</summary>
    public string? QuantityColumn { get; init; }

    /// <summary>With <see cref="QuantityColumn"/>: the unit price column. Default null.</summary>
    public string? PriceColumn { get; init; }

    /// <summary>Keep rows with negative amounts (returns); without it they are left out, as <c>--on-error report</c> skips them. Default false.</summary>
    public bool AllowReturns { get; init; }

    /// <summary>
    /// The alias map (chains already resolved by <see cref="AliasMap"/>): every row of an alias id counts for its
    /// canonical customer, as our readers apply <see cref="Transactions.TransactionCsvOptions.Aliases"/>. Written into
    /// the query as a common table expression. Default null (none).
    /// </summary>
    public AliasMap? Aliases { get; init; }

    /// <summary>
    /// A table or view of the engine with columns <c>alias_id, customer_id</c>, already resolved (every alias maps to its
    /// final customer id), used instead of <see cref="Aliases"/> for maps too large to write into a query. Default null.
    /// </summary>
    public string? AliasTable { get; init; }

    private static string Name(string value, string option) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"SummarySqlOptions.{option}: a column name is required.", option) : value;
}
