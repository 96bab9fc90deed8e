using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace CustomerValue.Transactions;

/// <summary>What became of one record.</summary>
internal enum RowOutcome
{
    /// <summary>A valid purchase within the observation window.</summary>
    Accepted,

    /// <summary>A bad row (see <see cref="TransactionRowParser.Rejection"/>).</summary>
    Rejected,

    /// <summary>A valid purchase dated after the end of observation: a cut-off, not a rejection.</summary>
    AfterEnd,
}

/// <summary>
/// The columns a header names, found once per file: the required customer id and date, the amount (or quantity and
/// price), and any optional column a reader asks for with <see cref="Optional"/>. Immutable; shared by the parsing threads.
/// </summary>
internal sealed class TransactionLayout
{
    private TransactionLayout(TransactionCsvOptions options, string[] names, string where)
    {
        Options = options;
        Names = names;
        Where = where;
        Delimiter = (byte)options.Delimiter;
        IdCol = Required(options.CustomerIdColumn);
        DateCol = Required(options.DateColumn);
        if (options.AmountIsQuantityTimesPrice)
        {
            QuantityCol = Required(options.QuantityColumn!);
            PriceCol = Required(options.UnitPriceColumn!);
            AmountCol = -1;
            AmountName = $"{Names[QuantityCol]} × {Names[PriceCol]}";
        }
        else
        {
            QuantityCol = PriceCol = -1;
            AmountCol = options.AmountColumn is null ? -1 : Required(options.AmountColumn);
            AmountName = AmountCol >= 0 ? Names[AmountCol] : "amount";
        }

        Needed = Math.Max(Math.Max(IdCol, DateCol), Math.Max(AmountCol, Math.Max(QuantityCol, PriceCol))) + 1;
        Missing = new HashSet<string>(options.MissingCustomerIds, StringComparer.OrdinalIgnoreCase);
        MissingMaxLength = options.MissingCustomerIds.Count == 0 ? 0 : options.MissingCustomerIds.Max(s => s.Length);
        Aliases = options.Aliases is { Count: > 0 } aliases ? aliases : null;
    }

    public TransactionCsvOptions Options { get; }

    /// <summary>The header's column names, trimmed and unquoted.</summary>
    public string[] Names { get; }

    /// <summary>"'file'" or "the transaction log", for messages.</summary>
    public string Where { get; }

    public byte Delimiter { get; }

    public int IdCol { get; }

    public int DateCol { get; }

    /// <summary>The amount column, or -1 (no amounts, or quantity × price).</summary>
    public int AmountCol { get; }

    public int QuantityCol { get; }

    public int PriceCol { get; }

    /// <summary>The name used for the amount in rejections.</summary>
    public string AmountName { get; }

    public int HeaderFields => Names.Length;

    /// <summary>Fields a row needs to hold every required column.</summary>
    public int Needed { get; }

    public HashSet<string> Missing { get; }

    public int MissingMaxLength { get; }

    /// <summary>The alias map applied to every id, or null when there is none (or it is empty).</summary>
    public Identity.AliasMap? Aliases { get; }

    /// <summary>Reads the header record and finds the columns.</summary>
    /// <exception cref="FormatException">The header is not UTF-8, names a column twice, or lacks a required column (with a hint when it looks split by another delimiter).</exception>
    public static TransactionLayout FromHeader(ReadOnlySpan<byte> header, TransactionCsvOptions options, string? sourceName)
    {
        string where = sourceName is null ? "the transaction log" : $"'{sourceName}'";
        if (!Utf8.IsValid(header))
        {
            throw new FormatException($"{where}: line 1 (the header) holds bytes that are not valid UTF-8; name the file's encoding.");
        }

        var scratch = new byte[64];
        var fields = new CsvField[4096];
        int n = Utf8Csv.Split(header, (byte)options.Delimiter, fields, ref scratch, out var error);
        if (error != CsvSplitError.None || n > fields.Length)
        {
            throw new FormatException($"{where}: line 1 (the header) cannot be split into columns (malformed quotes, or more than {fields.Length} columns).");
        }

        var names = new string[n];
        for (int i = 0; i < n; i++)
        {
            names[i] = Encoding.UTF8.GetString(Utf8Csv.Bytes(header, scratch, fields[i])).Trim();
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (name.Length > 0 && !seen.Add(name))
            {
                throw new FormatException($"{where}: the header names the column '{name}' twice (columns: {string.Join(", ", names)}); a column must be named once.");
            }
        }

        return new TransactionLayout(options, names, where);
    }

