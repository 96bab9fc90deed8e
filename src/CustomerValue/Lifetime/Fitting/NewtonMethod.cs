namespace CustomerValue.Lifetime.Fitting;

/// <summary>
/// Newton's method with the model's analytic Hessian, on the engine's objective f(u) = −LL(e^u)/N + λ·Σθ² in
/// u = ln θ: the fast path of <see cref="MaximumLikelihood"/> for models that implement
/// <see cref="ISecondOrderLogLikelihood"/>.
/// </summary>
/// <remarks>
/// <para>Each iteration solves (∇²f + μI)·Δ = −∇f by Cholesky, with μ = 0 when ∇²f is positive definite and otherwise
/// raised from 1e-8·max|∇²f_ii| by factors of 10 until it is (Levenberg's damping, which turns the step towards the
/// gradient far from the optimum); steps are capped at 2 in u (a factor e² in θ) and shortened by halving until f
/// decreases (Armijo's rule). Near the optimum the steps are full Newton steps and convergence is quadratic: the BG/NBD
/// fit of a million customers takes about ten passes with the Hessian and a few value-only passes.</para>
/// <para>It reports success only when an undamped Newton step shorter than <see cref="StepTolerance"/> in every
/// ln θ was found at a point where ∇²f is positive definite: the parameters are then known to about 1e-12 relative
/// (further steps are below the rounding of f and cannot be checked by it). Otherwise (iteration limit, no decrease, non-finite values) it reports failure and the engine
/// continues with BFGS from the best point found. Deterministic: no randomness, fixed order.</para>
/// </remarks>
internal static class NewtonMethod
{
    /// <summary>
    /// The largest undamped Newton step, in ln θ, that ends the iteration: the step is taken (unless it makes f worse)
    /// and, convergence being quadratic, leaves an error of the order of its square (1e-12 relative in θ).
    /// </summary>
    public const double StepTolerance = 1e-6;

    private const double MaxStep = 2;

    /// <summary>The outcome: the best point (ln θ), its objective, iterations, objective evaluations and whether it converged.</summary>
    public readonly record struct Outcome(double[] Point, double Value, int Iterations, int Evaluations, bool Converged);

