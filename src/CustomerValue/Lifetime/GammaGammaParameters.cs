using System.Globalization;

namespace CustomerValue.Lifetime;

/// <summary>
/// The fitted parameters of the Gamma-Gamma spend model (Fader, Hardie &amp; Lee 2005, "RFM and CLV"; Fader &amp;
/// Hardie 2013 note): each purchase's value ~ Gamma(shape p, rate ν), and across customers ν ~ Gamma(shape q, rate γ).
/// </summary>
/// <remarks>γ is in the currency of the monetary values it was fitted on. Create with <see cref="Create"/>, which validates.</remarks>
public readonly record struct GammaGammaParameters
{
    private GammaGammaParameters(double p, double q, double gamma)
    {
        P = p;
        Q = q;
        Gamma = gamma;
    }

    /// <summary>p: shape of the Gamma distribution of a customer's purchase values.</summary>
    public double P { get; }

    /// <summary>q: shape of the Gamma distribution of the customers' rates ν.</summary>
    public double Q { get; }

    /// <summary>γ: rate (in currency units) of the Gamma distribution of the customers' rates ν.</summary>
    public double Gamma { get; }

    /// <summary>The mean spend per purchase across all customers, p·γ/(q−1); infinite when q ≤ 1.</summary>
    public double PopulationMeanSpend => Q > 1 ? P * Gamma / (Q - 1) : double.PositiveInfinity;

    /// <summary>The parameters by their published names, in order: p, q, gamma.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> ToNamedValues() => LifetimeModelCatalog.GammaGamma.Named(P, Q, Gamma);

    /// <summary>Creates validated parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN, infinite or not positive; the message names it.</exception>
    public static GammaGammaParameters Create(double p, double q, double gamma)
    {
        BgNbdParameters.Check("GammaGammaParameters", "p", p);
        BgNbdParameters.Check("GammaGammaParameters", "q", q);
        BgNbdParameters.Check("GammaGammaParameters", "gamma", gamma);
        return new GammaGammaParameters(p, q, gamma);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Gamma-Gamma(p={P}, q={Q}, gamma={Gamma})");
}
