using CustomerValue.Samples;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;

namespace CustomerValue.Tests.Scoring;

/// <summary>Issue 11.2: the drag rule the source documents mean, and MVC / MGC / BZ computed once in the pipeline.</summary>
public sealed class PipelineValueGroupTests
{
    private static readonly Lazy<PipelineResult> Cdnow = new(() => new CustomerBasePipeline(new PipelineOptions(SampleData.CdnowCalibrationEnd)).Run(SampleData.CdnowTransactions()));

    [Fact]
    public void Drag_is_about_the_bottom_20_percent_by_clv_and_gold_the_top_5_percent_with_inactivity_only_a_reason()
    {
        var run = Cdnow.Value;
        var clv = run.Scores.LifetimeValue.ToArray();
        int n = clv.Length;

        // Independently of the rank code: a customer is in the bottom 20 % when at least 80 % of customers have a
        // strictly larger CLV, and in the top 5 % when at least 95 % have a strictly smaller one (ties never split).
        int expectedDrag = 0, expectedGold = 0;
        for (int i = 0; i < n; i++)
        {
            int larger = clv.Count(v => v > clv[i]);
            int smaller = clv.Count(v => v < clv[i]);
            bool gold = clv[i] > 0 && smaller >= 0.95 * n - 1e-9;
            bool drag = !gold && (clv[i] < 0 || larger >= 0.80 * n - 1e-9);
            expectedGold += gold ? 1 : 0;
            expectedDrag += drag ? 1 : 0;
            Assert.Equal(gold ? GoldDragTier.Gold : drag ? GoldDragTier.Drag : GoldDragTier.Regular, run.Scores.Tier[i]);
        }

        var counts = run.TierCounts();
        Assert.Equal(expectedDrag, counts[(int)GoldDragTier.Drag]);
        Assert.Equal(expectedGold, counts[(int)GoldDragTier.Gold]);

        // About a fifth of 2,357 (471.4; ties at the cut fall out) — not the ~0 of the inactivity filter.
        Assert.InRange(counts[(int)GoldDragTier.Drag], 440, 472);
        Assert.InRange(counts[(int)GoldDragTier.Gold], 100, 118);

        // Inactivity is a reason: drag customers inactive for over a year say so, the others say low value.
        for (int i = 0; i < n; i++)
        {
            string reasons = run.TierReasonsOf(i);
            switch (run.Scores.Tier[i])
            {
                case GoldDragTier.Drag:
                    Assert.StartsWith(clv[i] < 0 ? "below_zero" : "low_value", reasons, StringComparison.Ordinal);
                    Assert.Equal(run.ChurnSignalsOf(i).DaysSinceLastPurchase > 365, reasons.EndsWith(";inactive", StringComparison.Ordinal));
                    break;
                case GoldDragTier.Gold:
                    Assert.Equal("top_value", reasons);
                    break;
                default:
                    Assert.Equal(string.Empty, reasons);
                    break;
            }
        }
    }

    [Fact]
    public void Value_groups_are_computed_once_on_clv_with_potential_from_estimated_wallets()
    {
        var run = Cdnow.Value;
        int n = run.Count;

        // The classifier and the scorer's O(N) rank path give every customer the same tier.
        Assert.Equal(run.Scores.Tier.ToArray(), run.ValueGroups.Tiers.ToArray());
        Assert.NotNull(run.Wallets);
        Assert.StartsWith("knn(k=20", run.Wallets!.Method, StringComparison.Ordinal);

        var clv = run.Scores.LifetimeValue.ToArray();
        var potential = run.PotentialValue.ToArray();
        var counts = run.ValueGroupCounts();
        Assert.Equal(n, counts.Sum());
        Assert.Equal(0, counts[(int)ValueGroup.BelowZero]); // CLV is never below zero without costs
        for (int i = 0; i < n; i++)
        {
            // Potential = (wallet − spend to date) × margin (1), never negative.
            Assert.Equal(Math.Max(0, run.Wallets.Wallet[i] - run.Wallets.OurSpend[i]), potential[i], 9);
            var group = run.ValueGroups.Groups[i];
            int smaller = clv.Count(v => v < clv[i]);
            bool mvc = clv[i] > 0 && smaller >= 0.80 * n - 1e-9;
            Assert.Equal(mvc, group == ValueGroup.MostValuable);
            if (group == ValueGroup.MostGrowable)
            {
                Assert.True(potential[i] > 0);
                Assert.True(potential.Count(p => p < potential[i]) >= 0.80 * n - 1e-9);
            }
        }

        Assert.InRange(counts[(int)ValueGroup.MostValuable], 440, 472);
        Assert.True(counts[(int)ValueGroup.MostGrowable] > 0);
    }
}
