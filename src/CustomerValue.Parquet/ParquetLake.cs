using System.Globalization;
using System.IO.Enumeration;
using CustomerValue.Summaries;
using CustomerValue.Transactions;
using Parquet;
using Parquet.Schema;

namespace CustomerValue.Parquet;

/// <summary>One file of a Parquet lake and the hive partition values of the folders above it.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Partition">The <c>key=value</c> folder names between the lake's root and the file, in order (values unescaped; Hive's <c>__HIVE_DEFAULT_PARTITION__</c> is null).</param>
public sealed record ParquetLakeFile(string Path, IReadOnlyList<KeyValuePair<string, string?>> Partition);

/// <summary>
/// Transaction logs held as a Parquet lake: one file, a folder of files (searched recursively, as engines write
/// partitioned data sets) or a glob, with hive partitions (<c>year=2024/month=05/</c>) read as columns. Files are read
/// one after another and one row group at a time, so memory holds one row group, never the lake.
/// </summary>
/// <remarks>
/// <para><b>Columns.</b> The id, date and amount columns (<see cref="TransactionCsvOptions"/>) are taken from the file
/// when it has them, otherwise from a partition key of the same name (ignoring case) with its value on every row of
/// the file: a lake partitioned by <c>date=2024-05-01/</c> needs no date column in its files. A value from a partition
/// is checked as a cell would be (an unparsable date or amount rejects the rows).</para>
/// <para><b>Rows</b> are checked as <see cref="TransactionParquet"/> checks them and numbered across the lake in file
/// order (1-based), the files sorted by ordinal path. Rows after the observation end are counted as such
/// (<see cref="IngestReportBuilder.AfterObservationEnd"/>), a cut-off and not an error, as the CSV reader counts them.</para>
/// <para><b>Which files.</b> A folder means every <c>*.parquet</c> below it; a glob may have <c>*</c> and <c>?</c> in
/// any folder or file name and <c>**</c> for any depth of folders (<c>lake/year=*/**/*.parquet</c>). Files and
/// folders whose name starts with <c>.</c> or <c>_</c> (engines' temporary and marker files such as <c>_SUCCESS</c>)
/// are left out.</para>
/// <para>Static and thread-safe.</para>
/// </remarks>
public static class ParquetLake
{
    /// <summary>True when <paramref name="path"/> names Parquet input: a folder, or a file or glob ending in <c>.parquet</c>.</summary>
    /// <param name="path">A path or glob.</param>
    public static bool IsLake(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Directory.Exists(path) || path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The files of a lake, sorted by ordinal path, with their partition values.</summary>
    /// <param name="path">A Parquet file, a folder or a glob.</param>
    /// <exception cref="FileNotFoundException">Nothing matches.</exception>
    public static IReadOnlyList<ParquetLakeFile> Find(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return [new ParquetLakeFile(full, PartitionOf(System.IO.Path.GetDirectoryName(full) ?? string.Empty, string.Empty))];
        }

        string root;
        string[] pattern;
        if (Directory.Exists(full))
        {
            root = full;
            pattern = ["**", "*.parquet"];
        }
        else
        {
            var segments = full.Split(System.IO.Path.DirectorySeparatorChar);
            int first = Array.FindIndex(segments, s => s.IndexOfAny(['*', '?']) >= 0);
            if (first < 0)
            {
                throw new FileNotFoundException($"'{path}' does not exist.", path);
            }

            root = string.Join(System.IO.Path.DirectorySeparatorChar, segments[..first]);
            root = root.Length == 0 ? System.IO.Path.DirectorySeparatorChar.ToString() : root;
            pattern = segments[first..];
        }

        var files = new List<string>();
        if (Directory.Exists(root))
        {
            Match(root, pattern, 0, files);
        }

        if (files.Count == 0)
        {
            throw new FileNotFoundException($"'{path}' matches no Parquet file.", path);
        }

        return [.. files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(f => new ParquetLakeFile(f, PartitionOf(System.IO.Path.GetDirectoryName(f)!, root)))];
    }

