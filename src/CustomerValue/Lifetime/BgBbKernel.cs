using CustomerValue.Numerics;

namespace CustomerValue.Lifetime;

/// <summary>
/// The BG/BB arithmetic (Fader, Hardie &amp; Shang 2010), in log space, with the parameter-only terms computed once.
/// </summary>
/// <remarks>
/// With B the Beta function, for a customer with x purchases, the last at opportunity t_x, out of n:
/// <list type="bullet">
/// <item>L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ)
/// (alive throughout, or dropped out just before opportunity t_x+i+1), summed as a log-sum-exp.</item>
/// <item>P(alive at opportunity n+1) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L.</item>
/// <item>E[X(n, n+n*) | x, t_x, n] = B(α+x+1, β+n−x)/B(α,β) · Σ_{k=1}^{n*} B(γ, δ+n+k)/B(γ,δ) / L, the sum built with
/// B(γ, δ+m+1)/B(γ, δ+m) = (δ+m)/(γ+δ+m) (the paper's closed form divides by γ − 1; this sum has no such case).</item>
/// <item>E[X(n)] = α/(α+β) · Σ_{t=1}^{n} B(γ, δ+t)/B(γ,δ); P(X(n)=x) = C(n,x)·B(α+x, β+n−x)/B(α,β)·B(γ, δ+n)/B(γ,δ)
/// + Σ_{i=x}^{n−1} C(i,x)·B(α+x, β+i−x)/B(α,β)·B(γ+1, δ+i)/B(γ,δ).</item>
/// </list>
/// </remarks>
internal sealed class BgBbKernel
{
    public BgBbKernel(double alpha, double beta, double gamma, double delta)
    {
        Alpha = alpha;
        Beta = beta;
        Gamma = gamma;
        Delta = delta;
        LogBetaAB = LogSpace.LogBeta(alpha, beta);
        LogBetaGD = LogSpace.LogBeta(gamma, delta);
    }

    public double Alpha { get; }

    public double Beta { get; }

    public double Gamma { get; }

    public double Delta { get; }

    public double LogBetaAB { get; }

    public double LogBetaGD { get; }

    /// <summary>ln of the "alive through n" term.</summary>
    private double LogAliveTerm(double x, double n, double extraOpportunity) =>
        LogSpace.LogBeta(Alpha + x, Beta + n - x) - LogBetaAB + LogSpace.LogBeta(Gamma, Delta + n + extraOpportunity) - LogBetaGD;

    /// <summary>ln of the "dropped out before opportunity t_x + i + 1" term.</summary>
    private double LogDroppedTerm(double x, double tx, double i) =>
        LogSpace.LogBeta(Alpha + x, Beta + tx - x + i) - LogBetaAB + LogSpace.LogBeta(Gamma + 1, Delta + tx + i) - LogBetaGD;

    /// <summary>ln L(α, β, γ, δ | x, t_x, n).</summary>
    public double LogLikelihood(int x, int tx, int n)
    {
        double log = LogAliveTerm(x, n, 0);
        for (int i = 0; i < n - tx; i++)
        {
            log = LogSpace.LogSumExp(log, LogDroppedTerm(x, tx, i));
        }

        return log;
    }

