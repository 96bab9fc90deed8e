using System.Globalization;
using System.IO.Compression;
using CustomerValue.Summaries;

namespace CustomerValue.Transactions;

/// <summary>
/// Streams a transaction log from CSV. Memory does not grow with the number of rows: each row is parsed,
/// checked and handed on, one at a time.
/// </summary>
/// <remarks>
/// Every data row is either yielded as a <see cref="Transaction"/> (and counted as accepted) or rejected with its
/// line number, field and reason (see <see cref="RejectReason"/>), so that <c>accepted + rejected = rows read</c>.
/// Quoted fields (RFC 4180, <c>""</c> for a quote) are supported on a single line. Empty lines are skipped and not counted as rows.
/// Static methods; thread-safe.
/// </remarks>
public static partial class TransactionCsvReader
{
    /// <summary>Opens a file as text, decompressing it when the name ends in <c>.gz</c>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static TextReader OpenText(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Transaction file '{path}' was not found.", path);
        }

        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    /// <summary>Reads a CSV file (<c>.csv</c> or <c>.csv.gz</c>) row by row.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Columns and acceptance rules.</param>
    /// <param name="report">Receives the count of accepted rows and every rejected row; under fail-fast it throws at the first bad row.</param>
    /// <exception cref="TransactionLogException">A bad row under <see cref="BadRowPolicy.FailFast"/>.</exception>
    /// <exception cref="FormatException">The header lacks a required column.</exception>
    /// <example>
    /// <code>
    /// var report = new IngestReportBuilder(BadRowPolicy.CollectAndReport);
    /// var accumulator = new SummaryAccumulator(options);
    /// foreach (var t in TransactionCsvReader.ReadFile("log.csv.gz", TransactionCsvOptions.Default, report)) accumulator.Add(t);
    /// Console.WriteLine(report.Build());                   // 6,919 rows read: 6,919 accepted, 0 rejected
    /// </code>
    /// </example>
    public static IEnumerable<Transaction> ReadFile(string path, TransactionCsvOptions options, IngestReportBuilder report)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        using var reader = OpenText(path);
        foreach (var t in Read(reader, options, report, path))
        {
            yield return t;
        }
    }

    /// <summary>Reads CSV text row by row.</summary>
    /// <param name="reader">The text; its first line is the header.</param>
    /// <param name="options">Columns and acceptance rules.</param>
    /// <param name="report">Receives the count of accepted rows and every rejected row.</param>
    /// <param name="sourceName">A name for error messages (a file name), if any.</param>
    /// <exception cref="TransactionLogException">A bad row under <see cref="BadRowPolicy.FailFast"/>.</exception>
    /// <exception cref="FormatException">The header is missing or lacks a required column.</exception>
    public static IEnumerable<Transaction> Read(TextReader reader, TransactionCsvOptions options, IngestReportBuilder report, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        return ReadCore(reader, options, report, sourceName);
    }

    private static IEnumerable<Transaction> ReadCore(TextReader reader, TransactionCsvOptions options, IngestReportBuilder report, string? sourceName)
    {
        var layout = CsvLayout.FromHeader(reader, options, sourceName);
        var fields = layout.NewFieldBuffer();
        long lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (layout.TryParse(line, lineNumber, fields, out var id, out var timestamp, out double amount, out var rejected))
            {
                report.Accept();
                yield return new Transaction(id.ToString(), timestamp, amount);
            }
            else
            {
                report.Reject(rejected!);
            }
        }
    }

    /// <summary>
    /// Reads a CSV file (<c>.csv</c> or <c>.csv.gz</c>) straight into customer summaries, parsing blocks of lines on
    /// several threads into their own accumulators and merging them (the result equals the streaming path exactly).
    /// Rows dated after <see cref="SummaryOptions.ObservationEnd"/> are rejected. Memory grows with customers, not rows.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Columns and acceptance rules (its <see cref="TransactionCsvOptions.ObservationEnd"/> is replaced by the summary's).</param>
    /// <param name="summary">The window and time unit.</param>
    /// <param name="report">Receives accepted and rejected rows in line order; under fail-fast it throws for the first bad line.</param>
    /// <param name="degreeOfParallelism">Parsing threads (1 or more).</param>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    /// <exception cref="FormatException">The header lacks a required column.</exception>
    public static CustomerSummaries SummarizeFile(string path, TransactionCsvOptions options, SummaryOptions summary, IngestReportBuilder report, int degreeOfParallelism)
    {
        using var reader = OpenText(path);
        return Summarize(reader, options, summary, report, degreeOfParallelism, path);
    }

    /// <summary>
    /// As <see cref="SummarizeFile(string, TransactionCsvOptions, SummaryOptions, IngestReportBuilder, int)"/>, reporting
    /// progress and honouring cancellation: for inputs too large to wait for silently.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Columns and acceptance rules.</param>
    /// <param name="summary">The window and time unit.</param>
    /// <param name="report">Receives accepted and rejected rows.</param>
    /// <param name="degreeOfParallelism">Parsing threads (1 or more).</param>
    /// <param name="progress">Receives the bytes of the file read so far (compressed bytes for <c>.gz</c>; compare with the file's length), about once per mebibyte of text; null for none.</param>
    /// <param name="cancellationToken">Stops reading; the call then throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    /// <exception cref="FormatException">The header lacks a required column.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static CustomerSummaries SummarizeFile(
        string path, TransactionCsvOptions options, SummaryOptions summary, IngestReportBuilder report, int degreeOfParallelism, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfLessThan(degreeOfParallelism, 1);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Transaction file '{path}' was not found.", path);
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var layout = CsvLayout.FromHeader(reader, options with { ObservationEnd = summary.ObservationEnd }, path);
        Action? onBlock = progress is null ? null : () => progress.Report(file.Position);
        var result = ParallelCsvSummarizer.Run(reader, layout, summary, report, degreeOfParallelism, onBlock, cancellationToken);
        progress?.Report(file.Length);
        return result;
    }

    /// <summary>As <see cref="SummarizeFile(string, TransactionCsvOptions, SummaryOptions, IngestReportBuilder, int)"/>, from CSV text.</summary>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    /// <exception cref="FormatException">The header lacks a required column.</exception>
    public static CustomerSummaries Summarize(TextReader reader, TransactionCsvOptions options, SummaryOptions summary, IngestReportBuilder report, int degreeOfParallelism, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfLessThan(degreeOfParallelism, 1);
        var layout = CsvLayout.FromHeader(reader, options with { ObservationEnd = summary.ObservationEnd }, sourceName);
        return ParallelCsvSummarizer.Run(reader, layout, summary, report, degreeOfParallelism);
    }
}

