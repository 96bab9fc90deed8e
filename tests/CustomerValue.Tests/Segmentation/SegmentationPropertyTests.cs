using CustomerValue.Segmentation;
using FsCheck;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Segmentation;

/// <summary>Properties over generated customer bases with many ties.</summary>
public sealed class SegmentationPropertyTests
{
    private static int[] Shuffle(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).OrderBy(_ => random.Next())];
    }

    private static RfmScores Score(RfmColumns c, RfmOptions options) =>
        new RfmScorer(options).Score(RfmInput.FromColumns(c.Recency, c.Frequency, c.Monetary));

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public bool Scores_are_within_one_to_n_for_any_bins_and_binning(RfmColumns c, byte binsSeed, bool nested)
    {
        var options = new RfmOptions { Bins = 2 + (binsSeed % 8), Binning = nested ? RfmBinning.Nested : RfmBinning.Independent };
        var s = Score(c, options);
        for (int i = 0; i < s.Count; i++)
        {
            if (s.Recency[i] < 1 || s.Recency[i] > options.Bins || s.Frequency[i] < 1 || s.Frequency[i] > options.Bins || s.Monetary[i] < 1 || s.Monetary[i] > options.Bins)
            {
                return false;
            }
        }

        return s.Count == c.Count;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void Independent_scores_follow_the_rank_rule_so_ties_are_never_split(RfmColumns c, byte binsSeed)
    {
        if (c.Count == 0)
        {
            return;
        }

        int bins = 2 + (binsSeed % 8);
        var s = Score(c, new RfmOptions { Bins = bins });
        RfmScoringTests.AssertRankRule(c.Frequency, s.Frequency, descending: false, bins);
        RfmScoringTests.AssertRankRule(c.Monetary, s.Monetary, descending: false, bins);
        RfmScoringTests.AssertRankRule(c.Recency, s.Recency, descending: true, bins);
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public bool Nested_scores_never_split_ties_within_a_group(RfmColumns c)
    {
        var s = Score(c, new RfmOptions { Binning = RfmBinning.Nested });
        for (int i = 0; i < c.Count; i++)
        {
            for (int j = i + 1; j < c.Count; j++)
            {
                bool sameR = c.Recency[i] == c.Recency[j];
                if (sameR && s.Recency[i] != s.Recency[j])
                {
                    return false;
                }

                bool sameF = s.Recency[i] == s.Recency[j] && c.Frequency[i] == c.Frequency[j];
                if (sameF && s.Frequency[i] != s.Frequency[j])
                {
                    return false;
                }

                if (s.Recency[i] == s.Recency[j] && s.Frequency[i] == s.Frequency[j] && c.Monetary[i] == c.Monetary[j] && s.Monetary[i] != s.Monetary[j])
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public bool Scores_and_segments_do_not_depend_on_row_order(RfmColumns c, int seed, bool nested)
    {
        var options = new RfmOptions { Binning = nested ? RfmBinning.Nested : RfmBinning.Independent };
        var order = Shuffle(c.Count, seed);
        var a = Score(c, options);
        var b = Score(c.Permute(order), options);
        var sa = SegmentMap.ClassicRfm.Assign(a);
        var sb = SegmentMap.ClassicRfm.Assign(b);
        for (int k = 0; k < order.Length; k++)
        {
            if (a[order[k]] != b[k] || sa.SegmentIds[order[k]] != sb.SegmentIds[k])
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public bool Batch_scores_equal_the_scalar_cut_point_path(RfmColumns c, bool nested)
    {
        var options = new RfmOptions { Binning = nested ? RfmBinning.Nested : RfmBinning.Independent };
        var r = new byte[c.Count];
        var f = new byte[c.Count];
        var m = new byte[c.Count];
        var cuts = new RfmScorer(options).Score(c.Recency, c.Frequency, c.Monetary, r, f, m);
        var whole = Score(c, options);
        for (int i = 0; i < c.Count; i++)
        {
            var scalar = cuts.Score(c.Recency[i], c.Frequency[i], c.Monetary[i]);
            if (scalar != new RfmScore(r[i], f[i], m[i]) || scalar != whole[i])
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public bool Every_customer_is_in_exactly_one_segment_of_each_preset(RfmColumns c)
    {
        var s = Score(c, RfmOptions.Default);
        foreach (var map in new[] { SegmentMap.RecencyFrequencyGrid, SegmentMap.ClassicRfm })
        {
            var assigned = map.Assign(s);
            if (assigned.Counts.Sum() != c.Count)
            {
                return false;
            }

            for (int i = 0; i < c.Count; i++)
            {
                var matching = map.Rules.Where(rule => rule.Matches(s[i])).Select(rule => rule.Segment).ToList();
                string expected = map.Evaluation == SegmentEvaluation.Partition
                    ? matching.Single()
                    : matching.FirstOrDefault() ?? map.Fallback!;
                if (assigned.SegmentName(i) != expected)
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300)]
    public bool Every_customer_has_one_abc_class_and_one_decile_and_shares_sum_to_one(ValueColumn v)
    {
        var c = new ValueConcentrationAnalyzer().Analyze(v.Values);
        int n = v.Values.Length;
        bool classes = c.AbcGroups.Sum(g => g.Customers) == n && c.Classes.ToArray().All(x => x is AbcClass.A or AbcClass.B or AbcClass.C);
        bool deciles = c.Quantiles.Sum(q => q.Customers) == n && c.QuantileOf.ToArray().All(d => d is >= 1 and <= 10);
        bool shares = Math.Abs(c.Quantiles.Sum(q => q.Share) - 1) < 1e-9 && Math.Abs(c.AbcGroups.Sum(g => g.Share) - 1) < 1e-9
            && c.Quantiles[^1].CumulativeShare == 1.0;
        // The last slice ends at the last customer with a positive value (zero-value customers make no slice).
        bool purchase = c.PurchaseQuantiles[^1].CumulativeCustomers == v.Values.Count(x => x > 0)
            && c.PurchaseQuantiles.Sum(p => p.Customers) == c.PurchaseQuantiles[^1].CumulativeCustomers;
        bool lorenz = c.LorenzCurve.Zip(c.LorenzCurve.Skip(1)).All(p => p.Second.ValueShare >= p.First.ValueShare - 1e-12);
        return classes && deciles && shares && purchase && lorenz;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300)]
    public bool Gini_is_in_zero_one_for_non_negative_values(ValueColumn v)
    {
        double g = new ValueConcentrationAnalyzer().Analyze(v.Values).Gini;
        return g >= 0 && g < 1;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public bool Classes_deciles_and_tiers_never_split_ties_and_do_not_depend_on_row_order(ValueColumn v, int seed)
    {
        int n = v.Values.Length;
        var order = Shuffle(n, seed);
        double[] shuffled = [.. order.Select(i => v.Values[i])];
        var analyzer = new ValueConcentrationAnalyzer();
        var a = analyzer.Analyze(v.Values);
        var b = analyzer.Analyze(shuffled);
        var days = Enumerable.Range(0, n).Select(i => (double)(v.Values[i] % 2 == 0 ? 400 : 10)).ToArray();
        var ta = new ValueTierClassifier().Classify(CustomerValueMeasures.Create(v.Values).WithDaysSinceLastPurchase(days));
        var tb = new ValueTierClassifier().Classify(CustomerValueMeasures.Create(shuffled).WithDaysSinceLastPurchase([.. order.Select(i => days[i])]));
        if (a.Gini != b.Gini || a.TopShare(0.2) != b.TopShare(0.2) || a.CustomersForShare(0.8) != b.CustomersForShare(0.8))
        {
            return false;
        }

        for (int k = 0; k < n; k++)
        {
            int i = order[k];
            if (a.Classes[i] != b.Classes[k] || a.QuantileOf[i] != b.QuantileOf[k] || ta.Groups[i] != tb.Groups[k] || ta.Tiers[i] != tb.Tiers[k])
            {
                return false;
            }
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                if (v.Values[i] == v.Values[j] && (a.Classes[i] != a.Classes[j] || a.QuantileOf[i] != a.QuantileOf[j] || ta.Groups[i] != ta.Groups[j]))
                {
                    return false;
                }
            }
        }

        return ta.CountOf(GoldDragTier.Gold) <= 0.05 * n + 1e-9 && ta.CountOf(GoldDragTier.Drag) <= 0.2 * n + 1e-9;
    }
}
