using System.Globalization;
using CustomerValue.Numerics;

namespace CustomerValue.Lifetime;

/// <summary>
/// The Pareto/NBD arithmetic (Fader &amp; Hardie 2005, "A note on deriving the Pareto/NBD model and related
/// expressions"), in log space, with the parameter-only terms computed once.
/// </summary>
/// <remarks>
/// <para>Likelihood of (x, t_x, T): L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^(−(r+x)) (β+T)^(−s) + s/(r+s+x) · A₀ ], where
/// A₀ = (r+s+x) ∫_{t_x}^{T} (α+y)^(−(r+x)) (β+y)^(−(s+1)) dy (the customer died at y, after the last purchase).
/// In closed form, with m = max(α, β), δ = |α − β|, b₁ = s+1 when α ≥ β and r+x otherwise:
/// A₀ = ₂F₁(r+s+x, b₁; r+s+x+1; δ/(m+t_x)) / (m+t_x)^(r+s+x) − ₂F₁(r+s+x, b₁; r+s+x+1; δ/(m+T)) / (m+T)^(r+s+x).
/// α = β gives δ = 0 and ₂F₁ = 1 in the same formula, so no separate case is needed.</para>
/// <para>Numerics: for ₂F₁ arguments |α − β|/(max(α, β) + t_x) up to 0.9 both halves of A₀ are formed as logarithms
/// (a positive series after Euler's transformation) and subtracted with
/// <see cref="LogSpace.LogDiffExp"/>. When they agree to within 0.1% (t_x close to T; the heavy
/// buyers on which other implementations return NaN), or the argument exceeds 0.9 (one of α, β far larger than the
/// other), A₀ is instead the integral itself by tanh-sinh quadrature (<see cref="PowerIntegral"/>), which has no cancellation. The two terms of
/// L are combined by log-sum-exp. Every output is finite for x up to 10,000 and beyond.</para>
/// <para>P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A₀), computed as a logistic of the log-ratio.
/// P(alive at T+t) = P(alive) · ((β+T)/(β+T+t))^s (given alive at T, μ ~ Gamma(s, β+T)).
/// E[Y(t) | x, t_x, T] = (r+x)(β+T)/((α+T)(s−1)) · (1 − ((β+T)/(β+T+t))^(s−1)) · P(alive), with the s = 1 limit
/// (r+x)(β+T)/(α+T) · ln(1 + t/(β+T)); E[X(t)] = rβ/(α(s−1)) · (1 − (β/(β+t))^(s−1)).
/// P(X(t)=n) = NB(n)·(β/(β+t))^s + Γ(r+n)/(Γ(r) n!) α^r s β^s ∫₀ᵗ y^n (α+y)^(−(r+n)) (β+y)^(−(s+1)) dy (alive
/// throughout, or died at y having made n purchases), the integral by quadrature — equal to the note's closed form
/// with a finite sum of ₂F₁ terms, but without its cancellation for large n.</para>
/// </remarks>
internal sealed class ParetoNbdKernel
{
    /// <summary>Use quadrature for A₀ when the second half exceeds this fraction of the first (ln 0.999).</summary>
    private const double CancellationLimit = -1.0005002501667084e-3;

    public ParetoNbdKernel(double r, double alpha, double s, double beta)
    {
        R = r;
        Alpha = alpha;
        S = s;
        Beta = beta;
        AlphaAtLeastBeta = alpha >= beta;
        Larger = Math.Max(alpha, beta);
        Difference = Math.Abs(alpha - beta);
        LogGammaR = LogSpace.LogGamma(r);
        LogS = Math.Log(s);
        LogPriorScale = (r * Math.Log(alpha)) + (s * Math.Log(beta));
    }

    public double R { get; }

    public double Alpha { get; }

    public double S { get; }

    public double Beta { get; }

    public bool AlphaAtLeastBeta { get; }

    /// <summary>max(α, β).</summary>
    public double Larger { get; }

    /// <summary>|α − β|.</summary>
    public double Difference { get; }

    public double LogGammaR { get; }

    public double LogS { get; }

    /// <summary>r ln α + s ln β.</summary>
    public double LogPriorScale { get; }

