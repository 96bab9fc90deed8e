namespace CustomerValue.Numerics;

/// <summary>The Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z ≤ 1.</summary>
/// <remarks>
/// <para><b>Algorithm.</b> Everything is computed as a logarithm of the absolute value plus a sign, so values far
/// beyond the double range (for example (1 − z)^(−10000)) are representable; <see cref="Hyp2F1"/> exponentiates.</para>
/// <list type="number">
/// <item>z &lt; 0: Pfaff's transformation ₂F₁(a, b; c; z) = (1 − z)^(−a) ₂F₁(a, c − b; c; z/(z − 1)) maps z to
/// w = z/(z − 1) in [0, 1); z → −∞ maps to w → 1, so no separate 1/z transformation is needed.</item>
/// <item>0 ≤ z ≤ 0.9: the power series Σ (a)ₖ(b)ₖ/((c)ₖ k!) zᵏ, either as given or after Euler's transformation
/// ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z), whichever has the smaller numerator parameters
/// (|a| + |b| against |c − a| + |c − b|). For the BTYD models this turns ₂F₁(r+x, b+x; a+b+x−1; z) with x = 10,000
/// into a series of a few dozen terms. Terms are summed with a running power-of-two rescaling, and summation stops
/// once the geometric bound on the tail is below 1e-17 of the sum.</item>
/// <item>0.9 &lt; z &lt; 1: first Euler's transformation if needed so that m = c − a − b ≥ 0, then the
/// linear transformation to 1 − z (Abramowitz &amp; Stegun 15.3.6); when m is an integer (the degenerate case where
/// 15.3.6 has two poles that cancel) the logarithmic limit formulas 15.3.10/15.3.11 with digamma sums. If the two
/// halves cancel by more than 1e-5 of their size (m within about 1e-4 of an integer, or large a, b) the code falls
/// back to the power series of step 2, which is exact but needs about 40/(1 − z) terms; the fallback is used while
/// 1 − z ≥ 2e-6 (at most about 2·10⁷ terms).</item>
/// <item>z = 1: Gauss's theorem Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) when c − a − b &gt; 0, otherwise +∞ (the series
/// diverges to +∞ for the positive parameters used here).</item>
/// </list>
/// <para><b>Range.</b> Real a, b, c with c not a non-positive integer; z ≤ 1. When a or b is a non-positive
/// integer the series terminates and is summed exactly. z &gt; 1 (where ₂F₁ is complex in general) is rejected.</para>
/// <para><b>Accuracy</b> (checked against 50-digit mpmath values in <c>tests/CustomerValue.Tests/TestData/hyp2f1_reference.csv</c>):
/// relative error below 1e-12 for the BTYD parameter ranges — a, b, c in [0.01, 20,000] with z in [0, 1) and
/// z &lt; 0 down to −10⁶ — and below 1e-10 throughout the reference set, including m within 1e-9 of an integer and
/// z within 1e-6 of 1. The error grows where the result itself is the small difference of large terms (negative
/// parameters with |z| near 1); the BTYD models never ask for that.</para>
/// <para>All members are pure and thread-safe.</para>
/// </remarks>
internal static class Hypergeometric
{
    private const double SeriesThreshold = 0.9;

    // Stop the series when the tail bound is below this fraction of the partial sum.
    private const double Tolerance = 1e-17;

    // Accept the 1 − z transformation when its terms cancel by less than this factor (ln 1e3).
    private const double MaxLogCancellation = 6.907755278982137;

    // Sum the power series (rather than transform to 1 − z) when it needs at most this many terms.
    private const double MaxDirectTerms = 20_000;

    // Power-series fallback near z = 1 is allowed for at most this many terms.
    private const long MaxFallbackTerms = 20_000_000;

    // Rescaling of the running sum: 2^±600 keeps partial sums and terms well inside the double range.
    private const double Big = 4.149515568880993e180; // 2^600
    private const double InverseBig = 2.409919865102884e-181; // 2^-600
    private const double LogBig = 415.88830833596717; // 600 ln 2

