using System.Globalization;

namespace CustomerValue.Lifetime;

/// <summary>
/// The fitted parameters of the BG/NBD model (Fader, Hardie &amp; Lee 2005): while active a customer buys at Poisson
/// rate λ ~ Gamma(shape r, rate α), and after each repeat purchase drops out with probability p ~ Beta(a, b).
/// </summary>
/// <remarks>α is a rate per <see cref="TimeUnit"/> of the data it was fitted on (its unit is that of recency and T).
/// Create with <see cref="Create"/>, which validates.</remarks>
public readonly record struct BgNbdParameters
{
    private BgNbdParameters(double r, double alpha, double a, double b)
    {
        R = r;
        Alpha = alpha;
        A = a;
        B = b;
    }

    /// <summary>r: shape of the Gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>α: rate (inverse scale, per time unit) of the Gamma distribution of purchase rates.</summary>
    public double Alpha { get; }

    /// <summary>a: first shape of the Beta distribution of drop-out probabilities.</summary>
    public double A { get; }

    /// <summary>b: second shape of the Beta distribution of drop-out probabilities.</summary>
    public double B { get; }

    /// <summary>The parameters by their published names, in order: r, alpha, a, b.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> ToNamedValues() =>
        LifetimeModelCatalog.BgNbd.Named(R, Alpha, A, B);

    /// <summary>Creates validated parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN, infinite or not positive; the message names it.</exception>
    public static BgNbdParameters Create(double r, double alpha, double a, double b)
    {
        Check("BgNbdParameters", "r", r);
        Check("BgNbdParameters", "alpha", alpha);
        Check("BgNbdParameters", "a", a);
        Check("BgNbdParameters", "b", b);
        return new BgNbdParameters(r, alpha, a, b);
    }

    internal static void Check(string record, string name, double value)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{record}.{name} must be finite and > 0, got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"BG/NBD(r={R}, alpha={Alpha}, a={A}, b={B})");
}