    /// <summary>Validates one customer's inputs, naming the field.</summary>
    public static void Validate(double frequency, double recency, double age)
    {
        if (!(frequency >= 0 && double.IsFinite(frequency)))
        {
            throw new ArgumentException($"Pareto/NBD: frequency must be finite and >= 0, got {frequency.ToString(CultureInfo.InvariantCulture)}.", nameof(frequency));
        }

        if (!(age >= 0 && double.IsFinite(age)))
        {
            throw new ArgumentException($"Pareto/NBD: T (age) must be finite and >= 0, got {age.ToString(CultureInfo.InvariantCulture)}.", nameof(age));
        }

        if (!(recency >= 0 && recency <= age))
        {
            throw new ArgumentException(
                $"Pareto/NBD: recency must be in [0, T] (T = {age.ToString(CultureInfo.InvariantCulture)}), got {recency.ToString(CultureInfo.InvariantCulture)}.",
                nameof(recency));
        }
    }

    public static void ValidateHorizon(double horizon)
    {
        if (!(horizon >= 0 && double.IsFinite(horizon)))
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "Pareto/NBD: the horizon must be finite and >= 0.");
        }
    }

    /// <summary>ln A₀ (−∞ when t_x = T).</summary>
    public double LogA0(double x, double recency, double age)
    {
        if (!(age > recency))
        {
            return double.NegativeInfinity;
        }

        double a1 = R + S + x;
        if (Difference / (Larger + recency) > 0.9)
        {
            // Close to 1 the ₂F₁ needs its 1 − z transformation or a series of up to 2·10⁷ terms (α or β far larger
            // than the other plus t_x: fits that wander towards r, α → ∞ land here), and the two halves of A₀ agree
            // to many digits; the integral itself is cheaper and has no cancellation.
            return Math.Log(a1) + PowerIntegral.Log(0, Alpha, R + x, Beta, S + 1, recency, age);
        }

        double b1 = AlphaAtLeastBeta ? S + 1 : R + x;
        double atRecency = LogHyp2F1UpperShift(a1, b1, Difference / (Larger + recency)) - (a1 * Math.Log(Larger + recency));
        double atAge = LogHyp2F1UpperShift(a1, b1, Difference / (Larger + age)) - (a1 * Math.Log(Larger + age));
        if (atAge - atRecency < CancellationLimit)
        {
            return LogSpace.LogDiffExp(atRecency, atAge);
        }

        return Math.Log(a1) + PowerIntegral.Log(0, Alpha, R + x, Beta, S + 1, recency, age);
    }

    /// <summary>
    /// ln ₂F₁(a, b; a+1; z) for a &gt; b − 1 &gt; −1 and 0 ≤ z &lt; 1. Euler's transformation gives
    /// (1−z)^(1−b) Σ_k (a+1−b)_k/(a+1)_k zᵏ, whose terms are positive with ratio below z: for z ≤ 0.9 this is summed
    /// directly (one division per term, at most ~400 terms, no cancellation); closer to 1 the general
    /// <see cref="Hypergeometric.LogHyp2F1"/> takes over.
    /// </summary>
    private static double LogHyp2F1UpperShift(double a, double b, double z)
    {
        if (z > 0.9)
        {
            return Hypergeometric.LogHyp2F1(a, b, a + 1, z, out _);
        }

        double p = a + 1 - b, q = a + 1;
        double term = 1, sum = 1, tail = 1e-17 * (1 - z);
        for (int k = 0; term > tail * sum; k++)
        {
            term *= (p + k) / (q + k) * z;
            sum += term;
        }

        return ((1 - b) * LogSpace.Log1P(-z)) + Math.Log(sum);
    }

    /// <summary>The two log-terms of the likelihood without the common factor Γ(r+x) α^r β^s / Γ(r): alive at T, died in (t_x, T].</summary>
    public (double Alive, double Died) LogTerms(double x, double recency, double age)
    {
        double alive = (-(R + x) * Math.Log(Alpha + age)) - (S * Math.Log(Beta + age));
        double died = LogS - Math.Log(R + S + x) + LogA0(x, recency, age);
        return (alive, died);
    }

    /// <summary>ln L(r, α, s, β | x, t_x, T).</summary>
    public double LogLikelihood(double x, double recency, double age)
    {
        var (alive, died) = LogTerms(x, recency, age);
        return LogSpace.LogGamma(R + x) - LogGammaR + LogPriorScale + LogSpace.LogSumExp(alive, died);
    }

    /// <summary>P(alive | x, t_x, T) without validation.</summary>
    public double ProbabilityAlive(double x, double recency, double age)
    {
        var (alive, died) = LogTerms(x, recency, age);
        double d = died - alive;
        return d > 0 ? Math.Exp(-d) / (1 + Math.Exp(-d)) : 1 / (1 + Math.Exp(d));
    }

    /// <summary>P(alive at T + t | x, t_x, T) without validation.</summary>
    public double ProbabilityAliveAt(double horizon, double x, double recency, double age) =>
        ProbabilityAlive(x, recency, age) * Math.Exp(-S * LogSpace.Log1P(horizon / (Beta + age)));

    /// <summary>E[Y(t) | x, t_x, T] without validation.</summary>
    public double ExpectedPurchases(double horizon, double x, double recency, double age)
    {
        if (horizon == 0)
        {
            return 0;
        }

        double alive = ProbabilityAlive(x, recency, age);
        return (R + x) * (Beta + age) / (Alpha + age) * Lifetime(horizon / (Beta + age)) * alive;
    }

    /// <summary>E[X(t)] for a new customer.</summary>
    public double ExpectedPurchasesNewCustomer(double horizon) =>
        horizon == 0 ? 0 : R * Beta / Alpha * Lifetime(horizon / Beta);

    /// <summary>
    /// (1 − (1 + u)^(−(s−1)))/(s−1) with u = t/(β+T): the expected time alive in the next t units, per unit of (β+T)
    /// (its s = 1 limit is ln(1 + u)).
    /// </summary>
    private double Lifetime(double u)
    {
        double log1pu = LogSpace.Log1P(u);
        double sm1 = S - 1;
        return sm1 == 0 ? log1pu : -LogSpace.ExpM1(-sm1 * log1pu) / sm1;
    }

    /// <summary>
    /// P(X(t) = n | x, t_x, T). Alive at T (probability P_A), λ ~ Gamma(r + x, α + T) and μ ~ Gamma(s, β + T); the
    /// customer either outlives the horizon, ((β+T)/(β+T+t))^s · NB(n; r + x, α + T, t), or drops out at T + u with
    /// u &lt; t after exactly n purchases: the integral of s(β+T)^s (β+T+u)^−(s+1) · NB(n; r + x, α + T, u) over u in
    /// [0, t], by <see cref="PowerIntegral"/>. Not alive, the customer makes none.
    /// </summary>
    public double ConditionalProbabilityOfPurchases(int count, double horizon, double x, double recency, double age)
    {
        double pAlive = ProbabilityAlive(x, recency, age);
        if (horizon == 0)
        {
            return count == 0 ? 1 : 0;
        }

        double n = count, shape = R + x, scale = Alpha + age, rate = Beta + age;
        double logCoefficient = LogSpace.LogGamma(shape + n) - LogSpace.LogGamma(shape) - LogSpace.LogGamma(n + 1);
        double logScaleT = Math.Log(scale + horizon);
        double outlives = logCoefficient + (shape * (Math.Log(scale) - logScaleT)) + (count == 0 ? 0 : n * (Math.Log(horizon) - logScaleT))
            - (S * LogSpace.Log1P(horizon / rate));
        double dropsOut = logCoefficient + LogS + (S * Math.Log(rate)) + (shape * Math.Log(scale))
            + PowerIntegral.Log(n, scale, shape + n, rate, S + 1, 0, horizon);
        double value = (pAlive * Math.Exp(LogSpace.LogSumExp(outlives, dropsOut))) + (count == 0 ? 1 - pAlive : 0);
        return Math.Clamp(value, 0, 1);
    }

    /// <summary>P(X(t) = n) for a new customer.</summary>
    public double ProbabilityOfPurchases(int count, double horizon)
    {
        if (horizon == 0)
        {
            return count == 0 ? 1 : 0;
        }

        double n = count;
        double logCoefficient = LogSpace.LogGamma(R + n) - LogGammaR - LogSpace.LogGamma(n + 1);
        double logAlphaT = Math.Log(Alpha + horizon);
        double alive = logCoefficient + (R * (Math.Log(Alpha) - logAlphaT)) + (count == 0 ? 0 : n * (Math.Log(horizon) - logAlphaT))
            - (S * LogSpace.Log1P(horizon / Beta));
        double died = logCoefficient + LogPriorScale + LogS + PowerIntegral.Log(n, Alpha, R + n, Beta, S + 1, 0, horizon);
        return Math.Clamp(Math.Exp(LogSpace.LogSumExp(alive, died)), 0, 1);
    }
}
