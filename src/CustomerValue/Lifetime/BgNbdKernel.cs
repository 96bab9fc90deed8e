using System.Globalization;
using CustomerValue.Numerics;
using MathNet.Numerics;

namespace CustomerValue.Lifetime;

/// <summary>
/// The arithmetic shared by BG/NBD and MBG/NBD, with the parameter-only terms computed once.
/// </summary>
/// <remarks>
/// <para>The two models differ only in where a customer may drop out: BG/NBD after each repeat purchase, MBG/NBD
/// also right after the first. Writing b′ = b (BG/NBD) or b′ = b + 1 (MBG/NBD), every expression below is shared:</para>
/// <list type="bullet">
/// <item>P(alive | x, t_x, T) = c / (c + [x&gt;0 or MBG]·a·((α+T)/(α+t_x))^(r+x)), c = b′ + x − 1.</item>
/// <item>E[Y(t) | x, t_x, T] = (a+b′+x−1)·G·P(alive), where G = (1 − (1−z)^(a−1)·₂F₁(a+b′−1−r, a−1; a+b′+x−1; z))/(a−1)
/// and z = t/(α+T+t). This is the published (a+b′+x−1)/(a−1)·(1 − ((α+T)/(α+T+t))^(r+x)·₂F₁(r+x, b′+x; a+b′+x−1; z))
/// after Euler's transformation ₂F₁(A,B;C;z) = (1−z)^(C−A−B)·₂F₁(C−A,C−B;C;z), which removes the huge
/// power/huge ₂F₁ pair that overflows for heavy buyers (x in the thousands): the transformed ₂F₁ has small upper
/// parameters and a large lower one, so its series converges fast and never overflows.</item>
/// <item>G is evaluated as −expm1((a−1)·ln(1−z))/(a−1) − (1−z)^(a−1)·S, with
/// S = Σ_{k≥1} (a+b′−1−r)_k (a)_{k−1} / ((a+b′+x−1)_k k!) zᵏ (so that ₂F₁ = 1 + (a−1)·S): exact and finite at a = 1,
/// where the published form is 0/0. For z ≤ 0.95 and a short series it is summed directly; beyond that, for a not
/// within 1e-3 of 1, the robust <see cref="Hypergeometric.Hyp2F1"/> is used. Either result is kept only when it is
/// positive and its terms did not cancel (see <see cref="Accept"/>); otherwise, and always where the two forms are
/// differences of nearly equal numbers (r ≫ a + b, a near 1, long horizons), h = c·G is computed by
/// <see cref="BetaGeometricForecast"/> as the positive integral E[(1 − (1 + p·s)^(−(r+x)))/p], p ~ Beta(a, b′+x),
/// s = t/(α+T).</item>
/// <item>E[X(t)] (a new customer) = E[Y(t) | 0, 0, 0].</item>
/// <item>Log-likelihood: lnΓ(r+x) − lnΓ(r) + r ln α + ln B(a, b′+x) − ln B(a, b) − (r+x) ln(α+T) + softplus(D),
/// D = ln(a/(b′+x−1)) + (r+x)(ln(α+T) − ln(α+t_x)) (BG/NBD: the softplus term only when x &gt; 0); this is the
/// log-sum-exp of the two published terms and is finite for any x.</item>
/// </list>
/// </remarks>
internal sealed class BgNbdKernel
{
    /// <summary>Above this z the direct series would need too many terms; the robust ₂F₁ takes over.</summary>
    internal const double SeriesLimit = 0.95;

    public BgNbdKernel(double r, double alpha, double a, double b, bool modified)
    {
        R = r;
        Alpha = alpha;
        A = a;
        B = b;
        Modified = modified;
        BPrime = modified ? b + 1 : b;
        UpperA = a + BPrime - 1 - r;
        AMinusOne = a - 1;
        BPrimeMinusOne = BPrime - 1;
        ABPrimeMinusOne = a + BPrime - 1;
        SeriesSettle = Math.Max(Math.Max(-UpperA, 1 - a), 0) + 2;
        LogBetaAB = SpecialFunctions.BetaLn(a, b);
        LogGammaR = SpecialFunctions.GammaLn(r);
    }

    public double R { get; }

    public double Alpha { get; }

    public double A { get; }

