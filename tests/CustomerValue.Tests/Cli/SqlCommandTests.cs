using System.Globalization;
using CustomerValue.DuckDb;
using CustomerValue.Samples;
using CustomerValue.Tests.Sql;

namespace CustomerValue.Tests.Cli;

/// <summary><c>customer-value sql</c>: the printed query, run by DuckDB on the file, gives the CSV <c>summarize</c> writes.</summary>
public sealed class SqlCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => SummarizeCommandTests.Run(args);

    [Theory]
    [InlineData("week", true)]
    [InlineData("day", false)]
    public void The_printed_duckdb_query_gives_the_rows_summarize_writes(string unit, bool holdout)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"cv-sql-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string log = Path.Combine(dir, "cdnow.csv");
            using (var reader = SampleData.OpenCdnowCsv())
            {
                File.WriteAllText(log, reader.ReadToEnd());
            }

            string[] window = holdout ? ["--as-of", "1997-09-30", "--holdout-end", "1998-06-30"] : ["--as-of", "1997-09-30"];
            var (code, sql, error) = Run(["sql", "--dialect", "duckdb", "--table", "log", "--time-unit", unit, .. window]);
            Assert.True(code == 0, error);
            Assert.EndsWith(";\n", sql, StringComparison.Ordinal);
            // Without a holdout, the purchases after the as-of date are not summarised (our reader reports them; the query leaves them out).
            var (summarizeCode, csv, _) = Run(["summarize", "--transactions", log, "--time-unit", unit, "--on-error", "report", "--calibration-end", "1997-09-30", .. window.Skip(2)]);
            Assert.Equal(0, summarizeCode);

            using var connection = DuckDbSummaries.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE TABLE log AS SELECT * FROM read_csv('{log}', header = true, types = {{'customer_id': 'VARCHAR'}})";
            command.ExecuteNonQuery();
            command.CommandText = sql;
            using var result = command.ExecuteReader();
            var lines = new List<string> { string.Join(',', Enumerable.Range(0, result.FieldCount).Select(result.GetName)) };
            while (result.Read())
            {
                lines.Add(string.Join(',', Enumerable.Range(0, result.FieldCount).Select(i => Format(result.GetValue(i)))));
            }

            // summarize adds a trailing time_unit column (the contract allows added columns); the query gives the contract columns.
            string suffix = "," + unit;
            var contract = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select((l, i) => i == 0 ? l[..^",time_unit".Length] : l.EndsWith(suffix, StringComparison.Ordinal) ? l[..^suffix.Length] : l);
            Assert.Equal(contract, lines);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void The_fit_table_query_and_the_spark_text_are_printed()
    {
        var (code, sql, _) = Run("sql", "--dialect", "spark", "--table", "lake.sales", "--as-of", "2026-06-30", "--query", "fit-table",
            "--customer-column", "client", "--quantity-column", "qty", "--price-column", "unit_price");
        Assert.Equal(0, code);
        Assert.Contains("FROM lake.sales AS src", sql, StringComparison.Ordinal);
        Assert.Contains("CAST(src.`qty` AS DOUBLE) * CAST(src.`unit_price` AS DOUBLE)", sql, StringComparison.Ordinal);
        Assert.Contains("BROUND(", sql, StringComparison.Ordinal);
        Assert.Contains("DATEDIFF(DATE '2026-06-30', first_day)", sql, StringComparison.Ordinal);
        Assert.Contains("SELECT frequency, recency, `T`, COUNT(*) AS weight", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_cycle_and_half_a_quantity_pair_are_one_line_errors()
    {
        string aliases = Path.Combine(Path.GetTempPath(), $"cv-aliases-{Guid.NewGuid():N}.csv");
        File.WriteAllText(aliases, "alias_id,customer_id\na,b\nb,c\nc,a\n");
        try
        {
            var (code, _, error) = Run("sql", "--dialect", "postgres", "--table", "t", "--as-of", "2020-01-01", "--aliases", aliases);
            Assert.Equal(2, code);
            Assert.Contains("cycle", error, StringComparison.Ordinal);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            (code, _, error) = Run("sql", "--dialect", "postgres", "--table", "t", "--as-of", "2020-01-01", "--quantity-column", "q");
            Assert.Equal(2, code);
            Assert.Contains("--quantity-column and --price-column", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(aliases);
        }
    }

    private static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
