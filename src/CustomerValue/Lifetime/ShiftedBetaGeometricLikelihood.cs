using CustomerValue.Lifetime.Fitting;
using CustomerValue.Numerics;

namespace CustomerValue.Lifetime;

/// <summary>
/// The sBG log-likelihood of a cohort's survivor counts n₀ ≥ n₁ ≥ … ≥ n_T:
/// Σ_{t=1}^{T} (n_{t−1} − n_t)·ln P(T = t) + n_T·ln S(T), with its analytic gradient.
/// </summary>
/// <remarks>
/// ln P(T=t) = ln B(α+1, β+t−1) − ln B(α, β) and ln S(t) = ln B(α, β+t) − ln B(α, β), whose derivatives are
/// digamma differences. Thread-safe.
/// </remarks>
internal sealed class ShiftedBetaGeometricLikelihood(double[] survivors) : ILogLikelihood
{
    public string[] ParameterNames => [.. LifetimeModelCatalog.ShiftedBetaGeometric.ParameterNames];

    public double CustomerCount => survivors[0];

    public int DistinctRows => survivors.Length - 1;

    public bool HasGradient => true;

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        double a = parameters[0], b = parameters[1];
        double logBetaAB = LogSpace.LogBeta(a, b);
        bool wantGradient = !gradient.IsEmpty;
        double psiA = 0, psiB = 0, psiAB = 0, psiA1 = 0;
        if (wantGradient)
        {
            psiA = LogSpace.Digamma(a);
            psiB = LogSpace.Digamma(b);
            psiAB = LogSpace.Digamma(a + b);
            psiA1 = LogSpace.Digamma(a + 1);
        }

        double sum = 0, ga = 0, gb = 0;
        int last = survivors.Length - 1;
        for (int t = 1; t <= last; t++)
        {
            double lost = survivors[t - 1] - survivors[t];
            if (lost > 0)
            {
                sum += lost * (LogSpace.LogBeta(a + 1, b + t - 1) - logBetaAB);
                if (wantGradient)
                {
                    double psiABt = LogSpace.Digamma(a + b + t);
                    ga += lost * (psiA1 - psiABt - psiA + psiAB);
                    gb += lost * (LogSpace.Digamma(b + t - 1) - psiABt - psiB + psiAB);
                }
            }
        }

        double remaining = survivors[last];
        if (remaining > 0)
        {
            sum += remaining * (LogSpace.LogBeta(a, b + last) - logBetaAB);
            if (wantGradient)
            {
                double psiABT = LogSpace.Digamma(a + b + last);
                ga += remaining * (psiAB - psiABT);
                gb += remaining * (LogSpace.Digamma(b + last) - psiABT - psiB + psiAB);
            }
        }

        if (wantGradient)
        {
            gradient[0] = ga;
            gradient[1] = gb;
        }

        return sum;
    }
}
