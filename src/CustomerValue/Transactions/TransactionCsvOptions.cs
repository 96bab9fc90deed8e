namespace CustomerValue.Transactions;

/// <summary>How to read a transaction log from CSV, and which rows to accept.</summary>
/// <remarks>
/// <para>The file has a header row; columns are found by name (case-insensitive, surrounding quotes and blanks ignored),
/// so extra columns and any column order are fine; a column named twice in the header is an error. Fields follow
/// RFC 4180: a quoted field may hold the delimiter, line breaks and doubled quotes (<c>""</c>). Lines may end with LF,
/// CRLF or a bare CR. Dates are ISO <c>YYYY-MM-DD</c>, ISO date-times (<c>YYYY-MM-DD HH:MM[:SS[.fff]]</c> or with
/// <c>T</c>, optionally with a UTC offset) or compact <c>YYYYMMDD</c>. Numbers use the invariant culture (<c>.</c> as
/// decimal separator). The text is UTF-8 (a byte-order mark is skipped) unless <see cref="Encoding"/> names another; a
/// row with bytes that are not valid UTF-8 is rejected, never repaired. A path ending in <c>.gz</c> is decompressed
/// while read, and a truncated or corrupt archive is an error naming the file.</para>
/// <para>The amount of a row is the <see cref="AmountColumn"/>, or <see cref="QuantityColumn"/> × <see cref="UnitPriceColumn"/>
/// when both of those are named (they then take precedence).</para>
/// <para>Customer ids are mapped in this order: blanks and surrounding quotes removed; an id listed in
/// <see cref="MissingCustomerIds"/> (such as <c>NA</c>) or an empty id is a rejected row; then
/// <see cref="Aliases"/>, if given, replaces an alias id by its canonical customer id.</para>
/// Immutable; change with <c>with</c>.
/// </remarks>
public sealed record TransactionCsvOptions
{
    /// <summary>The ids that mean "no customer" by default: <c>NA</c>, <c>N/A</c>, <c>#N/A</c>, <c>null</c>, <c>None</c>, <c>NaN</c> (compared ignoring case).</summary>
    public static IReadOnlyList<string> DefaultMissingCustomerIds { get; } = ["NA", "N/A", "#N/A", "null", "None", "NaN"];

    /// <summary>The default options: columns <c>customer_id,date,amount</c>, comma-separated, no returns, fail fast.</summary>
    public static TransactionCsvOptions Default { get; } = new();

    /// <summary>The customer id column. Default <c>customer_id</c>.</summary>
    public string CustomerIdColumn { get; init; } = "customer_id";

    /// <summary>The date or date-time column. Default <c>date</c>.</summary>
    public string DateColumn { get; init; } = "date";

    /// <summary>The amount column. Default <c>amount</c>. Null for a log without amounts (every amount is then 0), or when the amount is quantity × price.</summary>
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

    /// <summary>The field separator: comma (default), semicolon, tab or vertical bar (any ASCII character other than a quote, CR or LF works).</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>
    /// Accept negative amounts (returns, refunds). Default false: a negative amount is a bad row. When allowed, a return
    /// is netted with the purchases of the same customer on the same day (it lowers that day's spend); a day with only
    /// returns is not a purchase occasion.
    /// </summary>
    public bool AllowReturns { get; init; }

    /// <summary>
    /// The last date of observation, if any: a row dated after it is not a rejection but a cut-off, counted in
    /// <see cref="IngestReport.AfterObservationEnd"/> and left out.
    /// </summary>
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

    /// <summary>Customer ids that stand for "no customer" (compared ignoring case); a row with one is rejected as <see cref="RejectReason.MissingField"/>. Default <see cref="DefaultMissingCustomerIds"/>.</summary>
    public IReadOnlyList<string> MissingCustomerIds { get; init; } = DefaultMissingCustomerIds;

    /// <summary>The text encoding when the file is not UTF-8 (for example <c>Encoding.Latin1</c>); null (default) for strict UTF-8.</summary>
    public System.Text.Encoding? Encoding { get; init; }

    /// <summary>The longest record accepted, in bytes (default 1 MiB): a longer line, or a quoted field left open for that long, is rejected with its line number and memory stays bounded.</summary>
    public int MaxRecordBytes { get; init; } = 1 << 20;

    /// <summary>True when the amount is computed as quantity × price.</summary>
    internal bool AmountIsQuantityTimesPrice => QuantityColumn is not null && UnitPriceColumn is not null;

    /// <summary>Checks the options; the message names the property.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="FormatException">Only one of the quantity and unit price columns is named.</exception>
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(CustomerIdColumn, nameof(CustomerIdColumn));
        ArgumentException.ThrowIfNullOrWhiteSpace(DateColumn, nameof(DateColumn));
        if ((QuantityColumn is null) != (UnitPriceColumn is null))
        {
            throw new FormatException($"A quantity column and a unit price column go together (amount = quantity × price); only {(QuantityColumn is null ? $"the price column '{UnitPriceColumn}'" : $"the quantity column '{QuantityColumn}'")} was named.");
        }

        if (Delimiter is '"' or '\r' or '\n' || Delimiter > 127)
        {
            throw new ArgumentException($"The delimiter must be an ASCII character other than a quote or a line break; got '{Delimiter}'.", nameof(Delimiter));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxRejectedDetails);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordBytes, 64);
        ArgumentNullException.ThrowIfNull(MissingCustomerIds);
    }
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
