namespace CustomerValue.Numerics;

/// <summary>
/// h(a, b, n, s) = E[(1 − (1 + p·s)^(−n)) / p] for p ~ Beta(a, b): the expected number of purchases of a BG/NBD-type
/// customer known to be alive, whose purchase rate is Gamma(n, 1) per unit of s and who drops out with probability p
/// after each purchase. It is the robust form of BG/NBD's (a+b−1)/(a−1)·(1 − (1+s)^(−n)·₂F₁(n, b; a+b−1; s/(1+s))),
/// whose two terms cancel for many parameters (a near 1, r much larger than a + b, long horizons).
/// </summary>
/// <remarks>
/// <para><b>Algorithm.</b> The expectation is an integral of a positive function, so it is computed as one, in three
/// positive parts, with no subtraction of large numbers. With g(p) = −expm1(−n·log1p(p·s))/p (0 &lt; g ≤ n·s):</para>
/// <list type="number">
/// <item>p ≤ p_L (where p_L·max(1, |b − 1|, (n + 1)·s) = 0.01): g(p)·(1 − p)^(b−1) is a power series in p whose terms
/// fall by a factor 50 or more each, integrated term by term against p^(a−1): n·s·p_L^a/B(a, b)·Σ c_k p_L^k/(a + k).
/// This carries the mass near p = 0 exactly however small a is (where Beta(a, b) has most of its mass).</item>
/// <item>q = 1 − p ≤ q_R (q_R·max(1, |a − 2|, n·z) = 0.01, z = s/(1+s)): p^(a−1)·g(p) as a power series in q, with
/// leading term 1 − (1 + s)^(−n) = −expm1(−n·log1p(s)), integrated against q^(b−1).</item>
/// <item>In between, the logit y = ln(p/q): the integrand p^a q^b g(p)/B(a, b) is smooth in y (the Beta density becomes
/// a log-concave bump of width √(1/a + 1/b) around ln(a/b)); it is integrated by 16-point Gauss–Legendre on panels
/// that start at that scale around the bump and around the bend of g at p ≈ 1/(max(n, 1)·s), and at most 2 wide
/// elsewhere, each panel halved until its rule and the rule on its halves agree to 1e-15 of the running total.</item>
/// </list>
/// <para><b>Range.</b> Any a, b, n &gt; 0 and s ≥ 0 (h = 0 at s = 0); tested for a, b, r from 1e-3 to 1e3, x and T to
/// 1e5 and z up to 1 − 1e-7. <b>Accuracy.</b> About 1e-13 relative against mpmath at 50 digits (the tests check
/// 1e-11). <b>Cost.</b> A few hundred to a few thousand logarithm/exponential pairs: the models call it only where
/// their fast series would cancel. Pure and thread-safe.</para>
/// </remarks>
internal static class BetaGeometricForecast
{
    private const double TailFraction = 0.01;
    private const int TailTerms = 14;
    private const int MaxDepth = 30;

    // At most this many panel rules per evaluation after the first pass (a guard; smooth integrands need a few dozen).
    private const int MaxRefinements = 4000;

    private static readonly (double[] Nodes, double[] Weights) Gauss = PowerIntegral.LegendreRule(16);

    /// <summary>h(a, b, n, s); see the class remarks.</summary>
    /// <exception cref="ArgumentOutOfRangeException">a, b or n not finite and &gt; 0, or s not finite and ≥ 0.</exception>
    public static double Evaluate(double a, double b, double n, double s)
    {
        if (!(a > 0 && b > 0 && n > 0 && double.IsFinite(a) && double.IsFinite(b) && double.IsFinite(n)))
        {
            throw new ArgumentOutOfRangeException(nameof(a), "BetaGeometricForecast: a, b and n must be finite and > 0.");
        }

        if (!(s >= 0 && double.IsFinite(s)))
        {
            throw new ArgumentOutOfRangeException(nameof(s), s, "BetaGeometricForecast: s must be finite and >= 0.");
        }

        if (s == 0)
        {
            return 0;
        }

        double logBeta = LogSpace.LogBeta(a, b);
        double z = s / (1 + s);
        double pL = TailFraction / Math.Max(1, Math.Max(Math.Abs(b - 1), (n + 1) * s));
        double qR = TailFraction / Math.Max(1, Math.Max(Math.Abs(a - 2), n * z));
        double left = LeftTail(a, b, n, s, pL, logBeta);
        double right = RightTail(a, b, n, s, z, qR, logBeta);
        double yL = Math.Log(pL) - LogSpace.Log1P(-pL);
        double yR = LogSpace.Log1P(-qR) - Math.Log(qR);
        double middle = yR > yL ? Middle(a, b, n, s, logBeta, yL, yR, left + right) : 0;
        return left + middle + right;
    }

