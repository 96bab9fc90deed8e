namespace CustomerValue.Transactions;

/// <content>Item-level reading: the same rows accepted and rejected as by <see cref="Read"/>, with their optional columns.</content>
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
        using var reader = OpenText(path);
        foreach (var t in ReadItems(reader, options, report, path))
        {
            yield return t;
        }
    }

    /// <summary>
    /// Reads CSV text as item-level lines. A row is accepted or rejected exactly as by <see cref="Read"/> (same line
    /// numbers, fields and reasons), and in addition when an item-level number does not parse or is not finite, or a
    /// required item-level field (<see cref="TransactionCsvOptions.RequiredItemFields"/>) is empty.
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
        var layout = CsvLayout.FromHeader(reader, options, sourceName);
        return ReadItemsCore(reader, layout, report);
    }

    /// <summary>Which item-level fields a CSV header provides under <paramref name="options"/> (reads only the header line).</summary>
    /// <param name="reader">The text, positioned at the header.</param>
    /// <param name="options">The column names.</param>
    /// <param name="sourceName">A name for error messages (a file name), if any.</param>
    /// <exception cref="FormatException">The header is missing or lacks a required column.</exception>
    public static ItemFields ItemFieldsOf(TextReader reader, TransactionCsvOptions options, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        return CsvLayout.FromHeader(reader, options, sourceName).Items.Present;
    }

    private static IEnumerable<ItemTransaction> ReadItemsCore(TextReader reader, CsvLayout layout, IngestReportBuilder report)
    {
        var fields = layout.NewFieldBuffer();
        var pool = new StringPool();
        long lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (layout.TryParseItem(line, lineNumber, fields, pool, out var item, out var rejected))
            {
                report.Accept();
                yield return item;
            }
            else
            {
                report.Reject(rejected!);
            }
        }
    }
}
