using System.Globalization;

namespace CustomerValue.Lifetime;

/// <summary>
/// The fitted parameters of the BG/BB model (Fader, Hardie &amp; Shang 2010): while alive a customer buys at each
/// opportunity with probability p ~ Beta(α, β), and before each opportunity drops out with probability θ ~ Beta(γ, δ).
/// </summary>
/// <remarks>Create with <see cref="Create"/>, which validates.</remarks>
public readonly record struct BgBbParameters
{
    private BgBbParameters(double alpha, double beta, double gamma, double delta)
    {
        Alpha = alpha;
        Beta = beta;
        Gamma = gamma;
        Delta = delta;
    }

    /// <summary>α: first shape of the Beta distribution of purchase probabilities p.</summary>
    public double Alpha { get; }

    /// <summary>β: second shape of the Beta distribution of purchase probabilities p.</summary>
    public double Beta { get; }

    /// <summary>γ: first shape of the Beta distribution of drop-out probabilities θ.</summary>
    public double Gamma { get; }

    /// <summary>δ: second shape of the Beta distribution of drop-out probabilities θ.</summary>
    public double Delta { get; }

    /// <summary>The parameters by their published names, in order: alpha, beta, gamma, delta.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> ToNamedValues() =>
        LifetimeModelCatalog.BgBb.Named(Alpha, Beta, Gamma, Delta);

    /// <summary>Creates validated parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN, infinite or not positive; the message names it.</exception>
    public static BgBbParameters Create(double alpha, double beta, double gamma, double delta)
    {
        Check("alpha", alpha);
        Check("beta", beta);
        Check("gamma", gamma);
        Check("delta", delta);
        return new BgBbParameters(alpha, beta, gamma, delta);
    }

    private static void Check(string name, double value)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"BgBbParameters.{name} must be finite and > 0, got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"BG/BB(alpha={Alpha}, beta={Beta}, gamma={Gamma}, delta={Delta})");
}
