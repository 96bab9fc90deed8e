using System.Globalization;
using CustomerValue.Segmentation;

namespace CustomerValue.Tests.Segmentation;

/// <summary>
/// The worked example of docs/segmentation.md: the UCI Online Retail customers (cancellations and rows without a
/// customer id dropped; revenue = quantity × unit price), as of 2011-12-10. Expected figures were computed
/// independently (Python, from the same per-customer extract) — see TestData/derive_segmentation_extracts.py.
/// </summary>
public sealed class OnlineRetailExampleTests
{
    private static readonly DateOnly AsOf = new(2011, 12, 10);

    private static readonly Lazy<(string[] Ids, RfmInput Input)> Data = new(() =>
    {
        var rows = TestFiles.Csv("online_retail_customers.csv").ToArray();
        var ids = rows.Select(r => r[0]).ToArray();
        double[] recency = [.. rows.Select(r => (double)(AsOf.DayNumber - DateOnly.ParseExact(r[2], "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber))];
        double[] frequency = [.. rows.Select(r => double.Parse(r[3], CultureInfo.InvariantCulture))];
        double[] revenue = [.. rows.Select(r => double.Parse(r[5], CultureInfo.InvariantCulture))];
        return (ids, RfmInput.FromColumns(recency, frequency, revenue, ids));
    });

    [Fact]
    public void Rfm_quintiles_and_grid_segments_match_the_worked_example()
    {
        var input = Data.Value.Input;
        Assert.Equal(4339, input.Count);
        var scores = new RfmScorer().Score(input);
        Assert.Equal([869, 889, 866, 889, 826], CountScores(scores.Recency));
        Assert.Equal([1549, 874, 501, 616, 799], CountScores(scores.Frequency));
        Assert.Equal([868, 868, 868, 868, 867], CountScores(scores.Monetary));

        var segments = SegmentMap.RecencyFrequencyGrid.Assign(scores);
        var counts = segments.Map.Segments.Zip(segments.Counts).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(553, counts["champions"]);
        Assert.Equal(674, counts["loyal"]);
        Assert.Equal(504, counts["potential_loyalists"]);
        Assert.Equal(67, counts["new"]);
        Assert.Equal(175, counts["promising"]);
        Assert.Equal(112, counts["need_attention"]);
        Assert.Equal(496, counts["about_to_sleep"]);
        Assert.Equal(316, counts["at_risk"]);
        Assert.Equal(54, counts["cant_lose"]);
        Assert.Equal(1388, counts["hibernating"]);
    }

    [Fact]
    public void Value_concentration_matches_the_worked_example()
    {
        var c = new ValueConcentrationAnalyzer().Analyze(Data.Value.Input.Monetary);
        Assert.Equal(8_911_407.90, c.TotalValue, 1e-4);
        Assert.Equal(0.7152052694, c.Gini, 1e-9);
        Assert.Equal([1133, 1469, 1737], c.AbcGroups.Select(g => g.Customers));
        Assert.Equal([434, 434, 435, 433, 434, 434, 434, 434, 434, 433], c.Quantiles.Select(q => q.Customers));
        Assert.Equal(0.6137506577, c.Quantiles[0].Share, 1e-9);
        Assert.Equal(44, c.TopShare(0.01).Customers);
        Assert.Equal(0.3199885587, c.TopShare(0.01).ValueShare, 1e-9);
        Assert.Equal(0.5037812499, c.TopShare(0.05).ValueShare, 1e-9);
        Assert.Equal(0.7461713721, c.TopShare(0.20).ValueShare, 1e-9);
        Assert.Equal([212, 1133, 1908, 2602], new[] { 0.5, 0.8, 0.9, 0.95 }.Select(s => c.CustomersForShare(s).Customers));
        Assert.Equal([4, 10, 22, 60, 116, 190, 286, 445, 775, 2430], c.PurchaseQuantiles.Select(p => p.Customers));
    }

    [Fact]
    public void Gold_and_drag_match_the_worked_example()
    {
        var input = Data.Value.Input;
        var measures = CustomerValueMeasures.Create(input.Monetary, Data.Value.Ids).WithDaysSinceLastPurchase(input.RecencyDays);
        var tiers = new ValueTierClassifier().Classify(measures);
        Assert.Equal(216, tiers.CountOf(GoldDragTier.Gold));
        // Drag = the bottom 20% by spend: floor(0.2 x 4,339) = 867 (no ties at the cut).
        Assert.Equal(867, tiers.CountOf(GoldDragTier.Drag));
    }

    private static int[] CountScores(ReadOnlySpan<byte> scores)
    {
        var counts = new int[5];
        foreach (byte s in scores)
        {
            counts[s - 1]++;
        }

        return counts;
    }
}
