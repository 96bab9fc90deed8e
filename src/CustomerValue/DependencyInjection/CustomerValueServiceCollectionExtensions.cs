using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;
using CustomerValue.Wallet;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CustomerValue;

/// <summary>Registers the CustomerValue calculators with a service collection.</summary>
/// <remarks>
/// A thin layer: every calculator is an ordinary sealed class that can be created with <c>new</c> and no container.
/// The registrations are singletons (the calculators are immutable and thread-safe) made with <c>TryAdd</c>, so a
/// second call registers nothing twice; its configuration or configure delegate, if any, is applied after the earlier
/// ones. <see cref="ICustomerValuePipeline"/> logs through <see cref="ILogger{TCategoryName}"/> when the host registers
/// logging (and logs nothing otherwise).
/// </remarks>
public static class CustomerValueServiceCollectionExtensions
{
    /// <summary>
    /// Registers every calculator behind its interface: <see cref="ICustomerLifetimeValueCalculator"/> (when a
    /// repeat-purchase model is configured), <see cref="IShareOfWalletCalculator"/>, <see cref="IWalletEstimator"/>,
    /// <see cref="IRfmScorer"/>, <see cref="ISegmentMap"/>, <see cref="IRfmClusterer"/>,
    /// <see cref="IValueConcentrationAnalyzer"/>, <see cref="IValueTierClassifier"/>, <see cref="IChurnWarningPolicy"/>,
    /// <see cref="ICustomerBaseScorer"/> (when a spend model is configured too) and <see cref="ICustomerValuePipeline"/>, with <see cref="CustomerValueOptions"/> validated at start-up by <see cref="CustomerValueOptionsValidator"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; null keeps the defaults.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <remarks>
    /// Invalid options make a host fail at start-up (and a plain service provider fail at the first resolution, or
    /// when <see cref="IStartupValidator"/> is run) with one <see cref="OptionsValidationException"/> that lists every
    /// error. Resolving <see cref="ICustomerLifetimeValueCalculator"/> without a configured repeat-purchase model throws
    /// an <see cref="InvalidOperationException"/> that says which setting to give.
    /// </remarks>
    /// <example>
    /// <code>
    /// services.AddCustomerValue(options =&gt;
    /// {
    ///     options.LifetimeValue.ModelFile = "bgnbd.json";   // customer-value fit --model bgnbd --output bgnbd.json
    ///     options.LifetimeValue.DiscountRate = 0.10;
    /// });
    /// var clv = provider.GetRequiredService&lt;ICustomerLifetimeValueCalculator&gt;();
    /// </code>
    /// </example>
    public static IServiceCollection AddCustomerValue(this IServiceCollection services, Action<CustomerValueOptions>? configure = null)
    {
        return Register(services, configure);
    }