    /// <summary>₂F₁(a, b; c; z). May be ±∞ when the value exceeds the double range; use <see cref="LogHyp2F1"/> then.</summary>
    /// <exception cref="ArgumentOutOfRangeException">z &gt; 1, NaN arguments, or c a non-positive integer.</exception>
    public static double Hyp2F1(double a, double b, double c, double z)
    {
        double log = LogHyp2F1(a, b, c, z, out int sign);
        return sign * Math.Exp(log);
    }

    /// <summary>ln |₂F₁(a, b; c; z)| and its sign (sign 0 and −∞ when the value is exactly 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">z &gt; 1, NaN arguments, or c a non-positive integer.</exception>
    public static double LogHyp2F1(double a, double b, double c, double z, out int sign)
    {
        if (double.IsNaN(a) || double.IsNaN(b) || double.IsNaN(c) || double.IsNaN(z))
        {
            throw new ArgumentOutOfRangeException(nameof(z), "2F1 arguments must not be NaN.");
        }

        if (z > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "2F1 is only implemented for real z <= 1.");
        }

        if (c <= 0 && c == Math.Floor(c))
        {
            throw new ArgumentOutOfRangeException(nameof(c), c, "2F1 is undefined when c is 0 or a negative integer.");
        }

        if (z == 0 || a == 0 || b == 0)
        {
            sign = 1;
            return 0;
        }

        if (IsNonPositiveInteger(a) || IsNonPositiveInteger(b))
        {
            // A polynomial: the finite series is exact (up to rounding) for every z.
            return LogSeries(a, b, c, z, long.MaxValue, out sign, out _, out _);
        }

        if (z < 0)
        {
            // Pfaff: (1 − z)^(−a) 2F1(a, c − b; c; w), w = z/(z − 1); 1 − w = 1/(1 − z) is formed exactly.
            double logOneMinusZ = LogSpace.Log1P(-z);
            double w = z / (z - 1);
            return (-a * logOneMinusZ) + LogUnitInterval(a, c - b, c, w, 1 / (1 - z), -logOneMinusZ, out sign);
        }

