using CustomerValue.Lifetime;
using CustomerValue.Summaries;

namespace CustomerValue.Tests.Lifetime.Value;

public class CustomerLifetimeValueCalculatorTests
{
    private static readonly ExponentialLifetimeModel Model = new(lambda: 0.3, mu: 0.02);

    [Fact]
    public void Continuous_clv_matches_the_closed_form()
    {
        // E[Y(t)] = p λ (1 − e^(−μt))/μ, so ∫₀ᴴ e^(−δt) dE = p λ (1 − e^(−(δ+μ)H))/(δ+μ).
        var rate = DiscountRate.PerYear(0.15);
        double delta = rate.ContinuousRatePer(TimeUnit.Week);
        var calculator = new CustomerLifetimeValueCalculator(Model, 25.0, LifetimeValueOptions.Create(104, rate, DiscountingMethod.Continuous, marginRate: 0.3));
        double p = Model.ProbabilityAlive(4, 20, 30);
        double purchases = p * 0.3 * -double.ExpM1(-(delta + 0.02) * 104) / (delta + 0.02);
        Assert.Equal(purchases, calculator.DiscountedExpectedPurchases(4, 20, 30), purchases * 1e-11);
        Assert.Equal(purchases * 25 * 0.3, calculator.LifetimeValue(4, 20, 30, 99), purchases * 1e-10);
    }

    [Fact]
    public void Discrete_clv_discounts_each_period_by_one_plus_the_rate_per_period()
    {
        var rate = DiscountRate.Create(0.01, TimeUnit.Week);
        var calculator = new CustomerLifetimeValueCalculator(Model, 1.0, LifetimeValueOptions.Create(52, rate));
        double expected = 0;
        for (int k = 1; k <= 52; k++)
        {
            expected += (Model.ExpectedPurchases(k, 4, 20, 30) - Model.ExpectedPurchases(k - 1, 4, 20, 30)) / Math.Pow(1.01, k);
        }

        Assert.Equal(expected, calculator.LifetimeValue(4, 20, 30, 0), expected * 1e-13);
    }

    [Fact]
    public void Discrete_clv_approaches_continuous_clv_as_the_period_shrinks()
    {
        var options = LifetimeValueOptions.Create(52, DiscountRate.PerYear(0.5), DiscountingMethod.Continuous);
        double continuous = new CustomerLifetimeValueCalculator(Model, 10.0, options).LifetimeValue(2, 10, 30, 0);
        double previous = double.PositiveInfinity;
        foreach (double period in new[] { 4.0, 1.0, 0.25, 1.0 / 64 })
        {
            var discrete = new CustomerLifetimeValueCalculator(Model, 10.0, LifetimeValueOptions.Create(52, DiscountRate.PerYear(0.5), DiscountingMethod.Discrete, period));
            double gap = Math.Abs(discrete.LifetimeValue(2, 10, 30, 0) - continuous);
            Assert.True(gap < previous / 3.5, $"period {period}: gap {gap} did not shrink from {previous}");
            previous = gap;
        }

        Assert.True(previous < continuous * 1e-4);
    }

    [Theory]
    [InlineData(DiscountingMethod.Discrete)]
    [InlineData(DiscountingMethod.Continuous)]
    public void With_zero_discount_clv_is_expected_purchases_times_spend(DiscountingMethod method)
    {
        var spend = new ShrinkageSpendModel(40, 3);
        var calculator = new CustomerLifetimeValueCalculator(Model, spend, LifetimeValueOptions.Create(39, DiscountRate.Zero, method));
        double expected = Model.ExpectedPurchases(39, 5, 25, 38) * spend.ExpectedSpend(5, 55);
        Assert.Equal(expected, calculator.LifetimeValue(5, 25, 38, 55));
    }

    [Fact]
    public void Equity_is_the_sum_of_the_lifetime_values_and_the_batch_equals_the_scalar_path()
    {
        var summaries = SampleSummaries(1000);
        var calculator = new CustomerLifetimeValueCalculator(Model, new ShrinkageSpendModel(30, 2), LifetimeValueOptions.Create(52, DiscountRate.PerYear(0.1), DiscountingMethod.Continuous));
        var batch = calculator.LifetimeValues(summaries);
        double sum = 0;
        for (int i = 0; i < summaries.Count; i++)
        {
            var s = summaries[i];
            double scalar = calculator.LifetimeValue(s.Frequency, s.Recency, s.Age, s.MonetaryValue);
            Assert.Equal(scalar, batch[i]);
            sum += scalar;
        }

        Assert.Equal(sum, calculator.Total(summaries), sum * 1e-13);
    }