    /// <summary>
    /// Registers every calculator as <see cref="AddCustomerValue(IServiceCollection, Action{CustomerValueOptions}?)"/>
    /// does, with the options read from a configuration section (for example <c>builder.Configuration.GetSection("CustomerValue")</c>
    /// of an <c>appsettings.json</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the settings: the names of <see cref="CustomerValueOptions"/>'s
    /// properties, sections for <c>LifetimeValue</c>, <c>ChurnWarning</c> and the other records, enumerations by name, and
    /// <c>"SegmentMap": "grid"</c> or <c>"classic"</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    /// <remarks>
    /// <para>Nothing in the section is ignored: an unknown key, a value that does not parse, a value out of range and a
    /// segment map that does not exist are validation errors, reported at start-up together with every other invalid
    /// setting in one <see cref="OptionsValidationException"/>.</para>
    /// <para>Binding changes only this container's options: every section is replaced by a changed copy, so no shared
    /// default (such as <see cref="ChurnWarningOptions.Default"/>) and no other container is affected.</para>
    /// <para>A later <c>AddCustomerValue(options =&gt; …)</c> call is applied after the configuration, so code can
    /// override it.</para>
    /// </remarks>
    /// <example>
    /// <code>
    /// services.AddCustomerValue(configuration.GetSection("CustomerValue"));
    /// </code>
    /// </example>
    public static IServiceCollection AddCustomerValue(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, options => CustomerValueConfiguration.Bind(configuration, options));
    }

    private static IServiceCollection Register(IServiceCollection services, Action<CustomerValueOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<CustomerValueOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CustomerValueOptions>, CustomerValueOptionsValidator>());

        services.TryAddSingleton<ICustomerLifetimeValueCalculator>(sp => LifetimeValueCalculator(Options(sp)));
        services.TryAddSingleton<IShareOfWalletCalculator>(sp => new ShareOfWalletCalculator(Options(sp).ShareOfWallet));
        services.TryAddSingleton(sp => WalletEstimator(Options(sp)));
        services.TryAddSingleton<IRfmScorer>(sp => new RfmScorer(Options(sp).Rfm));
        services.TryAddSingleton<ISegmentMap>(sp => CustomerValueOptionsValidator.SegmentMapOf(Options(sp), []) ?? SegmentMap.RecencyFrequencyGrid);
        services.TryAddSingleton<IRfmClusterer>(sp => new RfmKMeans(Options(sp).RfmClusters, Options(sp).RfmClusterSeed));
        services.TryAddSingleton<IValueConcentrationAnalyzer>(sp => new ValueConcentrationAnalyzer(Options(sp).Concentration));
        services.TryAddSingleton<IValueTierClassifier>(sp => new ValueTierClassifier(Options(sp).ValueTiers));
        services.TryAddSingleton<IChurnWarningPolicy>(sp => new ChurnWarningPolicy(Options(sp).ChurnWarning));
        services.TryAddSingleton<ICustomerBaseScorer>(sp => Scorer(Options(sp)));
        services.TryAddSingleton<ICustomerValuePipeline>(sp => new CustomerValuePipeline(
            Options(sp),
            sp.GetService<ILogger<CustomerValuePipeline>>() ?? NullLogger<CustomerValuePipeline>.Instance));
        return services;
    }

    // Reading Value runs the validators: invalid options throw OptionsValidationException listing every error.
    private static CustomerValueOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<CustomerValueOptions>>().Value;

    private static IWalletEstimator WalletEstimator(CustomerValueOptions options) =>
        options.WalletEstimation == WalletEstimationMethod.NearestNeighbours
            ? new KNearestNeighbourWalletEstimator(options.NearestNeighbourWallet)
            : new QuantileRegressionWalletEstimator(options.QuantileRegressionWallet);

    private static CustomerBaseScorer Scorer(CustomerValueOptions options)
    {
        RequireModel(options, nameof(ICustomerBaseScorer));
        var errors = new List<string>();
        if (!options.LifetimeValue.TryResolve(errors, out var purchase, out var spend, out var value))
        {
            throw new InvalidOperationException($"The lifetime value settings are invalid: {string.Join(" ", errors)}");
        }

        if (spend is null)
        {
            throw new InvalidOperationException(
                "ICustomerBaseScorer needs a fitted spend model: set options.LifetimeValue.SpendModelFile (a Gamma-Gamma model file written by 'customer-value fit --model gg') or options.LifetimeValue.SpendModel in AddCustomerValue.");
        }

        // The pipeline's own mapping from settings to scoring options (the date does not enter them), so a scorer resolved
        // here scores exactly as CustomerBasePipeline and the command line do; only a discounting method other than the
        // pipeline's (discrete, one model time unit a period) replaces its CLV options.
        var scoring = PipelineOptionsOf(options, default, errors).ScoringOptionsFor(purchase.TimeUnit);
        if (options.LifetimeValue.Method != DiscountingMethod.Discrete || options.LifetimeValue.PeriodLength != 1)
        {
            scoring = scoring with { LifetimeValue = value };
        }

        return new CustomerBaseScorer(purchase, spend, scoring);
    }

    /// <summary>The pipeline's settings from the options: the one mapping the scorer and <see cref="ICustomerValuePipeline"/> share.</summary>
    internal static PipelineOptions PipelineOptionsOf(CustomerValueOptions options, DateOnly asOf, List<string> errors)
    {
        var lifetime = options.LifetimeValue;
        return new PipelineOptions(asOf)
        {
            TimeUnit = options.TimeUnit,
            Horizon = lifetime.Horizon,
            DiscountRate = lifetime.Rate,
            MarginRate = lifetime.MarginRate,
            ChurnWindowDays = options.ChurnWindowDays,
            Scoring = new ScoringOptions(52)
            {
                Rfm = options.Rfm,
                SegmentMap = CustomerValueOptionsValidator.SegmentMapOf(options, errors) ?? SegmentMap.RecencyFrequencyGrid,
                ValueTiers = options.ValueTiers,
                Churn = options.ChurnWarning,
                MaxDegreeOfParallelism = options.ScoringMaxDegreeOfParallelism,
            },
        };
    }

    private static void RequireModel(CustomerValueOptions options, string service)
    {
        if (!options.LifetimeValue.HasPurchaseModel)
        {
            throw new InvalidOperationException(
                $"{service} needs a fitted repeat-purchase model: set options.LifetimeValue.ModelFile (a model file written by 'customer-value fit') or options.LifetimeValue.PurchaseModel in AddCustomerValue.");
        }
    }

    private static ICustomerLifetimeValueCalculator LifetimeValueCalculator(CustomerValueOptions options)
    {
        RequireModel(options, nameof(ICustomerLifetimeValueCalculator));

        var errors = new List<string>();
        return options.LifetimeValue.TryBuild(errors)
            ?? throw new InvalidOperationException($"The lifetime value settings are invalid: {string.Join(" ", errors)}");
    }
}
