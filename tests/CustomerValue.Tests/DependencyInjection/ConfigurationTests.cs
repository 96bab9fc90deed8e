using System.Globalization;
using System.Reflection;
using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;
using CustomerValue.Wallet;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomerValue.Tests.DependencyInjection;

/// <summary>AddCustomerValue(IConfiguration): every setting bound, nothing ignored, nothing shared changed, every error at once.</summary>
public sealed class ConfigurationTests
{
    /// <summary>A non-default, valid value for every setting that configuration can hold (checked against the types below).</summary>
    private static readonly Dictionary<string, string> EverySetting = new(StringComparer.Ordinal)
    {
        ["WalletEstimation"] = "NearestNeighbours",
        ["SegmentMap"] = "classic",
        ["SegmentMapFile"] = "map.json",
        ["RfmClusters"] = "7",
        ["RfmClusterSeed"] = "42",
        ["TimeUnit"] = "day",
        ["ChurnWindowDays"] = "90",
        ["ScoringMaxDegreeOfParallelism"] = "2",
        ["LifetimeValue:ModelFile"] = "bgnbd.json",
        ["LifetimeValue:SpendModelFile"] = "gg.json",
        ["LifetimeValue:SpendPerPurchase"] = "12.5",
        ["LifetimeValue:Horizon"] = "26",
        ["LifetimeValue:DiscountRate"] = "0.08",
        ["LifetimeValue:DiscountRatePeriod"] = "Month",
        ["LifetimeValue:Method"] = "continuous",
        ["LifetimeValue:PeriodLength"] = "4",
        ["LifetimeValue:MarginRate"] = "0.3",
        ["LifetimeValue:AcceptUnconverged"] = "true",
        ["ShareOfWallet:BigCustomerThreshold"] = "0.7",
        ["QuantileRegressionWallet:Quantile"] = "0.8",
        ["QuantileRegressionWallet:MaxIterations"] = "250",
        ["QuantileRegressionWallet:Tolerance"] = "1e-8",
        ["NearestNeighbourWallet:Neighbours"] = "15",
        ["NearestNeighbourWallet:Quantile"] = "0.75",
        ["NearestNeighbourWallet:Standardize"] = "false",
        ["Rfm:Bins"] = "4",
        ["Rfm:Binning"] = "Nested",
        ["Rfm:RecencyWeight"] = "2",
        ["Rfm:FrequencyWeight"] = "0.5",
        ["Rfm:MonetaryWeight"] = "3",
        ["Concentration:AThreshold"] = "0.7",
        ["Concentration:BThreshold"] = "0.9",
        ["Concentration:Quantiles"] = "5",
        ["Concentration:LorenzSegments"] = "50",
        ["ValueTiers:GoldShare"] = "0.1",
        ["ValueTiers:DragShare"] = "0.3",
        ["ValueTiers:DragInactiveDays"] = "200",
        ["ValueTiers:MostValuableShare"] = "0.15",
        ["ValueTiers:MostGrowableShare"] = "0.25",
        ["ValueTiers:BigShareOfWallet"] = "0.6",
        ["ValueTiers:SteadyMinimumTenureDays"] = "400",
        ["ValueTiers:SteadyMinimumPurchasesPerYear"] = "3",
        ["ChurnWarning:ProbabilityAliveBelow"] = "0.4",
        ["ChurnWarning:HiatusDays"] = "180",
        ["ChurnWarning:SinglePurchaseCycleDays"] = "60",
        ["ChurnWarning:OverdueRatio"] = "3",
        ["ChurnWarning:FrequencyDeclineFrom"] = "0.6",
        ["ChurnWarning:SpendDeclineFrom"] = "0.7",
        ["ChurnWarning:MinimumPreviousWindowPurchases"] = "3",
        ["ChurnWarning:ShareOfWalletDropPoints"] = "15",
        ["ChurnWarning:MarginBelow"] = "0.2",
        ["ChurnWarning:WatchRisk"] = "0.25",
        ["ChurnWarning:WarningRisk"] = "0.55",
        ["ChurnWarning:CriticalRisk"] = "0.8",
        ["ChurnWarning:WatchReasons"] = "2",
        ["ChurnWarning:WarningReasons"] = "3",
        ["ChurnWarning:CriticalReasons"] = "4",
    };

