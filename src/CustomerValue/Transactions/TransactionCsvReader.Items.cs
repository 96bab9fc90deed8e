using System.Text.Unicode;

namespace CustomerValue.Transactions;

/// <content>Item-level reading: the same rows accepted and rejected as by <see cref="Read(TextReader, TransactionCsvOptions, IngestReportBuilder, string?)"/>, with their optional columns.</content>
public static partial class TransactionCsvReader
{
    /// <summary>Reads a CSV file (<c>.csv</c> or <c>.csv.gz</c>) as item-level lines, one at a time.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Columns (the item-level ones included) and acceptance rules.</param>
    /// <param name="report">Receives the count of accepted rows and every rejected row; under fail-fast it throws at the first bad row.</param>
    /// <returns>The lines; an optional field is null when the header has no such column or the field is empty.</returns>
    /// <exception cref="TransactionLogException">A bad row under <see cref="BadRowPolicy.FailFast"/>.</exception>
    /// <exception cref="FormatException">The header lacks a required column.</exception>
    public static IEnumerable<ItemTransaction> ReadItemsFile(string path, TransactionCsvOptions options, IngestReportBuilder report)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        options.Validate();
        return ReadItemsFileCore(path, options, report);
    }

    /// <summary>
    /// Reads CSV text as item-level lines. A row is accepted, cut off or rejected exactly as by
    /// <see cref="Read(TextReader, TransactionCsvOptions, IngestReportBuilder, string?)"/> (same line numbers, fields and
    /// reasons: the one byte-level reader), and in addition rejected when an item-level number does not parse or is not
    /// finite, or a required item-level field (<see cref="TransactionCsvOptions.RequiredItemFields"/>) is empty.
    /// </summary>
    /// <param name="reader">The text; its first line is the header.</param>
    /// <param name="options">Columns and acceptance rules.</param>
    /// <param name="report">Receives the count of accepted rows and every rejected row.</param>
    /// <param name="sourceName">A name for error messages (a file name), if any.</param>
    /// <returns>The lines, streamed: memory does not grow with the rows (repeated item and category names share one string).</returns>
    /// <exception cref="TransactionLogException">A bad row under <see cref="BadRowPolicy.FailFast"/>.</exception>
    /// <exception cref="FormatException">The header is missing or lacks a required column.</exception>
    public static IEnumerable<ItemTransaction> ReadItems(TextReader reader, TransactionCsvOptions options, IngestReportBuilder report, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        options.Validate();
        return ReadItemsCore(LogStreams.FromReader(reader, sourceName), options, report, sourceName);
    }

    /// <summary>Which item-level fields a CSV header provides under <paramref name="options"/> (reads the header).</summary>
    /// <param name="reader">The text, positioned at the header.</param>
    /// <param name="options">The column names.</param>
    /// <param name="sourceName">A name for error messages (a file name), if any.</param>
    /// <exception cref="FormatException">The header is missing or lacks a required column.</exception>
    public static ItemFields ItemFieldsOf(TextReader reader, TransactionCsvOptions options, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        var header = reader.ReadLine() ?? string.Empty;
        using var stream = LogStreams.FromReader(new StringReader(header + "\n"), sourceName);
        using var blocks = new CsvBlockReader(stream, options.MaxRecordBytes, (byte)options.Delimiter, 1 << 16);
        var layout = OpenLayout(blocks, options, sourceName, out _)!;
        return ItemColumns.Find([.. layout.Names], options, layout.Where).Present;
    }

    private static IEnumerable<ItemTransaction> ReadItemsFileCore(string path, TransactionCsvOptions options, IngestReportBuilder report)
    {
        var stream = LogStreams.Open(path, options.Encoding, out _);
        foreach (var t in ReadItemsCore(stream, options, report, path))
        {
            yield return t;
        }
    }

    private static IEnumerable<ItemTransaction> ReadItemsCore(Stream stream, TransactionCsvOptions options, IngestReportBuilder report, string? sourceName)
    {
        using var owned = stream;
        using var blocks = new CsvBlockReader(stream, options.MaxRecordBytes, (byte)options.Delimiter, 1 << 20);
        var layout = OpenLayout(blocks, options, sourceName, out int headerLines)!;
        var items = ItemColumns.Find([.. layout.Names], options, layout.Where);
        var parser = new TransactionRowParser(layout);
        var pool = new StringPool();
        var ranges = new Range[layout.HeaderFields + 1];
        char[] chars = new char[256];
        long line = 1 + headerLines;
        while (blocks.Next(out var block))
        {
            try
            {
                if (block.Special is { } reason)
                {
                    report.Reject(SpecialRejection(reason, line, options));
                    line += block.SpecialLines;
                    continue;
                }

                bool checkUtf8 = !Utf8.IsValid(block.Span);
                int position = 0;
                while (position < block.Length)
                {
                    var data = block.Span;
                    int end = Utf8Csv.RecordEnd(data, position, layout.Delimiter, true, out int contentEnd, out int lines, out _);
                    var record = data[position..contentEnd];
                    long recordLine = line;
                    position = end;
                    line += lines;
                    if (record.IsEmpty)
                    {
                        continue;
                    }

                    switch (parser.Parse(record, checkUtf8))
                    {
                        case RowOutcome.AfterEnd:
                            report.AfterObservationEnd();
                            break;
                        case RowOutcome.Rejected:
                            report.Reject(parser.Rejection! with { LineNumber = recordLine });
                            break;
                        default:
                            parser.DecodeFields(record, ref chars, ranges);
                            if (TryItem(parser, items, chars, ranges, pool, recordLine, out var item, out var rejected))
                            {
                                report.Accept();
                                yield return item;
                            }
                            else
                            {
                                report.Reject(rejected!);
                            }

                            break;
                    }
                }
            }
            finally
            {
                CsvBlockReader.Return(block);
            }
        }
    }

    private static bool TryItem(TransactionRowParser parser, ItemColumns c, char[] chars, Range[] fields, StringPool pool, long lineNumber, out ItemTransaction line, out RejectedRow? rejected)
    {
        line = default;
        var o = parser.Layout.Options;
        string? na = o.MissingValue;
        var span = chars.AsSpan();
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

        double amount = parser.Amount;
        if (c.Cost >= 0)
        {
            profit = amount - cost!.Value;
        }

        var timestamp = DateOnly.FromDayNumber(parser.Day).ToDateTime(TimeOnly.FromTimeSpan(TimeSpan.FromTicks(parser.TimeOfDayTicks)));
        line = new ItemTransaction(pool.Customer.Get(parser.IdString()), timestamp, amount, order, item, category, quantity, price, profit, discount);
        return true;
    }
}
