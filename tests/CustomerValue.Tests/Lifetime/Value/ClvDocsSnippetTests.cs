using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;

namespace CustomerValue.Tests.Lifetime.Value;

/// <summary>The snippets of docs/clv.md, compiled and run on the CDNOW sample.</summary>
public class ClvDocsSnippetTests
{
    [Fact]
    public void The_quick_start_runs()
    {
        var summaries = CdnowData.ExactWeeks;
        var purchases = new BgNbdModel(BgNbdModel.Fit(summaries).Parameters, summaries.TimeUnit);
        var spend = new GammaGammaModel(GammaGammaModel.Fit(summaries).Parameters);

        var options = LifetimeValueOptions.Create(
            horizon: 52,
            discountRate: DiscountRate.PerYear(0.10),
            method: DiscountingMethod.Discrete,
            marginRate: 0.3);
        var clv = new CustomerLifetimeValueCalculator(purchases, spend, options);

        double one = clv.LifetimeValue(frequency: 2, recency: 30.43, age: 38.86, monetaryValue: 20);
        double[] all = clv.LifetimeValues(summaries);
        double equity = clv.Total(summaries);

        Assert.True(one > 0);
        Assert.Equal(summaries.Count, all.Length);
        Assert.Equal(all.Sum(), equity, equity * 1e-12);
    }

    [Fact]
    public void The_intervals_snippet_runs()
    {
        var summaries = CdnowData.ExactWeeks;
        var spendDocument = LifetimeModelFactory.Fit("gg", summaries);
        var spendModel = LifetimeModelFactory.CreateSpendModel(spendDocument);
        var options = LifetimeValueOptions.Create(52, DiscountRate.PerYear(0.10));

        var document = LifetimeModelFactory.Fit("bgnbd", summaries);
        var intervals = LifetimeModelFactory.Intervals(document, level: 0.95);
        PredictionInterval alive = intervals.ProbabilityAlive(2, 30.43, 38.86);
        PredictionInterval next = intervals.ExpectedPurchases(39, 2, 30.43, 38.86);
        PredictionInterval value = intervals.LifetimeValue(2, 30.43, 38.86, 20, spendModel, spendDocument.Covariance,
            LifetimeModelFactory.SpendModelBuilder(spendDocument), options);

        Assert.InRange(alive.Estimate, alive.Lower, alive.Upper);
        Assert.InRange(next.Estimate, next.Lower, next.Upper);
        Assert.InRange(value.Estimate, value.Lower, value.Upper);
        Assert.True(value.Upper > value.Lower);
    }
}