    /// <summary>The index of an optional column, or -1 when it is not named or not in the header.</summary>
    public int Optional(string? name) =>
        name is null ? -1 : Array.FindIndex(Names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

    private int Required(string column)
    {
        int i = Optional(column);
        if (i >= 0)
        {
            return i;
        }

        string hint = string.Empty;
        if (Names.Length == 1)
        {
            foreach (char d in ",;\t|")
            {
                if (d != Options.Delimiter && Names[0].Contains(d, StringComparison.Ordinal))
                {
                    hint = $" The header looks separated by '{(d == '\t' ? "\\t" : d.ToString())}', not '{(Options.Delimiter == '\t' ? "\\t" : Options.Delimiter.ToString())}': give --delimiter {(d == '\t' ? "tab" : $"'{d}'")}.";
                    break;
                }
            }
        }

        throw new FormatException($"{Where}: the header has no column '{column}' (columns: {string.Join(", ", Names)}). Name the column in the options, e.g. --customer-column.{hint}");
    }
}

/// <summary>
/// Parses records of one file into purchases: one per thread (it owns buffers). After <see cref="Parse"/> returns
/// <see cref="RowOutcome.Accepted"/> or <see cref="RowOutcome.AfterEnd"/>, the row's values are in its properties.
/// </summary>
internal sealed class TransactionRowParser
{
    private readonly TransactionLayout _layout;
    private readonly CsvField[] _fields;
    private readonly int _observationEnd;
    private byte[] _scratch = new byte[256];
    private char[] _chars = new char[256];
    private string? _mappedId;
    private int _idLength;

    public TransactionRowParser(TransactionLayout layout)
    {
        _layout = layout;
        _fields = new CsvField[Math.Max(layout.HeaderFields, layout.Needed) + 1];
        _observationEnd = layout.Options.ObservationEnd is { } end ? end.DayNumber : int.MaxValue;
    }

    public TransactionLayout Layout => _layout;

    /// <summary>True when the customer id is a canonical whole number (<see cref="NumericId"/>); otherwise see <see cref="IdChars"/>.</summary>
    public bool IsNumericId { get; private set; }

    public long NumericId { get; private set; }

    /// <summary>The customer id's text (after mapping) when it is not numeric.</summary>
    public ReadOnlySpan<char> IdChars => _mappedId is not null ? _mappedId.AsSpan() : _chars.AsSpan(0, _idLength);

    public int Day { get; private set; }

    public long TimeOfDayTicks { get; private set; }

    public double Amount { get; private set; }

    /// <summary>The rejection of the last record (its line number 0; the caller knows the line).</summary>
    public RejectedRow? Rejection { get; private set; }

    /// <summary>The fields of the last record split (for optional columns): use <see cref="FieldBytes"/>.</summary>
    public ReadOnlySpan<CsvField> Fields => _fields;

    /// <summary>The bytes of field <paramref name="index"/> of <paramref name="record"/> (as last split).</summary>
    public ReadOnlySpan<byte> FieldBytes(ReadOnlySpan<byte> record, int index) => Utf8Csv.Bytes(record, _scratch, _fields[index]);

    /// <summary>
    /// Decodes the fields of the last record parsed into <paramref name="chars"/> (unquoted, unescaped), one range per
    /// field in <paramref name="ranges"/>: for readers of optional columns that work on text. Returns the field count.
    /// </summary>
    public int DecodeFields(ReadOnlySpan<byte> record, ref char[] chars, Range[] ranges)
    {
        int n = Math.Min(_layout.HeaderFields, ranges.Length);
        int need = 0;
        for (int i = 0; i < n; i++)
        {
            need += _fields[i].Length;
        }

        if (chars.Length < need)
        {
            chars = new char[Math.Max(need, chars.Length * 2)];
        }

        int w = 0;
        for (int i = 0; i < n; i++)
        {
            int written = Encoding.UTF8.GetChars(FieldBytes(record, i), chars.AsSpan(w));
            ranges[i] = new Range(w, w + written);
            w += written;
        }

        return n;
    }

    /// <summary>The customer id as a string (allocates; for the row-by-row reader).</summary>
    public string IdString() => IsNumericId ? NumericId.ToString(CultureInfo.InvariantCulture) : IdChars.ToString();

