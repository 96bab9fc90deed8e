using System.Globalization;

namespace CustomerValue.Lifetime;

/// <summary>
/// The fitted parameters of the shifted-beta-geometric (sBG) retention model (Fader &amp; Hardie 2007): each period a
/// customer cancels with probability θ, θ ~ Beta(α, β) across customers.
/// </summary>
/// <remarks>Create with <see cref="Create"/>, which validates.</remarks>
public readonly record struct ShiftedBetaGeometricParameters
{
    private ShiftedBetaGeometricParameters(double alpha, double beta)
    {
        Alpha = alpha;
        Beta = beta;
    }

    /// <summary>α: first shape of the Beta distribution of churn probabilities θ.</summary>
    public double Alpha { get; }

    /// <summary>β: second shape of the Beta distribution of churn probabilities θ.</summary>
    public double Beta { get; }

    /// <summary>The parameters by their published names, in order: alpha, beta.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> ToNamedValues() => LifetimeModelCatalog.ShiftedBetaGeometric.Named(Alpha, Beta);

    /// <summary>Creates validated parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN, infinite or not positive; the message names it.</exception>
    public static ShiftedBetaGeometricParameters Create(double alpha, double beta)
    {
        Check("alpha", alpha);
        Check("beta", beta);
        return new ShiftedBetaGeometricParameters(alpha, beta);
    }

    private static void Check(string name, double value)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"ShiftedBetaGeometricParameters.{name} must be finite and > 0, got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"sBG(alpha={Alpha}, beta={Beta})");
}
