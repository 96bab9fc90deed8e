using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;
using CustomerValue.Wallet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomerValue.Tests.DependencyInjection;

public sealed class RegistrationTests
{
    private static readonly Type[] Calculators =
    [
        typeof(ICustomerLifetimeValueCalculator), typeof(IShareOfWalletCalculator), typeof(IWalletEstimator),
        typeof(IRfmScorer), typeof(ISegmentMap), typeof(IRfmClusterer), typeof(IValueConcentrationAnalyzer),
        typeof(IValueTierClassifier), typeof(IChurnWarningPolicy), typeof(ICustomerBaseScorer),
    ];

    private static ServiceProvider Build(Action<CustomerValueOptions>? configure = null) =>
        new ServiceCollection().AddCustomerValue(configure).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

    private static void WithModels(CustomerValueOptions o)
    {
        o.LifetimeValue.ModelFile = ModelFiles.BgNbd;
        o.LifetimeValue.SpendModelFile = ModelFiles.GammaGamma;
    }

    [Fact]
    public void Every_interface_resolves_to_its_default_implementation()
    {
        using var provider = Build(WithModels);
        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType<CustomerLifetimeValueCalculator>(provider.GetRequiredService<ICustomerLifetimeValueCalculator>());
        Assert.IsType<ShareOfWalletCalculator>(provider.GetRequiredService<IShareOfWalletCalculator>());
        Assert.IsType<QuantileRegressionWalletEstimator>(provider.GetRequiredService<IWalletEstimator>());
        Assert.IsType<RfmScorer>(provider.GetRequiredService<IRfmScorer>());
        Assert.Same(SegmentMap.RecencyFrequencyGrid, provider.GetRequiredService<ISegmentMap>());
        Assert.IsType<RfmKMeans>(provider.GetRequiredService<IRfmClusterer>());
        Assert.IsType<ValueConcentrationAnalyzer>(provider.GetRequiredService<IValueConcentrationAnalyzer>());
        Assert.IsType<ValueTierClassifier>(provider.GetRequiredService<IValueTierClassifier>());
        Assert.IsType<ChurnWarningPolicy>(provider.GetRequiredService<IChurnWarningPolicy>());
        Assert.IsType<CustomerBaseScorer>(provider.GetRequiredService<ICustomerBaseScorer>());
    }

    [Fact]
    public void Calculators_are_singletons()
    {
        using var provider = Build(WithModels);
        foreach (var type in Calculators)
        {
            Assert.Same(provider.GetRequiredService(type), provider.GetRequiredService(type));
        }
    }

