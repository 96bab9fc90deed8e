using System.Globalization;
using CustomerValue.Lifetime.Fitting;

namespace CustomerValue.Lifetime;

/// <summary>
/// The BG/BB model (Fader, Hardie &amp; Shang 2010, "Customer-base analysis in a discrete-time noncontractual
/// setting"): repeat purchasing at discrete opportunities (yearly campaigns, events, issues), from fitted
/// <see cref="BgBbParameters"/>, with maximum-likelihood fitting by <see cref="Fit"/>.
/// </summary>
/// <remarks>
/// <para>A customer is described by x repeat purchases out of n opportunities after the first purchase, the last at
/// opportunity t_x (0 ≤ x ≤ t_x ≤ n; t_x = 0 when x = 0). Formulas (see <see cref="BgBbKernel"/>):
/// L = B(α+x, β+n−x)/B(α,β)·B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β)·B(γ+1, δ+t_x+i)/B(γ,δ);
/// P(alive at n+1) = B(α+x, β+n−x)/B(α,β)·B(γ, δ+n+1)/B(γ,δ)/L;
/// E[purchases in the next n*] = B(α+x+1, β+n−x)/B(α,β)·Σ_{k=1}^{n*} B(γ, δ+n+k)/B(γ,δ)/L.</para>
/// <para>Everything is computed with log-Beta functions and log-sum-exp, so it stays finite for thousands of
/// opportunities. Immutable and thread-safe.</para>
/// </remarks>
public sealed class BgBbModel
{
    private readonly BgBbKernel _kernel;

    /// <summary>A model with the given parameters.</summary>
    /// <exception cref="ArgumentException">The parameters are uninitialised (default).</exception>
    public BgBbModel(BgBbParameters parameters)
    {
        if (parameters == default)
        {
            throw new ArgumentException("BgBbModel: the parameters are uninitialised; create them with BgBbParameters.Create.", nameof(parameters));
        }

        Parameters = parameters;
        _kernel = new BgBbKernel(parameters.Alpha, parameters.Beta, parameters.Gamma, parameters.Delta);
    }

    /// <summary>The model's parameters.</summary>
    public BgBbParameters Parameters { get; }

    /// <summary>Fits BG/BB by maximum likelihood to weighted <paramref name="patterns"/>.</summary>
    /// <param name="patterns">The purchase patterns and their weights.</param>
    /// <param name="options">Fit options, or null for the defaults. Initial values, when given, are alpha, beta, gamma, delta.</param>
    /// <returns>The fit; check <see cref="FitResult{TParameters}.Converged"/>.</returns>
    /// <exception cref="ArgumentException">There are no customers, or the options' initial values do not have four entries.</exception>
    public static FitResult<BgBbParameters> Fit(OpportunityPatterns patterns, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var estimate = MaximumLikelihood.Estimate(new BgBbLikelihood(patterns), [1, 1, 1, 1], options, "BG/BB");
        var p = estimate.Parameters;
        return new FitResult<BgBbParameters>(BgBbParameters.Create(p[0], p[1], p[2], p[3]), estimate);
    }

    /// <summary>The log-likelihood of all <paramref name="patterns"/> (weighted) under these parameters.</summary>
    public double LogLikelihood(OpportunityPatterns patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return new BgBbLikelihood(patterns).Evaluate(
            [Parameters.Alpha, Parameters.Beta, Parameters.Gamma, Parameters.Delta], []);
    }

    /// <summary>ln L for one customer.</summary>
    /// <exception cref="ArgumentException">The pattern is inconsistent (see <see cref="OpportunityPatterns"/>).</exception>
    public double LogLikelihood(int frequency, int recency, int opportunities)
    {
        Validate(frequency, recency, opportunities);
        return _kernel.LogLikelihood(frequency, recency, opportunities);
    }

    /// <summary>P(alive at opportunity n + 1 | x, t_x, n): the probability that the customer is still active at the next opportunity.</summary>
    /// <exception cref="ArgumentException">The pattern is inconsistent.</exception>
    public double ProbabilityAlive(int frequency, int recency, int opportunities)
    {
        Validate(frequency, recency, opportunities);
        return _kernel.ProbabilityAlive(frequency, recency, opportunities);
    }

    /// <summary>Expected purchases in the next <paramref name="futureOpportunities"/> opportunities.</summary>
    /// <exception cref="ArgumentException">The pattern is inconsistent.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="futureOpportunities"/> is negative.</exception>
    public double ExpectedPurchases(int futureOpportunities, int frequency, int recency, int opportunities)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(futureOpportunities);
        Validate(frequency, recency, opportunities);
        return _kernel.ExpectedPurchases(futureOpportunities, frequency, recency, opportunities);
    }

    /// <summary>E[X(n)]: expected repeat purchases of a new customer in the first <paramref name="opportunities"/> opportunities.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="opportunities"/> is negative.</exception>
    public double ExpectedPurchasesNewCustomer(int opportunities)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(opportunities);
        return _kernel.ExpectedPurchasesNewCustomer(opportunities);
    }

    /// <summary>P(X(n) = x): the probability that a new customer makes exactly <paramref name="count"/> repeat purchases in <paramref name="opportunities"/> opportunities.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public double ProbabilityOfPurchases(int count, int opportunities)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(opportunities);
        return _kernel.ProbabilityOfPurchases(count, opportunities);
    }

    /// <summary>P(alive at the next opportunity) for every pattern, into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination length differs from the pattern count.</exception>
    public void ProbabilityAlive(OpportunityPatterns patterns, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (destination.Length != patterns.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"BgBbModel: the destination has {destination.Length} slots for {patterns.Count} patterns."), nameof(destination));
        }

        for (int i = 0; i < patterns.Count; i++)
        {
            destination[i] = _kernel.ProbabilityAlive(patterns.Frequency[i], patterns.Recency[i], patterns.Opportunities[i]);
        }
    }

    private static void Validate(int frequency, int recency, int opportunities) =>
        OpportunityPatterns.Validate("BG/BB customer", frequency, recency, opportunities, 1);
}
