namespace CustomerValue.Lifetime.Fitting;

/// <summary>
/// A log-likelihood that also gives its analytic Hessian, so the engine can fit by Newton's method (a handful of
/// passes over the data instead of dozens) and compute standard errors from one evaluation.
/// </summary>
/// <remarks>
/// Same contract as <see cref="ILogLikelihood"/> (natural-scale parameters, deterministic sums whatever the thread
/// count); the three results of one call are computed in the same pass and agree with the value-only and gradient
/// calls to rounding.
/// </remarks>
internal interface ISecondOrderLogLikelihood : ILogLikelihood
{
    /// <summary>LL(θ), ∂LL/∂θ and ∂²LL/∂θ∂θᵀ in the natural scale.</summary>
    /// <param name="parameters">θ, one per <see cref="ILogLikelihood.ParameterNames"/>.</param>
    /// <param name="gradient">Destination for the gradient (k values).</param>
    /// <param name="hessian">Destination for the Hessian, k×k row-major (symmetric).</param>
    double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient, Span<double> hessian);
}
