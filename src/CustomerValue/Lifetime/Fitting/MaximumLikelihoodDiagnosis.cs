using System.Globalization;

namespace CustomerValue.Lifetime.Fitting;

/// <summary>
/// The checks a fit must pass before it is called converged, and the plain-words diagnostics of one that does not
/// (issue 12, item 2).
/// </summary>
/// <remarks>
/// <para>A fit is <i>confirmed</i> when, at the estimate θ̂: the log-likelihood is finite; a second evaluation gives the
/// same value and evaluations at θ̂·(1 ± 1e-7), one parameter at a time, differ from it by no more than 1e-6·(1 + |LL|)
/// (at a true maximum they differ by about N·1e-14; a log-likelihood that is numerically meaningless there — for example
/// ln Γ(r + x) − ln Γ(r) at r = 7e19 — jumps by far more); the gradient of the per-customer log-likelihood in the log
/// parameters, θᵢ·∂LL/∂θᵢ/N, is at most 1e-3 in every coordinate; and the Hessian of the log-likelihood is negative
/// definite (the covariance could be formed).</para>
/// <para>A fit is <i>degenerate</i> when a parameter ran to a boundary of the parameter space (a shape below 1e-4 or
/// above 1e5, or any parameter outside [1e-6, 1e8]): the model has then become a simpler one and its standard errors
/// mean nothing. Each such parameter gets a diagnostic that says in words what the boundary means for that model.</para>
/// </remarks>
internal static class MaximumLikelihoodDiagnosis
{
    /// <summary>Parameters are confined to [e^−MaxLogParameter, e^MaxLogParameter] (1e-10 to 1e10) so that no fit runs away.</summary>
    public const double MaxLogParameter = 23.025850929940457;

    private const double ShapeLow = 1e-4;
    private const double ShapeHigh = 1e5;
    private const double AnyLow = 1e-6;
    private const double AnyHigh = 1e8;

    /// <summary>The outcome of <see cref="Diagnose"/>.</summary>
    public readonly record struct Outcome(bool Confirmed, bool Degenerate, string[] Diagnostics);

    /// <summary>Runs the checks at <paramref name="theta"/>; see the class remarks.</summary>
    public static Outcome Diagnose(
        ILogLikelihood likelihood, double[] theta, double logLikelihood, double[,] covariance, double penalty, bool optimizerConverged, FitStopReason reason, string modelName)
    {
        var diagnostics = new List<string>();
        int k = theta.Length;
        double n = likelihood.CustomerCount;
        bool confirmed = optimizerConverged;
        if (!optimizerConverged)
        {
            diagnostics.Add(reason switch
            {
                FitStopReason.IterationLimit => "the optimiser ran out of iterations before the log-likelihood stopped improving",
                _ => "the optimiser could not continue (no finite improvement in any direction it tried)",
            });
        }

        if (!double.IsFinite(logLikelihood))
        {
            confirmed = false;
            diagnostics.Add("the log-likelihood at the estimate is not finite");
        }
        else
        {
            double again = likelihood.Evaluate(theta, []);
            double allowed = 1e-6 * (1 + Math.Abs(logLikelihood));
            double worst = Math.Abs(again - logLikelihood);
            var point = (double[])theta.Clone();
            for (int i = 0; i < k; i++)
            {
                foreach (double factor in (ReadOnlySpan<double>)[1 + 1e-7, 1 - 1e-7])
                {
                    point[i] = theta[i] * factor;
                    double value = likelihood.Evaluate(point, []);
                    worst = double.IsFinite(value) ? Math.Max(worst, Math.Abs(value - logLikelihood)) : double.PositiveInfinity;
                }

                point[i] = theta[i];
            }

            if (!(worst <= allowed))
            {
                confirmed = false;
                diagnostics.Add(string.Create(CultureInfo.InvariantCulture,
                    $"the log-likelihood {logLikelihood:G6} is not confirmed: re-evaluated at the estimate and at relative distances of 1e-7 it changes by {worst:G3}, so it cannot be computed reliably there"));
            }
            else
            {
                var gradient = Gradient(likelihood, theta);
                double largest = 0;
                for (int i = 0; i < k; i++)
                {
                    double g = (gradient[i] - (2 * n * penalty * theta[i])) * theta[i] / n;
                    largest = double.IsFinite(g) ? Math.Max(largest, Math.Abs(g)) : double.PositiveInfinity;
                }

                if (!(largest <= 1e-3))
                {
                    confirmed = false;
                    diagnostics.Add(string.Create(CultureInfo.InvariantCulture,
                        $"the gradient is not small at the estimate (largest |θ·∂LL/∂θ| per customer {largest:G3}): not a maximum"));
                }
            }
        }

        bool hessianOk = k > 0 && double.IsFinite(covariance[0, 0]);
        if (!hessianOk)
        {
            confirmed = false;
            diagnostics.Add("standard errors unavailable: the Hessian of the log-likelihood is not negative definite at the estimate (the likelihood is flat or curves upwards in some direction)");
        }

        bool degenerate = false;
        for (int i = 0; i < k; i++)
        {
            string name = likelihood.ParameterNames[i];
            bool shape = IsShape(modelName, name);
            double low = shape ? ShapeLow : AnyLow, high = shape ? ShapeHigh : AnyHigh;
            if (theta[i] < low)
            {
                degenerate = true;
                diagnostics.Add(Boundary(modelName, name, theta[i], toZero: true));
            }
            else if (theta[i] > high)
            {
                degenerate = true;
                diagnostics.Add(Boundary(modelName, name, theta[i], toZero: false));
            }
        }

        return new Outcome(confirmed, degenerate, [.. diagnostics]);
    }