    public double B { get; }

    /// <summary>False for BG/NBD, true for MBG/NBD.</summary>
    public bool Modified { get; }

    /// <summary>b′ = b (BG/NBD) or b + 1 (MBG/NBD).</summary>
    public double BPrime { get; }

    /// <summary>b′ − 1 (P(alive) uses c = (b′ − 1) + x).</summary>
    public double BPrimeMinusOne { get; }

    /// <summary>a + b′ − 1 (the ₂F₁'s lower parameter is (a + b′ − 1) + x).</summary>
    public double ABPrimeMinusOne { get; }

    /// <summary>The part of <see cref="Series"/>'s settling index that does not depend on the customer.</summary>
    public double SeriesSettle { get; }

    /// <summary>a + b′ − 1 − r: the first upper parameter of the transformed ₂F₁.</summary>
    public double UpperA { get; }

    public double AMinusOne { get; }

    public double LogBetaAB { get; }

    public double LogGammaR { get; }

    private string ModelName => Modified ? "MBG/NBD" : "BG/NBD";

    /// <summary>Validates one customer's inputs, naming the field.</summary>
    public void Validate(double frequency, double recency, double age)
    {
        if (!(frequency >= 0 && double.IsFinite(frequency) && frequency == Math.Floor(frequency)))
        {
            throw new ArgumentException($"{ModelName}: frequency must be a whole number >= 0, got {frequency.ToString(CultureInfo.InvariantCulture)}.", nameof(frequency));
        }

        if (!(age >= 0 && double.IsFinite(age)))
        {
            throw new ArgumentException($"{ModelName}: T (age) must be finite and >= 0, got {age.ToString(CultureInfo.InvariantCulture)}.", nameof(age));
        }

        if (!(recency >= 0 && recency <= age))
        {
            throw new ArgumentException(
                $"{ModelName}: recency must be in [0, T] (T = {age.ToString(CultureInfo.InvariantCulture)}), got {recency.ToString(CultureInfo.InvariantCulture)}.",
                nameof(recency));
        }
    }

