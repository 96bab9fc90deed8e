using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Fitting;
using CustomerValue.Summaries;

namespace CustomerValue.Tests.Lifetime;

/// <summary>Heavy buyers, long ages and long horizons give finite, sensible answers; bad input is named.</summary>
public sealed class BgNbdEdgeCaseTests
{
    private static readonly BgNbdParameters Cdnow = BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426);

    public static TheoryData<double> Frequencies => [0, 1, 161, 204, 221, 254, 300, 1000, 10000];

    [Theory]
    [MemberData(nameof(Frequencies))]
    public void Heavy_buyers_and_long_horizons_are_finite(double x)
    {
        IRepeatPurchaseModel[] models =
        [
            new BgNbdModel(Cdnow, TimeUnit.Week),
            new ModifiedBgNbdModel(ModifiedBgNbdParameters.Create(0.525, 6.183, 0.891, 1.614), TimeUnit.Week),
        ];
        foreach (var model in models)
        {
            foreach (double age in new[] { 0.0, 1, 39, 1000, 10000 })
            {
                foreach (double recency in new[] { 0, age / 2, age })
                {
                    double alive = model.ProbabilityAlive(x, recency, age);
                    Assert.InRange(alive, 0, 1);
                    double previous = 0;
                    foreach (double horizon in new[] { 0.0, 1, 39, 1000, 10000 })
                    {
                        double expected = model.ExpectedPurchases(horizon, x, recency, age);
                        Assert.True(double.IsFinite(expected) && expected >= previous * (1 - 1e-9),
                            $"{model.Kind} x={x} t_x={recency} T={age} t={horizon}: {expected} after {previous}");
                        previous = expected;
                    }
                }
            }
        }
    }

    [Fact]
    public void An_active_heavy_buyer_is_expected_to_keep_buying_at_their_rate()
    {
        // x = 10,000 purchases over T = 10,000 weeks, the last one just now: P(alive) ≈ 1 and the expected purchases in
        // the next 39 weeks ≈ 39 × posterior mean rate (r+x)/(α+T), discounted slightly by the chance of dropping out.
        var model = new BgNbdModel(Cdnow, TimeUnit.Week);
        double rate = (0.243 + 10000) / (4.414 + 10000);
        Assert.Equal(1, model.ProbabilityAlive(10000, 10000, 10000), 1e-3);
        double expected = model.ExpectedPurchases(39, 10000, 10000, 10000);
        Assert.InRange(expected, 39 * rate * 0.99, 39 * rate);
    }

    [Fact]
    public void A_heavy_buyer_who_stopped_long_ago_is_dead()
    {
        var model = new BgNbdModel(Cdnow, TimeUnit.Week);
        Assert.Equal(0, model.ProbabilityAlive(10000, 5000, 10000));
        Assert.Equal(0, model.ExpectedPurchases(39, 10000, 5000, 10000));
    }

    [Fact]
    public void Likelihood_is_finite_for_extreme_rows_and_a_fit_with_them_converges()
    {
        var data = CdnowData.ExactWeeks;
        var ids = data.CustomerIds.Concat(["heavy1", "heavy2", "heavy3"]).ToArray();
        var fit = BgNbdModel.Fit(CustomerSummaries.FromColumns(ids,
            [.. data.Frequency.ToArray(), 10000, 300, 254],
            [.. data.Recency.ToArray(), 9999, 38, 20],
            [.. data.Age.ToArray(), 10000, 39, 39],
            [], TimeUnit.Week));
        Assert.True(fit.Converged, fit.StopReason.ToString());
        Assert.True(double.IsFinite(fit.LogLikelihood));
        Assert.True(fit.HasStandardErrors);

        var mbg = ModifiedBgNbdModel.Fit(CustomerSummaries.FromColumns(ids,
            [.. data.Frequency.ToArray(), 10000, 300, 254],
            [.. data.Recency.ToArray(), 9999, 38, 20],
            [.. data.Age.ToArray(), 10000, 39, 39],
            [], TimeUnit.Week));
        Assert.True(mbg.Converged, mbg.StopReason.ToString());
    }

    [Fact]
    public void Parameter_a_of_exactly_one_is_handled()
    {
        // The published E[X(t)] has (a+b−1)/(a−1): 0/0 at a = 1. Ours is continuous there.
        var at = new BgNbdModel(BgNbdParameters.Create(0.5, 4, 1, 2), TimeUnit.Week);
        var near = new BgNbdModel(BgNbdParameters.Create(0.5, 4, 1 + 1e-7, 2), TimeUnit.Week);
        Assert.Equal(near.ExpectedPurchasesNewCustomer(39), at.ExpectedPurchasesNewCustomer(39), 1e-6);
        Assert.Equal(near.ExpectedPurchases(39, 3, 20, 39), at.ExpectedPurchases(39, 3, 20, 39), 1e-6);
        Assert.Equal(near.ExpectedPurchases(5000, 3, 20, 39), at.ExpectedPurchases(5000, 3, 20, 39), 1e-5);
    }

    [Fact]
    public void Bad_inputs_name_the_field()
    {
        var model = new BgNbdModel(Cdnow, TimeUnit.Week);
        Assert.Contains("recency", Assert.Throws<ArgumentException>(() => model.ProbabilityAlive(2, 40, 39)).Message);
        Assert.Contains("frequency", Assert.Throws<ArgumentException>(() => model.ProbabilityAlive(double.NaN, 1, 39)).Message);
        Assert.Contains("T", Assert.Throws<ArgumentException>(() => model.ExpectedPurchases(1, 1, 1, -1)).Message);
        Assert.Contains("horizon", Assert.Throws<ArgumentOutOfRangeException>(() => model.ExpectedPurchases(-1, 1, 1, 2)).Message);
        Assert.Contains("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => BgNbdParameters.Create(1, 0, 1, 1)).Message);
        Assert.Throws<ArgumentException>(() => new BgNbdModel(default, TimeUnit.Week));
        Assert.Throws<ArgumentException>(() => model.ProbabilityAlive(new double[2], new double[2], new double[1], new double[2]));
        Assert.Contains("InitialValues", Assert.Throws<ArgumentException>(() => BgNbdModel.Fit(CdnowData.ExactWeeks, new FitOptions { InitialValues = [1.0] })).Message);
    }

    [Fact]
    public void Running_out_of_iterations_is_reported()
    {
        var fit = BgNbdModel.Fit(CdnowData.ExactWeeks, new FitOptions { MaxIterations = 3 });
        Assert.False(fit.Converged);
        Assert.Equal(FitStopReason.IterationLimit, fit.StopReason);
        Assert.True(double.IsFinite(fit.LogLikelihood));
        Assert.True(fit.LogLikelihood > -20000);
    }

    [Fact]
    public void L2_penalty_shrinks_the_fit()
    {
        var plain = BgNbdModel.Fit(CdnowData.ExactWeeks);
        var penalised = BgNbdModel.Fit(CdnowData.ExactWeeks, new FitOptions { L2Penalty = 0.1 });
        Assert.True(penalised.Estimates.Sum(v => v * v) < plain.Estimates.Sum(v => v * v));
        Assert.True(penalised.LogLikelihood < plain.LogLikelihood);
        Assert.Equal(0.1, penalised.L2Penalty);
    }
}
