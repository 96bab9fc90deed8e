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
/// <para>Without dependency injection, create the calculators directly from the same records (for example
/// <c>new ShareOfWalletCalculator(options)</c>); nothing here is needed.</para>
/// </remarks>
public sealed class CustomerValueOptions
{
    /// <summary>Customer lifetime value: the fitted models and the horizon, discounting and margin (see <see cref="LifetimeValueModelOptions"/>).</summary>
    public LifetimeValueModelOptions LifetimeValue { get; } = new();

    /// <summary>Share of wallet when the wallet is known. Default <see cref="ShareOfWalletOptions.Default"/>.</summary>
    public ShareOfWalletOptions ShareOfWallet { get; set; } = ShareOfWalletOptions.Default;

    /// <summary>Which wallet estimator <see cref="IWalletEstimator"/> resolves to. Default <see cref="WalletEstimationMethod.QuantileRegression"/>.</summary>
    public WalletEstimationMethod WalletEstimation { get; set; } = WalletEstimationMethod.QuantileRegression;

    /// <summary>Settings of the quantile-regression wallet estimate. Default <see cref="QuantileRegressionOptions.Default"/>.</summary>
    public QuantileRegressionOptions QuantileRegressionWallet { get; set; } = QuantileRegressionOptions.Default;

    /// <summary>Settings of the nearest-neighbour wallet estimate. Default <see cref="KNearestNeighbourWalletOptions.Default"/>.</summary>
    public KNearestNeighbourWalletOptions NearestNeighbourWallet { get; set; } = KNearestNeighbourWalletOptions.Default;

    /// <summary>RFM scoring: bins, binning and weights. Default <see cref="RfmOptions.Default"/> (quintiles, independent binning).</summary>
    public RfmOptions Rfm { get; set; } = RfmOptions.Default;

    /// <summary>
    /// The segment map <see cref="ISegmentMap"/> resolves to. Default <see cref="Segmentation.SegmentMap.RecencyFrequencyGrid"/>.
    /// Its number of bins must equal <see cref="RfmOptions.Bins"/> of <see cref="Rfm"/>. Ignored when <see cref="SegmentMapFile"/> is set.
    /// </summary>
    public ISegmentMap SegmentMap { get; set; } = Segmentation.SegmentMap.RecencyFrequencyGrid;

    /// <summary>A segment map in JSON (see <see cref="Segmentation.SegmentMap.FromJson(string)"/>) to use instead of <see cref="SegmentMap"/>; null (default) for none.</summary>
    public string? SegmentMapFile { get; set; }

    /// <summary>The number of k-means clusters <see cref="IRfmClusterer"/> forms, 1..100. Default 5.</summary>
    public int RfmClusters { get; set; } = 5;

    /// <summary>The seed of the k-means++ initialisation. Default 1.</summary>
    public int RfmClusterSeed { get; set; } = 1;

    /// <summary>ABC thresholds, quantiles and Lorenz resolution. Default <see cref="ConcentrationOptions.Default"/>.</summary>
    public ConcentrationOptions Concentration { get; set; } = ConcentrationOptions.Default;

    /// <summary>Gold / drag, MVC / MGC / BZ thresholds. Default <see cref="ValueTierOptions.Default"/>.</summary>
    public ValueTierOptions ValueTiers { get; set; } = ValueTierOptions.Default;

    /// <summary>The limits of the churn-warning policy. Default <see cref="ChurnWarningOptions.Default"/>.</summary>
    public ChurnWarningOptions ChurnWarning { get; set; } = ChurnWarningOptions.Default;

    /// <summary>
    /// The most threads one run of <see cref="Scoring.ICustomerBaseScorer"/> uses; −1 (default) for every core. The scorer
    /// takes its models, horizon and discounting from <see cref="LifetimeValue"/> (it needs a spend model) and its RFM,
    /// segment map, value tiers and churn limits from the sections above.
    /// </summary>
    public int ScoringMaxDegreeOfParallelism { get; set; } = -1;
}

/// <summary>The wallet estimator that <see cref="IWalletEstimator"/> resolves to.</summary>
public enum WalletEstimationMethod
{
    /// <summary>Linear quantile regression of spend on the features (<see cref="QuantileRegressionWalletEstimator"/>).</summary>
    QuantileRegression,

    /// <summary>A high quantile of spend among the k nearest neighbours (<see cref="KNearestNeighbourWalletEstimator"/>).</summary>
    NearestNeighbours,
}
