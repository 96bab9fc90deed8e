using System.Globalization;

namespace CustomerValue.Segmentation;

/// <summary>ABC thresholds, the number of value quantiles (deciles by default) and the Lorenz curve resolution.</summary>
/// <remarks>Immutable; change with <c>with</c>. Defaults: A up to 80% of value, B up to 95%, 10 quantiles, 100 Lorenz segments.</remarks>
public sealed record ConcentrationOptions
{
    private readonly double _a = 0.8;
    private readonly double _b = 0.95;
    private readonly int _quantiles = 10;
    private readonly int _lorenzSegments = 100;

    /// <summary>The defaults.</summary>
    public static ConcentrationOptions Default { get; } = new();

    /// <summary>Class A: customers that start before this cumulative share of value (0 &lt; A &lt; B). Default 0.8.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in (0, 1). (A &lt; B is checked when an analyzer is created.)</exception>
    public double AThreshold
    {
        get => _a;
        init
        {
            Check(value, nameof(AThreshold));
            _a = value;
        }
    }

    /// <summary>Class B: customers that start before this cumulative share (A &lt; B ≤ 1); the rest are C. Default 0.95.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in (0, 1]. (A &lt; B is checked when an analyzer is created.)</exception>
    public double BThreshold
    {
        get => _b;
        init
        {
            if (!double.IsFinite(value) || value <= 0 || value > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(BThreshold), value, string.Create(CultureInfo.InvariantCulture, $"ConcentrationOptions.BThreshold must be in (0, 1], got {value}."));
            }

            _b = value;
        }
    }

    /// <summary>The number of equal-count value groups (10 = deciles), 2..100. Default 10.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 2..100.</exception>
    public int Quantiles
    {
        get => _quantiles;
        init => _quantiles = value is >= 2 and <= 100 ? value : throw new ArgumentOutOfRangeException(nameof(Quantiles), value, "ConcentrationOptions.Quantiles must be between 2 and 100.");
    }

    /// <summary>The Lorenz curve is given at 1/L steps of the population share, L in 1..10,000. Default 100.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 1..10,000.</exception>
    public int LorenzSegments
    {
        get => _lorenzSegments;
        init => _lorenzSegments = value is >= 1 and <= 10_000 ? value : throw new ArgumentOutOfRangeException(nameof(LorenzSegments), value, "ConcentrationOptions.LorenzSegments must be between 1 and 10000.");
    }

    /// <summary>Checks the rules across fields (A below B).</summary>
    /// <exception cref="ArgumentException">AThreshold is not below BThreshold.</exception>
    internal void Validate()
    {
        if (_a >= _b)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"ConcentrationOptions: AThreshold ({_a}) must be below BThreshold ({_b})."));
        }
    }

    private static void Check(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0 || value >= 1)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"ConcentrationOptions.{name} must be in (0, 1), got {value}."));
        }
    }
}
