using System.Globalization;
using System.Text.Json;

namespace CustomerValue.Tests.Cli;

/// <summary>
/// <c>customer-value migrate</c> on the CDNOW sample: the tiers per period are <c>segment</c>'s as of each period's end,
/// the transitions and conversion rates recount from the per-customer file, and the worked example of
/// docs/value-over-time.md holds.
/// </summary>
public sealed class MigrateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-migrate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Cdnow_quarters_recount_from_the_customer_file_and_match_segment_and_the_docs()
    {
        string customers = Path.Combine(_dir, "m.csv"), transitions = Path.Combine(_dir, "t.csv"), stats = Path.Combine(_dir, "s.json");
        var (code, _, error) = SummarizeCommandTests.Run("migrate", "--sample", "--as-of", "1998-06-30", "--output", customers, "--transitions", transitions, "--stats", stats);
        Assert.Equal(0, code);
        Assert.Contains("migrate: 6,919 rows, 2,357 customers, 6 quarters 1997-Q1..1998-Q2 as of 1998-06-30", error, StringComparison.Ordinal);

        // Every customer in every period: 2,357 x 6 rows.
        var lines = File.ReadAllLines(customers);
        Assert.Equal("customer_id,period,period_end,status,tier,value_group,tier_state,group_state,value_matrix,clv,spend,purchase_days,share_of_wallet,sow_stalled_then_fell", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(2357 * 6, rows.Length);
        string[] periods = ["1997-Q1", "1997-Q2", "1997-Q3", "1997-Q4", "1998-Q1", "1998-Q2"];
        var state = rows.ToDictionary(r => (r[0], r[1]), r => (Tier: r[6], Group: r[7], Row: r));
        var ids = rows.Select(r => r[0]).Distinct().ToArray();
        Assert.Equal(2357, ids.Length);

        // The recount, straight from the per-customer rows: X in one period and Y `lag` quarters later.
        (int From, int Converted) Count(bool tier, string from, string to, int lag)
        {
            int n = 0, k = 0;
            for (int p = 0; p + lag < periods.Length; p++)
            {
                foreach (string id in ids)
                {
                    var a = state[(id, periods[p])];
                    var b = state[(id, periods[p + lag])];
                    if ((tier ? a.Tier : a.Group) == from)
                    {
                        n++;
                        k += (tier ? b.Tier : b.Group) == to ? 1 : 0;
                    }
                }
            }

            return (n, k);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(stats));
        foreach (var c in json.RootElement.GetProperty("conversions").EnumerateArray())
        {
            var expected = Count(c.GetProperty("scheme").GetString() == "tier", c.GetProperty("from").GetString()!, c.GetProperty("to").GetString()!, c.GetProperty("lagPeriods").GetInt32());
            Assert.Equal(expected, (c.GetProperty("fromCustomers").GetInt32(), c.GetProperty("converted").GetInt32()));
        }

        // The worked example's figures (docs/value-over-time.md).
        Assert.Equal((117, 55), Count(true, "gold", "gold", 4));       // gold in 1997-Q2, still gold in 1998-Q2: 47.0 %
        Assert.Equal((881, 123), Count(false, "mgc", "mvc", 1));       // MGC -> MVC the next quarter: 14.0 %
        Assert.Equal((253, 46), Count(false, "mgc", "mvc", 4));        // MGC -> MVC a year later: 18.2 %
        Assert.Equal((2357, 471), Count(false, "new", "mvc", 1));      // first buyers -> MVC the next quarter: 20.0 %
        Assert.Equal((1884, 1478), Count(false, "mvc", "mvc", 1));     // MVC staying MVC quarter to quarter: 78.5 %
        Assert.Equal(1539, rows.Count(r => r[1] == "1998-Q2" && r[6] == "lapsed"));
        Assert.Equal(117, rows.Count(r => r[1] == "1998-Q2" && r[6] == "gold"));
        var doc = File.ReadAllText(Path.Combine(DocsFolder(), "value-over-time.md"));
        foreach (string figure in new[] { "55 of 117 (47.0 %)", "123 of 881 (14.0 %)", "46 of 253 (18.2 %)", "471 of 2,357 (20.0 %)", "1,478 of 1,884 (78.5 %)", "1,539", "228" })
        {
            Assert.Contains(figure, doc, StringComparison.Ordinal);
        }

        // Share of wallet stalled, then fell, recounted from each customer's share_of_wallet series: two changes
        // within 2 points, then a fall of at least 5 points.
        int flagged = 0;
        foreach (var series in rows.GroupBy(r => r[0]))
        {
            var shares = series.Select(r => r[12]).ToArray();
            for (int p = 3; p < shares.Length; p++)
            {
                if (shares.Skip(p - 3).Take(4).All(x => x.Length > 0))
                {
                    double[] s = [.. shares.Skip(p - 3).Take(4).Select(x => double.Parse(x, CultureInfo.InvariantCulture) * 100)];
                    bool expected = Math.Abs(s[1] - s[0]) < 2 && Math.Abs(s[2] - s[1]) < 2 && s[2] - s[3] >= 5;
                    Assert.Equal(expected, series.ElementAt(p)[13] == "true");
                    flagged += expected ? 1 : 0;
                }
            }
        }

        Assert.Equal(228, flagged);
        Assert.Equal(228, rows.Count(r => r[13] == "true"));

        // The transitions file: each block of a pair of periods counts every customer once; rates are row shares.
        var t = File.ReadAllLines(transitions);
        Assert.Equal("scheme,from_period,to_period,from_state,to_state,customers,rate", t[0]);
        var cells = t.Skip(1).Select(l => l.Split(',')).ToArray();
        foreach (var block in cells.Where(c => c[1] != "all").GroupBy(c => (c[0], c[1])))
        {
            Assert.Equal(2357, block.Sum(c => int.Parse(c[5], CultureInfo.InvariantCulture)));
            foreach (var row in block.GroupBy(c => c[3]))
            {
                int total = row.Sum(c => int.Parse(c[5], CultureInfo.InvariantCulture));
                foreach (var c in row)
                {
                    Assert.Equal(total == 0 ? string.Empty : (int.Parse(c[5], CultureInfo.InvariantCulture) / (double)total).ToString("R", CultureInfo.InvariantCulture), c[6]);
                }
            }
        }

        var mgcQ2 = cells.Single(c => c[0] == "value_group" && c[1] == "1997-Q2" && c[3] == "mgc" && c[4] == "mvc");
        Assert.Equal(Count(false, "mgc", "mvc", 1).From > 0 ? rows.Count(r => r[1] == "1997-Q2" && r[7] == "mgc" && state[(r[0], "1997-Q3")].Group == "mvc").ToString(CultureInfo.InvariantCulture) : "0", mgcQ2[5]);

        // Tiers and groups are segment's as of the period's end, customer by customer.
        foreach (var (period, asOf) in new[] { ("1997-Q3", "1997-09-30"), ("1998-Q2", "1998-06-30") })
        {
            var (segmentCode, segmentOut, _) = SummarizeCommandTests.Run("segment", "--sample", "--as-of", asOf);
            Assert.Equal(0, segmentCode);
            var segment = segmentOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray();
            Assert.Equal(2357, segment.Length);
            foreach (var s in segment)
            {
                var r = state[(s[0], period)].Row;
                Assert.Equal((s[7], s[10], s[12]), (r[4], r[5], r[9]));
            }
        }
    }

    [Fact]
    public void Years_bad_options_and_help()
    {
        var (code, output, error) = SummarizeCommandTests.Run("migrate", "--sample", "--as-of", "1998-06-30", "--period", "year");
        Assert.Equal(0, code);
        Assert.Contains("2 years 1997..1998", error, StringComparison.Ordinal);
        Assert.Equal(1 + (2357 * 2), output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        (code, _, error) = SummarizeCommandTests.Run("migrate", "--sample", "--as-of", "1998-06-30", "--lapsed-days", "-1");
        Assert.Equal(2, code);
        Assert.Contains("--lapsed-days", error, StringComparison.Ordinal);
        (code, _, _) = SummarizeCommandTests.Run("migrate", "--sample", "--as-of", "1998-06-30", "--period", "month");
        Assert.NotEqual(0, code);
    }

    [Fact]
    public void Superstore_by_year_with_models_fitted_once()
    {
        // docs/value-over-time.md: Superstore has no sign of drop-out, so BG/NBD fits degenerate per year; fit once on
        // all four years and pass the models (the BG/NBD fit is accepted as the NBD it degenerates to).
        string[] log = ["--transactions", TestFiles.Path("superstore.csv.gz"), "--customer-column", "Customer ID", "--date-column", "Order Date", "--amount-column", "Sales"];
        string summary = Path.Combine(_dir, "s.csv"), bgnbd = Path.Combine(_dir, "b.json"), gg = Path.Combine(_dir, "g.json"), stats = Path.Combine(_dir, "m.json");
        Assert.Equal(0, SummarizeCommandTests.Run(["summarize", .. log, "--as-of", "2017-12-31", "--output", summary]).Code);
        Assert.Equal(3, SummarizeCommandTests.Run("fit", "--model", "bgnbd", "--summary", summary, "--output", bgnbd).Code);
        Assert.Equal(0, SummarizeCommandTests.Run("fit", "--model", "gg", "--summary", summary, "--output", gg).Code);
        Assert.Equal(2, SummarizeCommandTests.Run(["migrate", .. log, "--as-of", "2017-12-31", "--period", "year", "--model", bgnbd, "--spend-model", gg]).Code);
        var (code, output, error) = SummarizeCommandTests.Run(["migrate", .. log, "--as-of", "2017-12-31", "--period", "year", "--model", bgnbd, "--spend-model", gg, "--accept-unconverged", "--stats", stats]);
        Assert.Equal(0, code);
        Assert.Contains("793 customers, 4 years 2014..2017", error, StringComparison.Ordinal);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(793 * 4, rows.Length);

        // Recounted from the per-customer rows: new customers per year, lapsed per year, and the conversions.
        Assert.Equal([595, 136, 51, 11], new[] { "2014", "2015", "2016", "2017" }.Select(y => rows.Count(r => r[1] == y && r[3] == "new")));
        Assert.Equal([0, 154, 144, 100], new[] { "2014", "2015", "2016", "2017" }.Select(y => rows.Count(r => r[1] == y && r[3] == "lapsed")));
        var state = rows.ToDictionary(r => (r[0], r[1]), r => (Tier: r[6], Group: r[7]));
        (int, int) Count(bool tier, string from, string to)
        {
            int n = 0, k = 0;
            foreach (var ((id, year), s) in state)
            {
                string next = (int.Parse(year, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
                if (state.TryGetValue((id, next), out var t) && (tier ? s.Tier : s.Group) == from)
                {
                    n++;
                    k += (tier ? t.Tier : t.Group) == to ? 1 : 0;
                }
            }

            return (n, k);
        }

        Assert.Equal((62, 27), Count(true, "gold", "gold"));
        Assert.Equal((257, 16), Count(false, "mgc", "mvc"));
        Assert.Equal((782, 150), Count(false, "new", "mvc"));
        var doc = File.ReadAllText(Path.Combine(DocsFolder(), "value-over-time.md"));
        foreach (string figure in new[] { "27 of 62 (43.5 %)", "16 of 257 (6.2 %)", "150 of 782 (19.2 %)", "595, 136, 51 and 11", "154, 144 and 100" })
        {
            Assert.Contains(figure, doc, StringComparison.Ordinal);
        }
    }

    private static string DocsFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CustomerValue.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "docs");
    }
}