/// <summary>The column positions found in a header, and the parsing of one row.</summary>
internal sealed class CsvLayout
{
    private CsvLayout(TransactionCsvOptions options, int idCol, int dateCol, int amountCol, int headerFields, ItemColumns items)
    {
        Options = options;
        IdCol = idCol;
        DateCol = dateCol;
        AmountCol = amountCol;
        HeaderFields = headerFields;
        Items = items;
        Needed = Math.Max(Math.Max(idCol, Math.Max(dateCol, amountCol)), Math.Max(items.Quantity, items.UnitPrice)) + 1;
    }

    public TransactionCsvOptions Options { get; }

    public int IdCol { get; }

    public int DateCol { get; }

    public int AmountCol { get; }

    public int HeaderFields { get; }

    public int Needed { get; }

    /// <summary>Where the optional item-level columns are (−1 when not read).</summary>
    public ItemColumns Items { get; }

    public static CsvLayout FromHeader(TextReader reader, TransactionCsvOptions options, string? sourceName)
    {
        var where = sourceName is null ? "the transaction log" : $"'{sourceName}'";
        var header = reader.ReadLine() ?? throw new FormatException($"{where} is empty: expected a header row naming the columns {options.CustomerIdColumn}, {options.DateColumn}{(options.AmountColumn is null ? string.Empty : ", " + options.AmountColumn)}.");
        var names = CsvLine.Split(header.AsSpan(), options.Delimiter).ConvertAll(n => n.Trim());
        int idCol = Find(names, options.CustomerIdColumn, where);
        int dateCol = Find(names, options.DateColumn, where);
        var items = ItemColumns.Find(names, options, where);
        bool fromUnits = items.Quantity >= 0 && items.UnitPrice >= 0;
        int amountCol = options.AmountColumn is null || fromUnits ? -1 : Find(names, options.AmountColumn, where);
        return new CsvLayout(options, idCol, dateCol, amountCol, names.Count, items);
    }

