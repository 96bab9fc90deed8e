using MathNet.Numerics;

namespace CustomerValue.Numerics;

/// <summary>
/// Arithmetic on logarithms, so that likelihoods and probabilities of heavy buyers (x in the thousands) stay finite.
/// </summary>
/// <remarks>
/// Every function is pure and thread-safe. Accuracy: a few units in the last place (ulp) of the result unless stated.
/// </remarks>
internal static class LogSpace
{
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;

    /// <summary>log(e^a + e^b), exact to a few ulp for any finite or infinite a, b (−∞ is log 0).</summary>
    public static double LogSumExp(double a, double b)
    {
        if (a < b)
        {
            (a, b) = (b, a);
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        return a + Math.Log(1 + Math.Exp(b - a));
    }

    /// <summary>
    /// log(e^a − e^b) for a ≥ b (−∞ when a = b). Uses log1p(−e^(b−a)) or log(−expm1(b−a)), whichever keeps the
    /// relative accuracy (Mächler 2012), so the result is as accurate as the inputs allow.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">a &lt; b (the difference would be negative).</exception>
    public static double LogDiffExp(double a, double b)
    {
        if (a < b)
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, "log(e^a - e^b) needs a >= b.");
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        double d = b - a;
        return a + Log1mExpNegative(d);
    }

    /// <summary>log(1 − e^d) for d ≤ 0, accurate for d near 0 and for d very negative (Mächler 2012).</summary>
    public static double Log1mExpNegative(double d)
    {
        if (d == 0)
        {
            return double.NegativeInfinity;
        }

        return d > -0.6931471805599453 ? Math.Log(-ExpM1(d)) : Log1P(-Math.Exp(d));
    }

    /// <summary>log(1 + x) for x ≥ −1, to a few ulp for every x (Kahan's correction of the rounded 1 + x).</summary>
    public static double Log1P(double x)
    {
        // log(u)·x/(u − 1) with u = 1 + x rounded is exact to a few ulp (Goldberg 1991), also where 1 + x loses
        // digits of x (|x| around 1e-4, where plain log(1 + x) is off by 1e-12 relative).
        double u = 1 + x;
        if (u == 1)
        {
            return x;
        }

        if (double.IsPositiveInfinity(u) || u == 0)
        {
            return Math.Log(u);
        }

        return Math.Log(u) * x / (u - 1);
    }

    /// <summary>e^x − 1, to a few ulp for every x (Kahan's correction: (u − 1)·x/ln u with u = e^x).</summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1)
        {
            return x;
        }

        double um = u - 1;
        if (um == -1 || double.IsPositiveInfinity(u))
        {
            return um;
        }

        return um * x / Math.Log(u);
    }

    /// <summary>ln Γ(x) for x &gt; 0 (MathNet's Lanczos approximation, about 1e-15 relative).</summary>
    public static double LogGamma(double x) => SpecialFunctions.GammaLn(x);

    /// <summary>
    /// ln |Γ(x)| and the sign of Γ(x) for any real x. At the poles (x = 0, −1, −2, …) returns +∞ with sign +1, so
    /// that 1/Γ(x) = 0 follows by exponentiating the negative. Negative x use the reflection formula with
    /// <see cref="double.SinPi(double)"/>.
    /// </summary>
    public static double LogAbsGamma(double x, out int sign)
    {
        sign = 1;
        if (x > 0)
        {
            return SpecialFunctions.GammaLn(x);
        }

        if (x == Math.Floor(x))
        {
            return double.PositiveInfinity;
        }

        // Γ(x) = π / (sin(πx) Γ(1 − x)).
        double sin = double.SinPi(x);
        sign = sin < 0 ? -1 : 1;
        return Math.Log(Math.PI / Math.Abs(sin)) - SpecialFunctions.GammaLn(1 - x);
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b &gt; 0, accurate when one argument is large.</summary>
    public static double LogBeta(double a, double b)
    {
        // Put the large argument in b so the ratio Γ(b)/Γ(a+b) is formed without cancellation.
        if (a > b)
        {
            (a, b) = (b, a);
        }

        return SpecialFunctions.GammaLn(a) - LogGammaRatio(a + b, b);
    }

    /// <summary>
    /// ln(Γ(a) / Γ(b)) for a, b &gt; 0. When both exceed 10 the Stirling series is differenced term by term (with
    /// log1p for the leading term), so that a ratio such as Γ(10000.5)/Γ(10000) keeps full relative accuracy where
    /// subtracting two values of ln Γ near 82,000 would lose five digits.
    /// </summary>
    public static double LogGammaRatio(double a, double b)
    {
        if (a == b)
        {
            return 0;
        }

        if (a < 10 || b < 10)
        {
            return SpecialFunctions.GammaLn(a) - SpecialFunctions.GammaLn(b);
        }

        // ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + Σ B₂ₖ / (2k (2k−1) x^(2k−1)).
        // (a − ½) ln a − (b − ½) ln b = (a − b) ln a + (b − ½) log1p((a − b) / b).
        double d = a - b;
        double lead = (d * Math.Log(a)) + ((b - 0.5) * Log1P(d / b)) - d;
        return lead + StirlingCorrection(a) - StirlingCorrection(b);
    }

    /// <summary>ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π] for x ≥ 10, to about 1e-17 absolute.</summary>
    private static double StirlingCorrection(double x)
    {
        double inv = 1 / x;
        double inv2 = inv * inv;
        return inv * ((1.0 / 12) + (inv2 * ((-1.0 / 360) + (inv2 * ((1.0 / 1260) + (inv2 * ((-1.0 / 1680)
            + (inv2 * ((1.0 / 1188) + (inv2 * ((-691.0 / 360360) + (inv2 * ((1.0 / 156) + (inv2 * (-3617.0 / 122400)))))))))))))));
    }

    /// <summary>ln Γ(x) by the Stirling series for x ≥ 10 (used to cross-check <see cref="LogGammaRatio"/>).</summary>
    internal static double LogGammaStirling(double x) => ((x - 0.5) * Math.Log(x)) - x + HalfLogTwoPi + StirlingCorrection(x);

    /// <summary>ψ(x), the digamma function (MathNet).</summary>
    public static double Digamma(double x) => SpecialFunctions.DiGamma(x);
}
