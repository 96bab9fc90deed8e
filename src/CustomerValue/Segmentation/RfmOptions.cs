using System.Globalization;

namespace CustomerValue.Segmentation;

/// <summary>How the three RFM dimensions are binned.</summary>
public enum RfmBinning
{
    /// <summary>Each dimension is binned over all customers, independently of the others.</summary>
    Independent,

    /// <summary>
    /// Recency is binned over all customers; frequency within each recency score; monetary value within each
    /// (recency, frequency) pair. Nested bins compare a customer with peers of the same recency (and frequency).
    /// </summary>
    Nested,
}

/// <summary>How RFM scores are computed: the number of bins, independent or nested binning, and the weights of the weighted score.</summary>
/// <remarks>
/// Immutable; change with <c>with</c> (every property re-validates). Defaults: 5 bins (quintiles), independent
/// binning, weights 1, 1, 1.
/// </remarks>
public sealed record RfmOptions
{
    private readonly int _bins = 5;
    private readonly double _recencyWeight = 1;
    private readonly double _frequencyWeight = 1;
    private readonly double _monetaryWeight = 1;
    private readonly RfmBinning _binning = RfmBinning.Independent;

    /// <summary>The default options: quintiles, independent binning, equal weights.</summary>
    public static RfmOptions Default { get; } = new();

    /// <summary>The number of bins n per dimension, 2..9 (one digit per dimension in the combined code). Default 5.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 2..9.</exception>
    public int Bins
    {
        get => _bins;
        init
        {
            if (value is < 2 or > 9)
            {
                throw new ArgumentOutOfRangeException(nameof(Bins), value, "RfmOptions.Bins must be between 2 and 9 (one digit per dimension in the combined code).");
            }

            _bins = value;
        }
    }

    /// <summary>Independent (default) or nested binning.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined value.</exception>
    public RfmBinning Binning
    {
        get => _binning;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(Binning), value, "RfmOptions.Binning must be Independent or Nested.");
            }

            _binning = value;
        }
    }

    /// <summary>Weight of the recency score in the weighted score (<see cref="Weighted"/>) (finite, ≥ 0). Default 1.</summary>
    public double RecencyWeight { get => _recencyWeight; init => _recencyWeight = CheckWeight(value, nameof(RecencyWeight)); }

    /// <summary>Weight of the frequency score (finite, ≥ 0). Default 1.</summary>
    public double FrequencyWeight { get => _frequencyWeight; init => _frequencyWeight = CheckWeight(value, nameof(FrequencyWeight)); }

    /// <summary>Weight of the monetary score (finite, ≥ 0). Default 1.</summary>
    public double MonetaryWeight { get => _monetaryWeight; init => _monetaryWeight = CheckWeight(value, nameof(MonetaryWeight)); }

    /// <summary>The weighted score of one customer: (wR·R + wF·F + wM·M) / (wR + wF + wM), in [1, n].</summary>
    /// <exception cref="InvalidOperationException">All three weights are zero.</exception>
    public double Weighted(RfmScore score)
    {
        double total = _recencyWeight + _frequencyWeight + _monetaryWeight;
        if (total <= 0)
        {
            throw new InvalidOperationException("RfmOptions: at least one of RecencyWeight, FrequencyWeight and MonetaryWeight must be positive to form a weighted score.");
        }

        return ((_recencyWeight * score.Recency) + (_frequencyWeight * score.Frequency) + (_monetaryWeight * score.Monetary)) / total;
    }

    private static double CheckWeight(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"RfmOptions.{name} must be finite and >= 0, got {value}."));
        }

        return value;
    }
}
