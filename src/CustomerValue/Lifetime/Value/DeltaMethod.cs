using System.Globalization;
using CustomerValue.Lifetime.Fitting;

namespace CustomerValue.Lifetime;

/// <summary>
/// Delta-method standard errors and normal intervals for any prediction that is a smooth function of fitted
/// parameters: Var(f(θ̂)) ≈ gᵀ Σ g with g = ∇f(θ̂) and Σ the parameters' covariance.
/// </summary>
/// <remarks>
/// The gradient is taken by central differences with a relative step of 1e-5 per parameter (truncation error about
/// 1e-10 of the prediction's curvature scale, far below the sampling error it measures). Static and thread-safe; the
/// prediction delegate must be too. Meant for reporting, not for scoring millions of customers: each interval costs
/// 2k + 1 evaluations of the prediction (k parameters).
/// </remarks>
public static class DeltaMethod
{
    /// <summary>The relative step of the central differences.</summary>
    public const double RelativeStep = 1e-5;

    /// <summary>The interval of <paramref name="prediction"/> at <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The fitted parameters (natural scale, the covariance's order).</param>
    /// <param name="covariance">Their covariance.</param>
    /// <param name="prediction">The prediction as a function of the parameters.</param>
    /// <param name="level">The confidence level, in (0, 1); default 0.95.</param>
    /// <param name="lowerLimit">The smallest value the quantity can take (bounds are clipped to it).</param>
    /// <param name="upperLimit">The largest value the quantity can take.</param>
    /// <exception cref="ArgumentException">The number of parameters differs from the covariance's dimension, or the level is outside (0, 1).</exception>
    public static PredictionInterval Interval(
        IReadOnlyList<double> parameters, CovarianceMatrix covariance, Func<double[], double> prediction,
        double level = 0.95, double lowerLimit = double.NegativeInfinity, double upperLimit = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(covariance);
        ArgumentNullException.ThrowIfNull(prediction);
        if (parameters.Count != covariance.Dimension)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Delta method: {parameters.Count} parameters but the covariance is {covariance.Dimension} x {covariance.Dimension}."), nameof(parameters));
        }

        double z = Quantile(level);
        var point = parameters.ToArray();
        double estimate = prediction(point);
        var gradient = new double[point.Length];
        var shifted = (double[])point.Clone();
        for (int i = 0; i < point.Length; i++)
        {
            double h = RelativeStep * Math.Max(Math.Abs(point[i]), 1e-8);
            shifted[i] = point[i] + h;
            double up = prediction(shifted);
            shifted[i] = point[i] - h;
            double down = prediction(shifted);
            shifted[i] = point[i];
            gradient[i] = (up - down) / (2 * h);
        }

        double variance = covariance.QuadraticForm(gradient);
        double se = Math.Sqrt(Math.Max(variance, 0));
        if (!covariance.IsAvailable || !double.IsFinite(se))
        {
            return new PredictionInterval(estimate, double.NaN, double.NaN, double.NaN, level);
        }

        return new PredictionInterval(estimate, se, Math.Clamp(estimate - (z * se), lowerLimit, upperLimit), Math.Clamp(estimate + (z * se), lowerLimit, upperLimit), level);
    }

    /// <summary>The two-sided normal quantile z with P(|Z| ≤ z) = <paramref name="level"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is outside (0, 1).</exception>
    internal static double Quantile(double level)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Delta method: the confidence level must be in (0, 1), for example 0.95.");
        }

        return MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.5 + (level / 2));
    }
}
