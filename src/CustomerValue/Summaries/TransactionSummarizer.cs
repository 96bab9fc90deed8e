using System.Text;
using CustomerValue.Transactions;

namespace CustomerValue.Summaries;

/// <summary>
/// Reads a CSV transaction log straight into customer summaries on every core: the fast path from a log to the models.
/// </summary>
/// <remarks>
/// <para>One thread cuts the bytes into blocks of whole records; the others parse them (UTF-8 bytes, no string per row
/// for whole-number ids) into accumulators that each own a hash partition of the customers. The result equals, exactly,
/// the row-by-row path (<see cref="TransactionCsvReader"/> into a <see cref="SummaryAccumulator"/>), and the ingest report
/// gets the same counts and the same rejections in line order. Rows after <see cref="SummaryOptions.ObservationEnd"/>
/// are counted in <see cref="IngestReport.AfterObservationEnd"/>, not rejected. Memory grows with customers and their
/// purchase days, never with rows.</para>
/// <para>Static; thread-safe.</para>
/// </remarks>
public static class TransactionSummarizer
{
    /// <summary>Summarises a CSV file (<c>.csv</c> or <c>.csv.gz</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Columns and acceptance rules (its <see cref="TransactionCsvOptions.ObservationEnd"/> is replaced by the summary's).</param>
    /// <param name="summary">The window and time unit.</param>
    /// <param name="report">Receives accepted, rejected and cut-off rows in line order; under fail-fast it throws for the first bad line.</param>
    /// <param name="degreeOfParallelism">Parsing threads (1 or more).</param>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    /// <exception cref="FormatException">The header lacks a required column or names one twice.</exception>
    /// <exception cref="InvalidDataException">A <c>.gz</c> file is truncated or corrupt.</exception>
    public static CustomerSummaries SummarizeFile(string path, TransactionCsvOptions options, SummaryOptions summary, IngestReportBuilder report, int degreeOfParallelism) =>
        SummarizeFile(path, options, summary, report, degreeOfParallelism, null, CancellationToken.None);

    /// <summary>
    /// As <see cref="SummarizeFile(string, TransactionCsvOptions, SummaryOptions, IngestReportBuilder, int)"/>, reporting
    /// progress and honouring cancellation: for inputs too large to wait for silently.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Columns and acceptance rules.</param>
    /// <param name="summary">The window and time unit.</param>
    /// <param name="report">Receives accepted, rejected and cut-off rows.</param>
    /// <param name="degreeOfParallelism">Parsing threads (1 or more).</param>
    /// <param name="progress">Receives the bytes of the file read so far (compressed bytes for <c>.gz</c>; compare with the file's length), about once per block of 4 MiB; null for none.</param>
    /// <param name="cancellationToken">Stops reading; the call then throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    /// <exception cref="FormatException">The header lacks a required column or names one twice.</exception>
    /// <exception cref="InvalidDataException">A <c>.gz</c> file is truncated or corrupt.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static CustomerSummaries SummarizeFile(
        string path, TransactionCsvOptions options, SummaryOptions summary, IngestReportBuilder report, int degreeOfParallelism, IProgress<long>? progress, CancellationToken cancellationToken) =>
        SummaryAccumulator.Combine(IngestFile(path, options, summary, report, degreeOfParallelism, progress, cancellationToken), release: true);

    /// <summary>
    /// The first half of <see cref="SummarizeFile(string, TransactionCsvOptions, SummaryOptions, IngestReportBuilder, int, IProgress{long}?, CancellationToken)"/>:
    /// the log read into accumulators holding disjoint customers (the report filled), for
    /// <see cref="SummaryAccumulator.Combine"/> or, to write a large summary without holding it whole,
    /// <see cref="SummaryAccumulator.CombineChunks"/>.
    /// </summary>
    internal static SummaryAccumulator[] IngestFile(
        string path, TransactionCsvOptions options, SummaryOptions summary, IngestReportBuilder report, int degreeOfParallelism, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfLessThan(degreeOfParallelism, 1);
        using var stream = LogStreams.Open(path, options.Encoding, out var file);
        Action? onBlock = progress is null ? null : () => progress.Report(file.Position);
        var result = ParallelCsvSummarizer.Ingest(stream, options, summary, report, degreeOfParallelism, path, onBlock, cancellationToken);
        progress?.Report(file.Length);
        return result;
    }

    /// <summary>As <see cref="SummarizeFile(string, TransactionCsvOptions, SummaryOptions, IngestReportBuilder, int)"/>, from CSV text.</summary>
    /// <param name="reader">The text; its first line is the header.</param>
    /// <param name="options">Columns and acceptance rules.</param>
    /// <param name="summary">The window and time unit.</param>
    /// <param name="report">Receives accepted, rejected and cut-off rows.</param>
    /// <param name="degreeOfParallelism">Parsing threads (1 or more).</param>
    /// <param name="sourceName">A name for messages (a file name), if any.</param>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    /// <exception cref="FormatException">The header lacks a required column or names one twice.</exception>
    public static CustomerSummaries Summarize(TextReader reader, TransactionCsvOptions options, SummaryOptions summary, IngestReportBuilder report, int degreeOfParallelism, string? sourceName = null) =>
        SummaryAccumulator.Combine(Ingest(reader, options, summary, report, degreeOfParallelism, sourceName), release: true);

    /// <summary>The first half of <see cref="Summarize(TextReader, TransactionCsvOptions, SummaryOptions, IngestReportBuilder, int, string?)"/>; see <see cref="IngestFile"/>.</summary>
    internal static SummaryAccumulator[] Ingest(TextReader reader, TransactionCsvOptions options, SummaryOptions summary, IngestReportBuilder report, int degreeOfParallelism, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfLessThan(degreeOfParallelism, 1);
        using var stream = LogStreams.FromReader(reader, sourceName);
        return ParallelCsvSummarizer.Ingest(stream, options with { Encoding = null }, summary, report, degreeOfParallelism, sourceName, null, CancellationToken.None);
    }

    /// <summary>As <see cref="SummarizeFile(string, TransactionCsvOptions, SummaryOptions, IngestReportBuilder, int)"/>, from a stream of bytes (UTF-8, or <see cref="TransactionCsvOptions.Encoding"/>); the stream is left open.</summary>
    /// <param name="stream">The bytes; the first line is the header.</param>
    /// <param name="options">Columns and acceptance rules.</param>
    /// <param name="summary">The window and time unit.</param>
    /// <param name="report">Receives accepted, rejected and cut-off rows.</param>
    /// <param name="degreeOfParallelism">Parsing threads (1 or more).</param>
    /// <param name="sourceName">A name for messages (a file name), if any.</param>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    /// <exception cref="FormatException">The header lacks a required column or names one twice.</exception>
    public static CustomerSummaries Summarize(Stream stream, TransactionCsvOptions options, SummaryOptions summary, IngestReportBuilder report, int degreeOfParallelism, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfLessThan(degreeOfParallelism, 1);
        var bytes = options.Encoding is { } e && e.CodePage != Encoding.UTF8.CodePage
            ? Encoding.CreateTranscodingStream(stream, e, new UTF8Encoding(false), leaveOpen: true)
            : stream;
        return ParallelCsvSummarizer.Run(bytes, options, summary, report, degreeOfParallelism, sourceName, null, CancellationToken.None);
    }
}
