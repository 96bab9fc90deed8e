namespace CustomerValue.Lifetime.Fitting;

/// <summary>Why the optimiser stopped.</summary>
public enum FitStopReason
{
    /// <summary>The gradient fell below the tolerance: a converged maximum.</summary>
    GradientTolerance,

    /// <summary>The parameters stopped moving (relative change below machine-level tolerance): converged.</summary>
    ParameterTolerance,

    /// <summary>The objective stopped improving (relative change below machine-level tolerance): converged.</summary>
    FunctionTolerance,

    /// <summary>The iteration budget ran out; the result holds the best point found. Not converged.</summary>
    IterationLimit,

    /// <summary>
    /// The optimiser could not continue (for example a failed line search followed by a failed simplex search, or a
    /// likelihood that is not finite anywhere nearby); the result holds the best point found. Not converged.
    /// </summary>
    OptimizerFailed,
}

/// <summary>Which optimiser produced the final estimate.</summary>
public enum FitOptimizer
{
    /// <summary>BFGS quasi-Newton with line search (analytic gradient when the model has one, else central differences).</summary>
    Bfgs,

    /// <summary>Nelder-Mead simplex: the derivative-free fallback used when BFGS fails.</summary>
    NelderMead,

    /// <summary>Newton's method with the model's analytic Hessian (BG/NBD, MBG/NBD): used first when the model has one; BFGS takes over if it does not converge.</summary>
    Newton,
}