    public Range[] NewFieldBuffer() => new Range[Math.Max(HeaderFields, Needed) + 1];

    public bool TryParse(
        ReadOnlySpan<char> span, long lineNumber, Range[] fields,
        out ReadOnlySpan<char> id, out DateTime timestamp, out double amount, out RejectedRow? rejected) =>
        TryParse(span, lineNumber, fields, out id, out timestamp, out amount, out rejected, out _);

    private bool TryParse(
        ReadOnlySpan<char> span, long lineNumber, Range[] fields,
        out ReadOnlySpan<char> id, out DateTime timestamp, out double amount, out RejectedRow? rejected, out int count)
    {
        var options = Options;
        id = default;
        timestamp = default;
        amount = 0;
        count = CsvLine.SplitRanges(span, options.Delimiter, fields, out bool quotesOk);
        if (!quotesOk)
        {
            rejected = new RejectedRow(lineNumber, options.CustomerIdColumn, RejectReason.MalformedQuotes, "a quoted field is not closed on this line");
            return false;
        }

        if (count < Needed)
        {
            string missing = count <= IdCol ? options.CustomerIdColumn : count <= DateCol ? options.DateColumn : count <= AmountCol ? options.AmountColumn! : Items.NameOfFirstAtOrAfter(count);
            rejected = new RejectedRow(lineNumber, missing, RejectReason.MissingField, $"the row has {count} fields; the column '{missing}' is missing");
            return false;
        }

        if (count > HeaderFields)
        {
            rejected = new RejectedRow(lineNumber, "(row)", RejectReason.ExtraFields, $"the row has more fields than the header's {HeaderFields} (a decimal comma, or an unquoted delimiter inside a field?)");
            return false;
        }

        id = CsvLine.Unquote(span[fields[IdCol]]);
        if (id.IsEmpty || (options.MissingValue is { } missingValue && id.SequenceEqual(missingValue)))
        {
            rejected = new RejectedRow(lineNumber, options.CustomerIdColumn, RejectReason.MissingField, "the customer id is empty");
            return false;
        }

        if (options.Aliases is { } aliases)
        {
            id = aliases.Resolve(id);
        }

        var dateText = CsvLine.Unquote(span[fields[DateCol]]);
        if (dateText.IsEmpty)
        {
            rejected = new RejectedRow(lineNumber, options.DateColumn, RejectReason.MissingField, "the date is empty");
            return false;
        }

        if (!DateParsing.TryParse(dateText, out timestamp))
        {
            rejected = new RejectedRow(lineNumber, options.DateColumn, RejectReason.UnparsableDate, $"'{dateText}' is not a date; expected YYYY-MM-DD or an ISO date-time");
            return false;
        }

        if (AmountCol >= 0)
        {
            var amountText = CsvLine.Unquote(span[fields[AmountCol]]);
            if (amountText.IsEmpty)
            {
                rejected = new RejectedRow(lineNumber, options.AmountColumn!, RejectReason.MissingField, "the amount is empty");
                return false;
            }

            if (!double.TryParse(amountText, NumberStyles.Float, CultureInfo.InvariantCulture, out amount))
            {
                rejected = new RejectedRow(lineNumber, options.AmountColumn!, RejectReason.UnparsableAmount, $"'{amountText}' is not a number (invariant culture, '.' as decimal separator)");
                return false;
            }
        }

        if (Items.Quantity >= 0 && Items.UnitPrice >= 0)
        {
            // amount = quantity × unit price: both required, both numbers.
            if (!ItemColumns.TryNumber(span, fields, Items.Quantity, options.QuantityColumn!, true, null, lineNumber, out double? quantity, out rejected)
                || !ItemColumns.TryNumber(span, fields, Items.UnitPrice, options.UnitPriceColumn!, true, null, lineNumber, out double? price, out rejected))
            {
                return false;
            }

            amount = quantity!.Value * price!.Value;
        }

        rejected = TransactionRules.Check(lineNumber, timestamp, amount, options.AllowReturns, options.ObservationEnd, options.DateColumn, AmountCol >= 0 ? options.AmountColumn! : options.QuantityColumn + " x " + options.UnitPriceColumn);
        return rejected is null;
    }

