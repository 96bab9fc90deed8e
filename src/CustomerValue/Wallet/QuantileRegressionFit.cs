using System.Globalization;

namespace CustomerValue.Wallet;

/// <summary>A fitted linear quantile regression: ŷ = intercept + Σ coefficient_j · feature_j at quantile τ.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class QuantileRegressionFit
{
    private readonly double[] _coefficients;
    private readonly string[] _featureNames;

    internal QuantileRegressionFit(double quantile, double intercept, double[] coefficients, string[] featureNames, double pinballLoss, int iterations, bool converged, string stopReason)
    {
        Quantile = quantile;
        Intercept = intercept;
        _coefficients = coefficients;
        _featureNames = featureNames;
        PinballLoss = pinballLoss;
        Iterations = iterations;
        Converged = converged;
        StopReason = stopReason;
    }

    /// <summary>The fitted quantile τ.</summary>
    public double Quantile { get; }

    /// <summary>The intercept.</summary>
    public double Intercept { get; }

    /// <summary>One coefficient per feature, in the order of <see cref="FeatureNames"/>.</summary>
    public IReadOnlyList<double> Coefficients => _coefficients;

    /// <summary>The feature names.</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>The mean pinball loss on the training data at the returned coefficients (the lowest seen).</summary>
    public double PinballLoss { get; }

    /// <summary>Reweighting iterations run.</summary>
    public int Iterations { get; }

    /// <summary>True when the loss stopped improving within the tolerance before the iteration limit.</summary>
    public bool Converged { get; }

    /// <summary>Why the fit stopped, in words.</summary>
    public string StopReason { get; }

    /// <summary>The predicted τ-quantile for one customer's features.</summary>
    /// <exception cref="ArgumentException">The number of features differs from the fit's.</exception>
    public double Predict(ReadOnlySpan<double> features)
    {
        if (features.Length != _coefficients.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The fit has {_coefficients.Length} features; got {features.Length}."), nameof(features));
        }

        double y = Intercept;
        for (int j = 0; j < features.Length; j++)
        {
            y += _coefficients[j] * features[j];
        }

        return y;
    }
}