    /// <summary>∫₀^{p_L} p^(a−1)(1−p)^(b−1) g(p) dp / B(a, b) by the product of the two power series.</summary>
    private static double LeftTail(double a, double b, double n, double s, double pL, double logBeta)
    {
        // G_i = (n+1)_i (−s p_L)^i/(i+1)!  (g/(n s) = Σ G_i (p/p_L)^i), E_j = (1−b)_j p_L^j/j!  ((1−p)^(b−1)).
        Span<double> g = stackalloc double[TailTerms];
        Span<double> e = stackalloc double[TailTerms];
        g[0] = 1;
        e[0] = 1;
        for (int i = 1; i < TailTerms; i++)
        {
            g[i] = g[i - 1] * (n + i) * (-s * pL) / (i + 1);
            e[i] = e[i - 1] * (i - b) * pL / i;
        }

        double sum = 0;
        for (int k = TailTerms - 1; k >= 0; k--)
        {
            double c = 0;
            for (int i = 0; i <= k; i++)
            {
                c += g[i] * e[k - i];
            }

            sum += c / (a + k);
        }

        return Math.Exp((a * Math.Log(pL)) - logBeta + Math.Log(n * s)) * sum;
    }

    /// <summary>∫₀^{q_R} q^(b−1)(1−q)^(a−2)(1 − (1+s−qs)^(−n)) dq / B(a, b) by power series in q.</summary>
    private static double RightTail(double a, double b, double n, double s, double z, double qR, double logBeta)
    {
        // 1 − (1+s−qs)^(−n) = W₀ − P₀ Σ_{k≥1} (n)_k (z q)^k/k!, P₀ = (1+s)^(−n), W₀ = 1 − P₀.
        double logP0 = -n * LogSpace.Log1P(s);
        double p0 = Math.Exp(logP0);
        double w0 = -LogSpace.ExpM1(logP0);
        Span<double> d = stackalloc double[TailTerms];
        Span<double> f = stackalloc double[TailTerms];
        d[0] = w0;
        f[0] = 1;
        double nk = 1;
        for (int k = 1; k < TailTerms; k++)
        {
            nk *= (n + k - 1) * z * qR / k;
            d[k] = -p0 * nk;
            f[k] = f[k - 1] * (2 - a + k - 1) * qR / k;
        }

        double sum = 0;
        for (int k = TailTerms - 1; k >= 0; k--)
        {
            double c = 0;
            for (int i = 0; i <= k; i++)
            {
                c += d[i] * f[k - i];
            }

            sum += c / (b + k);
        }

        return Math.Exp((b * Math.Log(qR)) - logBeta) * sum;
    }