    /// <summary>ln L and, added into <paramref name="gradient"/> times <paramref name="weight"/>, its gradient in (α, β, γ, δ).</summary>
    public double LogLikelihood(int x, int tx, int n, double weight, Span<double> gradient)
    {
        double log = LogLikelihood(x, tx, n);
        if (gradient.IsEmpty)
        {
            return log;
        }

        // d ln B(a, b)/da = ψ(a) − ψ(a+b); each term's derivative is weighted by its share of L.
        double psiA = LogSpace.Digamma(Alpha), psiB = LogSpace.Digamma(Beta), psiAB = LogSpace.Digamma(Alpha + Beta);
        double psiG = LogSpace.Digamma(Gamma), psiD = LogSpace.Digamma(Delta), psiGD = LogSpace.Digamma(Gamma + Delta);
        double psiAx = LogSpace.Digamma(Alpha + x);

        double share = Math.Exp(LogAliveTerm(x, n, 0) - log);
        double psiABn = LogSpace.Digamma(Alpha + Beta + n);
        double psiGDn = LogSpace.Digamma(Gamma + Delta + n);
        gradient[0] += weight * share * (psiAx - psiABn - psiA + psiAB);
        gradient[1] += weight * share * (LogSpace.Digamma(Beta + n - x) - psiABn - psiB + psiAB);
        gradient[2] += weight * share * (psiGD - psiGDn);
        gradient[3] += weight * share * (LogSpace.Digamma(Delta + n) - psiGDn - psiD + psiGD);
        for (int i = 0; i < n - tx; i++)
        {
            share = Math.Exp(LogDroppedTerm(x, tx, i) - log);
            double m = tx + i;
            double psiABm = LogSpace.Digamma(Alpha + Beta + m);
            double psiGDm = LogSpace.Digamma(Gamma + Delta + m + 1);
            gradient[0] += weight * share * (psiAx - psiABm - psiA + psiAB);
            gradient[1] += weight * share * (LogSpace.Digamma(Beta + m - x) - psiABm - psiB + psiAB);
            gradient[2] += weight * share * (LogSpace.Digamma(Gamma + 1) - psiGDm - psiG + psiGD);
            gradient[3] += weight * share * (LogSpace.Digamma(Delta + m) - psiGDm - psiD + psiGD);
        }

        return log;
    }

    /// <summary>P(alive at opportunity n + 1 | x, t_x, n).</summary>
    public double ProbabilityAlive(int x, int tx, int n) =>
        Math.Min(1, Math.Exp(LogAliveTerm(x, n, 1) - LogLikelihood(x, tx, n)));

    /// <summary>E[X(n, n + future) | x, t_x, n].</summary>
    public double ExpectedPurchases(int future, int x, int tx, int n)
    {
        if (future == 0)
        {
            return 0;
        }

        double logBuy = LogSpace.LogBeta(Alpha + x + 1, Beta + n - x) - LogBetaAB;
        double logAlive = LogSpace.LogBeta(Gamma, Delta + n) - LogBetaGD;
        return Math.Exp(logBuy + logAlive - LogLikelihood(x, tx, n)) * SurvivalSum(n, future);
    }

    /// <summary>E[X(n)] for a new customer: expected repeat purchases in the first n opportunities.</summary>
    public double ExpectedPurchasesNewCustomer(int n) => n == 0 ? 0 : Alpha / (Alpha + Beta) * SurvivalSum(0, n);

    /// <summary>Σ_{k=1}^{count} B(γ, δ+start+k)/B(γ, δ+start): expected opportunities alive among the next <paramref name="count"/>, given alive through <paramref name="start"/>.</summary>
    private double SurvivalSum(int start, int count)
    {
        double sum = 0, ratio = 1;
        for (int k = 0; k < count; k++)
        {
            double m = Delta + start + k;
            ratio *= m / (Gamma + m);
            sum += ratio;
        }

        return sum;
    }

    /// <summary>P(X(n) = x) for a new customer.</summary>
    public double ProbabilityOfPurchases(int x, int n)
    {
        if (x > n)
        {
            return 0;
        }

        double log = LogChoose(n, x) + LogAliveTerm(x, n, 0);
        for (int i = x; i < n; i++)
        {
            log = LogSpace.LogSumExp(log, LogChoose(i, x) + LogSpace.LogBeta(Alpha + x, Beta + i - x) - LogBetaAB
                + LogSpace.LogBeta(Gamma + 1, Delta + i) - LogBetaGD);
        }

        return Math.Clamp(Math.Exp(log), 0, 1);
    }

    private static double LogChoose(int n, int k) =>
        LogSpace.LogGamma(n + 1.0) - LogSpace.LogGamma(k + 1.0) - LogSpace.LogGamma(n - k + 1.0);
}
