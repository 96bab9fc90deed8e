using CustomerValue.Lifetime.Fitting;
using MathNet.Numerics;

namespace CustomerValue.Lifetime;

/// <summary>
/// The Gamma-Gamma log-likelihood of repeat customers' (x, m̄), with analytic gradient:
/// ln L = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m̄ + px ln x − (px+q) ln(γ + x m̄).
/// </summary>
/// <remarks>Rows are compressed (x, m̄, 0) summaries. Not thread-safe; one instance per fit.</remarks>
internal sealed class GammaGammaLikelihood(WeightedSummaries data) : ILogLikelihood
{
    public string[] ParameterNames => [.. LifetimeModelCatalog.GammaGamma.ParameterNames];

    public double CustomerCount => data.TotalWeight;

    public int DistinctRows => data.Count;

    public bool HasGradient => true;

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        double p = parameters[0], q = parameters[1], gamma = parameters[2];
        double logGammaQ = SpecialFunctions.GammaLn(q), psiQ = SpecialFunctions.DiGamma(q), logGamma = Math.Log(gamma);
        return ChunkedSum.Run(data.Count, gradient, (start, end, g) =>
        {
            bool wantGradient = !g.IsEmpty;
            double sum = 0, gp = 0, gq = 0, gg = 0;
            for (int i = start; i < end; i++)
            {
                double x = data.Frequency[i], m = data.Recency[i], w = data.Weight[i];
                double px = p * x;
                double logM = Math.Log(m), logX = Math.Log(x), logDen = Math.Log(gamma + (x * m));
                sum += w * (SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px) - logGammaQ + (q * logGamma)
                    + ((px - 1) * logM) + (px * logX) - ((px + q) * logDen));
                if (wantGradient)
                {
                    double psiPQ = SpecialFunctions.DiGamma(px + q);
                    gp += w * x * (psiPQ - SpecialFunctions.DiGamma(px) + logM + logX - logDen);
                    gq += w * (psiPQ - psiQ + logGamma - logDen);
                    gg += w * ((q / gamma) - ((px + q) / (gamma + (x * m))));
                }
            }

            if (wantGradient)
            {
                g[0] = gp;
                g[1] = gq;
                g[2] = gg;
            }

            return sum;
        });
    }
}
