using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;

namespace CustomerValue.Tests.Lifetime.Value;

/// <summary>Lifetime value, model files and intervals with the published CDNOW models (BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma).</summary>
public class FittedModelLifetimeValueTests
{
    private static readonly BgNbdModel Model = new(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), TimeUnit.Week);

    [Theory]
    [InlineData(2, 30.43, 38.86)]
    [InlineData(0, 0, 0)]
    [InlineData(0, 0, 38.86)]
    [InlineData(25, 38, 38.86)]
    public void Continuous_discounting_matches_the_limit_of_ever_shorter_discrete_periods(double x, double tx, double t)
    {
        // Discrete end-of-period discounting overstates the discount by O(δΔ); Richardson extrapolation of Δ = 1/64 and
        // 1/128 removes that term and leaves O((δΔ)²) ≈ 1e-8 at 100% a year.
        var rate = DiscountRate.PerYear(1.0);
        double Value(DiscountingMethod method, double period) =>
            new CustomerLifetimeValueCalculator(Model, 1.0, LifetimeValueOptions.Create(104, rate, method, period)).LifetimeValue(x, tx, t, 0);
        double continuous = Value(DiscountingMethod.Continuous, 1);
        double limit = (2 * Value(DiscountingMethod.Discrete, 1.0 / 128)) - Value(DiscountingMethod.Discrete, 1.0 / 64);
        Assert.Equal(limit, continuous, continuous * 1e-7);
        Assert.True(Value(DiscountingMethod.Discrete, 1) < continuous);
    }

    [Theory]
    [InlineData(26, 30.86, 31)]
    [InlineData(0, 0, 0)]
    [InlineData(300, 30, 31)]
    public void Pareto_nbd_continuous_discounting_also_matches_the_limit_of_shorter_periods(double x, double tx, double t)
    {
        var model = new ParetoNbdModel(ParetoNbdParameters.Create(0.553, 10.578, 0.606, 11.669), TimeUnit.Week);
        var rate = DiscountRate.PerYear(1.0);
        double Value(DiscountingMethod method, double period) =>
            new CustomerLifetimeValueCalculator(model, 1.0, LifetimeValueOptions.Create(52, rate, method, period)).LifetimeValue(x, tx, t, 0);
        double continuous = Value(DiscountingMethod.Continuous, 1);
        double limit = (2 * Value(DiscountingMethod.Discrete, 1.0 / 64)) - Value(DiscountingMethod.Discrete, 1.0 / 32);
        Assert.Equal(limit, continuous, continuous * 1e-6);
        Assert.True(double.IsFinite(continuous) && continuous > 0);
    }

    [Theory]
    [InlineData(DiscountingMethod.Discrete)]
    [InlineData(DiscountingMethod.Continuous)]
    public void With_zero_discount_clv_is_the_published_1_226_purchases_times_spend(DiscountingMethod method)
    {
        var calculator = new CustomerLifetimeValueCalculator(Model, 35.0, LifetimeValueOptions.Create(39, DiscountRate.Zero, method, marginRate: 0.5));
        Assert.Equal(Model.ExpectedPurchases(39, 2, 30.43, 38.86) * 35 * 0.5, calculator.LifetimeValue(2, 30.43, 38.86, 0));
        Assert.Equal(1.226 * 35 * 0.5, calculator.LifetimeValue(2, 30.43, 38.86, 0), 0.0005 * 35);
    }

    [Fact]
    public void Equity_over_cdnow_is_the_sum_and_the_batch_path_matches_the_scalar_path()
    {
        var summaries = CdnowData.ExactWeeks;
        var calculator = new CustomerLifetimeValueCalculator(Model, 30.0, LifetimeValueOptions.Create(52, DiscountRate.PerYear(0.1), DiscountingMethod.Continuous));
        var batch = calculator.LifetimeValues(summaries);
        double sum = 0;
        for (int i = 0; i < summaries.Count; i++)
        {
            double scalar = calculator.LifetimeValue(summaries.Frequency[i], summaries.Recency[i], summaries.Age[i], 0);
            Assert.Equal(scalar, batch[i], Math.Abs(scalar) * 1e-12);
            sum += scalar;
        }

        Assert.Equal(sum, calculator.Total(summaries), sum * 1e-12);
    }

    [Fact]
    public void Heavy_buyers_get_finite_values()
    {
        var calculator = new CustomerLifetimeValueCalculator(Model, 50.0, LifetimeValueOptions.Create(10_000, DiscountRate.PerYear(0.1), DiscountingMethod.Continuous));
        double value = calculator.LifetimeValue(10_000, 9_999, 10_000, 0);
        Assert.True(double.IsFinite(value) && value > 0);
    }

    [Fact]
    public void A_fitted_model_file_gives_delta_method_intervals_around_the_point_prediction()
    {
        var document = LifetimeModelFactory.Fit(LifetimeModelNames.BgNbd, CdnowData.ExactWeeks);
        var intervals = LifetimeModelFactory.Intervals(LifetimeModelJson.Parse(LifetimeModelJson.ToJson(document)));
        var alive = intervals.ProbabilityAlive(2, 30.43, 38.86);
        Assert.Equal(0.7266, alive.Estimate, 3);
        Assert.InRange(alive.StandardError, 0.005, 0.1);
        Assert.True(alive.Lower < alive.Estimate && alive.Estimate < alive.Upper && alive.Upper <= 1);
        var purchases = intervals.ExpectedPurchases(39, 2, 30.43, 38.86);
        Assert.Equal(1.226, purchases.Estimate, 2);
        Assert.InRange(purchases.StandardError, 0.01, 0.3);
        var clv = intervals.LifetimeValue(2, 30.43, 38.86, 10.0, LifetimeValueOptions.Create(39, DiscountRate.Zero));
        Assert.Equal(purchases.Estimate * 10, clv.Estimate, 10);
        Assert.Equal(purchases.StandardError * 10, clv.StandardError, 1e-6);
    }

    [Fact]
    public void The_factory_round_trips_a_model_through_its_document()
    {
        var document = LifetimeModelFactory.ToDocument(Model);
        Assert.Equal("bgnbd", document.Model);
        var rebuilt = LifetimeModelFactory.CreateRepeatPurchaseModel(LifetimeModelJson.Parse(LifetimeModelJson.ToJson(document)));
        Assert.IsType<BgNbdModel>(rebuilt);
        Assert.Equal(Model.ProbabilityAlive(2, 30.43, 38.86), rebuilt.ProbabilityAlive(2, 30.43, 38.86));
        var modified = LifetimeModelFactory.CreateRepeatPurchaseModel(LifetimeModelDocument.Create("mbgnbd", TimeUnit.Week, [new("r", 0.525), new("alpha", 6.183), new("a", 0.891), new("b", 1.614)]));
        Assert.IsType<ModifiedBgNbdModel>(modified);
        var pareto = LifetimeModelFactory.CreateRepeatPurchaseModel(LifetimeModelDocument.Create("pnbd", TimeUnit.Week, [new("r", 0.553), new("alpha", 10.578), new("s", 0.606), new("beta", 11.669)]));
        Assert.IsType<ParetoNbdModel>(pareto);
        Assert.Equal(25.46, pareto.ExpectedPurchases(52, 26, 30.86, 31), 2);
        Assert.Equal("pnbd", LifetimeModelFactory.ToDocument(pareto).Model);
        Assert.Throws<ArgumentException>(() => LifetimeModelFactory.CreateSpendModel(document));
    }

    [Fact]
    public void A_gamma_gamma_document_gives_the_published_expected_spend_and_spend_uncertainty_widens_the_clv_interval()
    {
        var gg = LifetimeModelDocument.Create("gg", TimeUnit.Week, [new("p", 6.25), new("q", 3.74), new("gamma", 15.44)]);
        var spend = LifetimeModelFactory.CreateSpendModel(gg);
        Assert.IsType<GammaGammaModel>(spend);
        Assert.Equal(6.25 * (15.44 + (2 * 20)) / ((6.25 * 2) + 3.74 - 1), spend.ExpectedSpend(2, 20), 12);
        Assert.Equal("gg", LifetimeModelFactory.ToDocument(spend, TimeUnit.Week).Model);
        Assert.StartsWith("Model 'gg', parameter 'q': ", Assert.Throws<ArgumentException>(() => LifetimeModelFactory.CreateSpendModel("gg", [1, -1, 1])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LifetimeModelFactory.CreateRepeatPurchaseModel(gg));

        var fitted = LifetimeModelFactory.Fit("gg", CdnowData.ExactWeeks);
        var intervals = LifetimeModelFactory.Intervals(LifetimeModelFactory.Fit("bgnbd", CdnowData.ExactWeeks));
        var options = LifetimeValueOptions.Create(52, DiscountRate.PerYear(0.1));
        var spendModel = LifetimeModelFactory.CreateSpendModel(fitted);
        var known = intervals.LifetimeValue(2, 30.43, 38.86, 20, spendModel, null, null, options);
        var uncertain = intervals.LifetimeValue(2, 30.43, 38.86, 20, spendModel, fitted.Covariance, LifetimeModelFactory.SpendModelBuilder(fitted), options);
        Assert.Equal(known.Estimate, uncertain.Estimate);
        Assert.True(uncertain.StandardError > known.StandardError);
    }
}
