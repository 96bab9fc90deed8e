using CustomerValue.Samples;
using CustomerValue.Segmentation;
using CustomerValue.Summaries;

namespace CustomerValue.Tests.Segmentation;

/// <summary>RFM n-tile scores: direction, the tie rule, nested binning, code and weighted score, validation.</summary>
public sealed class RfmScoringTests
{
    private static RfmScores Score(double[] r, double[] f, double[] m, RfmOptions? options = null) =>
        new RfmScorer(options).Score(RfmInput.FromColumns(r, f, m));

    [Fact]
    public void Ten_distinct_values_fill_five_bins_two_each_and_five_is_best()
    {
        double[] ascending = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        var s = Score(ascending, ascending, ascending);
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], s.Frequency.ToArray().Select(x => (int)x));
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], s.Monetary.ToArray().Select(x => (int)x));

        // Recency is days since the last purchase: fewer days = more recent = higher score.
        Assert.Equal([5, 5, 4, 4, 3, 3, 2, 2, 1, 1], s.Recency.ToArray().Select(x => (int)x));
        Assert.Equal([2, 4, 6, 8], s.CutPoints.Frequency().ToArray());
        Assert.Equal([9, 7, 5, 3], s.CutPoints.Recency.ToArray());
    }

    [Fact]
    public void Equal_values_share_a_score_even_when_that_leaves_bins_short()
    {
        // 6 of 10 customers bought once: they all get 1; the next value starts at rank 6 -> 1 + floor(5*6/10) = 4.
        double[] f = [1, 1, 1, 1, 1, 1, 2, 2, 3, 9];
        var s = Score(new double[10], f, f);
        Assert.Equal([1, 1, 1, 1, 1, 1, 4, 4, 5, 5], s.Frequency.ToArray().Select(x => (int)x));

        // Everyone equal: everyone gets 1 (no customer has anyone strictly below).
        var same = Score(new double[7], [3, 3, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5, 5]);
        Assert.All(same.Frequency.ToArray(), x => Assert.Equal(1, x));
        Assert.All(same.Recency.ToArray(), x => Assert.Equal(1, x));
    }

    [Fact]
    public void A_tie_group_straddling_a_boundary_goes_to_the_lower_bin()
    {
        // Values 1..4 then four 5s then 9, 10: the 5s start at rank 4 of 10 -> score 3, although ranks 6-7 would be 4.
        double[] m = [1, 2, 3, 4, 5, 5, 5, 5, 9, 10];
        var s = Score(new double[10], new double[10], m);
        Assert.Equal([1, 1, 2, 2, 3, 3, 3, 3, 5, 5], s.Monetary.ToArray().Select(x => (int)x));
    }

    [Fact]
    public void Other_bin_counts_use_the_same_rule()
    {
        double[] v = [.. Enumerable.Range(1, 12).Select(i => (double)i)];
        var s = Score(v, v, v, new RfmOptions { Bins = 3 });
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3], s.Monetary.ToArray().Select(x => (int)x));
        var nine = Score(v, v, v, new RfmOptions { Bins = 9 });
        Assert.Equal([1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9], nine.Monetary.ToArray().Select(x => (int)x));
    }

    [Fact]
    public void Nested_binning_scores_frequency_within_recency_and_monetary_within_both()
    {
        // Two recency groups (days 0 and 100); frequency is ranked within each group.
        double[] r = [0, 0, 0, 0, 100, 100, 100, 100];
        double[] f = [10, 20, 30, 40, 1, 2, 3, 4];
        double[] m = [5, 6, 7, 8, 1, 2, 3, 4];
        var options = new RfmOptions { Bins = 2, Binning = RfmBinning.Nested };
        var nested = Score(r, f, m, options);
        Assert.Equal([2, 2, 2, 2, 1, 1, 1, 1], nested.Recency.ToArray().Select(x => (int)x));
        Assert.Equal([1, 1, 2, 2, 1, 1, 2, 2], nested.Frequency.ToArray().Select(x => (int)x));

        // Each (R, F) group has two customers: the larger spender scores 2.
        Assert.Equal([1, 2, 1, 2, 1, 2, 1, 2], nested.Monetary.ToArray().Select(x => (int)x));

        // Independent binning ranks frequency over everyone instead.
        var independent = Score(r, f, m, options with { Binning = RfmBinning.Independent });
        Assert.Equal([2, 2, 2, 2, 1, 1, 1, 1], independent.Frequency.ToArray().Select(x => (int)x));
        Assert.Equal([20, 2], [nested.CutPoints.Frequency(2)[0], nested.CutPoints.Frequency(1)[0]]);
    }

    [Fact]
    public void The_code_and_the_weighted_score_combine_the_three_scores()
    {
        var score = RfmScore.Create(5, 4, 5);
        Assert.Equal("545", score.Code);
        Assert.Equal(545, score.NumericCode);
        Assert.Equal(score, RfmScore.Parse("545"));
        Assert.Equal(14.0 / 3, RfmOptions.Default.Weighted(score), 12);
        var weighted = new RfmOptions { RecencyWeight = 2, FrequencyWeight = 1, MonetaryWeight = 0 };
        Assert.Equal((10 + 4) / 3.0, weighted.Weighted(score), 12);
        Assert.Throws<FormatException>(() => RfmScore.Parse("506"));
        Assert.Throws<ArgumentOutOfRangeException>(() => RfmScore.Create(6, 1, 1));
        Assert.Throws<InvalidOperationException>(() => new RfmOptions { RecencyWeight = 0, FrequencyWeight = 0, MonetaryWeight = 0 }.Weighted(score));

        double[] v = [1, 2, 3, 4, 5];
        var s = Score(v, v, v, new RfmOptions { MonetaryWeight = 2 });
        var all = new double[5];
        s.CopyWeightedTo(all);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(s.Weighted(i), all[i]);
        }
    }

    [Fact]
    public void Options_and_inputs_are_validated_with_messages_naming_the_row_customer_and_field()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RfmOptions { Bins = 10 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RfmOptions { Bins = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RfmOptions { MonetaryWeight = double.NaN });
        var e = Assert.Throws<ArgumentException>(() => RfmInput.FromColumns([1, -2], [1, 1], [1, 1], ["a", "b"]));
        Assert.Contains("customer 'b'", e.Message, StringComparison.Ordinal);
        Assert.Contains("recency", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => RfmInput.FromColumns([1, 2], [1, double.NaN], [1, 1]));
        Assert.Contains("Row 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("frequency", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RfmInput.FromColumns([1], [1], [double.PositiveInfinity]));
        Assert.Throws<ArgumentException>(() => RfmInput.FromColumns([1, 2], [1], [1, 1]));
        var scorer = new RfmScorer();
        Assert.Throws<ArgumentException>(() => scorer.Score([1.0, 2], [1.0, 2], [1.0, 2], new byte[2], new byte[1], new byte[2]));

        // The batch path checks with vectors, then names the first bad row.
        var many = Enumerable.Range(0, 40).Select(i => (double)i).ToArray();
        var bad = (double[])many.Clone();
        bad[36] = double.NegativeInfinity;
        e = Assert.Throws<ArgumentException>(() => scorer.Score(many, many, bad, new byte[40], new byte[40], new byte[40]));
        Assert.Equal("Row 37: monetary value must be finite, got -Infinity.", e.Message);
        bad[36] = -1;
        e = Assert.Throws<ArgumentException>(() => scorer.Score(bad, many, many, new byte[40], new byte[40], new byte[40]));
        Assert.StartsWith("Row 37: recency (days since last purchase) must be finite and >= 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_and_single_customer_bases_score_without_error()
    {
        var empty = Score([], [], []);
        Assert.Equal(0, empty.Count);
        var one = Score([3], [2], [10]);
        Assert.Equal(RfmScore.Create(1, 1, 1), one[0]);
    }

    [Fact]
    public void Summaries_give_days_since_last_purchase_purchase_days_and_total_spend()
    {
        var summaries = SummaryAccumulator.Summarize(SampleData.CdnowTransactions(), new SummaryOptions(SampleData.CdnowHoldoutEnd, TimeUnit.Day));
        var input = RfmInput.FromSummaries(summaries, SampleData.CdnowHoldoutEnd);
        Assert.Equal(2357, input.Count);

        // Customer 1 bought on 1997-01-01, 1997-01-18, 1997-08-02 and 1997-12-12, spending 29.33 + 29.73 + 14.96 + 26.48.
        int row = summaries.CustomerIds.ToList().IndexOf("1");
        Assert.Equal(SampleData.CdnowHoldoutEnd.DayNumber - new DateOnly(1997, 12, 12).DayNumber, input.RecencyDays[row]);
        Assert.Equal(4, input.Frequency[row]);
        Assert.Equal(100.50, input.Monetary[row], 1e-6);

        var e = Assert.Throws<ArgumentException>(() => RfmInput.FromSummaries(summaries, new DateOnly(1998, 1, 1)));
        Assert.Contains("after the as-of date", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_parallel_large_input_path_matches_the_rank_rule_computed_by_sorting()
    {
        var random = new Random(7);
        int n = 300_000;
        var r = new double[n];
        var f = new double[n];
        var m = new double[n];
        for (int i = 0; i < n; i++)
        {
            r[i] = random.Next(0, 700);
            f[i] = 1 + Math.Floor(-Math.Log(1 - random.NextDouble()) * 3);
            m[i] = Math.Round(Math.Exp(3 + (1.5 * random.NextDouble() * random.NextDouble() * 4)), 2);
        }

        var rs = new byte[n];
        var fs = new byte[n];
        var ms = new byte[n];
        new RfmScorer().Score(r, f, m, rs, fs, ms);
        AssertRankRule(f, fs, descending: false);
        AssertRankRule(m, ms, descending: false);
        AssertRankRule(r, rs, descending: true);
    }

    /// <summary>The reference: score = 1 + floor(5 · (customers strictly worse) / N), by sorting.</summary>
    internal static void AssertRankRule(double[] values, ReadOnlySpan<byte> scores, bool descending, int bins = 5)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int n = values.Length;
        for (int i = 0; i < n; i++)
        {
            int worse = descending
                ? n - UpperBound(sorted, values[i])
                : LowerBound(sorted, values[i]);
            int expected = 1 + (int)((long)bins * worse / n);
            if (expected != scores[i])
            {
                Assert.Fail($"row {i}: value {values[i]} expected score {expected}, got {scores[i]}");
            }
        }
    }

    private static int LowerBound(double[] sorted, double v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (sorted[mid] < v)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int UpperBound(double[] sorted, double v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (sorted[mid] <= v)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
