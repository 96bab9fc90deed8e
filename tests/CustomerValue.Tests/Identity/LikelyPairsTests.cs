using System.Globalization;
using CustomerValue.Identity;
using CustomerValue.Transactions;
using Xunit.Abstractions;

namespace CustomerValue.Tests.Identity;

/// <summary>Likely "lost + new" pairs (issue 15.1): the evidence worked out from its formula, and pairs planted by splitting CDNOW customers.</summary>
public sealed class LikelyPairsTests(ITestOutputHelper output)
{
    private static Transaction T(string id, string date, double amount) => new(id, DateTime.Parse(date, CultureInfo.InvariantCulture), amount);

    [Fact]
    public void The_evidence_is_timing_plus_spend_as_documented()
    {
        // old: Jul 1, Jul 11, Jul 21 (mean gap g = 10), day spends 10, 20, 30. new: Aug 5 and Aug 25, 16 and 24.
        // d = Jul 21 -> Aug 5 = 15 days; W = 180. "early" starts within the log's first 180 days (not a start);
        // "late" starts 200 days after old's last purchase (outside the window); "one" has one purchase day (never old).
        var log = new[]
        {
            T("early", "2020-01-01", 20),
            T("old", "2020-07-01", 10), T("old", "2020-07-11", 5), T("old", "2020-07-11", 15), T("old", "2020-07-21", 30),
            T("new", "2020-08-05", 16), T("new", "2020-08-25", 24),
            T("late", "2021-02-06", 20), T("one", "2020-06-30", 20),
        };
        var pairs = LikelyPairs.Find(log, new LikelyPairOptions { MinimumScore = 0 });
        var p = Assert.Single(pairs);
        Assert.Equal(("old", "new", 15, 10.0), (p.OldId, p.NewId, p.GapDays, p.OldMeanGapDays));
        Assert.Equal(Math.Log(180 / 10.0) - 1.5, p.TimingEvidence, 12);

        // Spend, from the formula: log day spends per id; within = pooled variance around each id's mean (ids with
        // 2+ days: old, new); between = variance of the five ids' means.
        double[][] logs = [[Math.Log(20)], [Math.Log(10), Math.Log(20), Math.Log(30)], [Math.Log(16), Math.Log(24)], [Math.Log(20)], [Math.Log(20)]];
        double within = logs.Where(l => l.Length >= 2).Sum(l => l.Sum(v => Math.Pow(v - l.Average(), 2))) / logs.Where(l => l.Length >= 2).Sum(l => l.Length - 1);
        var means = logs.Select(l => l.Average()).ToArray();
        double between = means.Sum(m => Math.Pow(m - means.Average(), 2)) / (means.Length - 1);
        double delta = logs[1].Average() - logs[2].Average();
        double same = within * ((1.0 / 3) + (1.0 / 2)), apart = 2 * between;
        double spend = Math.Log(Normal(delta, same)) - Math.Log(Normal(delta, apart));
        Assert.Equal(spend, p.SpendEvidence, 10);
        Assert.Equal(1 / (1 + Math.Exp(-(p.TimingEvidence + spend))), p.Score, 12);
    }

    private static double Normal(double x, double variance) => Math.Exp(-x * x / (2 * variance)) / Math.Sqrt(2 * Math.PI * variance);

    /// <summary>
    /// CDNOW customers split into two ids at a random purchase day (as in the alias property test): for each planted
    /// new id that can be a candidate at all (old part with 2+ purchase days, gap within 180 days, start after the log's
    /// first 180 days), the true old id's rank among all candidates of that new id, as a percentile (0 = top, chance
    /// = 0.5). Measured over seeds 3, 5, 7 (39 reachable pairs): 0.24. Behaviour picks the true old id out of hundreds
    /// of stoppers far better than chance, but rarely first: the list needs a person to confirm.
    /// </summary>
    [Fact]
    public void Planted_splits_of_cdnow_rank_well_above_chance_among_their_candidates()
    {
        var percentiles = new List<double>();
        foreach (int seed in new[] { 3, 5, 7 })
        {
            var split = CdnowSplit.Make(seed, share: 0.05);
            var rows = split.Csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(','))
                .Select(f => new Transaction(f[0], DateTime.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture))).ToArray();
            var planted = split.AliasCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).Select(f => (Old: f[1], New: f[0])).ToArray();
            var byNew = LikelyPairs.Candidates(rows, new LikelyPairOptions { MinimumScore = 0 }, int.MaxValue)
                .GroupBy(p => p.NewId).ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Score).ToList());
            foreach (var (o, n) in planted)
            {
                if (byNew.TryGetValue(n, out var list) && list.FindIndex(p => p.OldId == o) is int r and >= 0)
                {
                    percentiles.Add((r + 0.5) / list.Count);
                }
            }

            // Every id reported as new is a planted one: the real customers all start in the log's first quarter.
            Assert.All(LikelyPairs.Find(rows), p => Assert.Contains('#', p.NewId));
        }

        output.WriteLine($"reachable {percentiles.Count}, mean percentile {percentiles.Average()}");
        Assert.Equal(39, percentiles.Count);
        Assert.InRange(percentiles.Average(), 0, 0.3);
    }
}