    private static IConfiguration Section(IDictionary<string, string> settings, string root = "CustomerValue") =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(p => new KeyValuePair<string, string?>(root + ":" + p.Key, p.Value)))
            .Build()
            .GetSection(root);

    private static CustomerValueOptions Bound(IDictionary<string, string> settings)
    {
        var options = new CustomerValueOptions();
        CustomerValueConfiguration.Bind(Section(settings), options);
        return options;
    }

    /// <summary>The options object each configuration prefix lands in.</summary>
    private static object Target(CustomerValueOptions o, string section) => section switch
    {
        "" => o,
        "LifetimeValue" => o.LifetimeValue,
        "ShareOfWallet" => o.ShareOfWallet,
        "QuantileRegressionWallet" => o.QuantileRegressionWallet,
        "NearestNeighbourWallet" => o.NearestNeighbourWallet,
        "Rfm" => o.Rfm,
        "Concentration" => o.Concentration,
        "ValueTiers" => o.ValueTiers,
        "ChurnWarning" => o.ChurnWarning,
        _ => throw new ArgumentException(section),
    };

    private static readonly string[] Sections = ["", "LifetimeValue", "ShareOfWallet", "QuantileRegressionWallet", "NearestNeighbourWallet", "Rfm", "Concentration", "ValueTiers", "ChurnWarning"];

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(double) || t == typeof(int) || t == typeof(bool) || t == typeof(string) || t.IsEnum;
    }

    [Fact]
    public void Every_setting_of_the_example_lands_with_its_value()
    {
        var options = Bound(EverySetting);

        Assert.Empty(options.ConfigurationErrors);
        Assert.Same(SegmentMap.ClassicRfm, options.SegmentMap);
        foreach (var (key, text) in EverySetting.Where(p => p.Key != "SegmentMap"))
        {
            int colon = key.LastIndexOf(':');
            string section = colon < 0 ? "" : key[..colon];
            string name = key[(colon + 1)..];
            var target = Target(options, section);
            var property = target.GetType().GetProperty(name)!;
            object? actual = property.GetValue(target);
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object expected = type.IsEnum ? Enum.Parse(type, text, ignoreCase: true) : Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
            Assert.True(Equals(expected, actual), $"{key}: expected {expected}, got {actual}");
            Assert.NotEqual(property.GetValue(Target(new CustomerValueOptions(), section)), actual);
        }
    }

    [Fact]
    public void Every_scalar_setting_of_every_section_is_known_to_configuration()
    {
        // Generic over the types, so a setting added later is covered without editing this test: each one, given its
        // current value as text, binds without an error and leaves the options equal.
        var defaults = new CustomerValueOptions();
        int count = 0;
        foreach (string section in Sections)
        {
            var target = Target(defaults, section);
            foreach (var property in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                         .Where(p => p.SetMethod is { IsPublic: true } && IsScalar(p.PropertyType)))
            {
                object? value = property.GetValue(target);
                string text = value switch
                {
                    null => "",
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.ToString()!,
                };
                string key = section.Length == 0 ? property.Name : section + ":" + property.Name;
                var options = Bound(new Dictionary<string, string> { [key] = text });
                Assert.True(options.ConfigurationErrors.Count == 0, $"{key}: {string.Join("; ", options.ConfigurationErrors)}");
                Assert.Equal(value, property.GetValue(Target(options, section)));
                Assert.True(EverySetting.ContainsKey(key), $"{key} is missing from EverySetting (give it a non-default value there).");
                count++;
            }
        }

        Assert.True(count >= 50, $"only {count} settings found");
    }

    [Theory]
    [InlineData("classic")]
    [InlineData("Classic")]
    public void A_segment_map_named_in_configuration_is_the_one_resolved(string name)
    {
        using var provider = new ServiceCollection()
            .AddCustomerValue(Section(new Dictionary<string, string> { ["SegmentMap"] = name }))
            .BuildServiceProvider();

        Assert.Same(SegmentMap.ClassicRfm, provider.GetRequiredService<ISegmentMap>());
    }

    [Fact]
    public void A_segment_map_that_does_not_exist_is_an_error_not_the_default()
    {
        using var provider = new ServiceCollection()
            .AddCustomerValue(Section(new Dictionary<string, string> { ["SegmentMap"] = "fancy" }))
            .BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("CustomerValue:SegmentMap: 'fancy' is not a segment map", e.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ISegmentMap>());
    }

    [Fact]
    public void Several_bad_values_fail_at_start_up_in_one_exception_listing_all()
    {
        var bad = new Dictionary<string, string>
        {
            ["ChurnWarning:HiatusDay"] = "100",            // unknown key (typo)
            ["LifetimeValue:DiscountRate"] = "ten",        // not a number
            ["TimeUnit"] = "fortnight",                    // not an enum name
            ["RfmClusters"] = "0",                         // out of range (validator)
            ["ChurnWarning:WatchRisk"] = "2",              // out of range (the record's Validate)
            ["Rfm:Bins"] = "12",                           // refused by the record's setter
            ["SegmentMap"] = "fancy",                      // no such map
            ["LifetimeValue:PurchaseModel"] = "bgnbd",      // an object: not from configuration
        };
        using var provider = new ServiceCollection().AddCustomerValue(Section(bad)).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        string all = string.Join("\n", e.Failures);
        Assert.Contains("CustomerValue:ChurnWarning:HiatusDay: no such setting", all, StringComparison.Ordinal);
        Assert.Contains("HiatusDays", all, StringComparison.Ordinal);                  // the list of settings names the right one
        Assert.Contains("CustomerValue:LifetimeValue:DiscountRate: 'ten' is not a number", all, StringComparison.Ordinal);
        Assert.Contains("CustomerValue:TimeUnit: 'fortnight' is not one of", all, StringComparison.Ordinal);
        Assert.Contains("RfmClusters must be in 1..100", all, StringComparison.Ordinal);
        Assert.Contains("WatchRisk", all, StringComparison.Ordinal);
        Assert.Contains("CustomerValue:Rfm:Bins: RfmOptions.Bins must be between 2 and 9", all, StringComparison.Ordinal);
        Assert.Contains("CustomerValue:SegmentMap: 'fancy'", all, StringComparison.Ordinal);
        Assert.Contains("CustomerValue:LifetimeValue:PurchaseModel: a fitted model cannot come from configuration", all, StringComparison.Ordinal);
        Assert.Equal(8, e.Failures.Count());
    }

    [Fact]
    public void The_configuration_root_instead_of_its_section_is_an_error_that_says_so()
    {
        var root = new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>("AllowedHosts", "*"), new KeyValuePair<string, string?>("CustomerValue:TimeUnit", "day")])
            .Build();
        var options = new CustomerValueOptions();
        CustomerValueConfiguration.Bind(root, options);

        Assert.Equal(2, options.ConfigurationErrors.Count);
        Assert.All(options.ConfigurationErrors, m => Assert.Contains("pass its section, e.g. configuration.GetSection(\"CustomerValue\")", m, StringComparison.Ordinal));
        Assert.Equal(TimeUnit.Week, options.TimeUnit);
    }

    [Fact]
    public void A_value_given_for_a_section_or_a_section_for_a_value_is_an_error()
    {
        var options = Bound(new Dictionary<string, string> { ["ChurnWarning"] = "strict", ["RfmClusters:Count"] = "3" });

        Assert.Equal(2, options.ConfigurationErrors.Count);
        Assert.Contains(options.ConfigurationErrors, m => m.StartsWith("CustomerValue:ChurnWarning: is a section", StringComparison.Ordinal));
        Assert.Contains(options.ConfigurationErrors, m => m.StartsWith("CustomerValue:RfmClusters: is a value", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_containers_with_different_settings_share_nothing_and_leave_every_default_alone()
    {
        var churnDefault = new ChurnWarningOptions();
        var services1 = new ServiceCollection().AddCustomerValue(Section(new Dictionary<string, string> { ["ChurnWarning:HiatusDays"] = "100", ["Rfm:RecencyWeight"] = "3", ["ValueTiers:GoldShare"] = "0.2", ["ShareOfWallet:BigCustomerThreshold"] = "0.6", ["Concentration:Quantiles"] = "4" }));
        var services2 = new ServiceCollection().AddCustomerValue(Section(new Dictionary<string, string> { ["ChurnWarning:HiatusDays"] = "400", ["Rfm:RecencyWeight"] = "0.5" }));
        using var one = services1.BuildServiceProvider();
        using var two = services2.BuildServiceProvider();
        using var plain = new ServiceCollection().AddCustomerValue().BuildServiceProvider();

        Assert.Equal(100, one.GetRequiredService<IChurnWarningPolicy>().Options.HiatusDays);
        Assert.Equal(400, two.GetRequiredService<IChurnWarningPolicy>().Options.HiatusDays);
        Assert.Equal(3, one.GetRequiredService<IOptions<CustomerValueOptions>>().Value.Rfm.RecencyWeight);
        Assert.Equal(0.5, two.GetRequiredService<IOptions<CustomerValueOptions>>().Value.Rfm.RecencyWeight);
        Assert.Equal(270, plain.GetRequiredService<IChurnWarningPolicy>().Options.HiatusDays);
        Assert.Equal(1, plain.GetRequiredService<IOptions<CustomerValueOptions>>().Value.Rfm.RecencyWeight);

        // The shared defaults are still the defaults, field by field (records compare by value).
        Assert.Equal(churnDefault, ChurnWarningOptions.Default);
        Assert.Equal(270, ChurnWarningOptions.Default.HiatusDays);
        Assert.Equal(new RfmOptions(), RfmOptions.Default);
        Assert.Equal(new ValueTierOptions(), ValueTierOptions.Default);
        Assert.Equal(new ShareOfWalletOptions(), ShareOfWalletOptions.Default);
        Assert.Equal(new ConcentrationOptions(), ConcentrationOptions.Default);
        Assert.Equal(new QuantileRegressionOptions(), QuantileRegressionOptions.Default);
        Assert.Equal(new KNearestNeighbourWalletOptions(), KNearestNeighbourWalletOptions.Default);
        Assert.NotSame(ChurnWarningOptions.Default, plain.GetRequiredService<IOptions<CustomerValueOptions>>().Value.ChurnWarning);
    }

    [Fact]
    public void Code_given_after_configuration_overrides_it()
    {
        using var provider = new ServiceCollection()
            .AddCustomerValue(Section(new Dictionary<string, string> { ["ChurnWarning:HiatusDays"] = "100", ["ChurnWarning:OverdueRatio"] = "3" }))
            .AddCustomerValue(o => o.ChurnWarning = o.ChurnWarning with { HiatusDays = 200 })
            .BuildServiceProvider();

        var churn = provider.GetRequiredService<IChurnWarningPolicy>().Options;
        Assert.Equal(200, churn.HiatusDays);
        Assert.Equal(3, churn.OverdueRatio);
    }

    [Fact]
    public void A_discount_rate_from_configuration_is_per_year_unless_its_period_says_otherwise()
    {
        using var yearly = new ServiceCollection().AddCustomerValue(Section(new Dictionary<string, string> { ["LifetimeValue:ModelFile"] = ModelFiles.BgNbd, ["LifetimeValue:DiscountRate"] = "0.1" })).BuildServiceProvider();
        using var weekly = new ServiceCollection().AddCustomerValue(Section(new Dictionary<string, string> { ["LifetimeValue:ModelFile"] = ModelFiles.BgNbd, ["LifetimeValue:DiscountRate"] = "0.1", ["LifetimeValue:DiscountRatePeriod"] = "week" })).BuildServiceProvider();

        var perYear = yearly.GetRequiredService<ICustomerValuePipeline>().OptionsAsOf(new DateOnly(1997, 9, 30)).DiscountRate;
        var perWeek = weekly.GetRequiredService<ICustomerValuePipeline>().OptionsAsOf(new DateOnly(1997, 9, 30)).DiscountRate;
        Assert.Equal(DiscountRate.PerYear(0.1), perYear);
        Assert.Equal(DiscountRate.Create(0.1, TimeUnit.Week), perWeek);

        // The same on the one-customer calculator: 10 % a year discounts far less than 10 % a week.
        double year = yearly.GetRequiredService<ICustomerLifetimeValueCalculator>().LifetimeValue(2, 30.43, 38.86, 40);
        double week = weekly.GetRequiredService<ICustomerLifetimeValueCalculator>().LifetimeValue(2, 30.43, 38.86, 40);
        Assert.True(year > 2 * week, $"per year {year}, per week {week}");
    }

    [Fact]
    public void The_scorer_and_the_pipeline_take_their_options_from_one_mapping()
    {
        using var provider = new ServiceCollection().AddCustomerValue(Section(new Dictionary<string, string>
        {
            ["LifetimeValue:ModelFile"] = ModelFiles.BgNbd,
            ["LifetimeValue:SpendModelFile"] = ModelFiles.GammaGamma,
            ["LifetimeValue:MarginRate"] = "0.4",
            ["SegmentMap"] = "classic",
            ["ChurnWarning:HiatusDays"] = "150",
        })).BuildServiceProvider();

        var scorer = provider.GetRequiredService<ICustomerBaseScorer>().Options;
        var pipeline = provider.GetRequiredService<ICustomerValuePipeline>().OptionsAsOf(new DateOnly(1997, 9, 30)).ScoringOptionsFor(TimeUnit.Week);
        Assert.Equal(pipeline, scorer);
        Assert.Same(SegmentMap.ClassicRfm, scorer.SegmentMap);
        Assert.Equal(150, scorer.Churn.HiatusDays);
        Assert.Equal(365.25 / 7, scorer.Horizon, 12);
    }
}
