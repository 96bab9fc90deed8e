using System.Globalization;

namespace CustomerValue.Transactions;

/// <summary>Where a header puts the optional item-level columns (−1 for a column not read), and their parsing.</summary>
internal sealed class ItemColumns
{
    private readonly string[] _names;

    private ItemColumns(ItemFields required, int[] columns, string[] names)
    {
        RequiredFields = required;
        OrderId = columns[0];
        Item = columns[1];
        Category = columns[2];
        Quantity = columns[3];
        UnitPrice = columns[4];
        Profit = columns[5];
        Cost = columns[6];
        Discount = columns[7];
        _names = names;
        MaxIndex = columns.Max();
    }

    public ItemFields RequiredFields { get; }

    public int OrderId { get; }

    public int Item { get; }

    public int Category { get; }

    public int Quantity { get; }

    public int UnitPrice { get; }

    public int Profit { get; }

    public int Cost { get; }

    public int Discount { get; }

    /// <summary>The largest column index read (−1 when none).</summary>
    public int MaxIndex { get; }

    /// <summary>Which item-level fields the header provides.</summary>
    public ItemFields Present =>
        (OrderId >= 0 ? ItemFields.OrderId : 0) | (Item >= 0 ? ItemFields.Item : 0) | (Category >= 0 ? ItemFields.Category : 0)
        | (Quantity >= 0 ? ItemFields.Quantity : 0) | (UnitPrice >= 0 ? ItemFields.UnitPrice : 0)
        | (Profit >= 0 || Cost >= 0 ? ItemFields.Profit : 0) | (Discount >= 0 ? ItemFields.Discount : 0);

    public bool Required(ItemFields field) => (RequiredFields & field) != 0;

    public static ItemColumns Find(List<string> header, TransactionCsvOptions o, string where)
    {
        var required = o.RequiredItemFields;
        string?[] names = [o.OrderIdColumn, o.ItemColumn, o.CategoryColumn, o.QuantityColumn, o.UnitPriceColumn, o.ProfitColumn, o.CostColumn, o.DiscountColumn];
        bool[] mustExist =
        [
            (required & ItemFields.OrderId) != 0, (required & ItemFields.Item) != 0, (required & ItemFields.Category) != 0,
            o.QuantityColumn is not null, o.UnitPriceColumn is not null,
            false, o.CostColumn is not null, (required & ItemFields.Discount) != 0,
        ];
        if ((o.QuantityColumn is null) != (o.UnitPriceColumn is null))
        {
            throw new FormatException($"{where}: a quantity column and a unit price column go together (amount = quantity x price); only {(o.QuantityColumn is null ? "the price column '" + o.UnitPriceColumn : "the quantity column '" + o.QuantityColumn)}' was named.");
        }

        var columns = new int[names.Length];
        for (int k = 0; k < names.Length; k++)
        {
            columns[k] = names[k] is null ? -1 : header.FindIndex(n => string.Equals(n, names[k], StringComparison.OrdinalIgnoreCase));
            if (columns[k] < 0 && mustExist[k] && names[k] is { } missing)
            {
                throw new FormatException($"{where}: the header has no column '{missing}' (columns: {string.Join(", ", header)}). Name the column in the options, e.g. --item-column.");
            }
        }

        if (columns[6] >= 0)
        {
            columns[5] = -1; // a cost column, when named, gives the profit
        }

        if ((required & ItemFields.Profit) != 0 && columns[5] < 0 && columns[6] < 0)
        {
            throw new FormatException($"{where}: the header has no profit column '{o.ProfitColumn}' and no cost column was named (columns: {string.Join(", ", header)}). Name one with --profit-column or --cost-column.");
        }

        var resolved = new string[names.Length];
        for (int k = 0; k < names.Length; k++)
        {
            resolved[k] = columns[k] >= 0 ? header[columns[k]] : names[k] ?? string.Empty;
        }

        return new ItemColumns(required, columns, resolved);
    }

    /// <summary>The name of the first column read at or after field <paramref name="count"/> (for "missing field" messages).</summary>
    public string NameOfFirstAtOrAfter(int count)
    {
        int[] columns = [OrderId, Item, Category, Quantity, UnitPrice, Profit, Cost, Discount];
        int best = -1;
        for (int k = 0; k < columns.Length; k++)
        {
            if (columns[k] >= count && (best < 0 || columns[k] < columns[best]))
            {
                best = k;
            }
        }

        return best < 0 ? "(row)" : _names[best];
    }

    public static bool TryText(ReadOnlySpan<char> span, Range[] fields, int column, string? name, bool required, string? missingValue, long lineNumber, StringPool.Cache cache, out string? value, out RejectedRow? rejected)
    {
        rejected = null;
        value = null;
        if (column < 0)
        {
            return true;
        }

        var text = CsvLine.Unquote(span[fields[column]]);
        if (text.IsEmpty || (missingValue is not null && text.SequenceEqual(missingValue)))
        {
            if (required)
            {
                rejected = new RejectedRow(lineNumber, name!, RejectReason.MissingField, $"the {name} is empty");
                return false;
            }

            return true;
        }

        value = cache.Get(text);
        return true;
    }

    public static bool TryNumber(ReadOnlySpan<char> span, Range[] fields, int column, string? name, bool required, string? missingValue, long lineNumber, out double? value, out RejectedRow? rejected)
    {
        rejected = null;
        value = null;
        if (column < 0)
        {
            return true;
        }

        var text = CsvLine.Unquote(span[fields[column]]);
        if (text.IsEmpty || (missingValue is not null && text.SequenceEqual(missingValue)))
        {
            if (required)
            {
                rejected = new RejectedRow(lineNumber, name!, RejectReason.MissingField, $"the {name} is empty");
                return false;
            }

            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
        {
            rejected = new RejectedRow(lineNumber, name!, RejectReason.UnparsableAmount, $"'{text}' is not a number (invariant culture, '.' as decimal separator)");
            return false;
        }

        if (!double.IsFinite(v))
        {
            rejected = new RejectedRow(lineNumber, name!, RejectReason.NonFiniteAmount, $"the {name} {text} is not finite");
            return false;
        }

        value = v;
        return true;
    }
}

/// <summary>
/// Reuses the strings of repeated ids while a log is read, so that ten million lines of a few thousand items do not
/// become ten million strings. Not thread-safe: one per reader.
/// </summary>
internal sealed class StringPool
{
    public Cache Customer { get; } = new(pooled: false);

    public Cache Order { get; } = new(pooled: false);

    public Cache Items { get; } = new(pooled: true);

    /// <summary>Remembers the last string (ids of consecutive lines repeat), and optionally every distinct one up to a limit.</summary>
    internal sealed class Cache(bool pooled)
    {
        private const int Limit = 1 << 20;
        private readonly HashSet<string>? _set = pooled ? new HashSet<string>(StringComparer.Ordinal) : null;
        private string? _last;

        public string Get(ReadOnlySpan<char> text)
        {
            if (_last is not null && text.SequenceEqual(_last))
            {
                return _last;
            }

            if (_set is not null)
            {
                var lookup = _set.GetAlternateLookup<ReadOnlySpan<char>>();
                if (!lookup.TryGetValue(text, out var found))
                {
                    found = text.ToString();
                    if (_set.Count < Limit)
                    {
                        _set.Add(found);
                    }
                }

                return _last = found;
            }

            return _last = text.ToString();
        }
    }
}
