using System.Globalization;
using CustomerValue.Cli;
using CustomerValue.Samples;
using CustomerValue.Transactions;
using Parquet;
using Parquet.Schema;

namespace CustomerValue.Tests.Parquet;

/// <summary>
/// Parquet lakes as <c>--transactions</c>: the CDNOW log written here as a hive-partitioned folder
/// (<c>year=…/month=…/part-0.parquet</c>, two row groups per file, plus an engine's <c>_SUCCESS</c> marker and a hidden
/// temporary folder), summarised and scored as a folder and as globs, against the same rows as one CSV read by our
/// CSV reader; a lake partitioned by <c>date=…</c> whose files have no date column; and DuckDB's summary query
/// (<c>summarize --engine duckdb</c>) against our reader.
/// </summary>
public sealed class ParquetLakeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-lake-").FullName;
    private readonly Transaction[] _rows = [.. SampleData.CdnowTransactions()];

    public ParquetLakeTests()
    {
        foreach (var month in _rows.GroupBy(t => (t.Date.Year, t.Date.Month)))
        {
            string folder = Path.Combine(_dir, "lake", $"year={month.Key.Year}", $"month={month.Key.Month:D2}");
            Directory.CreateDirectory(folder);
            ParquetTestFiles.WriteTransactionsAsync(Path.Combine(folder, "part-0.parquet"), [.. month], 2).GetAwaiter().GetResult();
        }

        File.WriteAllText(Path.Combine(_dir, "lake", "_SUCCESS"), string.Empty);
        Directory.CreateDirectory(Path.Combine(_dir, "lake", ".tmp"));
        File.WriteAllText(Path.Combine(_dir, "lake", ".tmp", "broken.parquet"), "not parquet");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_hive_partitioned_folder_and_globs_summarise_as_the_same_rows_in_one_csv()
    {
        string csv = WriteCsv("all.csv", _rows);
        var expected = Summarize(csv, "--holdout-end", "1998-06-30");
        Assert.Equal(expected, Summarize(Path.Combine(_dir, "lake"), "--holdout-end", "1998-06-30"));
        Assert.Equal(expected, Summarize(Path.Combine(_dir, "lake", "year=*", "month=*", "*.parquet"), "--holdout-end", "1998-06-30"));

        // A glob over part of the lake is that part of the log.
        string early = WriteCsv("1997.csv", [.. _rows.Where(t => t.Date.Year == 1997)]);
        Assert.Equal(Summarize(early), Summarize(Path.Combine(_dir, "lake", "year=1997", "**", "*.parquet")));
    }

    [Fact]
    public void A_column_missing_from_the_files_is_read_from_the_partition_folders()
    {
        var january = _rows.Where(t => t.Date.Year == 1997 && t.Date.Month == 1).ToArray();
        foreach (var day in january.GroupBy(t => t.Date))
        {
            string folder = Path.Combine(_dir, "by-day", $"date={day.Key:yyyy-MM-dd}");
            Directory.CreateDirectory(folder);
            WriteWithoutDate(Path.Combine(folder, "part-0.parquet"), [.. day]);
        }

        string csv = WriteCsv("january.csv", january);
        Assert.Equal(Summarize(csv), Summarize(Path.Combine(_dir, "by-day")));

        var (code, _, error) = Run("summarize", "--transactions", Path.Combine(_dir, "by-day"), "--as-of", "1997-09-30", "--amount-column", "price");
        Assert.Equal(2, code);
        Assert.Contains("no column 'price'; the file has customer_id, amount and partitions date", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_reads_the_lake_as_it_reads_the_csv()
    {
        string csv = WriteCsv("all.csv", _rows);
        var one = Run("score", "--transactions", csv, "--as-of", "1997-09-30");
        var lake = Run("score", "--transactions", Path.Combine(_dir, "lake"), "--as-of", "1997-09-30");
        Assert.Equal(0, lake.Code);
        Assert.Equal(one.Output, lake.Output);
    }

    /// <summary>Every command reads --transactions through the one reader, so a lake gives what the same rows in one CSV give.</summary>
    [Theory]
    [InlineData("warn")]
    [InlineData("segment")]
    [InlineData("winback")]
    [InlineData("wallet")]
    public void Every_command_reads_the_lake_as_it_reads_the_csv(string command)
    {
        string csv = WriteCsv("all.csv", _rows);
        var one = Run(command, "--transactions", csv, "--as-of", "1998-06-30");
        var lake = Run(command, "--transactions", Path.Combine(_dir, "lake"), "--as-of", "1998-06-30");
        Assert.Equal(0, one.Code);
        Assert.Equal(0, lake.Code);
        Assert.Equal(one.Output, lake.Output);
        Assert.NotEmpty(one.Output);
    }

    [Fact]
    public void DuckDb_engine_gives_our_summary_integers_exactly_and_amounts_to_1e_9()
    {
        var ours = Summarize(Path.Combine(_dir, "lake"), "--holdout-end", "1998-06-30");
        var (code, duck, error) = Run("summarize", "--engine", "duckdb", "--transactions", Path.Combine(_dir, "lake"), "--as-of", "1997-09-30", "--holdout-end", "1998-06-30");
        Assert.True(code == 0, error);
        Assert.Contains("summarize: DuckDB: 2,357 customers", error, StringComparison.Ordinal);
        var a = ours.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var b = duck.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(a[0], b[0]);
        Assert.Equal(a.Length, b.Length);
        var header = a[0].Split(',');
        for (int i = 1; i < a.Length; i++)
        {
            var x = a[i].Split(',');
            var y = b[i].Split(',');
            for (int c = 0; c < header.Length; c++)
            {
                if (header[c].StartsWith("monetary_value", StringComparison.Ordinal))
                {
                    double u = double.Parse(x[c], CultureInfo.InvariantCulture), v = double.Parse(y[c], CultureInfo.InvariantCulture);
                    Assert.True(Math.Abs(u - v) <= 1e-9 * Math.Max(1, Math.Abs(u)), $"{header[c]} of {x[0]}: {u} vs {v}");
                }
                else
                {
                    Assert.Equal(x[c], y[c]);
                }
            }
        }
    }

    private string Summarize(string transactions, params string[] more)
    {
        var (code, output, error) = Run(["summarize", "--transactions", transactions, "--as-of", "1997-09-30", .. more]);
        Assert.True(code == 0, error);
        return output;
    }

    private string WriteCsv(string name, IReadOnlyList<Transaction> rows)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllLines(path, ["customer_id,date,amount", .. rows.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.CustomerId},{t.Date:yyyy-MM-dd},{t.Amount:R}"))]);
        return path;
    }

    private static void WriteWithoutDate(string path, IReadOnlyList<Transaction> rows)
    {
        var id = new DataField<string>("customer_id", false);
        var amount = new DataField<double>("amount", false);
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(id, amount), stream).GetAwaiter().GetResult();
        try
        {
            using var group = writer.CreateRowGroup();
            group.WriteAsync(id, rows.Select(t => t.CustomerId).ToArray(), null).GetAwaiter().GetResult();
            group.WriteAsync<double>(amount, rows.Select(t => t.Amount).ToArray().AsMemory(), null, null, default).GetAwaiter().GetResult();
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
