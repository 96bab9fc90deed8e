namespace CustomerValue.Wallet;

/// <summary>Quantiles and the pinball (check) loss.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class Quantiles
{
    /// <summary>
    /// The pinball loss of a prediction at quantile τ: mean of τ·(y − ŷ) when y ≥ ŷ and (1 − τ)·(ŷ − y) otherwise.
    /// Quantile regression minimises it.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length or are empty, or τ is not in (0, 1).</exception>
    public static double PinballLoss(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, double quantile)
    {
        if (actual.Length != predicted.Length || actual.IsEmpty)
        {
            throw new ArgumentException("Pinball loss: the actual and predicted values must be non-empty and of equal length.", nameof(predicted));
        }

        CheckQuantile(quantile);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            sum += Pinball(actual[i] - predicted[i], quantile);
        }

        return sum / actual.Length;
    }

    /// <summary>
    /// The τ-quantile of the values by linear interpolation between order statistics (Hyndman &amp; Fan type 7, the
    /// default of R and NumPy): position h = (n − 1)·τ in the sorted values. Sorts <paramref name="values"/> in place.
    /// </summary>
    /// <exception cref="ArgumentException">The span is empty, or τ is not in [0, 1].</exception>
    public static double QuantileInPlace(Span<double> values, double quantile)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("A quantile needs at least one value.", nameof(values));
        }

        if (!(quantile >= 0 && quantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "The quantile must be in [0, 1].");
        }

        values.Sort();
        double h = (values.Length - 1) * quantile;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, values.Length - 1);
        return values[lo] + ((h - lo) * (values[hi] - values[lo]));
    }

    internal static double Pinball(double residual, double quantile) =>
        residual >= 0 ? quantile * residual : (quantile - 1) * residual;

    internal static void CheckQuantile(double quantile)
    {
        if (!(quantile > 0 && quantile < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "The quantile must be in (0, 1).");
        }
    }
}
