using CustomerValue.Churn;
using CustomerValue.Segmentation;
using CustomerValue.Wallet;

namespace CustomerValue;

/// <summary>
/// The settings behind <see cref="CustomerValueServiceCollectionExtensions.AddCustomerValue(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{CustomerValueOptions}?)"/>:
/// one section per calculator, each holding the core's own settings record.
/// </summary>
/// <remarks>
/// <para>This is the one mutable type of the library, as the options pattern requires: it is filled in once by the
/// configure delegate (or bound from configuration), then validated by <see cref="CustomerValueOptionsValidator"/>,
/// which reports every invalid setting at once, and only read afterwards. The calculators built from it are immutable
/// and thread-safe.</para>
/// <para>Every section starts as a copy of its defaults (equal to, say, <see cref="ChurnWarningOptions.Default"/>, but
/// not the same instance), and <see cref="CustomerValueServiceCollectionExtensions.AddCustomerValue(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>
/// replaces a section by a changed copy rather than writing into it: binding one container's options changes no
/// other container's and no shared default.</para>
/// <para>Without dependency injection, create the calculators directly from the same records (for example
/// <c>new ShareOfWalletCalculator(options)</c>); nothing here is needed.</para>
/// </remarks>
public sealed class CustomerValueOptions
{
    /// <summary>Customer lifetime value: the fitted models and the horizon, discounting and margin (see <see cref="LifetimeValueModelOptions"/>).</summary>
    public LifetimeValueModelOptions LifetimeValue { get; } = new();

    /// <summary>Share of wallet when the wallet is known. Default <see cref="ShareOfWalletOptions.Default"/>.</summary>
    public ShareOfWalletOptions ShareOfWallet { get; set; } = new();

    /// <summary>Which wallet estimator <see cref="IWalletEstimator"/> resolves to. Default <see cref="WalletEstimationMethod.QuantileRegression"/>.</summary>
    public WalletEstimationMethod WalletEstimation { get; set; } = WalletEstimationMethod.QuantileRegression;

    /// <summary>Settings of the quantile-regression wallet estimate. Default <see cref="QuantileRegressionOptions.Default"/>.</summary>
    public QuantileRegressionOptions QuantileRegressionWallet { get; set; } = new();

    /// <summary>Settings of the nearest-neighbour wallet estimate. Default <see cref="KNearestNeighbourWalletOptions.Default"/>.</summary>
    public KNearestNeighbourWalletOptions NearestNeighbourWallet { get; set; } = new();

    /// <summary>RFM scoring: bins, binning and weights. Default <see cref="RfmOptions.Default"/> (quintiles, independent binning).</summary>
    public RfmOptions Rfm { get; set; } = new();

    /// <summary>
    /// The segment map <see cref="ISegmentMap"/> resolves to. Default <see cref="Segmentation.SegmentMap.RecencyFrequencyGrid"/>.
    /// Its number of bins must equal <see cref="RfmOptions.Bins"/> of <see cref="Rfm"/>. Setting both this (to another
    /// map than the default) and <see cref="SegmentMapFile"/> is an error.
    /// </summary>
    /// <remarks>In configuration give a preset by name, as the command line's <c>--segment-map</c> does:
    /// <c>"SegmentMap": "grid"</c> (<see cref="Segmentation.SegmentMap.RecencyFrequencyGrid"/>) or <c>"classic"</c>
    /// (<see cref="Segmentation.SegmentMap.ClassicRfm"/>); any other name is a validation error, and a map of your own goes
    /// in <see cref="SegmentMapFile"/>.</remarks>
    public ISegmentMap SegmentMap { get; set; } = Segmentation.SegmentMap.RecencyFrequencyGrid;

    /// <summary>A segment map in JSON (see <see cref="Segmentation.SegmentMap.FromJson(string)"/>) to use instead of <see cref="SegmentMap"/>; null (default) for none.</summary>
    public string? SegmentMapFile { get; set; }

    /// <summary>The number of k-means clusters <see cref="IRfmClusterer"/> forms, 1..100. Default 5.</summary>
    public int RfmClusters { get; set; } = 5;

    /// <summary>The seed of the k-means++ initialisation. Default 1.</summary>
    public int RfmClusterSeed { get; set; } = 1;

    /// <summary>ABC thresholds, quantiles and Lorenz resolution. Default <see cref="ConcentrationOptions.Default"/>.</summary>
    public ConcentrationOptions Concentration { get; set; } = new();

    /// <summary>Gold / drag, MVC / MGC / BZ thresholds. Default <see cref="ValueTierOptions.Default"/>.</summary>
    public ValueTierOptions ValueTiers { get; set; } = new();

    /// <summary>The limits of the churn-warning policy. Default <see cref="ChurnWarningOptions.Default"/>.</summary>
    public ChurnWarningOptions ChurnWarning { get; set; } = new();

    /// <summary>
    /// The time unit of the summaries and of the models <see cref="ICustomerValuePipeline"/> fits when none is given (a
    /// given model's own unit wins), as the command line's <c>--time-unit</c>. Default <see cref="CustomerValue.TimeUnit.Week"/>.
    /// </summary>
    public TimeUnit TimeUnit { get; set; } = TimeUnit.Week;

    /// <summary>The length in days of each of the two churn windows compared for declines, 1..3650. Default 180.</summary>
    public int ChurnWindowDays { get; set; } = 180;

    /// <summary>
    /// The most threads one run of <see cref="Scoring.ICustomerBaseScorer"/> uses; −1 (default) for every core. The scorer
    /// takes its models, horizon and discounting from <see cref="LifetimeValue"/> (it needs a spend model) and its RFM,
    /// segment map, value tiers and churn limits from the sections above.
    /// </summary>
    public int ScoringMaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>What configuration binding could not apply (unknown keys, values that do not parse); reported by the validator with every other error.</summary>
    internal List<string> ConfigurationErrors { get; } = [];
}

/// <summary>The wallet estimator that <see cref="IWalletEstimator"/> resolves to.</summary>
public enum WalletEstimationMethod
{
    /// <summary>Linear quantile regression of spend on the features (<see cref="QuantileRegressionWalletEstimator"/>).</summary>
    QuantileRegression,

    /// <summary>A high quantile of spend among the k nearest neighbours (<see cref="KNearestNeighbourWalletEstimator"/>).</summary>
    NearestNeighbours,
}
