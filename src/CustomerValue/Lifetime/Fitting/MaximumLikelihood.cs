using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace CustomerValue.Lifetime.Fitting;

/// <summary>
/// The maximum-likelihood engine every lifetime model fits with: MathNet.Numerics optimisers wrapped so that no
/// MathNet type or exception escapes.
/// </summary>
/// <remarks>
/// <para>Algorithm (stable API for model implementers; see <see cref="ILogLikelihood"/> for their side):</para>
/// <list type="number">
/// <item>All parameters are positive; the optimiser works on u = ln θ, so no bounds are needed.</item>
/// <item>The objective is f(u) = −LL(e^u)/N + λ·Σθ² (N = customer count, λ = <see cref="FitOptions.L2Penalty"/>);
/// scaling by N makes the tolerance mean the same for any data size.</item>
/// <item>Models with an analytic Hessian (<see cref="ISecondOrderLogLikelihood"/>: BG/NBD, MBG/NBD) are fitted by
/// <see cref="NewtonMethod"/> first (a handful of passes over the data); if it does not converge, BFGS starts afresh.</item>
/// <item>BFGS (MathNet <c>BfgsMinimizer</c>) with the model's analytic gradient (chain rule to log space), or central
/// differences when the model has none. If BFGS fails other than by running out of iterations (a failed line
/// search, a non-finite value), Nelder-Mead (MathNet <c>NelderMeadSimplex</c>) restarts from the best point seen.</item>
/// <item>MathNet's exceptions are caught: running out of iterations gives <see cref="FitStopReason.IterationLimit"/>;
/// the estimate is always the best point evaluated, so the result is never worse than the start.</item>
/// <item>Standard errors: the Hessian of the penalised negative log-likelihood −LL + Nλ·Σθ² in the natural scale,
/// analytic when the model has one, else by central differences of the analytic gradient (step 1e-5·θ) or second differences of the function (step
/// 1e-4·θ), symmetrised and inverted by Cholesky; NaN when it is not positive definite.</item>
/// </list>
/// <para>Everything is deterministic: no randomness, fixed summation order (<see cref="ChunkedSum"/>), so the same
/// data and options give bitwise the same result.</para>
/// </remarks>
internal static class MaximumLikelihood
{
    /// <summary>Fits <paramref name="likelihood"/> from <paramref name="defaultInitial"/> (or the options' initial values).</summary>
    /// <param name="likelihood">The model's log-likelihood over its (compressed) data.</param>
    /// <param name="defaultInitial">The model's own starting values (natural scale, all &gt; 0).</param>
    /// <param name="options">Fit options, or null for <see cref="FitOptions.Default"/>.</param>
    /// <param name="modelName">The model's name for error messages (for example "BG/NBD").</param>
    /// <exception cref="ArgumentException">The options' initial values do not match the model's parameter count, or the data set is empty.</exception>
    public static MaximumLikelihoodEstimate Estimate(ILogLikelihood likelihood, ReadOnlySpan<double> defaultInitial, FitOptions? options, string modelName)
    {
        ArgumentNullException.ThrowIfNull(likelihood);
        options ??= FitOptions.Default;
        int k = likelihood.ParameterNames.Length;
        if (!(likelihood.CustomerCount > 0))
        {
            throw new ArgumentException($"{modelName}: there are no customers to fit (total weight {likelihood.CustomerCount.ToString(CultureInfo.InvariantCulture)}).");
        }

        double[] initial;
        if (options.InitialValues is { } given)
        {
            if (given.Count != k)
            {
                throw new ArgumentException(
                    $"{modelName}: FitOptions.InitialValues has {given.Count} values but the model has {k} parameters ({string.Join(", ", likelihood.ParameterNames)}).",
                    nameof(options));
            }

            initial = [.. given];
        }
        else
        {
            initial = defaultInitial.ToArray();
        }

        var objective = new Objective(likelihood, options.L2Penalty);
        var start = Vector<double>.Build.Dense(k, i => Math.Log(initial[i]));
        objective.Value(start);

        int iterations = 0;
        FitStopReason reason = FitStopReason.ParameterTolerance;
        var optimizer = FitOptimizer.Bfgs;
        bool bfgsFailed = false;
        NewtonMethod.Outcome? newton = null;
        int newtonEvaluations = 0;
        if (likelihood is ISecondOrderLogLikelihood second)
        {
            // Newton's method with the analytic Hessian first; BFGS (below) only if it does not converge.
            newton = NewtonMethod.Minimize(second, start.ToArray(), options.L2Penalty, options.MaxIterations);
            newtonEvaluations = newton.Value.Evaluations;
            if (newton.Value.Converged)
            {
                optimizer = FitOptimizer.Newton;
                iterations = newton.Value.Iterations;
            }
            else
            {
                newton = null;
            }
        }

        if (newton is null)
        {
            try
            {
                var bfgs = new BfgsMinimizer(options.Tolerance, 1e-13, 1e-15, options.MaxIterations);
                var result = bfgs.FindMinimum(ObjectiveFunction.Gradient(objective.ValueAndGradient), start);
                iterations = result.Iterations;
                reason = result.ReasonForExit switch
                {
                    ExitCondition.RelativePoints => FitStopReason.ParameterTolerance,
                    ExitCondition.LackOfProgress => FitStopReason.FunctionTolerance,
                    ExitCondition.ExceedIterations => FitStopReason.IterationLimit,
                    ExitCondition.InvalidValues or ExitCondition.ManuallyStopped => FitStopReason.OptimizerFailed,
                    _ => FitStopReason.GradientTolerance,
                };
                bfgsFailed = reason == FitStopReason.OptimizerFailed;
            }
            catch (MaximumIterationsException)
            {
                iterations = options.MaxIterations;
                reason = FitStopReason.IterationLimit;
            }
            catch (Exception e) when (e is OptimizationException or ArithmeticException or ArgumentException)
            {
                reason = FitStopReason.OptimizerFailed;
                bfgsFailed = true;
            }

            if (bfgsFailed)
            {
                // Derivative-free restart from the best point seen, with the iterations BFGS did not use.
                optimizer = FitOptimizer.NelderMead;
                int budget = Math.Max(1, options.MaxIterations - iterations);
                try
                {
                    var simplex = new NelderMeadSimplex(options.Tolerance, budget);
                    var result = simplex.FindMinimum(ObjectiveFunction.Value(objective.Value), Vector<double>.Build.DenseOfArray(objective.BestPoint));
                    iterations += result.Iterations;
                    reason = double.IsFinite(objective.BestValue) ? FitStopReason.FunctionTolerance : FitStopReason.OptimizerFailed;
                }
                catch (MaximumIterationsException)
                {
                    iterations += budget;
                    reason = FitStopReason.IterationLimit;
                }
                catch (Exception e) when (e is OptimizationException or ArithmeticException or ArgumentException)
                {
                    reason = FitStopReason.OptimizerFailed;
                }
            }
        }

        var best = newton?.Point ?? objective.BestPoint;
        var theta = new double[k];
        for (int i = 0; i < k; i++)
        {
            theta[i] = Math.Exp(best[i]);
        }

        double logLikelihood = likelihood.Evaluate(theta, []);
        var covariance = Covariance(likelihood, theta, options.L2Penalty);
        var standardErrors = new double[k];
        for (int i = 0; i < k; i++)
        {
            standardErrors[i] = Math.Sqrt(covariance[i, i]);
        }

        bool optimizerConverged = reason is FitStopReason.GradientTolerance or FitStopReason.ParameterTolerance or FitStopReason.FunctionTolerance;
        var diagnosis = MaximumLikelihoodDiagnosis.Diagnose(
            likelihood, theta, logLikelihood, covariance, options.L2Penalty, optimizerConverged && double.IsFinite(logLikelihood), reason, modelName);
        return new MaximumLikelihoodEstimate
        {
            Confirmed = diagnosis.Confirmed,
            Degenerate = diagnosis.Degenerate,
            Diagnostics = diagnosis.Diagnostics,
            ParameterNames = likelihood.ParameterNames,
            Parameters = theta,
            StandardErrors = standardErrors,
            Covariance = covariance,
            LogLikelihood = logLikelihood,
            CustomerCount = likelihood.CustomerCount,
            DistinctRows = likelihood.DistinctRows,
            Iterations = iterations,
            FunctionEvaluations = objective.Evaluations + newtonEvaluations,
            StopReason = double.IsFinite(logLikelihood) ? reason : FitStopReason.OptimizerFailed,
            Optimizer = optimizer,
            L2Penalty = options.L2Penalty,
        };
    }