    /// <summary>∫ p^a q^b g(p) / B(a, b) dy over the logit y in [yL, yR], on panels refined until they agree.</summary>
    private static double Middle(double a, double b, double n, double s, double logBeta, double yL, double yR, double tails)
    {
        Span<double> breaks = stackalloc double[96];
        int count = 0;
        breaks[count++] = yL;
        breaks[count++] = yR;

        // Around the Beta bump (the mode of p^a q^b in y is ln(a/b)) at its own scale, ...
        double mode = Math.Log(a / b);
        double width = Math.Sqrt((1 / a) + (1 / b));
        for (double k = 0.25; k <= 64; k *= 2)
        {
            Add(breaks, ref count, mode - (k * width), yL, yR);
            Add(breaks, ref count, mode + (k * width), yL, yR);
        }

        Add(breaks, ref count, mode, yL, yR);

        // ... around the bend of g (p·s·max(n, 1) ≈ 1), ...
        double bend = -Math.Log(s * Math.Max(n, 1));
        for (int k = -4; k <= 4; k++)
        {
            Add(breaks, ref count, bend + k, yL, yR);
        }

        breaks[..count].Sort();

        // ... and no panel wider than 2 (between the features the integrand is a plain exponential in y).
        double total = 0;
        var panels = new List<double>(count * 2);
        for (int i = 0; i + 1 < count; i++)
        {
            double lo = breaks[i], hi = breaks[i + 1];
            if (!(hi > lo))
            {
                continue;
            }

            int pieces = (int)Math.Ceiling((hi - lo) / 2);
            for (int j = 0; j < pieces; j++)
            {
                double a0 = lo + ((hi - lo) * j / pieces), a1 = j + 1 == pieces ? hi : lo + ((hi - lo) * (j + 1) / pieces);
                panels.Add(a0);
                panels.Add(a1);
                total += Rule(a, b, n, s, logBeta, a0, a1);
            }
        }

        double scale = Math.Abs(total) + tails;
        double sum = 0;
        int budget = MaxRefinements;
        for (int i = 0; i < panels.Count; i += 2)
        {
            double lo = panels[i], hi = panels[i + 1];
            sum += Adaptive(a, b, n, s, logBeta, lo, hi, Rule(a, b, n, s, logBeta, lo, hi), scale, 0, ref budget);
        }

        return sum;

        static void Add(Span<double> breaks, ref int count, double y, double lo, double hi)
        {
            if (y > lo && y < hi && count < breaks.Length)
            {
                breaks[count++] = y;
            }
        }
    }

    private static double Adaptive(
        double a, double b, double n, double s, double logBeta, double lo, double hi, double whole, double scale, int depth, ref int budget)
    {
        double mid = 0.5 * (lo + hi);
        double left = Rule(a, b, n, s, logBeta, lo, mid);
        double right = Rule(a, b, n, s, logBeta, mid, hi);
        budget -= 2;
        double halves = left + right;
        double difference = Math.Abs(halves - whole);
        if (depth >= MaxDepth || budget <= 0 || difference <= 1e-15 * scale || difference <= 1e-14 * Math.Abs(halves)
            || !(mid > lo && mid < hi))
        {
            return halves;
        }

        return Adaptive(a, b, n, s, logBeta, lo, mid, left, scale, depth + 1, ref budget)
            + Adaptive(a, b, n, s, logBeta, mid, hi, right, scale, depth + 1, ref budget);
    }

    /// <summary>16-point Gauss–Legendre of the integrand over [lo, hi] in y.</summary>
    private static double Rule(double a, double b, double n, double s, double logBeta, double lo, double hi)
    {
        double half = 0.5 * (hi - lo), centre = 0.5 * (hi + lo), sum = 0;
        var nodes = Gauss.Nodes;
        var weights = Gauss.Weights;
        for (int i = 0; i < nodes.Length; i++)
        {
            sum += weights[i] * Integrand(a, b, n, s, logBeta, centre + (half * nodes[i]));
        }

        return sum * half;
    }

    /// <summary>p^a q^b g(p)/B(a, b) at logit y, with ln p and ln q formed without cancellation.</summary>
    private static double Integrand(double a, double b, double n, double s, double logBeta, double y)
    {
        double p, logP, logQ;
        if (y >= 0)
        {
            double e = Math.Exp(-y);
            p = 1 / (1 + e);
            logP = -LogSpace.Log1P(e);
            logQ = -y + logP;
        }
        else
        {
            double e = Math.Exp(y);
            p = e / (1 + e);
            logQ = -LogSpace.Log1P(e);
            logP = y + logQ;
        }

        double g = -LogSpace.ExpM1(-n * LogSpace.Log1P(p * s)) / p;
        return Math.Exp((a * logP) + (b * logQ) - logBeta) * g;
    }
}
