using System.Globalization;

namespace CustomerValue.Lifetime.Fitting;

/// <summary>
/// How a lifetime model is fitted by maximum likelihood: iteration budget, convergence tolerance, an optional L2
/// penalty and optional starting values.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Every property validates when it is set, so an invalid options object cannot exist:
/// <code>var options = new FitOptions { MaxIterations = 500, L2Penalty = 0.001 };</code>
/// The defaults (<see cref="Default"/>) reproduce the published fits.
/// </remarks>
public sealed record FitOptions
{
    private readonly int _maxIterations = 1000;
    private readonly double _tolerance = 1e-10;
    private readonly double _l2Penalty;
    private readonly double[]? _initialValues;

    /// <summary>The defaults: 1,000 iterations, tolerance 1e-10, no penalty, the model's own starting values.</summary>
    public static FitOptions Default { get; } = new();

    /// <summary>
    /// The most optimiser iterations (BFGS iterations, or simplex iterations when the fallback runs). Running out is
    /// reported as <see cref="FitStopReason.IterationLimit"/> with the best point found, never thrown. Default 1,000.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxIterations
    {
        get => _maxIterations;
        init
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxIterations), value, "FitOptions.MaxIterations must be at least 1.");
            }

            _maxIterations = value;
        }
    }

    /// <summary>
    /// Convergence tolerance on the gradient of the objective (the negative log-likelihood per customer, in
    /// log-parameter space). Default 1e-10.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN, not positive, or 0.1 or more.</exception>
    public double Tolerance
    {
        get => _tolerance;
        init
        {
            if (!(value > 0 && value < 0.1))
            {
                throw new ArgumentOutOfRangeException(nameof(Tolerance), value, "FitOptions.Tolerance must be in (0, 0.1).");
            }

            _tolerance = value;
        }
    }

    /// <summary>
    /// L2 penalty λ ≥ 0. The fit minimises −LL/N + λ·Σθ², where N is the customer count (sum of weights) and θ the
    /// parameters in their natural scale, so λ means the same for any data size (the convention of Python
    /// <c>lifetimes</c>' <c>penalizer_coef</c>). Default 0 (plain maximum likelihood).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN, infinite or negative.</exception>
    public double L2Penalty
    {
        get => _l2Penalty;
        init
        {
            if (!(value >= 0 && double.IsFinite(value)))
            {
                throw new ArgumentOutOfRangeException(nameof(L2Penalty), value, "FitOptions.L2Penalty must be finite and >= 0.");
            }

            _l2Penalty = value;
        }
    }

    /// <summary>
    /// Starting values in the model's parameter order and natural scale (for BG/NBD: r, alpha, a, b), or null for
    /// the model's own. The count is checked against the model when fitting.
    /// </summary>
    /// <exception cref="ArgumentException">A value is NaN, infinite or not positive.</exception>
    public IReadOnlyList<double>? InitialValues
    {
        get => _initialValues;
        init
        {
            if (value is null)
            {
                _initialValues = null;
                return;
            }

            var copy = value.ToArray();
            for (int i = 0; i < copy.Length; i++)
            {
                if (!(copy[i] > 0 && double.IsFinite(copy[i])))
                {
                    throw new ArgumentException(
                        $"FitOptions.InitialValues[{i}] must be finite and > 0, got {copy[i].ToString(CultureInfo.InvariantCulture)}.",
                        nameof(InitialValues));
                }
            }

            _initialValues = copy;
        }
    }

    /// <inheritdoc/>
    public bool Equals(FitOptions? other) =>
        other is not null && MaxIterations == other.MaxIterations && Tolerance.Equals(other.Tolerance) && L2Penalty.Equals(other.L2Penalty)
        && (InitialValues is null ? other.InitialValues is null : other.InitialValues is not null && InitialValues.SequenceEqual(other.InitialValues));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(MaxIterations, Tolerance, L2Penalty, InitialValues?.Count ?? -1);
}
