namespace CustomerValue.Lifetime.Fitting;

/// <summary>The raw output of <see cref="MaximumLikelihood.Estimate"/>, before a model wraps it in a <see cref="FitResult{TParameters}"/>.</summary>
internal sealed class MaximumLikelihoodEstimate
{
    public required string[] ParameterNames { get; init; }

    /// <summary>θ̂ in natural scale.</summary>
    public required double[] Parameters { get; init; }

    public required double[] StandardErrors { get; init; }

    public required double[,] Covariance { get; init; }

    /// <summary>The unpenalised log-likelihood at θ̂.</summary>
    public required double LogLikelihood { get; init; }

    public required double CustomerCount { get; init; }

    public required int DistinctRows { get; init; }

    public required int Iterations { get; init; }

    public required int FunctionEvaluations { get; init; }

    public required FitStopReason StopReason { get; init; }

    public required FitOptimizer Optimizer { get; init; }

    public required double L2Penalty { get; init; }

    /// <summary>The checks of <see cref="MaximumLikelihoodDiagnosis"/> passed (finite, confirmed log-likelihood; small gradient; negative-definite Hessian).</summary>
    public bool Confirmed { get; init; }

    /// <summary>A parameter ran to a boundary of the parameter space.</summary>
    public bool Degenerate { get; init; }

    /// <summary>Plain-words findings (empty for a clean fit).</summary>
    public string[] Diagnostics { get; init; } = [];
}
