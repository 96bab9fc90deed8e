using System.Globalization;

namespace CustomerValue.Lifetime;

/// <summary>
/// A point prediction with its delta-method standard error and a normal confidence interval.
/// </summary>
/// <remarks>
/// Immutable. <see cref="Lower"/> and <see cref="Upper"/> are Estimate ∓ z·StandardError, clipped to the range the
/// quantity can take (a probability to [0, 1], a count or value ≥ 0), so they are always meaningful. When the
/// covariance is unavailable (the fit's Hessian was singular) the standard error and bounds are NaN.
/// </remarks>
public readonly record struct PredictionInterval
{
    internal PredictionInterval(double estimate, double standardError, double lower, double upper, double level)
    {
        Estimate = estimate;
        StandardError = standardError;
        Lower = lower;
        Upper = upper;
        Level = level;
    }

    /// <summary>The prediction at the fitted parameters.</summary>
    public double Estimate { get; }

    /// <summary>√(gᵀ Σ g): g the gradient of the prediction with respect to the parameters, Σ their covariance.</summary>
    public double StandardError { get; }

    /// <summary>The lower bound of the interval.</summary>
    public double Lower { get; }

    /// <summary>The upper bound of the interval.</summary>
    public double Upper { get; }

    /// <summary>The confidence level (0.95 = 95%).</summary>
    public double Level { get; }

    /// <summary>The interval as text, for example <c>0.7266 [0.69, 0.76] (95%)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Estimate:G6} [{Lower:G6}, {Upper:G6}] ({Level * 100:G4}%)");
}
