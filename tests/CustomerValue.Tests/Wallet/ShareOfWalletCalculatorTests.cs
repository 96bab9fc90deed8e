using CustomerValue.Wallet;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Wallet;

public class ShareOfWalletCalculatorTests
{
    private readonly ShareOfWalletCalculator _calculator = new();

    [Fact]
    public void The_source_example_a_200_wallet_with_20_spent_with_us_is_a_ten_percent_share()
    {
        var r = _calculator.Calculate("c1", 20, 200);
        Assert.Equal(0.1, r.Share, 12);
        Assert.Equal(180, r.Headroom, 12);
        Assert.False(r.IsBigCustomer);
    }

    [Theory]
    [InlineData(79.99, false)]
    [InlineData(80, true)]
    [InlineData(100, true)]
    public void The_big_customer_flag_starts_at_eighty_percent(double ourSpend, bool big) =>
        Assert.Equal(big, _calculator.Calculate("c", ourSpend, 100).IsBigCustomer);

    [Fact]
    public void The_big_customer_threshold_is_configurable() =>
        Assert.True(new ShareOfWalletCalculator(new ShareOfWalletOptions { BigCustomerThreshold = 0.5 }).Calculate("c", 50, 100).IsBigCustomer);

    [Fact]
    public void A_zero_wallet_has_a_zero_share() => Assert.Equal(0, _calculator.Calculate("c", 0, 0).Share);

    [Theory]
    [InlineData(120, 100, "exceeds the wallet")]
    [InlineData(-1, 100, "must not be negative")]
    [InlineData(double.NaN, 100, "our_spend must be finite")]
    [InlineData(1, double.PositiveInfinity, "wallet must be finite")]
    public void Bad_input_names_the_customer_the_field_and_the_reason(double ourSpend, double wallet, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => _calculator.Calculate("acme-17", ourSpend, wallet));
        Assert.Contains("acme-17", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void The_batch_path_names_the_first_bad_customer()
    {
        var share = new double[3];
        var e = Assert.Throws<ArgumentException>(() => _calculator.Calculate(["a", "b", "c"], [1, 2, 5], [1, 3, 4], share));
        Assert.Contains("'c'", e.Message);
    }

    [Fact]
    public void The_batch_path_checks_lengths() =>
        Assert.Throws<ArgumentException>(() => _calculator.Calculate(null, [1, 2], [1], new double[2]));

    [Fact]
    public void Invalid_options_are_rejected_with_the_field_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new ShareOfWalletCalculator(new ShareOfWalletOptions { BigCustomerThreshold = 1.5 }));
        Assert.Contains("BigCustomerThreshold", e.Message);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool Share_of_wallet_is_in_zero_one_and_headroom_is_non_negative(SpendAndWallet input)
    {
        var r = _calculator.Calculate("c", input.OurSpend, input.Wallet);
        return r.Share >= 0 && r.Share <= 1 && r.Headroom >= 0;
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool Batch_equals_scalar(SpendAndWallet[] rows)
    {
        var share = new double[rows.Length];
        _calculator.Calculate(null, rows.Select(r => r.OurSpend).ToArray(), rows.Select(r => r.Wallet).ToArray(), share);
        return rows.Select((r, i) => _calculator.Calculate("c", r.OurSpend, r.Wallet).Share == share[i]).All(b => b);
    }
}
