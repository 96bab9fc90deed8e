namespace CustomerValue.Lifetime.Fitting;

/// <summary>
/// A model's log-likelihood over a (compressed, weighted) data set, as the maximum-likelihood engine
/// (<see cref="MaximumLikelihood"/>) sees it.
/// </summary>
/// <remarks>
/// Contract for implementers:
/// <list type="bullet">
/// <item>Parameters are passed in their natural scale and are always &gt; 0 (the engine optimises their logarithms).</item>
/// <item><see cref="Evaluate"/> returns the weighted sum Σ wᵢ·ln Lᵢ(θ) over all rows; when the gradient span
/// is not empty (only if <see cref="HasGradient"/>), it also writes ∂LL/∂θ in the natural scale.</item>
/// <item>Evaluation must be deterministic: the same parameters give bitwise the same value, whatever the thread
/// count (use <see cref="ChunkedSum"/> to parallelise with a fixed summation order).</item>
/// <item>It may return NaN or −∞ where the likelihood is undefined; the engine treats that as "worse than anything".</item>
/// </list>
/// </remarks>
internal interface ILogLikelihood
{
    /// <summary>The parameter names in order (they name standard errors and covariance rows).</summary>
    string[] ParameterNames { get; }

    /// <summary>N: the number of customers, the sum of the row weights (used to scale the objective and for BIC).</summary>
    double CustomerCount { get; }

    /// <summary>The number of distinct rows evaluated (after compression), for reporting.</summary>
    int DistinctRows { get; }

    /// <summary>True when <see cref="Evaluate"/> can fill an analytic gradient.</summary>
    bool HasGradient { get; }

    /// <summary>The weighted log-likelihood at <paramref name="parameters"/>, and its gradient when asked.</summary>
    /// <param name="parameters">θ in natural scale, one per <see cref="ParameterNames"/>.</param>
    /// <param name="gradient">Empty, or a destination of the same length for ∂LL/∂θ.</param>
    double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient);
}
