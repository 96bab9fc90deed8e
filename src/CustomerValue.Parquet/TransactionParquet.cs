using System.Globalization;
using CustomerValue.Summaries;
using CustomerValue.Transactions;
using Parquet;

namespace CustomerValue.Parquet;

/// <summary>
/// Summarises transaction logs stored as Apache Parquet, one row group at a time: memory grows with customers (and
/// their distinct purchase days) and with one row group, never with the whole file.
/// </summary>
/// <remarks>
/// <para>Columns are found by name (ordinal first, then ignoring case), as named by <see cref="TransactionCsvOptions"/>
/// (defaults <c>customer_id</c>, <c>date</c>, <c>amount</c>). The id may be text or whole numbers; the date a Parquet
/// date, a timestamp or ISO text; the amount any numeric type. Rows are checked as the CSV reader checks them (missing
/// id or date, non-finite or negative amount unless returns are allowed, date after the end of observation) and
/// reported with their 1-based row number in the file.</para>
/// <para>A partitioned data set (one file per partition, as Spark writes it) is summarised by calling
/// <see cref="AddToAsync"/> per file, on one accumulator or one per worker merged with
/// <see cref="SummaryAccumulator.MergeAll(IReadOnlyList{SummaryAccumulator}, IProgress{int}?, CancellationToken)"/>.</para>
/// <para>Static and thread-safe.</para>
/// </remarks>
public static class TransactionParquet
{
    /// <summary>Summarises one Parquet file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="summary">The window and time unit.</param>
    /// <param name="columns">Column names and acceptance rules; null for the defaults.</param>
    /// <param name="report">Receives accepted and rejected rows; null for fail-fast without a report.</param>
    /// <param name="progress">Receives the rows read so far after each row group; null for none.</param>
    /// <param name="cancellationToken">Stops between row groups.</param>
    /// <exception cref="FormatException">A column is missing or has an unusable type.</exception>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    public static async Task<CustomerSummaries> SummarizeAsync(
        string path, SummaryOptions summary, TransactionCsvOptions? columns = null, IngestReportBuilder? report = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var accumulator = new SummaryAccumulator(summary);
        await AddToAsync(path, accumulator, columns, report, progress, cancellationToken).ConfigureAwait(false);
        return accumulator.ToSummaries();
    }

    /// <summary>Adds every valid row of one Parquet file to <paramref name="accumulator"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="accumulator">Receives the purchases.</param>
    /// <param name="columns">Column names and acceptance rules; null for the defaults.</param>
    /// <param name="report">Receives accepted and rejected rows; null for fail-fast without a report.</param>
    /// <param name="progress">Receives the rows read so far after each row group; null for none.</param>
    /// <param name="cancellationToken">Stops between row groups.</param>
    /// <exception cref="FormatException">A column is missing or has an unusable type.</exception>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    public static async Task AddToAsync(
        string path, SummaryAccumulator accumulator, TransactionCsvOptions? columns = null, IngestReportBuilder? report = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(accumulator);
        columns ??= new TransactionCsvOptions();
        report ??= new IngestReportBuilder(BadRowPolicy.FailFast, 1000, Path.GetFileName(path));
        string source = Path.GetFileName(path);
        int observationEnd = accumulator.Options.ObservationEnd.DayNumber;
        var reader = await ParquetReader.CreateAsync(path, null, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var idField = ParquetColumns.Find(reader, columns.CustomerIdColumn, source);
            var dateField = ParquetColumns.Find(reader, columns.DateColumn, source);
            var amountField = ParquetColumns.Find(reader, columns.AmountColumn ?? "amount", source);
            long row = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var group = reader.OpenRowGroupReader(g);
                int rows = checked((int)group.RowCount);
                var ids = await ParquetColumns.ReadStringsAsync(group, idField, rows, source, cancellationToken).ConfigureAwait(false);
                var days = await ParquetColumns.ReadDayNumbersAsync(group, dateField, rows, source, cancellationToken).ConfigureAwait(false);
                var amounts = await ParquetColumns.ReadDoublesAsync(group, amountField, rows, source, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < rows; i++)
                {
                    row++;
                    var rejected = Check(row, ids[i], days[i], amounts[i], columns, idField.Name, dateField.Name, amountField.Name, observationEnd);
                    if (rejected is null)
                    {
                        accumulator.Add(columns.Aliases is { } aliases ? aliases.Resolve(ids[i]!) : ids[i]!, DateOnly.FromDayNumber(days[i]), amounts[i]);
                        report.Accept();
                    }
                    else
                    {
                        report.Reject(rejected);
                    }
                }

                progress?.Report(row);
            }
        }
    }

    /// <summary>
    /// Streams the valid rows of one Parquet file as transactions (one row group in memory at a time), for consumers
    /// that need more than summaries (churn windows, the whole pipeline). Rows after
    /// <see cref="TransactionCsvOptions.ObservationEnd"/> (when set) are rejected as by the CSV reader.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">Column names and acceptance rules; null for the defaults.</param>
    /// <param name="report">Receives accepted and rejected rows; null for fail-fast without a report.</param>
    /// <exception cref="FormatException">A column is missing or has an unusable type.</exception>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    public static IEnumerable<Transaction> Read(string path, TransactionCsvOptions? columns = null, IngestReportBuilder? report = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadCore(path, columns ?? new TransactionCsvOptions(), report ?? new IngestReportBuilder(BadRowPolicy.FailFast, 1000, Path.GetFileName(path)));
    }

    private static IEnumerable<Transaction> ReadCore(string path, TransactionCsvOptions columns, IngestReportBuilder report)
    {
        string source = Path.GetFileName(path);
        int observationEnd = columns.ObservationEnd is { } end ? end.DayNumber : int.MaxValue;
        var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        try
        {
            foreach (var t in ReadGroups(reader, columns, report, source, observationEnd))
            {
                yield return t;
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static IEnumerable<Transaction> ReadGroups(ParquetReader reader, TransactionCsvOptions columns, IngestReportBuilder report, string source, int observationEnd)
    {
        var idField = ParquetColumns.Find(reader, columns.CustomerIdColumn, source);
        var dateField = ParquetColumns.Find(reader, columns.DateColumn, source);
        var amountField = ParquetColumns.Find(reader, columns.AmountColumn ?? "amount", source);
        long row = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            string?[] ids;
            int[] days;
            double[] amounts;
            int rows;
            using (var group = reader.OpenRowGroupReader(g))
            {
                rows = checked((int)group.RowCount);
                ids = ParquetColumns.ReadStringsAsync(group, idField, rows, source, default).GetAwaiter().GetResult();
                days = ParquetColumns.ReadDayNumbersAsync(group, dateField, rows, source, default).GetAwaiter().GetResult();
                amounts = ParquetColumns.ReadDoublesAsync(group, amountField, rows, source, default).GetAwaiter().GetResult();
            }

            for (int i = 0; i < rows; i++)
            {
                row++;
                var rejected = Check(row, ids[i], days[i], amounts[i], columns, idField.Name, dateField.Name, amountField.Name, observationEnd);
                if (rejected is null)
                {
                    report.Accept();
                    yield return new Transaction(ids[i]!, DateOnly.FromDayNumber(days[i]).ToDateTime(TimeOnly.MinValue), amounts[i]);
                }
                else
                {
                    report.Reject(rejected);
                }
            }
        }
    }

    internal static RejectedRow? Check(long row, string? id, int day, double amount, TransactionCsvOptions options, string idName, string dateName, string amountName, int observationEnd)
    {
        if (string.IsNullOrEmpty(id))
        {
            return new RejectedRow(row, idName, RejectReason.MissingField, "the customer id is empty");
        }

        if (day < 0)
        {
            return new RejectedRow(row, dateName, RejectReason.UnparsableDate, "the date is missing or not an ISO date");
        }

        if (double.IsNaN(amount))
        {
            return new RejectedRow(row, amountName, RejectReason.MissingField, "the amount is missing");
        }

        if (!double.IsFinite(amount))
        {
            return new RejectedRow(row, amountName, RejectReason.NonFiniteAmount, string.Create(CultureInfo.InvariantCulture, $"the amount {amount} is not finite"));
        }

        if (amount < 0 && !options.AllowReturns)
        {
            return new RejectedRow(row, amountName, RejectReason.NegativeAmount, string.Create(CultureInfo.InvariantCulture, $"the amount {amount} is negative and returns are not allowed"));
        }

        return day > observationEnd
            ? new RejectedRow(row, dateName, RejectReason.AfterObservationEnd, string.Create(CultureInfo.InvariantCulture, $"the date {DateOnly.FromDayNumber(day):yyyy-MM-dd} is after the end of observation {DateOnly.FromDayNumber(observationEnd):yyyy-MM-dd}"))
            : null;
    }
}
