using System.Data.Common;
using System.Globalization;
using CustomerValue.Sql;
using CustomerValue.Summaries;
using DuckDB.NET.Data;

namespace CustomerValue.DuckDb;

/// <summary>
/// Runs the summary query of <see cref="SummarySql"/> on DuckDB, in this process: transaction logs larger than memory
/// (CSV files, Parquet files, folders of them, globs, hive-partitioned lakes) become the same
/// <see cref="CustomerSummaries"/> as our own reader gives, with DuckDB spilling to disk where it must.
/// </summary>
/// <remarks>
/// Static and thread-safe: every call opens its own in-memory database. The result holds one row per customer, so
/// memory for the result is linear in customers; the log itself is streamed by DuckDB.
/// </remarks>
public static class DuckDbSummaries
{
    /// <summary>
    /// The DuckDB table expression for a path: a Parquet file, a folder (every <c>*.parquet</c> below it), a glob
    /// (<c>lake/*/*.parquet</c>), or a CSV file (<c>.csv</c>, <c>.csv.gz</c>, <c>.tsv</c>). Parquet sources read hive
    /// partitions (<c>year=2024/</c>) as columns and combine files by column name.
    /// </summary>
    /// <param name="path">The path or glob.</param>
    /// <param name="customerIdColumn">The id column of a CSV source, read as text so that ids such as <c>00042</c> keep their zeros.</param>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public static string SourceOf(string path, string customerIdColumn = "customer_id")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(customerIdColumn);
        string lower = path.ToLowerInvariant();
        bool csv = lower.EndsWith(".csv", StringComparison.Ordinal) || lower.EndsWith(".csv.gz", StringComparison.Ordinal)
            || lower.EndsWith(".tsv", StringComparison.Ordinal) || lower.EndsWith(".tsv.gz", StringComparison.Ordinal);
        if (csv)
        {
            return $"read_csv({Literal(path)}, header = true, types = {{{Literal(customerIdColumn)}: 'VARCHAR'}})";
        }

        string pattern = Directory.Exists(path) ? Path.Combine(path, "**", "*.parquet") : path;
        return $"read_parquet({Literal(pattern)}, hive_partitioning = true, union_by_name = true)";
    }

    /// <summary>Summarises a log held in files (see <see cref="SourceOf"/>).</summary>
    /// <param name="path">A Parquet file, folder or glob, or a CSV file.</param>
    /// <param name="options">Window, unit, columns, returns and aliases.</param>
    /// <param name="settings">DuckDB settings (memory limit, spill folder, threads); null for the defaults.</param>
    /// <exception cref="DbException">DuckDB rejected the query (for example a column is missing or a value cannot be cast); the message is DuckDB's.</exception>
    /// <exception cref="FileNotFoundException">No file matches the path.</exception>
    public static CustomerSummaries SummarizeFiles(string path, SummarySqlOptions options, DuckDbSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path) && !Directory.Exists(path) && path.IndexOfAny(['*', '?', '[']) < 0)
        {
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        }

        using var connection = Open(settings);
        return Summarize(connection, SourceOf(path, options.CustomerIdColumn), options);
    }

    /// <summary>Summarises the log in a table, view or table expression of an open DuckDB connection.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="table">The table, view or expression (written into the query as given).</param>
    /// <param name="options">Window, unit, columns, returns and aliases.</param>
    /// <exception cref="DbException">DuckDB rejected the query.</exception>
    public static CustomerSummaries Summarize(DuckDBConnection connection, string table, SummarySqlOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        using var command = connection.CreateCommand();
        command.CommandText = SummarySql.Write(SqlDialect.DuckDb, table, options);
        using var reader = command.ExecuteReader();
        return Read(reader, options.Summary);
    }

    /// <summary>
    /// Reads the rows of a summary query (columns <c>customer_id, frequency, recency, T, monetary_value</c> and, with a
    /// holdout, <c>frequency_holdout, monetary_value_holdout</c>) from any ADO.NET reader, in the order they come.
    /// </summary>
    /// <param name="reader">The open reader positioned before the first row.</param>
    /// <param name="options">The window and unit the query was written for.</param>
    /// <exception cref="FormatException">A value is missing or not a number (the message names the row and column).</exception>
    public static CustomerSummaries Read(DbDataReader reader, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        bool holdout = options.HoldoutEnd is not null;
        var ids = new List<string>();
        var f = new List<double>();
        var r = new List<double>();
        var t = new List<double>();
        var m = new List<double>();
        var fh = new List<double>();
        var mh = new List<double>();
        long row = 0;
        while (reader.Read())
        {
            row++;
            ids.Add(reader.IsDBNull(0) ? throw new FormatException($"Summary query, row {row}: customer_id is NULL.") : reader.GetValue(0).ToString()!);
            f.Add(Number(reader, 1, row));
            r.Add(Number(reader, 2, row));
            t.Add(Number(reader, 3, row));
            m.Add(Number(reader, 4, row));
            if (holdout)
            {
                fh.Add(Number(reader, 5, row));
                mh.Add(Number(reader, 6, row));
            }
        }

        return new CustomerSummaries(options.TimeUnit, options.CalibrationEnd, options.HoldoutEnd, [.. ids], [.. f], [.. r], [.. t], [.. m],
            null, null, null, null, holdout ? [.. fh] : null, holdout ? [.. mh] : null, 0);
    }

    /// <summary>Opens an in-memory DuckDB database with the given settings.</summary>
    /// <param name="settings">Memory limit, spill folder and threads; null for DuckDB's defaults.</param>
    public static DuckDBConnection Open(DuckDbSettings? settings = null)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            settings ??= new DuckDbSettings();
            using var command = connection.CreateCommand();
            var statements = new List<string> { "SET preserve_insertion_order = false" };
            if (settings.MemoryLimitBytes is { } limit)
            {
                statements.Add(string.Create(CultureInfo.InvariantCulture, $"SET memory_limit = '{limit / (1024 * 1024)}MiB'"));
            }

            if (settings.TemporaryDirectory is { } temp)
            {
                statements.Add($"SET temp_directory = {Literal(temp)}");
            }

            if (settings.Threads is { } threads)
            {
                statements.Add(string.Create(CultureInfo.InvariantCulture, $"SET threads = {threads}"));
            }

            foreach (var statement in statements)
            {
                command.CommandText = statement;
                command.ExecuteNonQuery();
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static double Number(DbDataReader reader, int column, long row)
    {
        if (reader.IsDBNull(column))
        {
            throw new FormatException($"Summary query, row {row}: {reader.GetName(column)} is NULL.");
        }

        return Convert.ToDouble(reader.GetValue(column), CultureInfo.InvariantCulture);
    }

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
