using CustomerValue.Lifetime.Fitting;
using CustomerValue.Numerics;

namespace CustomerValue.Lifetime;

/// <summary>
/// The Pareto/NBD log-likelihood of compressed summaries (see <see cref="ParetoNbdKernel"/> for the formula), with
/// its analytic gradient.
/// </summary>
/// <remarks>
/// <para>ln L = lnΓ(r+x) − lnΓ(r) + r ln α + s ln β + log-sum-exp(ℓ_alive, ℓ_died), with
/// ℓ_alive = −(r+x) ln(α+T) − s ln(β+T) and ℓ_died = ln(s ∫_{t_x}^{T} f), f(y) = (α+y)^(−(r+x)) (β+y)^(−(s+1)).
/// Its gradient is ∂common + (1 − π)·∂ℓ_alive + π·∂ℓ_died, π = 1 − P(alive) the posterior weight of "died", where
/// ∂ℓ_died is a mean under f: ∂/∂r = −E[ln(α+y)], ∂/∂α = −(r+x)E[1/(α+y)], ∂/∂s = 1/s − E[ln(β+y)],
/// ∂/∂β = −(s+1)E[1/(β+y)] (<see cref="PowerIntegral.Means"/>; skipped when π = 0).</para>
/// <para>Rows are summed with <see cref="ChunkedSum"/> (parallel, fixed order), so the value is deterministic.
/// Stateless apart from its data; thread-safe.</para>
/// </remarks>
internal sealed class ParetoNbdLikelihood(WeightedSummaries data) : ILogLikelihood
{
    public string[] ParameterNames => [.. LifetimeModelCatalog.ParetoNbd.ParameterNames];

    public double CustomerCount => data.TotalWeight;

    public int DistinctRows => data.Count;

    public bool HasGradient => true;

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        var kernel = new ParetoNbdKernel(parameters[0], parameters[1], parameters[2], parameters[3]);
        return ChunkedSum.Run(data.Count, gradient, (start, end, g) => Rows(kernel, start, end, g));
    }

    private double Rows(ParetoNbdKernel k, int start, int end, Span<double> g)
    {
        double r = k.R, alpha = k.Alpha, s = k.S, beta = k.Beta;
        bool wantGradient = !g.IsEmpty;
        double psiR = wantGradient ? LogSpace.Digamma(r) : 0;
        double logAlpha = Math.Log(alpha), logBeta = Math.Log(beta);
        double sum = 0, gr = 0, ga = 0, gs = 0, gb = 0;
        for (int i = start; i < end; i++)
        {
            double x = data.Frequency[i], recency = data.Recency[i], age = data.Age[i], w = data.Weight[i];
            var (alive, died) = k.LogTerms(x, recency, age);
            sum += w * (LogSpace.LogGamma(r + x) - k.LogGammaR + k.LogPriorScale + LogSpace.LogSumExp(alive, died));
            if (!wantGradient)
            {
                continue;
            }

            double d = died - alive;
            double pDied = d > 0 ? 1 / (1 + Math.Exp(-d)) : Math.Exp(d) / (1 + Math.Exp(d));
            double pAlive = 1 - pDied;
            double logAlphaT = Math.Log(alpha + age), logBetaT = Math.Log(beta + age);

            gr += w * (LogSpace.Digamma(r + x) - psiR + logAlpha - (pAlive * logAlphaT));
            ga += w * ((r / alpha) - (pAlive * (r + x) / (alpha + age)));
            gs += w * (logBeta - (pAlive * logBetaT));
            gb += w * ((s / beta) - (pAlive * s / (beta + age)));
            if (pDied > 0)
            {
                PowerIntegral.Means(alpha, r + x, beta, s + 1, recency, age, out double meanLogA, out double meanInvA, out double meanLogB, out double meanInvB);
                gr -= w * pDied * meanLogA;
                ga -= w * pDied * (r + x) * meanInvA;
                gs += w * pDied * ((1 / s) - meanLogB);
                gb -= w * pDied * (s + 1) * meanInvB;
            }
        }

        if (wantGradient)
        {
            g[0] = gr;
            g[1] = ga;
            g[2] = gs;
            g[3] = gb;
        }

        return sum;
    }
}
