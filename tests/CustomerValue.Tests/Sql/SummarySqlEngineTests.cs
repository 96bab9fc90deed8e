using System.Collections.Concurrent;
using System.Globalization;
using CustomerValue.Sql;
using CustomerValue.Summaries;

namespace CustomerValue.Tests.Sql;

/// <summary>Engines loaded once per log for the whole class (loading Online Retail takes longer than its queries).</summary>
public sealed class SqlEngineFixture : IDisposable
{
    private readonly ConcurrentDictionary<(string Engine, string Log), ISqlTestEngine?> _engines = new();

    internal ISqlTestEngine? Get(string engine, string log) => _engines.GetOrAdd((engine, log), key =>
    {
        var rows = SqlTestLogs.ByName(key.Log).Rows;
        return key.Engine == "duckdb" ? new DuckDbTestEngine(rows) : PostgresTestEngine.TryCreate(rows);
    });

    public void Dispose()
    {
        foreach (var engine in _engines.Values)
        {
            engine?.Dispose();
        }
    }
}

/// <summary>
/// The summary query, run on real engines (DuckDB in process; PostgreSQL when CUSTOMERVALUE_POSTGRES names a server,
/// as in CI), gives exactly our summariser's rows: the same customers in the same order, frequencies and recency/T
/// bit for bit, amounts within 1e-9. The reference is <see cref="SummaryAccumulator"/> fed the rows our reader accepts.
/// </summary>
public sealed class SummarySqlEngineTests(SqlEngineFixture fixture) : IClassFixture<SqlEngineFixture>
{
    public static TheoryData<string, string, bool, bool> Cases()
    {
        var data = new TheoryData<string, string, bool, bool>();
        foreach (var engine in new[] { "duckdb", "postgres" })
        {
            foreach (var log in new[] { "cdnow", "online_retail", "synthetic" })
            {
                foreach (bool holdout in new[] { false, true })
                {
                    data.Add(engine, log, holdout, false);
                    if (log != "cdnow")
                    {
                        data.Add(engine, log, holdout, true);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_summary_query_equals_our_summariser(string engine, string log, bool holdout, bool allowReturns)
    {
        var db = fixture.Get(engine, log);
        if (db is null)
        {
            return; // no PostgreSQL configured outside CI (the engine factory fails instead when it is required)
        }

        var testLog = SqlTestLogs.ByName(log);
        var window = SqlTestLogs.Window(log, TimeUnit.Week, holdout);
        var expected = testLog.Expected(window, allowReturns);
        var actual = db.Summary(SummarySql.Write(db.Dialect, "log", testLog.Options(window, allowReturns)), window);
        AssertSame(expected, actual);
        Assert.True(expected.Count > 1000, $"{log}: only {expected.Count} customers; the comparison would prove little");
    }

    [Theory]
    [InlineData("duckdb", TimeUnit.Day)]
    [InlineData("duckdb", TimeUnit.Month)]
    [InlineData("duckdb", TimeUnit.Year)]
    [InlineData("postgres", TimeUnit.Day)]
    [InlineData("postgres", TimeUnit.Month)]
    [InlineData("postgres", TimeUnit.Year)]
    public void Every_time_unit_gives_the_same_bits(string engine, TimeUnit unit)
    {
        var db = fixture.Get(engine, "cdnow");
        if (db is null)
        {
            return;
        }

        var window = SqlTestLogs.Window("cdnow", unit, holdout: true);
        var actual = db.Summary(SummarySql.Write(db.Dialect, "log", SqlTestLogs.Cdnow.Options(window)), window);
        AssertSame(SqlTestLogs.Cdnow.Expected(window), actual);
    }

    [Theory]
    [InlineData("duckdb")]
    [InlineData("postgres")]
    public void Aliases_move_rows_to_the_customer_at_the_end_of_the_chain(string engine)
    {
        var db = fixture.Get(engine, "synthetic");
        if (db is null)
        {
            return;
        }

        // 7 → 07 → C-7 (a chain), 5 → 0 and é1 → a b1: rows of several ids land on one customer.
        var aliases = new Dictionary<string, string> { ["7"] = "07", ["07"] = "C-7", ["5"] = "0", ["é1"] = "a b1", ["x'y3"] = "Z3" };
        var window = SqlTestLogs.Window("synthetic", TimeUnit.Week, holdout: true);
        var expected = SqlTestLogs.SyntheticRows.Expected(window, allowReturns: true, aliases);
        var map = CustomerValue.Identity.AliasMap.Create(aliases.Select(kv => (kv.Key, kv.Value)));
        var actual = db.Summary(SummarySql.Write(db.Dialect, "log", SqlTestLogs.SyntheticRows.Options(window, allowReturns: true, map)), window);
        AssertSame(expected, actual);
        Assert.DoesNotContain("07", actual.CustomerIds);
        Assert.DoesNotContain("7", actual.CustomerIds);
    }

    [Theory]
    [InlineData("duckdb", "cdnow")]
    [InlineData("duckdb", "online_retail")]
    [InlineData("postgres", "cdnow")]
    [InlineData("postgres", "online_retail")]
    public void The_fit_tables_count_the_customers_of_each_distinct_row(string engine, string log)
    {
        var db = fixture.Get(engine, log);
        if (db is null)
        {
            return;
        }

        var testLog = SqlTestLogs.ByName(log);
        var window = SqlTestLogs.Window(log, TimeUnit.Week, holdout: false);
        var summaries = testLog.Expected(window);

        // Expected: the reference summaries grouped here with LINQ.
        var expected = Enumerable.Range(0, summaries.Count)
            .GroupBy(i => (summaries.Frequency[i], summaries.Recency[i], summaries.Age[i]))
            .Select(g => (g.Key.Item1, g.Key.Item2, g.Key.Item3, (long)g.Count()))
            .Order().ToList();
        var actual = db.Rows(SummarySql.Write(db.Dialect, "log", testLog.Options(window), SummarySqlQuery.FitTable))
            .Select(r => (Convert.ToDouble(r[0], CultureInfo.InvariantCulture), (double)r[1]!, (double)r[2]!, Convert.ToInt64(r[3], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(summaries.Count, actual.Sum(r => r.Item4));
        Assert.True(actual.Count < summaries.Count, "the table compresses");

        var spendExpected = Enumerable.Range(0, summaries.Count).Where(i => summaries.Frequency[i] > 0)
            .GroupBy(i => (summaries.Frequency[i], summaries.MonetaryValue[i]))
            .Select(g => (g.Key.Item1, g.Key.Item2, (long)g.Count())).Order().ToList();
        var spendActual = db.Rows(SummarySql.Write(db.Dialect, "log", testLog.Options(window), SummarySqlQuery.SpendFitTable))
            .Select(r => (Convert.ToDouble(r[0], CultureInfo.InvariantCulture), (double)r[1]!, Convert.ToInt64(r[2], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(spendExpected.Count, spendActual.Count);
        for (int i = 0; i < spendExpected.Count; i++)
        {
            Assert.Equal(spendExpected[i].Item1, spendActual[i].Item1);
            Assert.Equal(spendExpected[i].Item2, spendActual[i].Item2, 1e-9);
            Assert.Equal(spendExpected[i].Item3, spendActual[i].Item3);
        }
    }

    /// <summary>Same customers in the same order; counts and times exactly; amounts within 1e-9.</summary>
    internal static void AssertSame(CustomerSummaries expected, CustomerSummaries actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.CustomerIds, actual.CustomerIds);
        for (int i = 0; i < expected.Count; i++)
        {
            string id = expected.CustomerIds[i];
            Assert.True(expected.Frequency[i] == actual.Frequency[i], $"{id}: frequency {expected.Frequency[i]} vs {actual.Frequency[i]}");
            Assert.True(expected.Recency[i] == actual.Recency[i], $"{id}: recency {expected.Recency[i]:R} vs {actual.Recency[i]:R}");
            Assert.True(expected.Age[i] == actual.Age[i], $"{id}: T {expected.Age[i]:R} vs {actual.Age[i]:R}");
            Assert.True(Math.Abs(expected.MonetaryValue[i] - actual.MonetaryValue[i]) <= 1e-9, $"{id}: monetary value {expected.MonetaryValue[i]:R} vs {actual.MonetaryValue[i]:R}");
            if (expected.HasHoldout)
            {
                Assert.True(expected.FrequencyHoldout[i] == actual.FrequencyHoldout[i], $"{id}: frequency_holdout {expected.FrequencyHoldout[i]} vs {actual.FrequencyHoldout[i]}");
                Assert.True(Math.Abs(expected.MonetaryValueHoldout[i] - actual.MonetaryValueHoldout[i]) <= 1e-9, $"{id}: monetary_value_holdout {expected.MonetaryValueHoldout[i]:R} vs {actual.MonetaryValueHoldout[i]:R}");
            }
        }

        Assert.Equal(expected.DurationHoldout, actual.DurationHoldout);
    }
}