    /// <summary>Streams the valid rows of every file of a lake as transactions (one row group in memory at a time).</summary>
    /// <param name="path">A Parquet file, a folder or a glob.</param>
    /// <param name="columns">Column names and acceptance rules; null for the defaults. Rows after <see cref="TransactionCsvOptions.ObservationEnd"/> (when set) are rejected as by the CSV reader.</param>
    /// <param name="report">Receives accepted and rejected rows; null for fail-fast without a report.</param>
    /// <exception cref="FileNotFoundException">Nothing matches.</exception>
    /// <exception cref="FormatException">A column is in neither a file nor its partitions, or has an unusable type.</exception>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    public static IEnumerable<Transaction> Read(string path, TransactionCsvOptions? columns = null, IngestReportBuilder? report = null)
    {
        var files = Find(path);
        columns ??= new TransactionCsvOptions();
        report ??= new IngestReportBuilder(BadRowPolicy.FailFast, 1000, System.IO.Path.GetFileName(path));
        return ReadCore(files, columns, report, columns.ObservationEnd is { } end ? end.DayNumber : int.MaxValue);
    }

    /// <summary>Adds every valid row of a lake to <paramref name="accumulator"/> (rows after its observation end are counted as such, as by <see cref="TransactionParquet.AddToAsync"/>).</summary>
    /// <param name="path">A Parquet file, a folder or a glob.</param>
    /// <param name="accumulator">Receives the purchases.</param>
    /// <param name="columns">Column names and acceptance rules; null for the defaults.</param>
    /// <param name="report">Receives accepted and rejected rows; null for fail-fast without a report.</param>
    /// <param name="cancellationToken">Stops between row groups.</param>
    /// <exception cref="FileNotFoundException">Nothing matches.</exception>
    /// <exception cref="FormatException">A column is in neither a file nor its partitions, or has an unusable type.</exception>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    public static Task AddToAsync(string path, SummaryAccumulator accumulator, TransactionCsvOptions? columns = null, IngestReportBuilder? report = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        var files = Find(path);
        columns ??= new TransactionCsvOptions();
        report ??= new IngestReportBuilder(BadRowPolicy.FailFast, 1000, System.IO.Path.GetFileName(path));
        foreach (var t in ReadCore(files, columns, report, accumulator.Options.ObservationEnd.DayNumber, cancellationToken))
        {
            accumulator.Add(t.CustomerId, t.Date, t.Amount);
        }

