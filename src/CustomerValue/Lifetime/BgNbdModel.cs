using CustomerValue.Lifetime.Fitting;
using CustomerValue.Summaries;

namespace CustomerValue.Lifetime;

/// <summary>
/// The BG/NBD model (Fader, Hardie &amp; Lee 2005, "Counting your customers the easy way"): predictions from fitted
/// <see cref="BgNbdParameters"/>, and maximum-likelihood fitting with <see cref="Fit"/>.
/// </summary>
/// <remarks>
/// <para>Conventions: frequency x = repeat purchase occasions, recency t_x = time from first to last purchase,
/// age T = time from first purchase to the end of calibration, all in <see cref="TimeUnit"/> (the unit the parameters
/// were fitted in; α is a rate per that unit).</para>
/// <para>Formulas (with b′ = b; see the implementation notes for the numerically stable forms):
/// P(alive) = 1 / (1 + [x&gt;0]·a/(b+x−1)·((α+T)/(α+t_x))^(r+x));
/// E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1)·(1 − ((α+T)/(α+T+t))^(r+x)·₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t)))·P(alive);
/// E[X(t)] = E[Y(t) | 0, 0, 0];
/// P(X(t)=n) = B(a,b+n)/B(a,b)·NB(n) + [n&gt;0]·B(a+1,b+n−1)/B(a,b)·I_{t/(α+t)}(n, r), NB being the negative binomial
/// probability Γ(r+n)/(Γ(r) n!)·(α/(α+t))^r·(t/(α+t))^n and I the regularised incomplete beta function.</para>
/// <para>Every output is finite for x up to 10,000 and t_x ≤ T up to 10,000 (and far beyond): the likelihood is a
/// log-sum-exp and E[Y] uses Euler's transformation of the ₂F₁ (no huge power times huge series). Immutable and
/// thread-safe; the span overloads allocate nothing per customer (above 32,768 customers they split the work into
/// parallel chunks, a small fixed cost per call), are vectorised, and equal the scalar ones to within 1e-12 relative.</para>
/// </remarks>
public sealed class BgNbdModel : IRepeatPurchaseModel, IRepeatPurchaseBatch, IConditionalPurchaseCounts
{
    private readonly BgNbdKernel _kernel;

    /// <summary>A model with the given parameters; times are in <paramref name="timeUnit"/>.</summary>
    public BgNbdModel(BgNbdParameters parameters, TimeUnit timeUnit)
    {
        if (parameters == default)
        {
            throw new ArgumentException("BgNbdModel: the parameters are uninitialised; create them with BgNbdParameters.Create.", nameof(parameters));
        }

        Parameters = parameters;
        TimeUnit = timeUnit;
        _kernel = new BgNbdKernel(parameters.R, parameters.Alpha, parameters.A, parameters.B, modified: false);
    }

    /// <inheritdoc/>
    public RepeatPurchaseModelKind Kind => RepeatPurchaseModelKind.BgNbd;

    /// <inheritdoc/>
    public TimeUnit TimeUnit { get; }

    /// <summary>The model's parameters.</summary>
    public BgNbdParameters Parameters { get; }

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
    /// <example>
    /// <code>
    /// var fit = BgNbdModel.Fit(summaries);                 // r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 on CDNOW
    /// Console.WriteLine(fit);                               // parameters ± standard errors, log-likelihood, convergence
    /// var model = new BgNbdModel(fit.Parameters, TimeUnit.Week);
    /// </code>
    /// </example>
    public static FitResult<BgNbdParameters> Fit(CustomerSummaries summaries, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var estimate = FitCore(summaries, options, modified: false, "BG/NBD");
        var p = estimate.Parameters;
        return new FitResult<BgNbdParameters>(BgNbdParameters.Create(p[0], p[1], p[2], p[3]), estimate);
    }

    internal static MaximumLikelihoodEstimate FitCore(CustomerSummaries summaries, FitOptions? options, bool modified, string name) =>
        FitCore(WeightedSummaries.Compress(summaries.Frequency, summaries.Recency, summaries.Age), options, modified, name);

    /// <summary>The fit on rows already compressed (the model catalog shares them with the data fingerprint).</summary>
    internal static MaximumLikelihoodEstimate FitCore(WeightedSummaries data, FitOptions? options, bool modified, string name)
    {
        double meanAge = 0;
        for (int i = 0; i < data.Count; i++)
        {
            meanAge += data.Weight[i] * data.Age[i];
        }

        meanAge = data.TotalWeight > 0 ? meanAge / data.TotalWeight : 1;
        double[] initial = [1, meanAge > 0 ? meanAge : 1, 1, 1];
        return MaximumLikelihood.Estimate(new BgNbdLikelihood(data, modified), initial, options, name);
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
