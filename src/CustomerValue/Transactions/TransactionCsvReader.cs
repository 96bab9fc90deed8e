using System.Text;
using System.Text.Unicode;

namespace CustomerValue.Transactions;

/// <summary>
/// Streams a transaction log from CSV. Memory does not grow with the number of rows: each row is parsed,
/// checked and handed on, one at a time.
/// </summary>
/// <remarks>
/// Every data row is either yielded as a <see cref="Transaction"/> (and counted as accepted), counted as after the end
/// of observation (a cut-off), or rejected with its line number, field and reason (see <see cref="RejectReason"/>), so
/// that <c>accepted + rejected + after the end = rows read</c>. The file format is described on
/// <see cref="TransactionCsvOptions"/>: RFC 4180 quoting (line breaks inside quotes too), LF, CRLF or CR line ends,
/// strict UTF-8. Empty lines are skipped and not counted as rows. Every command and the summarising readers
/// (<c>CustomerValue.Summaries.TransactionSummarizer</c>) share this one reader. Static methods; thread-safe.
/// </remarks>
public static partial class TransactionCsvReader
{
    /// <summary>Opens a file as text, decompressing it when the name ends in <c>.gz</c> (a truncated archive is an error when read to its end).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static TextReader OpenText(string path)
    {
        var stream = LogStreams.Open(path, null, out _);
        return new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    /// <summary>Reads a CSV file (<c>.csv</c> or <c>.csv.gz</c>) row by row.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Columns and acceptance rules.</param>
    /// <param name="report">Receives the count of accepted rows and every rejected row; under fail-fast it throws at the first bad row.</param>
    /// <exception cref="TransactionLogException">A bad row under <see cref="BadRowPolicy.FailFast"/>.</exception>
    /// <exception cref="FormatException">The header lacks a required column or names one twice.</exception>
    /// <exception cref="InvalidDataException">A <c>.gz</c> file is truncated or corrupt.</exception>
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
        options.Validate();
        return ReadFileCore(path, options, report);
    }

    /// <summary>Reads CSV text row by row.</summary>
    /// <param name="reader">The text; its first line is the header.</param>
    /// <param name="options">Columns and acceptance rules.</param>
    /// <param name="report">Receives the count of accepted rows and every rejected row.</param>
    /// <param name="sourceName">A name for error messages (a file name), if any.</param>
    /// <exception cref="TransactionLogException">A bad row under <see cref="BadRowPolicy.FailFast"/>.</exception>
    /// <exception cref="FormatException">The header is missing, lacks a required column or names one twice.</exception>
    public static IEnumerable<Transaction> Read(TextReader reader, TransactionCsvOptions options, IngestReportBuilder report, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        options.Validate();
        return ReadCore(LogStreams.FromReader(reader, sourceName), options, report, sourceName);
    }

    /// <summary>Reads CSV from a stream of bytes (UTF-8, or <see cref="TransactionCsvOptions.Encoding"/>) row by row; the stream is disposed at the end.</summary>
    /// <param name="stream">The bytes; the first line is the header.</param>
    /// <param name="options">Columns and acceptance rules.</param>
    /// <param name="report">Receives the count of accepted rows and every rejected row.</param>
    /// <param name="sourceName">A name for error messages (a file name), if any.</param>
    /// <exception cref="TransactionLogException">A bad row under <see cref="BadRowPolicy.FailFast"/>.</exception>
    /// <exception cref="FormatException">The header is missing, lacks a required column or names one twice.</exception>
    public static IEnumerable<Transaction> Read(Stream stream, TransactionCsvOptions options, IngestReportBuilder report, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        options.Validate();
        Stream bytes = options.Encoding is { } e && e.CodePage != Encoding.UTF8.CodePage
            ? Encoding.CreateTranscodingStream(stream, e, new UTF8Encoding(false), leaveOpen: false)
            : stream;
        return ReadCore(bytes, options, report, sourceName);
    }

    private static IEnumerable<Transaction> ReadFileCore(string path, TransactionCsvOptions options, IngestReportBuilder report)
    {
        var stream = LogStreams.Open(path, options.Encoding, out _);
        foreach (var t in ReadCore(stream, options, report, path))
        {
            yield return t;
        }
    }

    private static IEnumerable<Transaction> ReadCore(Stream stream, TransactionCsvOptions options, IngestReportBuilder report, string? sourceName)
    {
        using var owned = stream;
        using var blocks = new CsvBlockReader(stream, options.MaxRecordBytes, (byte)options.Delimiter, 1 << 20);
        var layout = OpenLayout(blocks, options, sourceName, out int headerLines);
        if (layout is null)
        {
            yield break;
        }

        var parser = new TransactionRowParser(layout);
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
                        case RowOutcome.Accepted:
                            report.Accept();
                            var transaction = new Transaction(parser.IdString(), DateOnly.FromDayNumber(parser.Day).ToDateTime(TimeOnly.FromTimeSpan(TimeSpan.FromTicks(parser.TimeOfDayTicks))), parser.Amount);
                            yield return transaction;
                            break;
                        case RowOutcome.AfterEnd:
                            report.AfterObservationEnd();
                            break;
                        default:
                            report.Reject(parser.Rejection! with { LineNumber = recordLine });
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

    /// <summary>Reads the header and finds the columns; null for an empty log.</summary>
    internal static TransactionLayout? OpenLayout(CsvBlockReader blocks, TransactionCsvOptions options, string? sourceName, out int headerLines)
    {
        string where = sourceName is null ? "the transaction log" : $"'{sourceName}'";
        var header = blocks.ReadHeader(where, out headerLines);
        if (header is null)
        {
            throw new FormatException($"{where} is empty: expected a header row naming the columns {options.CustomerIdColumn}, {options.DateColumn}{(options.AmountColumn is null ? string.Empty : ", " + options.AmountColumn)}.");
        }

        return TransactionLayout.FromHeader(header, options, sourceName);
    }

    /// <summary>The rejection of a record the block reader skipped itself.</summary>
    internal static RejectedRow SpecialRejection(RejectReason reason, long line, TransactionCsvOptions options) =>
        reason == RejectReason.MalformedQuotes
            ? new RejectedRow(line, "(row)", RejectReason.MalformedQuotes, "a quoted field opened on this line is never closed (the line was skipped; reading goes on at the next line)")
            : new RejectedRow(line, "(row)", RejectReason.RecordTooLong, $"the record is longer than {options.MaxRecordBytes} bytes (the line was skipped)");
}