    [Fact]
    public void A_second_call_registers_nothing_twice_and_returns_the_collection()
    {
        var services = new ServiceCollection();
        var returned = services.AddCustomerValue(WithModels);
        int count = services.Count;
        var again = services.AddCustomerValue();

        Assert.Same(services, returned);
        Assert.Same(services, again);
        foreach (var type in Calculators.Append(typeof(IValidateOptions<CustomerValueOptions>)))
        {
            Assert.Single(services, d => d.ServiceType == type);
        }

        // Only the configure-free second call's options plumbing may add entries; no calculator is added.
        Assert.True(services.Count - count <= 1, $"second call added {services.Count - count} descriptors");
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<ICustomerLifetimeValueCalculator>());
    }

    [Fact]
    public void The_lifetime_value_calculator_uses_the_model_files_and_settings()
    {
        using var provider = Build(o =>
        {
            WithModels(o);
            o.LifetimeValue.Horizon = 39;
            o.LifetimeValue.DiscountRate = 0;
        });
        var clv = provider.GetRequiredService<ICustomerLifetimeValueCalculator>();

        // The published CDNOW customer (x = 2, t_x = 30.43, T = 38.86) expects 1.226 purchases in the next 39 weeks.
        Assert.Equal(TimeUnit.Week, clv.TimeUnit);
        Assert.Equal(1.226, clv.DiscountedExpectedPurchases(2, 30.43, 38.86), 3);
        var direct = new CustomerLifetimeValueCalculator(
            new BgNbdModel(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), TimeUnit.Week),
            new GammaGammaModel(GammaGammaParameters.Create(6.25, 3.74, 15.44)),
            LifetimeValueOptions.Create(39, DiscountRate.Zero));
        Assert.Equal(direct.LifetimeValue(2, 30.43, 38.86, 40), clv.LifetimeValue(2, 30.43, 38.86, 40), 12);
    }

    [Fact]
    public void Without_a_horizon_the_lifetime_value_covers_one_year_in_the_model_unit()
    {
        using var provider = Build(o =>
        {
            o.LifetimeValue.PurchaseModel = new BgNbdModel(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), TimeUnit.Week);
            o.LifetimeValue.SpendPerPurchase = 10;
        });
        var clv = Assert.IsType<CustomerLifetimeValueCalculator>(provider.GetRequiredService<ICustomerLifetimeValueCalculator>());

        Assert.Equal(365.25 / 7, clv.Options.Horizon, 10);
        Assert.Equal(0.1, clv.Options.DiscountRate.Rate);
        Assert.Equal(TimeUnit.Year, clv.Options.DiscountRate.Period);
        Assert.Equal(10, clv.SpendPerPurchase);
    }

    [Fact]
    public void Without_a_model_every_calculator_but_lifetime_value_resolves()
    {
        using var provider = Build();
        provider.GetRequiredService<IStartupValidator>().Validate();
        foreach (var type in Calculators.Where(t => t != typeof(ICustomerLifetimeValueCalculator) && t != typeof(ICustomerBaseScorer)))
        {
            Assert.NotNull(provider.GetRequiredService(type));
        }

        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICustomerLifetimeValueCalculator>());
        Assert.Contains("ModelFile", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICustomerBaseScorer>());
        Assert.Contains("ModelFile", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_scorer_needs_a_spend_model_and_takes_the_shared_settings()
    {
        using var withoutSpend = Build(o => o.LifetimeValue.ModelFile = ModelFiles.BgNbd);
        var e = Assert.Throws<InvalidOperationException>(() => withoutSpend.GetRequiredService<ICustomerBaseScorer>());
        Assert.Contains("SpendModelFile", e.Message, StringComparison.Ordinal);

        var churn = ChurnWarningOptions.Default with { HiatusDays = 200 };
        using var provider = Build(o =>
        {
            WithModels(o);
            o.LifetimeValue.Horizon = 26;
            o.ChurnWarning = churn;
            o.ScoringMaxDegreeOfParallelism = 1;
        });
        var scorer = provider.GetRequiredService<ICustomerBaseScorer>();
        Assert.Equal(26, scorer.Options.Horizon);
        Assert.Equal(0.1, scorer.Options.EffectiveLifetimeValue.DiscountRate.Rate);
        Assert.Same(churn, scorer.Options.Churn);
        Assert.Equal(1, scorer.Options.MaxDegreeOfParallelism);
    }

    [Fact]
    public void Options_reach_the_calculators()
    {
        var churn = ChurnWarningOptions.Default with { HiatusDays = 180 };
        var sow = new ShareOfWalletOptions { BigCustomerThreshold = 0.7 };
        var knn = new KNearestNeighbourWalletOptions { Neighbours = 7 };
        var rfm = new RfmOptions { Bins = 3 };
        string mapFile = System.IO.Path.Combine(Directory.CreateTempSubdirectory("cv-di-").FullName, "map.json");
        var threeBinMap = SegmentMap.Create("three", 3, SegmentEvaluation.FirstMatch, [SegmentRule.Create("recent", ScoreRange.Exactly(3), ScoreRange.Of(1, 3))], fallback: "others");
        File.WriteAllText(mapFile, threeBinMap.ToJson());
        using var provider = Build(o =>
        {
            o.ChurnWarning = churn;
            o.ShareOfWallet = sow;
            o.WalletEstimation = WalletEstimationMethod.NearestNeighbours;
            o.NearestNeighbourWallet = knn;
            o.Rfm = rfm;
            o.SegmentMapFile = mapFile;
            o.RfmClusters = 3;
            o.Concentration = new ConcentrationOptions { Quantiles = 5 };
            o.ValueTiers = new ValueTierOptions { GoldShare = 0.1 };
        });

        Assert.Same(churn, provider.GetRequiredService<IChurnWarningPolicy>().Options);
        Assert.Same(sow, provider.GetRequiredService<IShareOfWalletCalculator>().Options);
        Assert.IsType<KNearestNeighbourWalletEstimator>(provider.GetRequiredService<IWalletEstimator>());
        Assert.Same(rfm, provider.GetRequiredService<IRfmScorer>().Options);
        Assert.Equal("three", provider.GetRequiredService<ISegmentMap>().Name);
        Assert.Equal(3, Assert.IsType<RfmKMeans>(provider.GetRequiredService<IRfmClusterer>()).ClusterCount);
        Assert.Equal(5, provider.GetRequiredService<IValueConcentrationAnalyzer>().Options.Quantiles);
        Assert.Equal(0.1, provider.GetRequiredService<IValueTierClassifier>().Options.GoldShare);
    }
}