    /// <summary>Minimises f from <paramref name="start"/> (ln θ) in at most <paramref name="maxIterations"/> Newton steps.</summary>
    public static Outcome Minimize(ISecondOrderLogLikelihood likelihood, double[] start, double penalty, int maxIterations)
    {
        int k = start.Length;
        double n = likelihood.CustomerCount;
        var u = (double[])start.Clone();
        var gradient = new double[k];
        var hessian = new double[k * k];
        var trial = new double[k];
        var theta = new double[k];
        var step = new double[k];
        int evaluations = 0;

        double Objective(double[] point, double[]? g, double[]? h)
        {
            evaluations++;
            double penaltySum = 0;
            for (int i = 0; i < k; i++)
            {
                theta[i] = Math.Exp(point[i]);
                penaltySum += theta[i] * theta[i];
            }

            double ll = h is null ? likelihood.Evaluate(theta, []) : likelihood.Evaluate(theta, g, h);
            double value = (-ll / n) + (penalty * penaltySum);
            if (!double.IsFinite(value))
            {
                return double.PositiveInfinity;
            }

            if (g is not null && h is not null)
            {
                // ∂f/∂u_i = θ_i·f_θi, ∂²f/∂u_i∂u_j = θ_i·θ_j·f_θiθj + δ_ij·θ_i·f_θi, with f_θ = −∂LL/N + 2λθ.
                for (int i = 0; i < k; i++)
                {
                    for (int j = 0; j < k; j++)
                    {
                        h[(i * k) + j] = theta[i] * theta[j] * ((-h[(i * k) + j] / n) + (i == j ? 2 * penalty : 0));
                    }
                }

                for (int i = 0; i < k; i++)
                {
                    g[i] = theta[i] * ((-g[i] / n) + (2 * penalty * theta[i]));
                    h[(i * k) + i] += g[i];
                }

                foreach (double v in g)
                {
                    if (!double.IsFinite(v))
                    {
                        return double.PositiveInfinity;
                    }
                }

                foreach (double v in h)
                {
                    if (!double.IsFinite(v))
                    {
                        return double.PositiveInfinity;
                    }
                }
            }

            return value;
        }

        double f = Objective(u, gradient, hessian);
        if (!double.IsFinite(f))
        {
            return new Outcome(u, f, 0, evaluations, false);
        }

        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            bool damped = !Solve(hessian, gradient, k, 0, step);
            if (damped)
            {
                double scale = 0;
                for (int i = 0; i < k; i++)
                {
                    scale = Math.Max(scale, Math.Abs(hessian[(i * k) + i]));
                }

                double mu = 1e-8 * Math.Max(scale, 1e-300);
                while (!Solve(hessian, gradient, k, mu, step))
                {
                    mu *= 10;
                    if (!double.IsFinite(mu))
                    {
                        return new Outcome(u, f, iteration, evaluations, false);
                    }
                }
            }

            double largest = 0, slope = 0;
            for (int i = 0; i < k; i++)
            {
                largest = Math.Max(largest, Math.Abs(step[i]));
                slope += gradient[i] * step[i];
            }

            bool capped = largest > MaxStep;
            double t = capped ? MaxStep / largest : 1;
            if (!damped && !capped && largest <= StepTolerance)
            {
                // Converged: take the last (tiny) step only if it does not make f worse.
                for (int i = 0; i < k; i++)
                {
                    trial[i] = u[i] + step[i];
                }

                double last = Objective(trial, null, null);
                return last <= f ? new Outcome((double[])trial.Clone(), last, iteration, evaluations, true) : new Outcome(u, f, iteration, evaluations, true);
            }

            // Armijo backtracking on the value alone (a cheaper pass), then the full evaluation at the accepted point.
            double next = double.PositiveInfinity;
            for (int halving = 0; halving < 40; halving++)
            {
                for (int i = 0; i < k; i++)
                {
                    trial[i] = u[i] + (t * step[i]);
                }

                next = Objective(trial, null, null);
                if (next <= f + (1e-4 * t * slope))
                {
                    break;
                }

                t *= 0.5;
            }

            if (!(next <= f + (1e-4 * t * slope)) || t * largest < 1e-14)
            {
                // No decrease along the step: stuck (a tiny step would have ended the iteration above).
                return new Outcome(u, f, iteration, evaluations, false);
            }

            Array.Copy(trial, u, k);
            f = Objective(u, gradient, hessian);
            if (!double.IsFinite(f))
            {
                return new Outcome(u, f, iteration, evaluations, false);
            }
        }

        return new Outcome(u, f, maxIterations, evaluations, false);
    }

    /// <summary>Solves (H + μI)·Δ = −g by Cholesky; false when H + μI is not positive definite.</summary>
    private static bool Solve(double[] hessian, double[] gradient, int k, double mu, double[] step)
    {
        Span<double> l = stackalloc double[k * k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = hessian[(i * k) + j] + (i == j ? mu : 0);
                for (int m = 0; m < j; m++)
                {
                    sum -= l[(i * k) + m] * l[(j * k) + m];
                }

                if (i == j)
                {
                    if (!(sum > 0) || !double.IsFinite(sum))
                    {
                        return false;
                    }

                    l[(i * k) + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[(i * k) + j] = sum / l[(j * k) + j];
                }
            }
        }

        // L·y = −g, then Lᵀ·Δ = y.
        Span<double> y = stackalloc double[k];
        for (int i = 0; i < k; i++)
        {
            double sum = -gradient[i];
            for (int m = 0; m < i; m++)
            {
                sum -= l[(i * k) + m] * y[m];
            }

            y[i] = sum / l[(i * k) + i];
        }

        for (int i = k - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int m = i + 1; m < k; m++)
            {
                sum -= l[(m * k) + i] * step[m];
            }

            step[i] = sum / l[(i * k) + i];
        }

        return true;
    }
}