    /// <summary>Parses one record (without its line end).</summary>
    /// <param name="record">The record's bytes.</param>
    /// <param name="checkUtf8">Check that the bytes are UTF-8 (callers that validated the whole block pass false).</param>
    public RowOutcome Parse(ReadOnlySpan<byte> record, bool checkUtf8)
    {
        var layout = _layout;
        int count = Utf8Csv.Split(record, layout.Delimiter, _fields, ref _scratch, out var error);
        if (error != CsvSplitError.None)
        {
            string field = layout.Names[Math.Clamp(count - 1, 0, layout.Names.Length - 1)];
            return Reject(field, RejectReason.MalformedQuotes, "a quoted field is not closed, or text or a quote stands outside the quotes of a field");
        }

        if (count < layout.HeaderFields && count < layout.Needed)
        {
            int missingCol = count <= layout.IdCol ? layout.IdCol : count <= layout.DateCol ? layout.DateCol : Math.Max(Math.Max(layout.AmountCol, layout.QuantityCol), layout.PriceCol);
            string missing = layout.Names[Math.Max(0, missingCol)];
            return Reject(missing, RejectReason.MissingField, $"the row has {count} fields and the header {layout.HeaderFields}; the column '{missing}' is missing");
        }

        if (count < layout.HeaderFields)
        {
            return Reject(layout.Names[count], RejectReason.MissingField, $"the row has {count} fields and the header {layout.HeaderFields}; the column '{layout.Names[count]}' is missing");
        }

        if (count > layout.HeaderFields)
        {
            return Reject("(row)", RejectReason.ExtraFields, $"the row has {count} fields, more than the header's {layout.HeaderFields} (a decimal comma, or an unquoted delimiter inside a field?)");
        }

        if (checkUtf8 && !Utf8.IsValid(record))
        {
            for (int i = 0; i < count; i++)
            {
                if (!Utf8.IsValid(FieldBytes(record, i)))
                {
                    return Reject(layout.Names[i], RejectReason.InvalidText, "the field holds bytes that are not valid UTF-8 (name the file's encoding if it is not UTF-8)");
                }
            }

            return Reject("(row)", RejectReason.InvalidText, "the row holds bytes that are not valid UTF-8");
        }

        if (!ParseId(FieldBytes(record, layout.IdCol)))
        {
            return RowOutcome.Rejected;
        }

        var dateText = FieldBytes(record, layout.DateCol);
        if (dateText.IsEmpty)
        {
            return Reject(layout.Names[layout.DateCol], RejectReason.MissingField, "the date is empty");
        }

        if (!Utf8Values.TryParseDate(dateText, out int day, out long ticks))
        {
            return Reject(layout.Names[layout.DateCol], RejectReason.UnparsableDate, $"'{Text(dateText)}' is not a date; expected YYYY-MM-DD or an ISO date-time");
        }

        Day = day;
        TimeOfDayTicks = ticks;
        double amount = 0;
        if (layout.AmountCol >= 0)
        {
            if (!Number(record, layout.AmountCol, out amount))
            {
                return RowOutcome.Rejected;
            }
        }
        else if (layout.QuantityCol >= 0)
        {
            if (!Number(record, layout.QuantityCol, out double quantity) || !Number(record, layout.PriceCol, out double price))
            {
                return RowOutcome.Rejected;
            }

            amount = quantity * price;
        }

        Amount = amount;
        var rejected = TransactionRules.CheckAmount(amount, layout.Options.AllowReturns, layout.AmountName);
        if (rejected is not null)
        {
            Rejection = rejected;
            return RowOutcome.Rejected;
        }

        return day > _observationEnd ? RowOutcome.AfterEnd : RowOutcome.Accepted;
    }

    private bool Number(ReadOnlySpan<byte> record, int col, out double value)
    {
        var text = FieldBytes(record, col);
        string name = _layout.Names[col];
        if (text.IsEmpty)
        {
            Reject(name, RejectReason.MissingField, $"the {name} is empty");
            value = 0;
            return false;
        }

        if (!Utf8Values.TryParseNumber(text, out value))
        {
            Reject(name, RejectReason.UnparsableAmount, $"'{Text(text)}' is not a number (invariant culture, '.' as decimal separator)");
            return false;
        }

        return true;
    }

    private bool ParseId(ReadOnlySpan<byte> text)
    {
        var layout = _layout;
        _mappedId = null;
        string idName = layout.Names[layout.IdCol];
        if (layout.Aliases is null && Utf8Values.TryCanonicalId(text, out long number) && layout.Options.MissingValue is null)
        {
            IsNumericId = true;
            NumericId = number;
            return true;
        }

        if (text.IsEmpty)
        {
            Reject(idName, RejectReason.MissingField, "the customer id is empty");
            return false;
        }

        if (_chars.Length < text.Length)
        {
            _chars = new char[Math.Max(text.Length, _chars.Length * 2)];
        }

        _idLength = Encoding.UTF8.GetChars(text, _chars);
        ReadOnlySpan<char> chars = _chars.AsSpan(0, _idLength);
        if ((chars.Length <= layout.MissingMaxLength && layout.Missing.GetAlternateLookup<ReadOnlySpan<char>>().Contains(chars))
            || (layout.Options.MissingValue is { } missingValue && chars.SequenceEqual(missingValue)))
        {
            Reject(idName, RejectReason.MissingField, $"the customer id '{chars}' marks a missing value, not a customer");
            return false;
        }

        if (layout.Aliases is { } aliases)
        {
            var canonical = aliases.Resolve(chars);
            if (canonical != chars)
            {
                _mappedId = canonical.ToString();
                chars = _mappedId.AsSpan();
            }
        }

        IsNumericId = Utf8Values.TryCanonicalId(chars, out number);
        NumericId = number;
        return true;
    }

    private RowOutcome Reject(string field, RejectReason reason, string message)
    {
        Rejection = new RejectedRow(0, field, reason, message);
        return RowOutcome.Rejected;
    }

    private static string Text(ReadOnlySpan<byte> bytes)
    {
        var s = Encoding.UTF8.GetString(bytes.Length > 80 ? bytes[..80] : bytes);
        return bytes.Length > 80 ? s + "…" : s;
    }
}
