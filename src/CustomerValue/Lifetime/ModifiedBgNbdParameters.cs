using System.Globalization;

namespace CustomerValue.Lifetime;

/// <summary>
/// The fitted parameters of the MBG/NBD model (Batislam, Denizel &amp; Filiztekin 2007): as BG/NBD, but a customer may
/// also drop out right after the first purchase. Purchase rate λ ~ Gamma(shape r, rate α); drop-out probability
/// p ~ Beta(a, b).
/// </summary>
/// <remarks>α is a rate per time unit of the data it was fitted on. Create with <see cref="Create"/>, which validates.</remarks>
public readonly record struct ModifiedBgNbdParameters
{
    private ModifiedBgNbdParameters(double r, double alpha, double a, double b)
    {
        R = r;
        Alpha = alpha;
        A = a;
        B = b;
    }

    /// <summary>r: shape of the Gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>α: rate (per time unit) of the Gamma distribution of purchase rates.</summary>
    public double Alpha { get; }

    /// <summary>a: first shape of the Beta distribution of drop-out probabilities.</summary>
    public double A { get; }

    /// <summary>b: second shape of the Beta distribution of drop-out probabilities.</summary>
    public double B { get; }

    /// <summary>The parameters by their published names, in order: r, alpha, a, b.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> ToNamedValues() =>
        LifetimeModelCatalog.ModifiedBgNbd.Named(R, Alpha, A, B);

    /// <summary>Creates validated parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN, infinite or not positive; the message names it.</exception>
    public static ModifiedBgNbdParameters Create(double r, double alpha, double a, double b)
    {
        BgNbdParameters.Check("ModifiedBgNbdParameters", "r", r);
        BgNbdParameters.Check("ModifiedBgNbdParameters", "alpha", alpha);
        BgNbdParameters.Check("ModifiedBgNbdParameters", "a", a);
        BgNbdParameters.Check("ModifiedBgNbdParameters", "b", b);
        return new ModifiedBgNbdParameters(r, alpha, a, b);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"MBG/NBD(r={R}, alpha={Alpha}, a={A}, b={B})");
}
