using System.Globalization;

namespace CustomerValue.Lifetime;

/// <summary>
/// The fitted parameters of the Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987): while active a customer
/// buys at Poisson rate λ ~ Gamma(shape r, rate α); the customer's lifetime is exponential with rate μ ~ Gamma(shape s,
/// rate β).
/// </summary>
/// <remarks>α and β are rates per <see cref="TimeUnit"/> of the data the parameters were fitted on. Create with
/// <see cref="Create"/>, which validates.</remarks>
public readonly record struct ParetoNbdParameters
{
    private ParetoNbdParameters(double r, double alpha, double s, double beta)
    {
        R = r;
        Alpha = alpha;
        S = s;
        Beta = beta;
    }

    /// <summary>r: shape of the Gamma distribution of purchase rates λ.</summary>
    public double R { get; }

    /// <summary>α: rate (inverse scale, per time unit) of the Gamma distribution of purchase rates λ.</summary>
    public double Alpha { get; }

    /// <summary>s: shape of the Gamma distribution of drop-out rates μ.</summary>
    public double S { get; }

    /// <summary>β: rate (inverse scale, per time unit) of the Gamma distribution of drop-out rates μ.</summary>
    public double Beta { get; }

    /// <summary>The parameters by their published names, in order: r, alpha, s, beta.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> ToNamedValues() =>
        LifetimeModelCatalog.ParetoNbd.Named(R, Alpha, S, Beta);

    /// <summary>Creates validated parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN, infinite or not positive; the message names it.</exception>
    public static ParetoNbdParameters Create(double r, double alpha, double s, double beta)
    {
        Check("r", r);
        Check("alpha", alpha);
        Check("s", s);
        Check("beta", beta);
        return new ParetoNbdParameters(r, alpha, s, beta);
    }

    private static void Check(string name, double value)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"ParetoNbdParameters.{name} must be finite and > 0, got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Pareto/NBD(r={R}, alpha={Alpha}, s={S}, beta={Beta})");
}
