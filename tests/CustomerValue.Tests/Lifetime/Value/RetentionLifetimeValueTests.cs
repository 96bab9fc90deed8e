using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime.Value;

public class RetentionLifetimeValueTests
{
    [Fact]
    public void Gupta_Lehmann_retention_90_percent_discount_12_percent_gives_a_multiple_of_4_0909()
    {
        // Gupta & Lehmann (2003): m · r / (1 + i − r) = 0.9 / 0.22.
        Assert.Equal(4.0909090909090909, RetentionLifetimeValue.Multiple(0.9, 0.12), 14);
        Assert.Equal(409.09090909090909, RetentionLifetimeValue.LifetimeValue(100, 0.9, 0.12), 11);
    }

    [Fact]
    public void A_discount_rate_stated_per_month_is_converted_to_the_yearly_retention_period()
    {
        var monthly = DiscountRate.Create(Math.Pow(1.12, 1 / 12.0) - 1, TimeUnit.Month);
        Assert.Equal(409.0909090909, RetentionLifetimeValue.LifetimeValue(100, 0.9, monthly, TimeUnit.Year), 9);
    }

    [Fact]
    public void Zero_retention_gives_zero_and_bad_rates_name_the_field()
    {
        Assert.Equal(0.0, RetentionLifetimeValue.Multiple(0, 0.1));
        Assert.Equal("retentionRate", Assert.Throws<ArgumentOutOfRangeException>(() => RetentionLifetimeValue.Multiple(1.1, 0.1)).ParamName);
        Assert.Equal("discountRate", Assert.Throws<ArgumentOutOfRangeException>(() => RetentionLifetimeValue.Multiple(0.5, -0.1)).ParamName);
        Assert.Contains("infinite", Assert.Throws<ArgumentOutOfRangeException>(() => RetentionLifetimeValue.Multiple(1, 0)).Message, StringComparison.Ordinal);
    }
}