        return LogUnitInterval(a, b, c, z, 1 - z, z < 0.5 ? LogSpace.Log1P(-z) : Math.Log(1 - z), out sign);
    }

    /// <summary>ln |₂F₁| for 0 ≤ z ≤ 1 (with 1 − z and ln(1 − z) supplied accurately), a and b not non-positive integers.</summary>
    private static double LogUnitInterval(double a, double b, double c, double z, double oneMinusZ, double logOneMinusZ, out int sign)
    {
        if (z == 0)
        {
            sign = 1;
            return 0;
        }

        if (oneMinusZ == 0)
        {
            return LogAtOne(a, b, c, out sign);
        }

        bool euler = PreferEuler(a, b, c, z, out double terms);
        if (z <= SeriesThreshold || terms <= MaxDirectTerms)
        {
            return Series(a, b, c, z, logOneMinusZ, euler, long.MaxValue, out sign, out _);
        }

        // Make m = c − a − b non-negative with Euler's transformation (the 1 − z formulas are written for m ≥ 0).
        double prefactor = 0;
        double ta = a, tb = b;
        double m = c - a - b;
        if (m < 0)
        {
            prefactor = m * logOneMinusZ;
            (ta, tb) = (c - a, c - b);
            m = -m;
            if (IsNonPositiveInteger(ta) || IsNonPositiveInteger(tb))
            {
                return prefactor + LogSeries(ta, tb, c, z, long.MaxValue, out sign, out _, out _);
            }
        }

        double log = m == Math.Floor(m) && m < 1e6
            ? LogNearOneInteger(ta, tb, c, (int)m, oneMinusZ, logOneMinusZ, out sign, out double cancellation)
            : LogNearOne(ta, tb, c, m, oneMinusZ, logOneMinusZ, out sign, out cancellation);

        if (!(cancellation <= MaxLogCancellation) || !double.IsFinite(log))
        {
            long maxTerms = terms <= MaxFallbackTerms ? MaxFallbackTerms : 0;
            double series = Series(a, b, c, z, logOneMinusZ, euler, maxTerms, out int seriesSign, out bool converged);
            if (converged)
            {
                sign = seriesSign;
                return series;
            }
        }

        return prefactor + log;
    }

    /// <summary>The power series of ₂F₁(a, b; c; z), or of its Euler transform times (1 − z)^(c−a−b).</summary>
    private static double Series(double a, double b, double c, double z, double logOneMinusZ, bool euler, long maxTerms, out int sign, out bool converged)
    {
        if (euler)
        {
            return ((c - a - b) * logOneMinusZ) + LogSeries(c - a, c - b, c, z, maxTerms, out sign, out _, out converged);
        }

        return LogSeries(a, b, c, z, maxTerms, out sign, out _, out converged);
    }

    /// <summary>
    /// Whether Euler's form (c − a, c − b) sums better than (a, b): fewer sign changes among the terms first (a
    /// negative upper parameter −u flips the sign of the first ⌈u⌉ terms and makes them cancel), then fewer terms.
    /// </summary>
    private static bool PreferEuler(double a, double b, double c, double z, out double terms)
    {
        double direct = EstimateTerms(a, b, c, z);
        double transformed = EstimateTerms(c - a, c - b, c, z);
        double flipsDirect = Flips(a) + Flips(b);
        double flipsTransformed = Flips(c - a) + Flips(c - b);
        bool euler = flipsTransformed != flipsDirect ? flipsTransformed < flipsDirect : transformed < direct;
        terms = euler ? transformed : direct;
        return euler;

        static double Flips(double x) => x < 0 ? Math.Ceiling(-x) : 0;
    }

    /// <summary>
    /// About how many terms the series needs: the index k* where the term ratio (a+k)(b+k)z/((c+k)(k+1)) falls below
    /// 1 (the largest term), plus 40/(1 − z) for the geometric tail to fall below 1e-17.
    /// </summary>
    private static double EstimateTerms(double a, double b, double c, double z)
    {
        // (1 − z)k² + (c + 1 − (a + b)z)k + (c − abz) = 0.
        double qa = 1 - z, qb = c + 1 - ((a + b) * z), qc = c - (a * b * z);
        double disc = (qb * qb) - (4 * qa * qc);
        double peak = disc > 0 ? Math.Max(0, (-qb + Math.Sqrt(disc)) / (2 * qa)) : 0;
        return peak + (40 / qa);
    }

    /// <summary>
    /// ln |Σ (a)ₖ(b)ₖ/((c)ₖ k!) zᵏ| with a running rescaling; also ln Σ|termₖ| (to measure cancellation).
    /// </summary>
    private static double LogSeries(
        double a, double b, double c, double z, long maxTerms, out int sign, out double logAbsSum, out bool converged)
    {
        double sum = 1, absSum = 1, term = 1, logScale = 0;
        converged = false;
        for (long k = 0; k < maxTerms; k++)
        {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            if (term == 0)
            {
                converged = true;
                break;
            }

            sum += term;
            absSum += Math.Abs(term);
            if (absSum > Big)
            {
                sum *= InverseBig;
                absSum *= InverseBig;
                term *= InverseBig;
                logScale += LogBig;
            }

            // Tail bound: once the term ratio ρ is below 1 (and below the limit |z| it tends to, or z itself),
            // the remaining terms are bounded by |term| ρ/(1 − ρ).
            double next = Math.Abs((a + k + 1) * (b + k + 1) / ((c + k + 1) * (k + 2)) * z);
            double rho = Math.Max(next, Math.Abs(z));
            if (rho < 1 && Math.Abs(term) * rho <= Tolerance * (1 - rho) * Math.Abs(sum))
            {
                converged = true;
                break;
            }
        }

        logAbsSum = logScale + Math.Log(absSum);
        if (sum == 0)
        {
            sign = 0;
            return double.NegativeInfinity;
        }

        sign = sum < 0 ? -1 : 1;
        return logScale + Math.Log(Math.Abs(sum));
    }

    /// <summary>
    /// A&amp;S 15.3.6 for m = c − a − b ≥ 0 not an integer, w = 1 − z:
    /// Γ(c)Γ(m)/(Γ(c−a)Γ(c−b)) F(a, b; 1−m; w) + w^m Γ(c)Γ(−m)/(Γ(a)Γ(b)) F(c−a, c−b; 1+m; w).
    /// </summary>
    private static double LogNearOne(double a, double b, double c, double m, double w, double logW, out int sign, out double cancellation)
    {
        // First half (vanishes when c − a or c − b is a pole of Γ).
        double log1 = double.NegativeInfinity, abs1 = double.NegativeInfinity;
        int s1 = 0;
        double front1 = LogGammaQuotient(c, m, c - a, c - b, out int sf1);
        if (sf1 != 0)
        {
            double series = LogSeries(a, b, 1 - m, w, long.MaxValue, out int ss, out double absSeries, out _);
            log1 = front1 + series;
            abs1 = front1 + absSeries;
            s1 = sf1 * ss;
        }

        // Second half.
        double log2 = double.NegativeInfinity, abs2 = double.NegativeInfinity;
        int s2 = 0;
        double front2 = LogGammaQuotient(c, -m, a, b, out int sf2);
        if (sf2 != 0)
        {
            double series = LogSeries(c - a, c - b, 1 + m, w, long.MaxValue, out int ss, out double absSeries, out _);
            front2 += m * logW;
            log2 = front2 + series;
            abs2 = front2 + absSeries;
            s2 = sf2 * ss;
        }

        return Combine(log1, s1, log2, s2, LogSpace.LogSumExp(abs1, abs2), out sign, out cancellation);
    }

    /// <summary>
    /// ln |Γ(p₁)Γ(p₂)/(Γ(q₁)Γ(q₂))| and its sign (0, with −∞, when a q is a pole). The larger numerator is paired
    /// with the larger denominator through <see cref="LogSpace.LogGammaRatio"/>, so that ratios of Gammas of large,
    /// close arguments keep full accuracy.
    /// </summary>
    private static double LogGammaQuotient(double p1, double p2, double q1, double q2, out int sign)
    {
        if (IsNonPositiveInteger(q1) || IsNonPositiveInteger(q2))
        {
            sign = 0;
            return double.NegativeInfinity;
        }

        if (p1 < p2)
        {
            (p1, p2) = (p2, p1);
        }

        if (q1 < q2)
        {
            (q1, q2) = (q2, q1);
        }

        double result = Ratio(p1, q1, out int s1) + Ratio(p2, q2, out int s2);
        sign = s1 * s2;
        return result;

        static double Ratio(double x, double y, out int sign)
        {
            if (x > 0 && y > 0)
            {
                sign = 1;
                return LogSpace.LogGammaRatio(x, y);
            }

            double result = LogSpace.LogAbsGamma(x, out int sx) - LogSpace.LogAbsGamma(y, out int sy);
            sign = sx * sy;
            return result;
        }
    }

    /// <summary>
    /// A&amp;S 15.3.10/15.3.11 for integer m = c − a − b ≥ 0, w = 1 − z (a, b not poles):
    /// Γ(m)Γ(c)/(Γ(a+m)Γ(b+m)) Σₙ₌₀^(m−1) (a)ₙ(b)ₙ/(n!(1−m)ₙ) wⁿ
    /// − (−w)^m Γ(c)/(Γ(a)Γ(b)) Σₙ (a+m)ₙ(b+m)ₙ/(n!(n+m)!) wⁿ [ln w − ψ(n+1) − ψ(n+m+1) + ψ(a+n+m) + ψ(b+n+m)].
    /// </summary>
    private static double LogNearOneInteger(double a, double b, double c, int m, double w, double logW, out int sign, out double cancellation)
    {
        double log1 = double.NegativeInfinity, abs1 = double.NegativeInfinity;
        int s1 = 0;
        if (m > 0)
        {
            double front = LogGammaQuotient(m, c, a + m, b + m, out int sf);
            if (sf != 0)
            {
                double sum = 1, absSum = 1, term = 1;
                for (int n = 0; n < m - 1; n++)
                {
                    term *= (a + n) * (b + n) / ((n + 1) * (1.0 - m + n)) * w;
                    sum += term;
                    absSum += Math.Abs(term);
                }

                log1 = sum == 0 ? double.NegativeInfinity : front + Math.Log(Math.Abs(sum));
                abs1 = front + Math.Log(absSum);
                s1 = sf * (sum < 0 ? -1 : 1);
            }
        }

        // Second half: the logarithmic series.
        double front2 = LogGammaQuotient(c, 1, a, b, out int sf2);
        double psiN1 = LogSpace.Digamma(1);
        double psiNm1 = LogSpace.Digamma(m + 1);
        double psiA = LogSpace.Digamma(a + m);
        double psiB = LogSpace.Digamma(b + m);
        double coefficient = 1;
        for (int j = 1; j <= m; j++)
        {
            coefficient /= j; // 1/m!
        }

        double total = 0, absTotal = 0;
        for (int n = 0; n < 100_000; n++)
        {
            double t = coefficient * (logW - psiN1 - psiNm1 + psiA + psiB);
            total += t;
            absTotal += Math.Abs(t);
            double am = a + m + n, bm = b + m + n;
            coefficient *= am * bm / ((n + 1.0) * (n + m + 1.0)) * w;
            psiN1 += 1.0 / (n + 1);
            psiNm1 += 1.0 / (n + m + 1);
            psiA += 1.0 / am;
            psiB += 1.0 / bm;
            double ratio = am * bm / ((n + 1.0) * (n + m + 1.0)) * w;
            if (Math.Abs(ratio) < 0.5 && n > 2
                && Math.Abs(coefficient) * (Math.Abs(logW) + Math.Abs(psiA) + Math.Abs(psiB) + psiN1 + psiNm1)
                <= Tolerance * Math.Abs(total))
            {
                break;
            }

            if (!double.IsFinite(coefficient))
            {
                break;
            }
        }

        front2 += m * logW;
        double log2 = total == 0 ? double.NegativeInfinity : front2 + Math.Log(Math.Abs(total));
        double abs2 = front2 + Math.Log(absTotal);

        // − (−w)^m: sign (−1)^(m+1).
        int s2 = sf2 * (total < 0 ? -1 : 1) * ((m & 1) == 0 ? -1 : 1);
        return Combine(log1, s1, log2, s2, LogSpace.LogSumExp(abs1, abs2), out sign, out cancellation);
    }

    /// <summary>Gauss: ₂F₁(a, b; c; 1) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) for c − a − b &gt; 0.</summary>
    private static double LogAtOne(double a, double b, double c, out int sign)
    {
        double m = c - a - b;
        if (m <= 0)
        {
            sign = 1;
            return double.PositiveInfinity;
        }

        double gca = LogSpace.LogAbsGamma(c - a, out int sca);
        double gcb = LogSpace.LogAbsGamma(c - b, out int scb);
        if (double.IsPositiveInfinity(gca) || double.IsPositiveInfinity(gcb))
        {
            sign = 0;
            return double.NegativeInfinity;
        }

        double result = LogSpace.LogAbsGamma(c, out int sc) + LogSpace.LogGamma(m) - gca - gcb;
        sign = sc * sca * scb;
        return result;
    }

    /// <summary>Adds two signed log-magnitudes; reports how much larger the absolute terms were than the result.</summary>
    private static double Combine(double log1, int s1, double log2, int s2, double logAbs, out int sign, out double cancellation)
    {
        double result;
        if (s1 == 0 || double.IsNegativeInfinity(log1))
        {
            result = log2;
            sign = s2;
        }
        else if (s2 == 0 || double.IsNegativeInfinity(log2))
        {
            result = log1;
            sign = s1;
        }
        else if (s1 == s2)
        {
            result = LogSpace.LogSumExp(log1, log2);
            sign = s1;
        }
        else if (log1 >= log2)
        {
            result = LogSpace.LogDiffExp(log1, log2);
            sign = s1;
        }
        else
        {
            result = LogSpace.LogDiffExp(log2, log1);
            sign = s2;
        }

        if (double.IsNegativeInfinity(result))
        {
            sign = 0;
        }

        cancellation = logAbs - result;
        return result;
    }

    private static bool IsNonPositiveInteger(double x) => x <= 0 && x == Math.Floor(x);
}
