using CustomerValue.Lifetime.Fitting;
using CustomerValue.Summaries;

namespace CustomerValue.Lifetime;

/// <summary>
/// The Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987): predictions from fitted
/// <see cref="ParetoNbdParameters"/>, and maximum-likelihood fitting with <see cref="Fit"/>.
/// </summary>
/// <remarks>
/// <para>Conventions: frequency x = repeat purchase occasions, recency t_x = time from first to last purchase,
/// age T = time from first purchase to the end of calibration, all in <see cref="TimeUnit"/> (the unit the parameters
/// were fitted in; α and β are rates per that unit).</para>
/// <para>Formulas (Fader &amp; Hardie 2005 note): the likelihood is
/// Γ(r+x) α^r β^s / Γ(r) · [(α+T)^(−(r+x)) (β+T)^(−s) + s/(r+s+x)·A₀], with A₀ the difference of two ₂F₁ terms
/// (argument (α−β)/(α+·) when α ≥ β, (β−α)/(β+·) otherwise);
/// P(alive) = 1 / (1 + s/(r+s+x)·(α+T)^(r+x)(β+T)^s·A₀);
/// E[Y(t) | x, t_x, T] = (r+x)(β+T)/((α+T)(s−1))·(1 − ((β+T)/(β+T+t))^(s−1))·P(alive) (s = 1: its limit);
/// E[X(t)] = rβ/(α(s−1))·(1 − (β/(β+t))^(s−1)); P(alive at T+t) = P(alive)·((β+T)/(β+T+t))^s.</para>
/// <para>Numerics: everything is evaluated in log space with our own ₂F₁; A₀ switches to direct quadrature of its
/// defining integral when the two ₂F₁ terms would cancel (t_x close to T). Every output is finite and in range for
/// x up to 10,000 and t_x ≤ T up to 10,000 units, including the heavy buyers (x = 161, 204, 221, 254, ≥ 300) where
/// other implementations overflow or return NaN. See docs/numerics.md.</para>
/// <para>Immutable and thread-safe; the span overloads allocate nothing, check lengths once, skip the per-customer
/// validation and give exactly the scalar values.</para>
/// </remarks>
public sealed class ParetoNbdModel : IRepeatPurchaseModel, IRepeatPurchaseBatch, IConditionalPurchaseCounts
{
    private readonly ParetoNbdKernel _kernel;

    /// <summary>A model with the given parameters; times are in <paramref name="timeUnit"/>.</summary>
    /// <exception cref="ArgumentException">The parameters are uninitialised (default).</exception>
    public ParetoNbdModel(ParetoNbdParameters parameters, TimeUnit timeUnit)
    {
        if (parameters == default)
        {
            throw new ArgumentException("ParetoNbdModel: the parameters are uninitialised; create them with ParetoNbdParameters.Create.", nameof(parameters));
        }

        Parameters = parameters;
        TimeUnit = timeUnit;
        _kernel = new ParetoNbdKernel(parameters.R, parameters.Alpha, parameters.S, parameters.Beta);
    }

    /// <inheritdoc/>
    public RepeatPurchaseModelKind Kind => RepeatPurchaseModelKind.ParetoNbd;

    /// <inheritdoc/>
    public TimeUnit TimeUnit { get; }

    /// <summary>The model's parameters.</summary>
    public ParetoNbdParameters Parameters { get; }

    /// <inheritdoc/>
    IReadOnlyList<KeyValuePair<string, double>> IRepeatPurchaseModel.Parameters => Parameters.ToNamedValues();

