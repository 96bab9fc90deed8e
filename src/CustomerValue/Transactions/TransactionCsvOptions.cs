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

    /// <summary>The order (invoice, basket) id column; read when the header has it. Default <c>order_id</c>; null to ignore.</summary>
    public string? OrderIdColumn { get; init; } = "order_id";

    /// <summary>The item (product, stock code) column; read when the header has it. Default <c>item</c>; null to ignore.</summary>
    public string? ItemColumn { get; init; } = "item";

    /// <summary>The item category column; read when the header has it. Default <c>category</c>; null to ignore.</summary>
    public string? CategoryColumn { get; init; } = "category";

    /// <summary>
    /// The quantity column, if any (no default). With <see cref="UnitPriceColumn"/> it replaces the amount column:
    /// amount = quantity × unit price.
    /// </summary>
    public string? QuantityColumn { get; init; }

    /// <summary>The unit price column, if any (no default); see <see cref="QuantityColumn"/>.</summary>
    public string? UnitPriceColumn { get; init; }

    /// <summary>The profit (margin contribution) column; read when the header has it. Default <c>profit</c>; null to ignore.</summary>
    public string? ProfitColumn { get; init; } = "profit";

    /// <summary>The cost column, if any (no default): profit = amount − cost. Used only when no profit column is read.</summary>
    public string? CostColumn { get; init; }

    /// <summary>The discount column (a rate or an amount; a value above zero marks a discounted line); read when the header has it. Default <c>discount</c>; null to ignore.</summary>
    public string? DiscountColumn { get; init; } = "discount";

    /// <summary>
    /// The item-level columns that must be in the header (an error names the missing one) and non-empty on every row
    /// (a row with an empty one is rejected). Columns with a default name are otherwise read only when present, and an
    /// empty field is then "unknown" (null). Quantity, unit price and cost are required whenever named.
    /// </summary>
    public ItemFields RequiredItemFields { get; init; }

    /// <summary>
    /// A text that stands for a missing value (for example <c>NA</c>, as R writes one), or null for none: a customer id
    /// or item-level field holding exactly this text counts as empty. Default null.
    /// </summary>
    public string? MissingValue { get; init; }

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

/// <summary>The optional item-level fields of a transaction log (flags).</summary>
[Flags]
public enum ItemFields
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>The order id.</summary>
    OrderId = 1,

    /// <summary>The item.</summary>
    Item = 2,

    /// <summary>The category.</summary>
    Category = 4,

    /// <summary>The quantity.</summary>
    Quantity = 8,

    /// <summary>The unit price.</summary>
    UnitPrice = 16,

    /// <summary>The profit, or the cost it is derived from.</summary>
    Profit = 32,

    /// <summary>The discount.</summary>
    Discount = 64,
}