    public void ValidateHorizon(double horizon)
    {
        if (!(horizon >= 0 && double.IsFinite(horizon)))
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"{ModelName}: the horizon must be finite and >= 0.");
        }
    }

    /// <summary>P(alive) without validation (the batch path checks nothing per customer).</summary>
    public double ProbabilityAlive(double x, double recency, double age)
    {
        if (!Modified && x == 0)
        {
            return 1;
        }

        // The batch path (BgNbdBatch) performs the same operations in the same order, lane by lane.
        double c = BPrimeMinusOne + x;
        double power = Math.Exp((R + x) * Math.Log((Alpha + age) / (Alpha + recency)));
        return c / (c + (A * power));
    }

    /// <summary>E[Y(t) | x, t_x, T] without validation.</summary>
    public double ExpectedPurchases(double horizon, double x, double recency, double age)
    {
        if (horizon == 0)
        {
            return 0;
        }

        double alive = ProbabilityAlive(x, recency, age);
        return alive == 0 ? 0 : RecencyFreeFactor(horizon, x, age) * alive;
    }

    /// <summary>
    /// h(x, T) = (a+b′+x−1)·G: the forecast over <paramref name="horizon"/> of a customer known to be alive at T, so that
    /// <see cref="ExpectedPurchases"/> = h · P(alive) (the same operations, without validation).
    /// </summary>
    public double RecencyFreeFactor(double horizon, double x, double age)
    {
        if (horizon == 0)
        {
            return 0;
        }

        double scale = Alpha + age;
        double z = horizon / (scale + horizon);
        double logOneMinusZ = -Log1P(horizon / scale);
        double lower = ABPrimeMinusOne + x;
        return Factor(horizon, scale, logOneMinusZ, z, lower, x);
    }

    /// <summary>
    /// True when the fast series may be tried for this (z, c): z at most <see cref="SeriesLimit"/> and the series short
    /// (<see cref="SeriesTerms"/> at most <see cref="MaxSeriesTerms"/>). The batch path evaluates the same predicate
    /// on the same rounded z and c, so both paths take the same branch.
    /// </summary>
    public bool SeriesAllowed(double z, double lower) => z <= SeriesLimit && SeriesTerms(UpperA, A, lower, z) <= MaxSeriesTerms;

    /// <summary>The fast series is tried only when it needs at most this many terms.</summary>
    internal const double MaxSeriesTerms = 4000;

    /// <summary>The fast series' result is kept only when its terms cancel by less than this factor (about 1e-13 relative error).</summary>
    internal const double MaxCancellation = 256;

    /// <summary>
    /// About how many terms <see cref="Series"/> needs: the index of its largest term, where the ratio
    /// (p+k)(a+k−1)z/((c+k)(k+1)) falls through 1 (the larger root of (1−z)k² + (c+1−(p+a−1)z)k + c − p(a−1)z), plus
    /// 40/(1 − z) for the geometric tail.
    /// </summary>
    internal static double SeriesTerms(double p, double a, double c, double z)
    {
        double qa = 1 - z, qb = c + 1 - ((p + a - 1) * z), qc = c - (p * (a - 1) * z);
        double disc = (qb * qb) - (4 * qa * qc);
        double peak = disc > 0 ? Math.Max(0, (-qb + Math.Sqrt(disc)) / (2 * qa)) : 0;
        return peak + (40 / qa);
    }

    /// <summary>
    /// G = (1 − (1−z)^(a−1)·₂F₁(a+b′−1−r, a−1; c; z))/(a−1), returned as h = c·G; see the class remarks. Tries the
    /// fast series (or, for z &gt; <see cref="SeriesLimit"/>, the ₂F₁ closed form) and keeps its result only when it is
    /// positive and its terms did not cancel; otherwise <see cref="BetaGeometricForecast"/> integrates the positive
    /// form E[(1 − (1 + p·s)^(−(r+x)))/p], p ~ Beta(a, b′+x), s = t/(α+T).
    /// </summary>
    private double Factor(double horizon, double scale, double logOneMinusZ, double z, double lower, double x)
    {
        double d = AMinusOne;
        double dl = d * logOneMinusZ;
        if (SeriesAllowed(z, lower))
        {
            double u = Math.Exp(dl);
            double first = d == 0 ? -logOneMinusZ : -ExpM1(dl, u) / d;
            double series = Series(UpperA, A, lower, z, Math.Max(SeriesSettle, 2 - lower), out double absolute);
            double g = first - (u * series);
            double h = lower * g;
            if (Accept(h, g, Math.Abs(first) + (u * absolute)))
            {
                return h;
            }
        }
        else if (z > SeriesLimit && Math.Abs(d) >= 1e-3 && lower > 0)
        {
            double uf = Math.Exp(dl) * Hypergeometric.Hyp2F1(UpperA, d, lower, z);
            double g = (1 - uf) / d;
            double h = lower * g;

            // The closed form is only as good as ₂F₁ (1e-12) divided by its cancellation; keep it when that is ≤ 4.
            if (h > 0 && double.IsFinite(h) && Math.Max(1, Math.Abs(uf)) <= 4 * Math.Abs(1 - uf))
            {
                return h;
            }
        }

        return BetaGeometricForecast.Evaluate(A, BPrime + x, R + x, horizon / scale);
    }

    /// <summary>Whether a fast-series h = c·G is kept: positive, finite, and its terms (magnitude <paramref name="bound"/>) cancel by at most <see cref="MaxCancellation"/>.</summary>
    internal static bool Accept(double h, double g, double bound) =>
        h > 0 && double.IsFinite(h) && bound <= MaxCancellation * Math.Abs(g);

    /// <summary>
    /// S = Σ_{k≥1} (p)_k (a)_{k−1} / ((c)_k k!) zᵏ, two terms per step with one division, until a term no longer
    /// changes the sum and the index is past <paramref name="settle"/> (beyond which every factor is positive and the
    /// terms only shrink); <paramref name="absolute"/> is Σ |terms| (how much the terms cancel). The batch path runs
    /// exactly these operations per lane.
    /// </summary>
    internal static double Series(double p, double a, double c, double z, double settle, out double absolute)
    {
        double term = p * z / c;
        double sum = term;
        double abs = Math.Abs(term);
        for (double k = 1; k < 2_000_000; k += 2)
        {
            double n1 = (p + k) * (a + k - 1) * z;
            double d1 = (c + k) * (k + 1);
            double n2 = (p + k + 1) * (a + k) * z;
            double d2 = (c + k + 1) * (k + 2);
            double inverse = 1 / (d1 * d2);

            // The factors do not depend on the running term, so the loop-carried chain is one multiplication.
            double t1 = term * (n1 * d2 * inverse);
            double t2 = term * (n1 * n2 * inverse);
            sum = sum + t1 + t2;
            abs = abs + Math.Abs(t1) + Math.Abs(t2);
            term = t2;
            if (Math.Abs(t2) <= 1e-17 * Math.Abs(sum) && k > settle)
            {
                break;
            }
        }

        absolute = abs;
        return sum;
    }

    /// <summary>P(X(t) = n) for a new customer; see the model docs for the formula.</summary>
    public double ProbabilityOfPurchases(int count, double horizon)
    {
        if (horizon == 0)
        {
            return count == 0 ? 1 : 0;
        }

        double n = count;
        double z = horizon / (Alpha + horizon);

        // NB(n): the probability of n purchases in t for an always-alive customer, in logs.
        double logNb = SpecialFunctions.GammaLn(R + n) - LogGammaR - SpecialFunctions.GammaLn(n + 1)
            - (R * Log1P(horizon / Alpha)) + (count == 0 ? 0 : n * Math.Log(z));
        double stay = Math.Exp(SpecialFunctions.BetaLn(A, BPrime + n) - LogBetaAB + logNb);
        if (!Modified && count == 0)
        {
            return stay;
        }

        // Died right after the n-th purchase, which happened before t: P(N(t) ≥ n) = I_z(n, r) (1 when n = 0).
        double reached = count == 0 ? 1 : SpecialFunctions.BetaRegularized(n, R, z);
        double died = Math.Exp(SpecialFunctions.BetaLn(A + 1, BPrime + n - 1) - LogBetaAB) * reached;
        return Math.Clamp(stay + died, 0, 1);
    }

    /// <summary>
    /// P(X(t) = n | x, t_x, T): the probability of exactly n purchases in the next t units for a customer with this
    /// history. Alive at T (probability P_A), the customer's λ has the posterior Gamma(r + x, α + T) and p the posterior
    /// Beta(a, b′ + x), independent; n purchases then happen either with the customer still active after the n-th
    /// (probability (1 − p)ⁿ · NB(n)) or with a drop-out right after the n-th, which needs N(t) ≥ n
    /// (p (1 − p)ⁿ⁻¹ · I_z(n, r + x), z = t/(α + T + t)). Not alive, the customer makes none.
    /// </summary>
    public double ConditionalProbabilityOfPurchases(int count, double horizon, double x, double recency, double age)
    {
        double alive = ProbabilityAlive(x, recency, age);
        if (horizon == 0)
        {
            return count == 0 ? 1 : 0;
        }

        double n = count, shape = R + x, scale = Alpha + age;
        double z = horizon / (scale + horizon);
        double logBetaPosterior = SpecialFunctions.BetaLn(A, BPrime + x);
        double logNb = SpecialFunctions.GammaLn(shape + n) - SpecialFunctions.GammaLn(shape) - SpecialFunctions.GammaLn(n + 1)
            - (shape * Log1P(horizon / scale)) + (count == 0 ? 0 : n * Math.Log(z));
        double stay = Math.Exp(SpecialFunctions.BetaLn(A, BPrime + x + n) - logBetaPosterior + logNb);
        double died = count == 0 ? 0 : Math.Exp(SpecialFunctions.BetaLn(A + 1, BPrime + x + n - 1) - logBetaPosterior) * SpecialFunctions.BetaRegularized(n, shape, z);
        double value = (alive * (stay + died)) + (count == 0 ? 1 - alive : 0);
        return Math.Clamp(value, 0, 1);
    }

    /// <summary>ln(1 + x), accurate for small x (Kahan's trick).</summary>
    internal static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>eˣ − 1, accurate for small x (Kahan's trick), given u = eˣ.</summary>
    internal static double ExpM1(double x, double u)
    {
        if (u == 1)
        {
            return x;
        }

        if (double.IsPositiveInfinity(u))
        {
            return u;
        }

        double um = u - 1;
        return um == -1 ? -1 : um * x / Math.Log(u);
    }
}
