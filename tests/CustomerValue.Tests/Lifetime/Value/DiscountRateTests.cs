using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime.Value;

public class DiscountRateTests
{
    [Fact]
    public void Ten_percent_a_year_is_the_compounded_weekly_rate_with_no_hidden_factor()
    {
        var rate = DiscountRate.PerYear(0.10);
        Assert.Equal(Math.Pow(1.1, 7 / 365.25) - 1, rate.RatePer(TimeUnit.Week), 15);
        Assert.Equal(Math.Pow(1.1, 1 / 12.0) - 1, rate.RatePer(TimeUnit.Month), 15);
        Assert.Equal(0.10, rate.RatePer(TimeUnit.Year), 15);
        Assert.Equal(Math.Log(1.1) * 7 / 365.25, rate.ContinuousRatePer(TimeUnit.Week), 15);
    }

    [Fact]
    public void Compounding_a_converted_rate_over_the_original_period_gives_the_original_rate()
    {
        var monthly = DiscountRate.Create(0.01, TimeUnit.Month);
        double daily = monthly.RatePer(TimeUnit.Day);
        Assert.Equal(0.01, Math.Pow(1 + daily, 365.25 / 12) - 1, 14);
        Assert.Equal(0.01, monthly.ConvertTo(TimeUnit.Day).RatePer(TimeUnit.Month), 14);
    }

    [Fact]
    public void The_discount_factor_is_one_over_one_plus_the_rate_after_one_period()
    {
        var rate = DiscountRate.Create(0.25, TimeUnit.Week);
        Assert.Equal(1 / 1.25, rate.DiscountFactor(1, TimeUnit.Week), 15);
        Assert.Equal(1 / (1.25 * 1.25), rate.DiscountFactor(14, TimeUnit.Day), 15);
        Assert.Equal(1.0, DiscountRate.Zero.DiscountFactor(1000, TimeUnit.Year));
    }

    [Fact]
    public void A_continuous_rate_round_trips()
    {
        var rate = DiscountRate.FromContinuous(0.05, TimeUnit.Year);
        Assert.Equal(Math.Exp(0.05) - 1, rate.Rate, 15);
        Assert.Equal(0.05, rate.ContinuousRatePer(TimeUnit.Year), 15);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.01)]
    [InlineData(double.PositiveInfinity)]
    public void Bad_rates_are_rejected_with_the_field_named(double value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DiscountRate.Create(value, TimeUnit.Year));
        Assert.Equal("rate", e.ParamName);
        Assert.Contains("Discount rate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_is_zero_and_the_text_states_the_period()
    {
        Assert.True(default(DiscountRate).IsZero);
        Assert.Equal("0.1 per year", DiscountRate.PerYear(0.1).ToString());
        Assert.Equal(0.0, default(DiscountRate).RatePer(TimeUnit.Year));
    }
}
