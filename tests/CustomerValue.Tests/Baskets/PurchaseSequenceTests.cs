using CustomerValue.Baskets;
using CustomerValue.Transactions;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Baskets;

/// <summary>Sequence discovery against the contract's definitions, evaluated pair by pair by a direct count written here.</summary>
public sealed class PurchaseSequenceTests
{
    private static ItemTransaction Buy(string customer, int day, string item) => new(customer, new DateTime(2020, 1, 1).AddDays(day), 1, null, item);

    /// <summary>The definitions, literally: per pair, per customer, from first purchase days.</summary>
    private static List<(string A, string B, long First, long Then, double? BaseRate)> Direct(ItemTransaction[] lines, int w, int minCustomers)
    {
        int end = lines.Max(l => l.Date.DayNumber);
        var firstDay = lines.GroupBy(l => (l.CustomerId, l.Item!)).ToDictionary(g => g.Key, g => g.Min(l => l.Date.DayNumber));
        var firstAny = lines.GroupBy(l => l.CustomerId).ToDictionary(g => g.Key, g => g.Min(l => l.Date.DayNumber));
        var items = lines.Select(l => l.Item!).Distinct().ToArray();
        var result = new List<(string, string, long, long, double?)>();
        foreach (var a in items)
        {
            foreach (var b in items.Where(b => b != a))
            {
                long first = 0, then = 0, eligible = 0, within = 0;
                foreach (var c in firstAny.Keys)
                {
                    bool hasB = firstDay.TryGetValue((c, b), out int dB);
                    if (firstDay.TryGetValue((c, a), out int dA) && dA + w <= end && !(hasB && dB <= dA))
                    {
                        first++;
                        if (hasB && dB > dA && dB <= dA + w)
                        {
                            then++;
                        }
                    }

                    int d0 = firstAny[c];
                    if (d0 + w <= end && !(hasB && dB <= d0))
                    {
                        eligible++;
                        if (hasB && dB <= d0 + w)
                        {
                            within++;
                        }
                    }
                }

                if (then >= minCustomers)
                {
                    result.Add((a, b, first, then, eligible > 0 ? (double)within / eligible : null));
                }
            }
        }

        return result;
    }

    [Fact]
    public void A_hand_counted_example_with_right_censoring()
    {
        // The log ends on day 200; W = 90, so only first purchases of A up to day 110 count.
        // c1: tv day 0, speakers day 30 (within). c2: tv day 10, speakers day 150 (too late). c3: speakers day 0, tv day 5
        // (had speakers before: excluded). c4: tv day 150 (window not covered: excluded). c5: cable day 200 (ends the log).
        var lines = new[]
        {
            Buy("c1", 0, "tv"), Buy("c1", 30, "speakers"), Buy("c2", 10, "tv"), Buy("c2", 150, "speakers"),
            Buy("c3", 0, "speakers"), Buy("c3", 5, "tv"), Buy("c4", 150, "tv"), Buy("c5", 200, "cable"),
        };
        var set = PurchaseSequenceAnalyzer.Analyze(lines, new SequenceOptions { WithinDays = 90, MinCustomers = 1 });
        var rule = set.Rules.Single(r => r.First == "tv" && r.Then == "speakers");
        Assert.Equal(2, rule.CustomersFirst);
        Assert.Equal(1, rule.CustomersThenWithin);
        Assert.Equal(0.5, rule.Probability);

        // Base rate of speakers: customers with first purchase by day 110 (c1, c2, c3) who had no speakers on their first
        // day (c1, c2): c1 buys them within 90 days, c2 does not: 1/2, so lift 1.
        Assert.Equal(0.5, rule.BaseRate);
        Assert.Equal(1.0, rule.Lift);
        Assert.Equal(new DateOnly(2020, 1, 1).AddDays(200), set.ObservationEnd);
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public bool The_analyzer_lists_exactly_the_pairs_of_the_direct_count(ItemLog log, byte windowSeed, bool one)
    {
        int w = 1 + (windowSeed % 60);
        int min = one ? 1 : 2;
        var expected = Direct(log.Lines, w, min).OrderBy(r => r.A, StringComparer.Ordinal).ThenBy(r => r.B, StringComparer.Ordinal).ToList();
        var set = PurchaseSequenceAnalyzer.Analyze(log.Lines, new SequenceOptions { WithinDays = w, MinCustomers = min });
        var actual = set.Rules.Select(r => (r.First, r.Then, r.CustomersFirst, r.CustomersThenWithin, r.BaseRate))
            .OrderBy(r => r.First, StringComparer.Ordinal).ThenBy(r => r.Then, StringComparer.Ordinal).ToList();
        return expected.SequenceEqual(actual)
            && set.Rules.All(r => r.Probability > 0 && r.Probability <= 1 && (r.Lift is null || (double.IsFinite(r.Lift.Value) && r.Lift > 0)));
    }

    [Fact]
    public void Categories_and_an_explicit_end_are_honoured()
    {
        var lines = new[]
        {
            new ItemTransaction("a", new DateTime(2020, 1, 1), 1, Item: "x1", Category: "X"),
            new ItemTransaction("a", new DateTime(2020, 1, 20), 1, Item: "y1", Category: "Y"),
            new ItemTransaction("a", new DateTime(2020, 12, 1), 1, Item: "z1", Category: "Z"),
        };
        var options = new SequenceOptions { WithinDays = 30, MinCustomers = 1, Level = SequenceLevel.Category, ObservationEnd = new DateOnly(2020, 3, 1) };
        var analyzer = new PurchaseSequenceAnalyzer(options);
        foreach (var l in lines)
        {
            analyzer.Add(l);
        }

        var set = analyzer.Analyze();
        Assert.Equal(1, analyzer.LinesAfterEnd);
        var rule = Assert.Single(set.Rules);
        Assert.Equal(("X", "Y"), (rule.First, rule.Then));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceOptions { WithinDays = 0 });
    }
}