    /// <summary>
    /// The covariance matrix at <paramref name="theta"/>: the inverse of the numerical Hessian of −LL + Nλ·Σθ² in the
    /// natural scale, or all NaN when that Hessian is not positive definite.
    /// </summary>
    internal static double[,] Covariance(ILogLikelihood likelihood, double[] theta, double penalty)
    {
        int k = theta.Length;
        double n = likelihood.CustomerCount;
        var hessian = new double[k, k];
        var point = (double[])theta.Clone();
        if (likelihood is ISecondOrderLogLikelihood second)
        {
            // The analytic Hessian of −LL + Nλ·Σθ²: one pass over the data.
            Span<double> gradient = stackalloc double[k];
            Span<double> analytic = stackalloc double[k * k];
            second.Evaluate(theta, gradient, analytic);
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < k; j++)
                {
                    hessian[i, j] = -analytic[(i * k) + j] + (i == j ? 2 * n * penalty : 0);
                }
            }
        }
        else if (likelihood.HasGradient)
        {
            var plus = new double[k];
            var minus = new double[k];
            for (int j = 0; j < k; j++)
            {
                double h = 1e-5 * theta[j];
                point[j] = theta[j] + h;
                likelihood.Evaluate(point, plus);
                point[j] = theta[j] - h;
                likelihood.Evaluate(point, minus);
                point[j] = theta[j];
                for (int i = 0; i < k; i++)
                {
                    // ∂/∂θj of (−∂LL/∂θi + 2Nλθi).
                    hessian[i, j] = (-(plus[i] - minus[i]) / (2 * h)) + (i == j ? 2 * n * penalty : 0);
                }
            }
        }
        else
        {
            double F(double[] p)
            {
                double sum = 0;
                for (int i = 0; i < k; i++)
                {
                    sum += p[i] * p[i];
                }

                return -likelihood.Evaluate(p, []) + (n * penalty * sum);
            }

            double f0 = F(point);
            for (int i = 0; i < k; i++)
            {
                double hi = 1e-4 * theta[i];
                point[i] = theta[i] + hi;
                double fp = F(point);
                point[i] = theta[i] - hi;
                double fm = F(point);
                point[i] = theta[i];
                hessian[i, i] = (fp - (2 * f0) + fm) / (hi * hi);
                for (int j = 0; j < i; j++)
                {
                    double hj = 1e-4 * theta[j];
                    point[i] = theta[i] + hi;
                    point[j] = theta[j] + hj;
                    double fpp = F(point);
                    point[j] = theta[j] - hj;
                    double fpm = F(point);
                    point[i] = theta[i] - hi;
                    double fmm = F(point);
                    point[j] = theta[j] + hj;
                    double fmp = F(point);
                    point[i] = theta[i];
                    point[j] = theta[j];
                    hessian[i, j] = (fpp - fpm - fmp + fmm) / (4 * hi * hj);
                    hessian[j, i] = hessian[i, j];
                }
            }
        }

        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double mean = 0.5 * (hessian[i, j] + hessian[j, i]);
                hessian[i, j] = mean;
                hessian[j, i] = mean;
            }
        }

        return InvertPositiveDefinite(hessian) ?? NaNMatrix(k);
    }

    /// <summary>The inverse of a symmetric positive-definite matrix by Cholesky, or null when it is not positive definite.</summary>
    internal static double[,]? InvertPositiveDefinite(double[,] matrix)
    {
        int k = matrix.GetLength(0);
        var l = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = matrix[i, j];
                for (int m = 0; m < j; m++)
                {
                    sum -= l[i, m] * l[j, m];
                }

                if (i == j)
                {
                    if (!(sum > 0) || !double.IsFinite(sum))
                    {
                        return null;
                    }

                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }

        // Invert L (lower triangular), then A⁻¹ = L⁻ᵀ L⁻¹.
        var inverseL = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            inverseL[i, i] = 1 / l[i, i];
            for (int j = 0; j < i; j++)
            {
                double sum = 0;
                for (int m = j; m < i; m++)
                {
                    sum -= l[i, m] * inverseL[m, j];
                }

                inverseL[i, j] = sum / l[i, i];
            }
        }

        var inverse = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                double sum = 0;
                for (int m = Math.Max(i, j); m < k; m++)
                {
                    sum += inverseL[m, i] * inverseL[m, j];
                }

                inverse[i, j] = sum;
            }
        }

        return inverse;
    }

    private static double[,] NaNMatrix(int k)
    {
        var m = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                m[i, j] = double.NaN;
            }
        }

        return m;
    }

    /// <summary>f(u) = −LL(e^u)/N + λΣθ², remembering the best point evaluated.</summary>
    private sealed class Objective(ILogLikelihood likelihood, double penalty)
    {
        private readonly int _k = likelihood.ParameterNames.Length;
        private readonly double _n = likelihood.CustomerCount;

        public double[] BestPoint { get; private set; } = new double[likelihood.ParameterNames.Length];

        public double BestValue { get; private set; } = double.PositiveInfinity;

        public int Evaluations { get; private set; }

        public double Value(Vector<double> u) => Evaluate(u, null);

        public (double Value, Vector<double> Gradient) ValueAndGradient(Vector<double> u)
        {
            var gradient = new double[_k];
            double value;
            if (likelihood.HasGradient)
            {
                value = Evaluate(u, gradient);
            }
            else
            {
                value = Evaluate(u, null);
                var probe = u.Clone();
                for (int i = 0; i < _k; i++)
                {
                    const double h = 1e-6;
                    probe[i] = u[i] + h;
                    double plus = Evaluate(probe, null);
                    probe[i] = u[i] - h;
                    double minus = Evaluate(probe, null);
                    probe[i] = u[i];
                    gradient[i] = (plus - minus) / (2 * h);
                }
            }

            return (value, Vector<double>.Build.DenseOfArray(gradient));
        }

        private double Evaluate(Vector<double> u, double[]? gradient)
        {
            Evaluations++;
            Span<double> theta = stackalloc double[_k];
            double penaltySum = 0;
            for (int i = 0; i < _k; i++)
            {
                theta[i] = Math.Exp(u[i]);
                penaltySum += theta[i] * theta[i];
            }

            // Outside [1e-10, 1e10] the point counts as infeasible, so no fit can run away to +∞ log-likelihood.
            bool inside = true;
            for (int i = 0; i < _k; i++)
            {
                inside &= Math.Abs(u[i]) <= MaximumLikelihoodDiagnosis.MaxLogParameter;
            }

            double ll = inside ? likelihood.Evaluate(theta, gradient) : double.NaN;
            double value = (-ll / _n) + (penalty * penaltySum);
            if (!double.IsFinite(value))
            {
                value = double.PositiveInfinity;
                gradient?.AsSpan().Clear();
            }
            else if (gradient is not null)
            {
                for (int i = 0; i < _k; i++)
                {
                    // d/du = θ · d/dθ.
                    gradient[i] = ((-gradient[i] / _n) + (2 * penalty * theta[i])) * theta[i];
                }
            }

            if (value < BestValue)
            {
                BestValue = value;
                BestPoint = u.ToArray();
            }

            return value;
        }
    }
}
