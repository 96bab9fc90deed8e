using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Segmentation;
using CustomerValue.Wallet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomerValue.Tests.DependencyInjection;

public sealed class ValidationTests
{
    private static void Bad(CustomerValueOptions o)
    {
        o.ShareOfWallet = new ShareOfWalletOptions { BigCustomerThreshold = 1.5 };
        o.NearestNeighbourWallet = new KNearestNeighbourWalletOptions { Neighbours = 0, Quantile = 1 };
        o.QuantileRegressionWallet = new QuantileRegressionOptions { MaxIterations = 0 };
        o.Concentration = new ConcentrationOptions { AThreshold = 0.9, BThreshold = 0.85 };
        o.ChurnWarning = ChurnWarningOptions.Default with { HiatusDays = -1, WarningRisk = 0.2 };
        o.Rfm = new RfmOptions { Bins = 4 };
        o.RfmClusters = 0;
        o.LifetimeValue.ModelFile = "/no/such/model.json";
        o.LifetimeValue.SpendModelFile = ModelFiles.BgNbd;
        o.LifetimeValue.DiscountRate = -0.1;
        o.LifetimeValue.MarginRate = double.NaN;
    }

    private static readonly string[] ExpectedFields =
    [
        "BigCustomerThreshold", "Neighbours", "Quantile", "MaxIterations", "AThreshold", "HiatusDays", "WarningRisk",
        "Rfm.Bins", "RfmClusters", "/no/such/model.json", "SpendModelFile", "DiscountRate", "MarginRate",
    ];

    [Fact]
    public void Bad_options_fail_at_start_up_listing_every_error()
    {
        using var provider = new ServiceCollection().AddCustomerValue(Bad).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        string all = string.Join("\n", e.Failures);
        foreach (string field in ExpectedFields)
        {
            Assert.Contains(field, all, StringComparison.Ordinal);
        }

        Assert.True(e.Failures.Count() >= 10, all);
    }

    [Fact]
    public void Every_calculator_refuses_to_resolve_with_bad_options()
    {
        using var provider = new ServiceCollection().AddCustomerValue(Bad).BuildServiceProvider();

        foreach (var type in new[] { typeof(IShareOfWalletCalculator), typeof(IRfmScorer), typeof(IChurnWarningPolicy), typeof(ICustomerLifetimeValueCalculator) })
        {
            var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService(type));
            Assert.Contains("HiatusDays", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Default_options_are_valid()
    {
        var result = new CustomerValueOptionsValidator().Validate(null, new CustomerValueOptions());
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Conflicting_model_sources_are_reported()
    {
        var o = new CustomerValueOptions();
        o.LifetimeValue.ModelFile = ModelFiles.BgNbd;
        o.LifetimeValue.PurchaseModel = new BgNbdModel(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), TimeUnit.Week);
        o.LifetimeValue.SpendPerPurchase = 5;
        o.LifetimeValue.SpendModelFile = ModelFiles.GammaGamma;

        var result = new CustomerValueOptionsValidator().Validate(null, o);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("not both", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("at most one of SpendModel", StringComparison.Ordinal));
    }

    [Fact]
    public void A_spend_source_without_a_purchase_model_is_reported()
    {
        var o = new CustomerValueOptions();
        o.LifetimeValue.SpendPerPurchase = 5;

        var result = new CustomerValueOptionsValidator().Validate(null, o);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("no repeat-purchase model", StringComparison.Ordinal));
    }

    [Fact]
    public void A_segment_map_off_the_rfm_scale_is_reported()
    {
        var o = new CustomerValueOptions { Rfm = new RfmOptions { Bins = 3 } };

        var result = new CustomerValueOptionsValidator().Validate(null, o);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("5 bins but Rfm.Bins is 3", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_segment_map_file_is_reported()
    {
        var o = new CustomerValueOptions { SegmentMapFile = "/no/such/map.json" };

        var result = new CustomerValueOptionsValidator().Validate(null, o);

        Assert.Contains(result.Failures!, f => f.Contains("/no/such/map.json", StringComparison.Ordinal));
    }
}
