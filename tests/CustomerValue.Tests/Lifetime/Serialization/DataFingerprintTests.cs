using CustomerValue.Lifetime.Serialization;

namespace CustomerValue.Tests.Lifetime.Serialization;

public class DataFingerprintTests
{
    [Fact]
    public void The_fingerprint_ignores_row_order_and_notices_a_changed_value()
    {
        string a = DataFingerprint.Compute([0, 2, 2, 5], [0, 30.43, 30.43, 12], [38.86, 38.86, 38.86, 20]);
        string b = DataFingerprint.Compute([2, 5, 0, 2], [30.43, 12, 0, 30.43], [38.86, 20, 38.86, 38.86]);
        string c = DataFingerprint.Compute([2, 5, 0, 2], [30.43, 12, 0, 30.44], [38.86, 20, 38.86, 38.86]);
        string d = DataFingerprint.Compute([2, 5, 0], [30.43, 12, 0], [38.86, 20, 38.86]);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, d);
        Assert.Matches("^sha256:[0-9a-f]{64}$", a);
    }

    [Fact]
    public void The_spend_fingerprint_uses_only_repeat_customers()
    {
        var all = Value.CustomerLifetimeValueCalculatorTests.SampleSummaries(200);
        var repeat = all.RepeatCustomers();
        Assert.Equal(DataFingerprint.ForSpend(all), DataFingerprint.ForSpend(repeat));
        Assert.NotEqual(DataFingerprint.ForRepeatPurchases(all), DataFingerprint.ForRepeatPurchases(repeat));
    }
}