        return Task.CompletedTask;
    }

    private static IEnumerable<Transaction> ReadCore(IReadOnlyList<ParquetLakeFile> files, TransactionCsvOptions columns, IngestReportBuilder report, int observationEnd, CancellationToken cancellationToken = default)
    {
        long row = 0;
        string amountName = columns.AmountColumn ?? "amount";
        foreach (var file in files)
        {
            string source = System.IO.Path.GetFileName(file.Path);
            var reader = ParquetReader.CreateAsync(file.Path, null, cancellationToken).GetAwaiter().GetResult();
            try
            {
                var idField = ParquetColumns.TryFind(reader, columns.CustomerIdColumn);
                var dateField = ParquetColumns.TryFind(reader, columns.DateColumn);
                var amountField = ParquetColumns.TryFind(reader, amountName);
                string? idValue = idField is null ? Partition(file, columns.CustomerIdColumn, reader, source) : null;
                int dayValue = dateField is null ? DayOf(Partition(file, columns.DateColumn, reader, source)) : 0;
                double amountValue = amountField is null ? AmountOf(Partition(file, amountName, reader, source)) : 0;
                for (int g = 0; g < reader.RowGroupCount; g++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    string?[] ids;
                    int[] days;
                    double[] amounts;
                    int rows;
                    using (var group = reader.OpenRowGroupReader(g))
                    {
                        rows = checked((int)group.RowCount);
                        ids = idField is null ? Filled(rows, idValue) : ParquetColumns.ReadStringsAsync(group, idField, rows, source, cancellationToken).GetAwaiter().GetResult();
                        days = dateField is null ? Filled(rows, dayValue) : ParquetColumns.ReadDayNumbersAsync(group, dateField, rows, source, cancellationToken).GetAwaiter().GetResult();
                        amounts = amountField is null ? Filled(rows, amountValue) : ParquetColumns.ReadDoublesAsync(group, amountField, rows, source, cancellationToken).GetAwaiter().GetResult();
                    }

                    for (int i = 0; i < rows; i++)
                    {
                        row++;
                        var rejected = TransactionParquet.Check(row, ids[i], days[i], amounts[i], columns, columns.CustomerIdColumn, columns.DateColumn, amountName, int.MaxValue);
                        if (rejected is null && days[i] > observationEnd)
                        {
                            report.AfterObservationEnd(); // a cut-off, not an error (as the CSV reader counts it)
                        }
                        else if (rejected is null)
                        {
                            report.Accept();
                            string id = columns.Aliases is { } aliases ? aliases.Resolve(ids[i]!) : ids[i]!;
                            yield return new Transaction(id, DateOnly.FromDayNumber(days[i]).ToDateTime(TimeOnly.MinValue), amounts[i]);
                        }
                        else
                        {
                            report.Reject(rejected);
                        }
                    }
                }
            }
            finally
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private static T[] Filled<T>(int rows, T value)
    {
        var values = new T[rows];
        Array.Fill(values, value);
        return values;
    }

    /// <summary>The value of a partition key for a column the file does not have, or an error naming what there is.</summary>
    private static string? Partition(ParquetLakeFile file, string column, ParquetReader reader, string source)
    {
        foreach (var (key, value) in file.Partition)
        {
            if (string.Equals(key, column, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        string partitions = file.Partition.Count == 0 ? "no partition folders" : "partitions " + string.Join(", ", file.Partition.Select(p => p.Key));
        throw new FormatException($"{source}: no column '{column}'; the file has {string.Join(", ", reader.Schema.DataFields.Select((DataField f) => f.Name))} and {partitions}.");
    }

    private static int DayOf(string? text) =>
        text is not null && DateOnly.TryParseExact(text.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date.DayNumber : -1;

    private static double AmountOf(string? text) =>
        text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;

    /// <summary>The key=value folder names of <paramref name="directory"/> below <paramref name="root"/> (all of them when root is empty).</summary>
    private static List<KeyValuePair<string, string?>> PartitionOf(string directory, string root)
    {
        string relative = root.Length == 0 ? directory : System.IO.Path.GetRelativePath(root, directory);
        var result = new List<KeyValuePair<string, string?>>();
        foreach (string segment in relative.Split(System.IO.Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = segment.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                string value = Uri.UnescapeDataString(segment[(eq + 1)..]);
                result.Add(new(Uri.UnescapeDataString(segment[..eq]), value == "__HIVE_DEFAULT_PARTITION__" ? null : value));
            }
        }

        return result;
    }

    private static bool Hidden(string name) => name.StartsWith('.') || name.StartsWith('_');

    /// <summary>Collects the files below <paramref name="folder"/> that match the pattern's segments from <paramref name="at"/> on.</summary>
    private static void Match(string folder, string[] pattern, int at, List<string> files)
    {
        string segment = pattern[at];
        bool last = at == pattern.Length - 1;
        if (segment == "**")
        {
            if (!last)
            {
                Match(folder, pattern, at + 1, files); // zero folders
            }

            foreach (string sub in Directory.EnumerateDirectories(folder).Where(d => !Hidden(System.IO.Path.GetFileName(d))))
            {
                Match(sub, pattern, at, files);
            }

            return;
        }

        if (last)
        {
            files.AddRange(Directory.EnumerateFiles(folder)
                .Where(f => !Hidden(System.IO.Path.GetFileName(f)) && FileSystemName.MatchesSimpleExpression(segment, System.IO.Path.GetFileName(f), ignoreCase: false)));
            return;
        }

        foreach (string sub in Directory.EnumerateDirectories(folder))
        {
            string name = System.IO.Path.GetFileName(sub);
            if (!Hidden(name) && FileSystemName.MatchesSimpleExpression(segment, name, ignoreCase: false))
            {
                Match(sub, pattern, at + 1, files);
            }
        }
    }
}