    [Theory]
    [InlineData(DiscountingMethod.Discrete)]
    [InlineData(DiscountingMethod.Continuous)]
    public void The_parallel_chunked_span_path_equals_the_scalar_path_exactly(DiscountingMethod method)
    {
        var summaries = SampleSummaries(10_000);
        var calculator = new CustomerLifetimeValueCalculator(Model, new ShrinkageSpendModel(30, 2), LifetimeValueOptions.Create(26, DiscountRate.PerYear(0.2), method));
        var values = calculator.LifetimeValues(summaries);
        var purchases = new double[summaries.Count];
        calculator.DiscountedExpectedPurchases(summaries.Frequency, summaries.Recency, summaries.Age, purchases);
        for (int i = 0; i < summaries.Count; i++)
        {
            var s = summaries[i];
            Assert.Equal(calculator.LifetimeValue(s.Frequency, s.Recency, s.Age, s.MonetaryValue), values[i]);
            Assert.Equal(calculator.DiscountedExpectedPurchases(s.Frequency, s.Recency, s.Age), purchases[i]);
        }
    }

    [Fact]
    public void Summaries_in_another_time_unit_are_refused()
    {
        var days = CustomerSummaries.FromColumns(["a"], [1.0], [5.0], [9.0], [10.0], TimeUnit.Day);
        var calculator = new CustomerLifetimeValueCalculator(Model, 1.0, LifetimeValueOptions.Create(10, DiscountRate.Zero));
        var e = Assert.Throws<ArgumentException>(() => calculator.Total(days));
        Assert.Contains("days", e.Message, StringComparison.Ordinal);
        Assert.Contains("weeks", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_names_the_field()
    {
        var calculator = new CustomerLifetimeValueCalculator(Model, 1.0, LifetimeValueOptions.Create(10, DiscountRate.Zero));
        Assert.Equal("recency", Assert.Throws<ArgumentOutOfRangeException>(() => calculator.LifetimeValue(1, 12, 10, 0)).ParamName);
        Assert.Equal("frequency", Assert.Throws<ArgumentOutOfRangeException>(() => calculator.LifetimeValue(double.NaN, 1, 10, 0)).ParamName);
        Assert.Equal("spendPerPurchase", Assert.Throws<ArgumentOutOfRangeException>(() => new CustomerLifetimeValueCalculator(Model, -1.0, default)).ParamName);
        Assert.Equal("horizon", Assert.Throws<ArgumentOutOfRangeException>(() => LifetimeValueOptions.Create(-1, DiscountRate.Zero)).ParamName);
        Assert.Equal("marginRate", Assert.Throws<ArgumentOutOfRangeException>(() => LifetimeValueOptions.Create(1, DiscountRate.Zero, marginRate: 1.5)).ParamName);
        Assert.Equal("periodLength", Assert.Throws<ArgumentOutOfRangeException>(() => LifetimeValueOptions.Create(1e9, DiscountRate.Zero, periodLength: 1e-3)).ParamName);
        Assert.Throws<ArgumentException>(() => calculator.LifetimeValue(new double[2], new double[2], new double[2], new double[1], new double[2]));
    }

    [Fact]
    public void Extreme_customers_get_finite_values()
    {
        var calculator = new CustomerLifetimeValueCalculator(Model, 1e6, LifetimeValueOptions.Create(10_000, DiscountRate.PerYear(0.1), DiscountingMethod.Continuous));
        Assert.True(double.IsFinite(calculator.LifetimeValue(10_000, 10_000, 10_000, 0)));
        Assert.Equal(0.0, calculator.LifetimeValue(10_000, 0, 10_000, 0));
    }

    internal static CustomerSummaries SampleSummaries(int count)
    {
        var random = new Random(20260101);
        var ids = new string[count];
        var f = new double[count];
        var r = new double[count];
        var t = new double[count];
        var m = new double[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = "c" + i;
            t[i] = random.Next(0, 80);
            f[i] = t[i] == 0 ? 0 : random.Next(0, 20);
            r[i] = f[i] == 0 ? 0 : random.NextDouble() * t[i];
            m[i] = f[i] == 0 ? 0 : random.NextDouble() * 100;
        }

        return CustomerSummaries.FromColumns(ids, f, r, t, m, TimeUnit.Week);
    }
}