    /// <summary>Parses one row with its item-level fields; the row is accepted or rejected exactly as by the summary path's parsing, plus the checks of the item-level fields.</summary>
    public bool TryParseItem(ReadOnlySpan<char> span, long lineNumber, Range[] fields, StringPool pool, out ItemTransaction line, out RejectedRow? rejected)
    {
        line = default;
        if (!TryParse(span, lineNumber, fields, out var id, out var timestamp, out double amount, out rejected, out int count))
        {
            return false;
        }

        var c = Items;
        if (count <= c.MaxIndex)
        {
            string missing = c.NameOfFirstAtOrAfter(count);
            rejected = new RejectedRow(lineNumber, missing, RejectReason.MissingField, $"the row has {count} fields; the column '{missing}' is missing");
            return false;
        }

        var o = Options;
        string? na = o.MissingValue;
        if (!ItemColumns.TryText(span, fields, c.OrderId, o.OrderIdColumn, c.Required(ItemFields.OrderId), na, lineNumber, pool.Order, out string? order, out rejected)
            || !ItemColumns.TryText(span, fields, c.Item, o.ItemColumn, c.Required(ItemFields.Item), na, lineNumber, pool.Items, out string? item, out rejected)
            || !ItemColumns.TryText(span, fields, c.Category, o.CategoryColumn, c.Required(ItemFields.Category), na, lineNumber, pool.Items, out string? category, out rejected)
            || !ItemColumns.TryNumber(span, fields, c.Quantity, o.QuantityColumn, true, na, lineNumber, out double? quantity, out rejected)
            || !ItemColumns.TryNumber(span, fields, c.UnitPrice, o.UnitPriceColumn, true, na, lineNumber, out double? price, out rejected)
            || !ItemColumns.TryNumber(span, fields, c.Profit, o.ProfitColumn, c.Required(ItemFields.Profit), na, lineNumber, out double? profit, out rejected)
            || !ItemColumns.TryNumber(span, fields, c.Cost, o.CostColumn, true, na, lineNumber, out double? cost, out rejected)
            || !ItemColumns.TryNumber(span, fields, c.Discount, o.DiscountColumn, c.Required(ItemFields.Discount), na, lineNumber, out double? discount, out rejected))
        {
            return false;
        }

        if (c.Cost >= 0)
        {
            profit = amount - cost!.Value;
        }

        line = new ItemTransaction(pool.Customer.Get(id), timestamp, amount, order, item, category, quantity, price, profit, discount);
        return true;
    }

    private static int Find(List<string> names, string column, string where)
    {
        int i = names.FindIndex(n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
        if (i < 0)
        {
            throw new FormatException($"{where}: the header has no column '{column}' (columns: {string.Join(", ", names)}). Name the column in the options, e.g. --customer-column.");
        }

        return i;
    }
}

/// <summary>The acceptance rules shared by the CSV reader and in-memory logs.</summary>
internal static class TransactionRules
{
    public static RejectedRow? Check(long position, DateTime timestamp, double amount, bool allowReturns, DateOnly? observationEnd, string dateField, string amountField)
    {
        if (!double.IsFinite(amount))
        {
            return new RejectedRow(position, amountField, RejectReason.NonFiniteAmount, $"the amount {amount.ToString(CultureInfo.InvariantCulture)} is not finite");
        }

        if (amount < 0 && !allowReturns)
        {
            return new RejectedRow(position, amountField, RejectReason.NegativeAmount, $"the amount {amount.ToString(CultureInfo.InvariantCulture)} is negative and returns are not allowed");
        }

        if (observationEnd is { } end && DateOnly.FromDateTime(timestamp) > end)
        {
            return new RejectedRow(position, dateField, RejectReason.AfterObservationEnd, $"the date {timestamp.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is after the end of observation {end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        }

        return null;
    }
}