    /// <summary>
    /// Fits Pareto/NBD by maximum likelihood to <paramref name="summaries"/> (frequency, recency and T; customers with
    /// identical rows are grouped into weights first, which changes nothing but speed).
    /// </summary>
    /// <param name="summaries">The calibration summaries; their time unit is the unit of α and β.</param>
    /// <param name="options">Fit options, or null for the defaults. Initial values, when given, are r, alpha, s, beta.</param>
    /// <returns>The fit; check <see cref="FitResult{TParameters}.Converged"/>.</returns>
    /// <exception cref="ArgumentException">There are no customers, or the options' initial values do not have four entries.</exception>
    /// <example>
    /// <code>
    /// var fit = ParetoNbdModel.Fit(summaries);
    /// var model = new ParetoNbdModel(fit.Parameters, summaries.TimeUnit);
    /// double alive = model.ProbabilityAlive(frequency: 2, recency: 30.43, age: 38.86);
    /// </code>
    /// </example>
    public static FitResult<ParetoNbdParameters> Fit(CustomerSummaries summaries, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        if (summaries.Count > 0 && summaries.Frequency.IndexOfAnyExcept(0.0) < 0)
        {
            // Without a single repeat purchase the likelihood rises towards 1 as r → 0 with no maximum; the optimiser
            // would spend its whole iteration budget on ever smaller r (and in a region where the quadrature path is slow).
            throw new ArgumentException(
                $"Pareto/NBD cannot be fitted on these {summaries.Count} customers: none made a repeat purchase (every frequency is 0), so the purchase rate is not identified (r → 0: the model degenerates to 'nobody buys again').",
                nameof(summaries));
        }

        var data = WeightedSummaries.Compress(summaries.Frequency, summaries.Recency, summaries.Age);

        // Start where the published fits end up in scale: rates of one purchase (and one drop-out) per mean age.
        double meanAge = 0;
        for (int i = 0; i < data.Count; i++)
        {
            meanAge += data.Weight[i] * data.Age[i];
        }

        meanAge = data.TotalWeight > 0 && meanAge > 0 ? meanAge / data.TotalWeight : 1;
        double[] initial = [1, meanAge, 1, meanAge];
        var estimate = MaximumLikelihood.Estimate(new ParetoNbdLikelihood(data), initial, options, "Pareto/NBD");
        var p = estimate.Parameters;
        return new FitResult<ParetoNbdParameters>(ParetoNbdParameters.Create(p[0], p[1], p[2], p[3]), estimate);
    }

    /// <summary>ln L(r, α, s, β | x, t_x, T): one customer's log-likelihood under these parameters.</summary>
    /// <exception cref="ArgumentException">An input is NaN, negative, or recency exceeds T.</exception>
    public double LogLikelihood(double frequency, double recency, double age)
    {
        ParetoNbdKernel.Validate(frequency, recency, age);
        return _kernel.LogLikelihood(frequency, recency, age);
    }

    /// <inheritdoc/>
    public double ProbabilityAlive(double frequency, double recency, double age)
    {
        ParetoNbdKernel.Validate(frequency, recency, age);
        return _kernel.ProbabilityAlive(frequency, recency, age);
    }

    /// <summary>
    /// P(alive at T + <paramref name="horizon"/> | x, t_x, T): the probability that the customer is still active
    /// <paramref name="horizon"/> units after the end of calibration.
    /// </summary>
    /// <exception cref="ArgumentException">An input is NaN, negative, or recency exceeds T.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The horizon is NaN, infinite or negative.</exception>
    public double ProbabilityAliveAt(double horizon, double frequency, double recency, double age)
    {
        ParetoNbdKernel.ValidateHorizon(horizon);
        ParetoNbdKernel.Validate(frequency, recency, age);
        return _kernel.ProbabilityAliveAt(horizon, frequency, recency, age);
    }

    /// <inheritdoc/>
    public double ExpectedPurchases(double horizon, double frequency, double recency, double age)
    {
        ParetoNbdKernel.ValidateHorizon(horizon);
        ParetoNbdKernel.Validate(frequency, recency, age);
        return _kernel.ExpectedPurchases(horizon, frequency, recency, age);
    }

