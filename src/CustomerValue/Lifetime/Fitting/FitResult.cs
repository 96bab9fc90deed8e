namespace CustomerValue.Lifetime.Fitting;

/// <summary>
/// The outcome of a maximum-likelihood fit: the parameters and everything needed to judge them (standard errors,
/// covariance, log-likelihood, information criteria, and whether and why the optimiser stopped).
/// </summary>
/// <typeparam name="TParameters">The model's parameter type, for example <c>BgNbdParameters</c>.</typeparam>
/// <remarks>
/// Immutable and thread-safe. A fit that did not converge is still a result: check <see cref="Converged"/> and
/// <see cref="StopReason"/>; the parameters are then the best point the optimiser found.
/// Standard errors are the square roots of the diagonal of <see cref="Covariance"/>, the inverse of the Hessian of
/// the (penalised) negative log-likelihood at the optimum, computed by finite differences in the parameters' natural
/// scale; they are NaN when that Hessian is not positive definite (<see cref="HasStandardErrors"/> is then false, and
/// <see cref="Diagnostics"/> says so).
/// </remarks>
public sealed partial class FitResult<TParameters>
    where TParameters : struct
{
    private readonly string[] _names;
    private readonly double[] _estimates;
    private readonly double[] _standardErrors;

    internal FitResult(TParameters parameters, MaximumLikelihoodEstimate estimate)
    {
        Parameters = parameters;
        _names = estimate.ParameterNames;
        _estimates = (double[])estimate.Parameters.Clone();
        _standardErrors = (double[])estimate.StandardErrors.Clone();
        Covariance = new CovarianceMatrix(_names, estimate.Covariance);
        LogLikelihood = estimate.LogLikelihood;
        CustomerCount = estimate.CustomerCount;
        DistinctRows = estimate.DistinctRows;
        Iterations = estimate.Iterations;
        FunctionEvaluations = estimate.FunctionEvaluations;
        StopReason = estimate.StopReason;
        Optimizer = estimate.Optimizer;
        L2Penalty = estimate.L2Penalty;
        _confirmed = estimate.Confirmed;
        IsDegenerate = estimate.Degenerate;
        Diagnostics = [.. estimate.Diagnostics];
    }

    private readonly bool _confirmed;

    /// <summary>The fitted parameters.</summary>
    public TParameters Parameters { get; }

    /// <summary>The parameter names, in the model's order (for BG/NBD: r, alpha, a, b).</summary>
    public IReadOnlyList<string> ParameterNames => _names;

    /// <summary>The fitted values in <see cref="ParameterNames"/> order.</summary>
    public IReadOnlyList<double> Estimates => _estimates;

    /// <summary>Standard errors in <see cref="ParameterNames"/> order (NaN when unavailable).</summary>
    public IReadOnlyList<double> StandardErrors => _standardErrors;

    /// <summary>True when the Hessian was positive definite and the standard errors are finite.</summary>
    public bool HasStandardErrors => Covariance.IsAvailable;

    /// <summary>The parameter covariance matrix (kept for delta-method intervals).</summary>
    public CovarianceMatrix Covariance { get; }

    /// <summary>The log-likelihood at the fitted parameters (without the L2 penalty), summed over all customers.</summary>
    public double LogLikelihood { get; }

    /// <summary>The number of fitted parameters k.</summary>
    public int ParameterCount => _names.Length;

    /// <summary>Akaike information criterion 2k − 2·LL.</summary>
    public double Aic => (2.0 * ParameterCount) - (2 * LogLikelihood);

    /// <summary>Bayesian information criterion k·ln(N) − 2·LL, with N = <see cref="CustomerCount"/>.</summary>
    public double Bic => (ParameterCount * Math.Log(CustomerCount)) - (2 * LogLikelihood);

    /// <summary>The number of customers the fit used (the sum of the weights).</summary>
    public double CustomerCount { get; }

    /// <summary>The number of distinct input rows after identical rows were grouped into weights.</summary>
    public int DistinctRows { get; }

    /// <summary>Optimiser iterations (BFGS plus any simplex fallback).</summary>
    public int Iterations { get; }

    /// <summary>Log-likelihood evaluations made by the optimiser (excluding the Hessian).</summary>
    public int FunctionEvaluations { get; }

    /// <summary>
    /// True only when the optimiser stopped at a maximum and it was checked: the log-likelihood there is finite and
    /// confirmed by independent evaluations next to it, the gradient is small and the Hessian is negative definite.
    /// When false, <see cref="Diagnostics"/> says why.
    /// </summary>
    public bool Converged => _confirmed && StopReason is FitStopReason.GradientTolerance or FitStopReason.ParameterTolerance or FitStopReason.FunctionTolerance;

    /// <summary>
    /// True when a parameter ran to a boundary of the parameter space (for example BG/NBD's a → 0): the model has
    /// degenerated into a simpler one; <see cref="Diagnostics"/> names the parameter and what it means.
    /// </summary>
    public bool IsDegenerate { get; }

    /// <summary>
    /// Findings in plain words, empty for a clean fit: why the fit is not converged, which parameter ran to which
    /// boundary and what that means for the model, and why standard errors are unavailable.
    /// </summary>
    public IReadOnlyList<string> Diagnostics { get; }

    /// <summary>Why the optimiser stopped.</summary>
    public FitStopReason StopReason { get; }

    /// <summary>Which optimiser produced the estimate.</summary>
    public FitOptimizer Optimizer { get; }

    /// <summary>The L2 penalty the fit used (<see cref="FitOptions.L2Penalty"/>).</summary>
    public double L2Penalty { get; }

    /// <summary>The standard error of the named parameter.</summary>
    /// <exception cref="ArgumentException">The model has no parameter of that name.</exception>
    public double StandardError(string parameterName)
    {
        int index = Array.IndexOf(_names, parameterName);
        if (index < 0)
        {
            throw new ArgumentException($"The model has no parameter '{parameterName}'; its parameters are {string.Join(", ", _names)}.", nameof(parameterName));
        }

        return _standardErrors[index];
    }
}