    /// <summary>∂LL/∂θ at θ: the model's analytic gradient, or central differences in ln θ.</summary>
    private static double[] Gradient(ILogLikelihood likelihood, double[] theta)
    {
        int k = theta.Length;
        var gradient = new double[k];
        if (likelihood.HasGradient)
        {
            likelihood.Evaluate(theta, gradient);
            return gradient;
        }

        var point = (double[])theta.Clone();
        for (int i = 0; i < k; i++)
        {
            const double h = 1e-6;
            point[i] = theta[i] * Math.Exp(h);
            double plus = likelihood.Evaluate(point, []);
            point[i] = theta[i] * Math.Exp(-h);
            double minus = likelihood.Evaluate(point, []);
            point[i] = theta[i];
            gradient[i] = (plus - minus) / (2 * h) / theta[i];
        }

        return gradient;
    }

    /// <summary>Shape parameters (dimensionless); the others (α, β of the rate models, γ of Gamma-Gamma) carry a time or money unit.</summary>
    private static bool IsShape(string model, string name) => (model, name) switch
    {
        ("BG/NBD" or "MBG/NBD" or "Pareto/NBD", "alpha" or "beta") => false,
        ("Gamma-Gamma", "gamma") => false,
        _ => true,
    };

    /// <summary>What a parameter at a boundary means, in words.</summary>
    internal static string Boundary(string model, string name, double value, bool toZero)
    {
        string arrow = string.Create(CultureInfo.InvariantCulture, $"{name} → {(toZero ? "0" : "∞")} ({name} = {value:G3})");
        string meaning = (model, name, toZero) switch
        {
            ("BG/NBD" or "MBG/NBD", "a", true) => $"no sign of drop-out; {model} degenerates to the NBD (customers never become inactive)",
            ("BG/NBD" or "MBG/NBD", "b", false) => $"drop-out probabilities near 0 for everyone; {model} approaches the NBD",
            ("BG/NBD" or "MBG/NBD", "b", true) => "almost every customer drops out at the first chance",
            ("BG/NBD" or "MBG/NBD", "a", false) => "almost every customer drops out at the first chance",
            ("BG/NBD" or "MBG/NBD" or "Pareto/NBD", "r", false) or ("BG/NBD" or "MBG/NBD" or "Pareto/NBD", "alpha", false) =>
                "purchase rates do not vary between customers (the Gamma mixing distribution collapses to a point; look at r/α)",
            ("BG/NBD" or "MBG/NBD" or "Pareto/NBD", "r", true) => "purchase rates are almost all zero with a few very high ones: the data cannot pin the rate distribution",
            ("BG/NBD" or "MBG/NBD" or "Pareto/NBD", "alpha", true) => "purchase rates are unbounded: the time unit or the data is wrong",
            ("Pareto/NBD", "s", true) => "no sign of drop-out; Pareto/NBD degenerates to the NBD (lifetimes unbounded)",
            ("Pareto/NBD", "beta", false) => "drop-out rates near 0 for everyone; Pareto/NBD approaches the NBD",
            ("Pareto/NBD", "s", false) or ("Pareto/NBD", "beta", true) => "drop-out rates do not vary between customers, or everyone drops out at once",
            ("Gamma-Gamma", "p", false) => "spend does not vary from one purchase to the next (the model's within-customer Gamma collapses)",
            ("Gamma-Gamma", "q", false) or ("Gamma-Gamma", "gamma", false) => "average spend does not vary between customers",
            ("Gamma-Gamma", _, true) => "the spend distribution is degenerate; the expected spend is not finite for some customers",
            ("sBG", _, false) => "churn probabilities do not vary between customers (the sBG becomes a geometric model)",
            ("sBG", "alpha", true) => "churn probabilities near 0: almost nobody churns",
            ("sBG", "beta", true) => "churn probabilities near 1: almost everybody churns at once",
            ("BG/BB", "gamma", true) => "no sign of drop-out; BG/BB degenerates to the beta-binomial",
            ("BG/BB", _, false) => "the Beta mixing distribution collapses to a point: customers do not differ in this respect",
            ("BG/BB", _, true) => "the Beta mixing distribution piles up at 0 or 1: the data cannot pin it",
            _ => "the parameter ran to the edge of the parameter space",
        };

        return $"{arrow}: {meaning}";
    }
}
