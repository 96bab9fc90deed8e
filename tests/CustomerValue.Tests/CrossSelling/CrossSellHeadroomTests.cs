using CustomerValue.CrossSelling;
using CustomerValue.Samples;
using CustomerValue.Scoring;
using CustomerValue.Transactions;

namespace CustomerValue.Tests.CrossSelling;

/// <summary>
/// Cross-sell targets use wallet headroom (issue 14.4): the headroom is the scoring pipeline's own estimate, and a narrow
/// buyer who is not valuable yet but has room to grow is a target. The expected targets below follow from the
/// documented rule by hand (order statistics of four numbers).
/// </summary>
public sealed class CrossSellHeadroomTests
{
    [Fact]
    public void The_estimated_headroom_is_the_pipelines_per_customer()
    {
        var pipeline = new CustomerBasePipeline(new PipelineOptions(new DateOnly(1997, 9, 30)));
        var run = pipeline.Run(SampleData.CdnowTransactions());
        var headroom = pipeline.EstimateWalletHeadroom(run.Summaries);
        Assert.Equal(run.Count, headroom.Count);
        for (int i = 0; i < run.Count; i++)
        {
            Assert.Equal(run.WalletHeadroom[i], headroom[run.Summaries.CustomerIds[i]]);
        }

        Assert.Contains(headroom.Values, h => h > 0);
        Assert.All(headroom.Values, h => Assert.True(h >= 0 && double.IsFinite(h)));
    }

    [Fact]
    public void A_narrow_buyer_with_headroom_is_a_target_and_one_without_value_or_headroom_is_not()
    {
        var day = new DateTime(2024, 1, 2);
        ItemTransaction[] lines =
        [
            new("a", day, 100, "o1", "x", "c1"),
            new("b", day, 10, "o2", "x", "c1"),
            new("c", day, 10, "o3", "x", "c1"),
            new("d", day, 400, "o4", "x", "c1"),
            new("d", day, 300, "o4", "y", "c2"),
            new("d", day, 300, "o4", "z", "c3"),
        ];
        var options = new CrossSellOptions(new DateOnly(2024, 12, 31)) { ValueQuantile = 0.75, HeadroomQuantile = 0.5 };
        var headroom = new Dictionary<string, double> { ["a"] = 0, ["b"] = 50, ["c"] = 0, ["d"] = 500 };

        // Sales 10, 10, 100, 1000: the 0.75 quantile is the 3rd = 100, so a is valuable. Headroom 0, 0, 50, 500: the median
        // is the 2nd = 0, so b (50 > 0) has room to grow; c has none; d buys from 3 categories.
        var result = CrossSellAnalyzer.Analyze(lines, options).Customers.ToDictionary(c => c.CustomerId);
        Assert.Equal([true, false, false, false], new[] { "a", "b", "c", "d" }.Select(id => result[id].IsTarget));
        var analyzer = new CrossSellAnalyzer(options);
        foreach (var line in lines)
        {
            analyzer.Add(line);
        }

        var withHeadroom = analyzer.ToResult(null, headroom);
        var byId = withHeadroom.Customers.ToDictionary(c => c.CustomerId);
        Assert.Equal([true, true, false, false], new[] { "a", "b", "c", "d" }.Select(id => byId[id].IsTarget));
        Assert.Equal([true, false, false, false], new[] { "a", "b", "c", "d" }.Select(id => byId[id].IsValueTarget));
        Assert.Equal(50, byId["b"].WalletHeadroom);
        Assert.Equal(0, withHeadroom.HeadroomThreshold);
        Assert.Equal(100, withHeadroom.ValueThreshold);
        Assert.Equal((2, 1), (withHeadroom.Targets, withHeadroom.ValueTargets));
    }
}
