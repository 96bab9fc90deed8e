namespace CustomerValue.Wallet;

/// <summary>Settings of linear quantile regression (minimum pinball loss).</summary>
/// <remarks>Immutable. <see cref="Validate"/> reports every invalid field in one exception.</remarks>
public sealed record QuantileRegressionOptions
{
    /// <summary>The defaults: the 0.9 quantile, at most 500 iterations, relative tolerance 1e-10.</summary>
    public static QuantileRegressionOptions Default { get; } = new();

    /// <summary>The quantile τ to fit. In (0, 1); default 0.9.</summary>
    public double Quantile { get; init; } = 0.9;

    /// <summary>The most reweighting iterations. At least 1; default 500. Running out is reported in the fit, not thrown.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>Stop when one iteration lowers the pinball loss by less than this fraction of it. In (0, 0.1]; default 1e-10.</summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">One or more fields are invalid; the message lists them all.</exception>
    public void Validate() =>
        new OptionErrors(nameof(QuantileRegressionOptions))
            .Range(Quantile, nameof(Quantile), 0, 1, minInclusive: false, maxInclusive: false)
            .Check(MaxIterations >= 1, nameof(MaxIterations), $"must be at least 1 (got {MaxIterations})")
            .Range(Tolerance, nameof(Tolerance), 0, 0.1, minInclusive: false)
            .ThrowIfAny();
}
