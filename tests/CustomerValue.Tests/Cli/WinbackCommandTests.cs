using System.Globalization;
using CustomerValue.Samples;

namespace CustomerValue.Tests.Cli;

/// <summary>
/// <c>customer-value winback</c> on the CDNOW sample: the lost list and last year's top recount from the raw rows, and
/// each customer's P(alive), CLV, tier and churn level are <c>score</c>'s.
/// </summary>
public sealed class WinbackCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-winback-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Cdnow_lost_and_last_years_top_recount_from_the_rows_and_agree_with_score()
    {
        string lost = Path.Combine(_dir, "lost.csv"), lastYear = Path.Combine(_dir, "ly.csv"), scores = Path.Combine(_dir, "s.csv");
        var (code, _, error) = SummarizeCommandTests.Run("winback", "--sample", "--as-of", "1998-06-30", "--lookback-days", "365", "--silent-days", "120", "--top-share", "0.1", "--last-year-top", "50", "--output", lost, "--last-year-output", lastYear);
        Assert.Equal(0, code);
        Assert.Equal(0, SummarizeCommandTests.Run("score", "--sample", "--as-of", "1998-06-30", "--output", scores).Code);
        var ci = CultureInfo.InvariantCulture;

        // The recount from the raw sample rows: spend and last purchase per customer.
        var asOf = new DateOnly(1998, 6, 30);
        var rows = SampleData.CdnowTransactions().Where(t => t.Date <= asOf).ToArray();
        var start = asOf.AddDays(-364);
        var window = rows.Where(t => t.Date >= start).GroupBy(t => t.CustomerId).ToDictionary(g => g.Key, g => (Spend: g.Sum(t => t.Amount), Days: g.Select(t => t.Date).Distinct().Count()));
        var last = rows.GroupBy(t => t.CustomerId).ToDictionary(g => g.Key, g => g.Max(t => t.Date));
        int important = (int)Math.Ceiling(window.Count * 0.1);
        var expectedLost = window.OrderByDescending(p => p.Value.Spend).ThenBy(p => p.Key, StringComparer.Ordinal).Take(important)
            .Where(p => asOf.DayNumber - last[p.Key].DayNumber > 120).Select(p => p.Key).ToArray();
        Assert.NotEmpty(expectedLost);
        Assert.Contains($"{window.Count:N0} bought in the 365 days from 1997-07-01, the top 10% by spend ({important:N0}) are important; {expectedLost.Length:N0} of them silent over 120 days", error, StringComparison.Ordinal);

        var lines = File.ReadAllLines(lost);
        Assert.Equal(WinbackCommandTestsHeader, lines[0]);
        var table = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(expectedLost, table.Select(r => r[1]));
        var score = File.ReadLines(scores).Skip(1).Select(l => l.Split(',')).ToDictionary(r => r[0]);
        foreach (var r in table)
        {
            Assert.Equal(window[r[1]].Spend, double.Parse(r[2], ci), 9);
            Assert.Equal(window[r[1]].Days, int.Parse(r[3], ci));
            Assert.Equal(last[r[1]].ToString("yyyy-MM-dd", ci), r[6]);
            Assert.Equal(asOf.DayNumber - last[r[1]].DayNumber, int.Parse(r[7], ci));

            // score's p_alive, clv, tier and churn level, to the last digit.
            var s = score[r[1]];
            Assert.Equal((s[1], s[4], s[9], s[10]), (r[10], r[11], r[13], r[14]));
            Assert.True(double.Parse(r[12], ci) >= double.Parse(r[11], ci) * (1 - 1e-12));
        }

        // Last year (1996-07-01..1997-06-30) against this year (1997-07-01..1998-06-30), from the rows.
        var ly = File.ReadLines(lastYear).Skip(1).Select(l => l.Split(',')).ToArray();
        var lastYearSpend = rows.Where(t => t.Date <= new DateOnly(1997, 6, 30)).GroupBy(t => t.CustomerId).ToDictionary(g => g.Key, g => g.Sum(t => t.Amount));
        var thisYearSpend = rows.Where(t => t.Date >= new DateOnly(1997, 7, 1)).GroupBy(t => t.CustomerId).ToDictionary(g => g.Key, g => g.Sum(t => t.Amount));
        var top = lastYearSpend.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(50).ToArray();
        Assert.Equal(top.Select(p => p.Key), ly.Select(r => r[1]));
        int still = 0;
        for (int k = 0; k < ly.Length; k++)
        {
            double thisYear = thisYearSpend.GetValueOrDefault(top[k].Key);
            Assert.Equal(top[k].Value, double.Parse(ly[k][2], ci), 9);
            Assert.Equal(thisYear, double.Parse(ly[k][3], ci), 9);
            Assert.Equal(thisYear > 0 ? "true" : "false", ly[k][5]);
            still += thisYear > 0 ? 1 : 0;
        }

        Assert.Contains($"last year's top 50 (1996-07-01..1997-06-30): {still} still ordering", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_options_are_refused_with_the_option_named()
    {
        var (code, _, error) = SummarizeCommandTests.Run("winback", "--sample", "--as-of", "1998-06-30", "--silent-days", "800");
        Assert.Equal(2, code);
        Assert.Contains("--silent-days: must be >= 0 and shorter than --lookback-days (730), got 800.", error, StringComparison.Ordinal);
        (code, _, error) = SummarizeCommandTests.Run("winback", "--sample", "--as-of", "1998-06-30", "--top-share", "1.5");
        Assert.Equal(2, code);
        Assert.Contains("--top-share: must be a fraction in (0, 1]", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_worked_examples_of_the_docs_hold()
    {
        // docs/value-over-time.md, "Win-back": CDNOW sample with the defaults.
        var (code, output, error) = SummarizeCommandTests.Run("winback", "--sample", "--as-of", "1998-06-30");
        Assert.Equal(0, code);
        Assert.Contains("2,357 bought in the 730 days from 1996-07-01, the top 20% by spend (472) are important; 167 of them silent over 180 days: they spent 49,018.24 in the window and are worth 20,488.3 if won back", error, StringComparison.Ordinal);
        Assert.Contains("last year's top 100 (1996-07-01..1997-06-30): 73 still ordering", error, StringComparison.Ordinal);
        var first = output.Split('\n')[1].Split(',');
        Assert.Equal(("1", "1901", "6552.700000000001", "22", "1997-04-11", "445"), (first[0], first[1], first[2], first[3], first[6], first[7]));

        // Superstore with the models fitted once (as in the migrate example).
        string[] log = ["--transactions", TestFiles.Path("superstore.csv.gz"), "--customer-column", "Customer ID", "--date-column", "Order Date", "--amount-column", "Sales"];
        string summary = Path.Combine(_dir, "s.csv"), bgnbd = Path.Combine(_dir, "b.json"), gg = Path.Combine(_dir, "g.json");
        Assert.Equal(0, SummarizeCommandTests.Run(["summarize", .. log, "--as-of", "2017-12-31", "--output", summary]).Code);
        Assert.Equal(3, SummarizeCommandTests.Run("fit", "--model", "bgnbd", "--summary", summary, "--output", bgnbd).Code);
        Assert.Equal(0, SummarizeCommandTests.Run("fit", "--model", "gg", "--summary", summary, "--output", gg).Code);
        (code, output, error) = SummarizeCommandTests.Run(["winback", .. log, "--as-of", "2017-12-31", "--model", bgnbd, "--spend-model", gg, "--accept-unconverged"]);
        Assert.Equal(0, code);
        Assert.Contains("773 bought in the 730 days from 2016-01-02, the top 20% by spend (155) are important; 20 of them silent over 180 days: they spent 113,281.1 in the window and are worth 22,656.64 if won back", error, StringComparison.Ordinal);
        Assert.Contains("last year's top 100 (2016-01-01..2016-12-31): 88 still ordering", error, StringComparison.Ordinal);
        Assert.StartsWith("1,TC-20980,18344.052000000003,2,1,2014-11-07,2016-11-26,400,", output.Split('\n')[1], StringComparison.Ordinal);
    }

    private const string WinbackCommandTestsHeader = "rank,customer_id,lookback_spend,lookback_purchase_days,value_rank,first_purchase,last_purchase,days_silent,usual_gap_days,silence_multiple,p_alive,clv,value_if_won_back,tier,churn_level";
}
