using CustomerValue.Lifetime.Fitting;
using CustomerValue.Summaries;

namespace CustomerValue.Lifetime;

/// <summary>
/// The MBG/NBD model (Batislam, Denizel &amp; Filiztekin 2007): BG/NBD in which a customer may also drop out right
/// after the first purchase, so customers with no repeat purchase can be inactive. Predictions from fitted
/// <see cref="ModifiedBgNbdParameters"/>, and maximum-likelihood fitting with <see cref="Fit"/>.
/// </summary>
/// <remarks>
/// <para>Conventions: frequency x = repeat purchase occasions, recency t_x = time from first to last purchase,
/// age T = time from first purchase to the end of calibration, all in <see cref="TimeUnit"/> (the unit the parameters
/// were fitted in; α is a rate per that unit).</para>
/// <para>Formulas:
/// P(alive) = 1 / (1 + a/(b+x)·((α+T)/(α+t_x))^(r+x)) (also for x = 0);
/// E[Y(t) | x, t_x, T] = (a+b+x)/(a−1)·(1 − ((α+T)/(α+T+t))^(r+x)·₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t)))·P(alive);
/// E[X(t)] = E[Y(t) | 0, 0, 0] = b/(a−1)·(1 − (α/(α+t))^r·₂F₁(r, b+1; a+b; t/(α+t)));
/// P(X(t)=n) = B(a,b+n+1)/B(a,b)·NB(n) + B(a+1,b+n)/B(a,b)·P(N(t) ≥ n), NB being the negative binomial
/// probability and P(N(t) ≥ n) = I_{t/(α+t)}(n, r) (1 for n = 0). The likelihood is the log-sum-exp of
/// B(a,b+x+1)/B(a,b)·Γ(r+x)α^r/(Γ(r)(α+T)^(r+x)) and B(a+1,b+x)/B(a,b)·Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x)).</para>
/// <para>Every output is finite for x up to 10,000 and t_x ≤ T up to 10,000 (and far beyond): the likelihood is a
/// log-sum-exp and E[Y] uses Euler's transformation of the ₂F₁ (no huge power times huge series). Immutable and
/// thread-safe; the span overloads allocate nothing per customer (above 32,768 customers they split the work into
/// parallel chunks, a small fixed cost per call), are vectorised, and equal the scalar ones to within 1e-12 relative.</para>
/// </remarks>
public sealed class ModifiedBgNbdModel : IRepeatPurchaseModel, IRepeatPurchaseBatch, IConditionalPurchaseCounts
{
    private readonly BgNbdKernel _kernel;

    /// <summary>A model with the given parameters; times are in <paramref name="timeUnit"/>.</summary>
    public ModifiedBgNbdModel(ModifiedBgNbdParameters parameters, TimeUnit timeUnit)
    {
        if (parameters == default)
        {
            throw new ArgumentException("ModifiedBgNbdModel: the parameters are uninitialised; create them with ModifiedBgNbdParameters.Create.", nameof(parameters));
        }

        Parameters = parameters;
        TimeUnit = timeUnit;
        _kernel = new BgNbdKernel(parameters.R, parameters.Alpha, parameters.A, parameters.B, modified: true);
    }

    /// <inheritdoc/>
    public RepeatPurchaseModelKind Kind => RepeatPurchaseModelKind.ModifiedBgNbd;

    /// <inheritdoc/>
    public TimeUnit TimeUnit { get; }

    /// <summary>The model's parameters.</summary>
    public ModifiedBgNbdParameters Parameters { get; }

    /// <inheritdoc/>
    IReadOnlyList<KeyValuePair<string, double>> IRepeatPurchaseModel.Parameters => Parameters.ToNamedValues();

    /// <summary>
    /// Fits BG/NBD by maximum likelihood to <paramref name="summaries"/> (frequency, recency and T; customers with
    /// identical rows are grouped into weights first, which changes nothing but speed).
    /// </summary>
    /// <param name="summaries">The calibration summaries; their time unit is the unit of α.</param>
    /// <param name="options">Fit options, or null for the defaults.</param>
    /// <returns>The fit; check <see cref="FitResult{TParameters}.Converged"/>.</returns>
    /// <exception cref="ArgumentException">There are no customers, or the options' initial values do not have four entries.</exception>
    public static FitResult<ModifiedBgNbdParameters> Fit(CustomerSummaries summaries, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var estimate = BgNbdModel.FitCore(summaries, options, modified: true, "MBG/NBD");
        var p = estimate.Parameters;
        return new FitResult<ModifiedBgNbdParameters>(ModifiedBgNbdParameters.Create(p[0], p[1], p[2], p[3]), estimate);
    }

    /// <inheritdoc/>
    public double ProbabilityAlive(double frequency, double recency, double age)
    {
        _kernel.Validate(frequency, recency, age);
        return _kernel.ProbabilityAlive(frequency, recency, age);
    }

    /// <inheritdoc/>
    public double ExpectedPurchases(double horizon, double frequency, double recency, double age)
    {
        _kernel.ValidateHorizon(horizon);
        _kernel.Validate(frequency, recency, age);
        return _kernel.ExpectedPurchases(horizon, frequency, recency, age);
    }

    /// <inheritdoc/>
    public double ExpectedPurchasesNewCustomer(double horizon)
    {
        _kernel.ValidateHorizon(horizon);
        return _kernel.ExpectedPurchases(horizon, 0, 0, 0);
    }

    /// <summary>
    /// P(X(t) = n | x, t_x, T): the probability that a customer with this history makes exactly
    /// <paramref name="count"/> purchases in the next <paramref name="horizon"/> units (summed over n it is 1, and
    /// Σ n·P equals <see cref="ExpectedPurchases(double, double, double, double)"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative or the horizon is NaN, infinite or negative.</exception>
    /// <exception cref="ArgumentException">An input is NaN, negative, or recency exceeds T.</exception>
    public double ConditionalProbabilityOfPurchases(int count, double horizon, double frequency, double recency, double age)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _kernel.ValidateHorizon(horizon);
        _kernel.Validate(frequency, recency, age);
        return _kernel.ConditionalProbabilityOfPurchases(count, horizon, frequency, recency, age);
    }

    /// <inheritdoc/>
    public double ProbabilityOfPurchases(int count, double horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _kernel.ValidateHorizon(horizon);
        return _kernel.ProbabilityOfPurchases(count, horizon);
    }

    /// <summary>The shared arithmetic, for the library's own batch paths.</summary>
    internal BgNbdKernel Kernel => _kernel;

    /// <inheritdoc/>
    bool IRepeatPurchaseBatch.FactorisesOverRecency => true;

    /// <inheritdoc/>
    void IRepeatPurchaseBatch.ProbabilityAliveChunk(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination) =>
        BgNbdBatch.ProbabilityAliveChunk(_kernel, frequency, recency, age, destination);

    /// <inheritdoc/>
    public void ProbabilityAlive(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination) =>
        BgNbdBatch.ProbabilityAlive(_kernel, frequency, recency, age, destination);

    /// <inheritdoc/>
    public void ExpectedPurchases(double horizon, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        _kernel.ValidateHorizon(horizon);
        BgNbdBatch.ExpectedPurchases(_kernel, horizon, frequency, recency, age, destination);
    }
}
