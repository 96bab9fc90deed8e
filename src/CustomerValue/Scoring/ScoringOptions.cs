using System.Globalization;
using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Segmentation;

namespace CustomerValue.Scoring;

/// <summary>What a customer-base scoring run computes: the horizon, CLV discounting and margin, RFM bins, segment map, value-tier and churn limits, and how many threads.</summary>
/// <remarks>
/// Immutable; change with <c>with</c> (every property is checked when set). The horizon and
/// <see cref="LifetimeValue"/> are in the time unit of the repeat-purchase model the options are used with.
/// </remarks>
public sealed record ScoringOptions
{
    private readonly double _horizon;
    private readonly LifetimeValueOptions? _lifetimeValue;
    private readonly int _maxDegreeOfParallelism = -1;
    private readonly RfmOptions _rfm = RfmOptions.Default;
    private readonly ISegmentMap _segmentMap = Segmentation.SegmentMap.RecencyFrequencyGrid;
    private readonly ValueTierOptions _valueTiers = ValueTierOptions.Default;
    private readonly ChurnWarningOptions _churn = ChurnWarningOptions.Default;

    /// <summary>Options with the given horizon and every other setting at its default.</summary>
    /// <param name="horizon">The horizon of expected purchases (and, unless <see cref="LifetimeValue"/> says otherwise, of CLV), in model time units; finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">The horizon is NaN, infinite or negative.</exception>
    public ScoringOptions(double horizon) => Horizon = horizon;

    /// <summary>The horizon of expected purchases, in model time units (52 with a weekly model = one year).</summary>
    public double Horizon
    {
        get => _horizon;
        init => _horizon = double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Horizon), value, string.Create(CultureInfo.InvariantCulture, $"ScoringOptions.Horizon must be finite and >= 0 (model time units), got {value}."));
    }

    /// <summary>
    /// CLV horizon, discount rate, discounting method and margin; null (the default) for CLV over <see cref="Horizon"/>
    /// without discounting at a margin of 1, which makes CLV = expected purchases × expected spend.
    /// </summary>
    public LifetimeValueOptions? LifetimeValue
    {
        get => _lifetimeValue;
        init => _lifetimeValue = value is { } v && v == default
            ? throw new ArgumentException("ScoringOptions.LifetimeValue: the options are uninitialised; create them with LifetimeValueOptions.Create.", nameof(LifetimeValue))
            : value;
    }

    /// <summary>The lifetime-value options in effect (<see cref="LifetimeValue"/>, or the undiscounted default over <see cref="Horizon"/>).</summary>
    public LifetimeValueOptions EffectiveLifetimeValue => _lifetimeValue ?? LifetimeValueOptions.Create(_horizon, DiscountRate.Zero);

    /// <summary>RFM bins, binning and weights. Default <see cref="RfmOptions.Default"/> (quintiles).</summary>
    public RfmOptions Rfm { get => _rfm; init => _rfm = value ?? throw new ArgumentNullException(nameof(Rfm)); }

    /// <summary>The segment map; its bins must equal <see cref="Rfm"/>'s. Default <see cref="Segmentation.SegmentMap.RecencyFrequencyGrid"/>.</summary>
    public ISegmentMap SegmentMap { get => _segmentMap; init => _segmentMap = value ?? throw new ArgumentNullException(nameof(SegmentMap)); }

    /// <summary>Gold / drag thresholds (customers are ranked by CLV). Default <see cref="ValueTierOptions.Default"/>.</summary>
    public ValueTierOptions ValueTiers { get => _valueTiers; init => _valueTiers = value ?? throw new ArgumentNullException(nameof(ValueTiers)); }

    /// <summary>Churn warning limits. Default <see cref="ChurnWarningOptions.Default"/>.</summary>
    public ChurnWarningOptions Churn { get => _churn; init => _churn = value ?? throw new ArgumentNullException(nameof(Churn)); }

    /// <summary>The most threads a run uses; −1 (the default) for every core.</summary>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init => _maxDegreeOfParallelism = value == -1 || value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value, "ScoringOptions.MaxDegreeOfParallelism must be -1 (every core) or at least 1.");
    }
}