    /// <inheritdoc/>
    public double ExpectedPurchasesNewCustomer(double horizon)
    {
        ParetoNbdKernel.ValidateHorizon(horizon);
        return _kernel.ExpectedPurchasesNewCustomer(horizon);
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
        ParetoNbdKernel.ValidateHorizon(horizon);
        ParetoNbdKernel.Validate(frequency, recency, age);
        return _kernel.ConditionalProbabilityOfPurchases(count, horizon, frequency, recency, age);
    }

    /// <inheritdoc/>
    public double ProbabilityOfPurchases(int count, double horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ParetoNbdKernel.ValidateHorizon(horizon);
        return _kernel.ProbabilityOfPurchases(count, horizon);
    }

    /// <inheritdoc/>
    public void ProbabilityAlive(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        CheckLengths(frequency, recency, age, destination);
        Batch(0, frequency, recency, age, destination, expected: false);
    }

    /// <summary>P(alive at T + <paramref name="horizon"/>) for many customers at once.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The horizon is NaN, infinite or negative.</exception>
    public void ProbabilityAliveAt(double horizon, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        ParetoNbdKernel.ValidateHorizon(horizon);
        CheckLengths(frequency, recency, age, destination);
        for (int i = 0; i < frequency.Length; i++)
        {
            destination[i] = _kernel.ProbabilityAliveAt(horizon, frequency[i], recency[i], age[i]);
        }
    }

    /// <inheritdoc/>
    public void ExpectedPurchases(double horizon, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        ParetoNbdKernel.ValidateHorizon(horizon);
        CheckLengths(frequency, recency, age, destination);
        Batch(horizon, frequency, recency, age, destination, expected: true);
    }

    /// <inheritdoc/>
    bool IRepeatPurchaseBatch.FactorisesOverRecency => true;

    /// <inheritdoc/>
    void IRepeatPurchaseBatch.ProbabilityAliveChunk(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        CheckLengths(frequency, recency, age, destination);
        for (int i = 0; i < frequency.Length; i++)
        {
            destination[i] = _kernel.ProbabilityAlive(frequency[i], recency[i], age[i]);
        }
    }

    /// <summary>
    /// The batch path on every core: fixed chunks of <see cref="BatchChunk"/> customers run in parallel, each customer
    /// through the scalar kernel, so the result is bitwise the scalar one whatever the core count.
    /// </summary>
    private unsafe void Batch(double horizon, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination, bool expected)
    {
        int n = frequency.Length;
        var kernel = _kernel;
        fixed (double* x = frequency, tx = recency, t = age, d = destination)
        {
            if (n <= BatchChunk)
            {
                Chunk(kernel, horizon, x, tx, t, d, 0, n, expected);
                return;
            }

            nint px = (nint)x, ptx = (nint)tx, pt = (nint)t, pd = (nint)d;
            Parallel.For(0, (n + BatchChunk - 1) / BatchChunk, c =>
                Chunk(kernel, horizon, (double*)px, (double*)ptx, (double*)pt, (double*)pd, c * BatchChunk, Math.Min(n, (c + 1) * BatchChunk), expected));
        }
    }

    private static unsafe void Chunk(ParetoNbdKernel kernel, double horizon, double* x, double* tx, double* t, double* d, int start, int end, bool expected)
    {
        for (int i = start; i < end; i++)
        {
            d[i] = expected ? kernel.ExpectedPurchases(horizon, x[i], tx[i], t[i]) : kernel.ProbabilityAlive(x[i], tx[i], t[i]);
        }
    }

    /// <summary>Customers per parallel chunk of the batch path.</summary>
    private const int BatchChunk = 2048;

    private static void CheckLengths(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        int n = frequency.Length;
        if (recency.Length != n || age.Length != n || destination.Length != n)
        {
            throw new ArgumentException(
                $"Pareto/NBD: frequency, recency, age and destination must have the same length; got {n}, {recency.Length}, {age.Length} and {destination.Length}.");
        }
    }
}
