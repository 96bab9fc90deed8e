using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CustomerValue.Numerics;

/// <summary>
/// The natural logarithm and exponential on four lanes, for the narrow ranges the P(alive) kernel needs, cheaper than
/// the general <see cref="Vector256.Log(Vector256{double})"/> and <see cref="Vector256.Exp(Vector256{double})"/>.
/// </summary>
/// <remarks>
/// <para><b>Log of a ratio</b> n/d ≥ 1 (such as (α+T)/(α+t_x)) without dividing n by d: see <see cref="LogRatio"/>;
/// ln q = 2s + s·R(s²) with s = (q−1)/(q+1) and the degree-7 minimax polynomial R of the classic freely distributable
/// libm (Sun's fdlibm, 1993); the exponent's e·ln 2 is added in two parts (ln 2 split into a 32-bit head and a tail).</para>
/// <para><b>Exp</b> of y in [−700, 700]: k = round(y/ln 2), r = y − k·ln 2 (two fused steps, |r| ≤ ln 2/2), e^r by its
/// Taylor series to r¹³/13! (truncation below 2e-17 relative) in Estrin's order, then 2^k by adding k to the exponent bits.</para>
/// <para>Both are within a few ulps of the true values over their ranges (tested against <see cref="Math.Log(double)"/>
/// and <see cref="Math.Exp"/> on millions of points). Outside the ranges the results are meaningless; callers check the range
/// first and fall back to the scalar functions.</para>
/// </remarks>
internal static class VectorMath
{
    /// <summary>The largest exponential argument, in absolute value, <see cref="ExpInRange"/> handles (2^k stays a normal number).</summary>
    public const double ExpLimit = 700;

    /// <summary>The largest ratio, numerator and reciprocal denominator <see cref="LogRatio"/> handles.</summary>
    public const double LogLimit = 1e300;

    private const double Ln2Head = 6.93147180369123816490e-01; // 32 significant bits, so k·Ln2Head is exact
    private const double Ln2Tail = 1.90821492927058770002e-10;
    private const double Lg1 = 6.666666666666735130e-01;
    private const double Lg2 = 3.999999999940941908e-01;
    private const double Lg3 = 2.857142874366239149e-01;
    private const double Lg4 = 2.222219843214978396e-01;
    private const double Lg5 = 1.818357216161805012e-01;
    private const double Lg6 = 1.531383769920937332e-01;
    private const double Lg7 = 1.479819860511658591e-01;

    /// <summary>True in the lanes where <see cref="LogRatio"/> applies: 0 &lt; d ≤ n ≤ <see cref="LogLimit"/>, d ≥ 1/<see cref="LogLimit"/> (false for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LogRatioApplies(Vector256<double> numerator, Vector256<double> denominator) =>
        Vector256.GreaterThanOrEqual(numerator, denominator) & Vector256.LessThanOrEqual(numerator, Vector256.Create(LogLimit))
        & Vector256.GreaterThanOrEqual(denominator, Vector256.Create(1 / LogLimit));

    /// <summary>True in the lanes where <see cref="ExpInRange"/> applies: |y| ≤ <see cref="ExpLimit"/> (false for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ExpApplies(Vector256<double> y) =>
        Vector256.LessThanOrEqual(Vector256.Abs(y), Vector256.Create(ExpLimit));

    /// <summary>
    /// <paramref name="whenTrue"/> in the lanes where <paramref name="mask"/> (a comparison result: all ones or all zeros
    /// per lane) is set, else <paramref name="whenFalse"/>: one blend instruction with AVX, where the general select
    /// takes three.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Select(Vector256<double> mask, Vector256<double> whenTrue, Vector256<double> whenFalse) =>
        Avx.IsSupported ? Avx.BlendVariable(whenFalse, whenTrue, mask) : Vector256.ConditionalSelect(mask, whenTrue, whenFalse);

    /// <summary>
    /// ln(n/d) without forming n/d: n = 2^a·u and d = 2^b·v with u, v in [1, 2); v is doubled or halved (b adjusted)
    /// until u/v lies in [√½, √2]; then s = (u − v)/(u + v) (u − v is exact there) and ln(u/v) = 2s + s·R(s²), plus
    /// (a − b)·ln 2. One division instead of two, and more accurate than ln of the rounded quotient.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LogRatio(Vector256<double> numerator, Vector256<double> denominator)
    {
        ReduceRatio(numerator, denominator, out var s, out var e);
        return LogReduced(s, e);
    }

    /// <summary>
    /// The first half of <see cref="LogRatio"/>: s = (u − v)/(u + v) and the exponent difference e as a double, so
    /// that ln(n/d) = <see cref="LogReduced"/>(s, e). Split so a loop can run each half over a block (shorter chains).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReduceRatio(Vector256<double> numerator, Vector256<double> denominator, out Vector256<double> s, out Vector256<double> e)
    {
        var mantissa = Vector256.Create(0x000FFFFFFFFFFFFFUL);
        var one = Vector256.Create(0x3FF0000000000000UL);
        var nBits = numerator.AsUInt64();
        var dBits = denominator.AsUInt64();
        var exponent = (nBits >>> 52) - (dBits >>> 52);
        var u = ((nBits & mantissa) | one).AsDouble();
        var v = ((dBits & mantissa) | one).AsDouble();
        var high = Vector256.GreaterThan(u, v * Vector256.Create(1.4142135623730951));
        var low = Vector256.LessThan(u * Vector256.Create(1.4142135623730951), v);
        v = Select(high, v + v, Select(low, v * 0.5, v));
        exponent = exponent - high.AsUInt64() + low.AsUInt64(); // a true lane is all ones, i.e. −1

        // The exponent difference (a small signed integer) as a double: add it to the bits of 2^52, subtract 2^52.
        e = (exponent + Vector256.Create(0x4330000000000000UL)).AsDouble() - Vector256.Create(4503599627370496.0);
        s = (u - v) / (u + v);
    }

    /// <summary>The second half of <see cref="LogRatio"/>: 2s + s·R(s²) + e·ln 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LogReduced(Vector256<double> s, Vector256<double> e)
    {
        var z = s * s;
        var w = z * z;
        var even = w * Vector256.FusedMultiplyAdd(w, Vector256.FusedMultiplyAdd(w, Vector256.Create(Lg6), Vector256.Create(Lg4)), Vector256.Create(Lg2));
        var odd = z * Vector256.FusedMultiplyAdd(w, Vector256.FusedMultiplyAdd(w, Vector256.FusedMultiplyAdd(w, Vector256.Create(Lg7), Vector256.Create(Lg5)), Vector256.Create(Lg3)), Vector256.Create(Lg1));
        var logQuotient = Vector256.FusedMultiplyAdd(s, odd + even, s + s);
        return Vector256.FusedMultiplyAdd(e, Vector256.Create(Ln2Head), Vector256.FusedMultiplyAdd(e, Vector256.Create(Ln2Tail), logQuotient));
    }

    /// <summary>
    /// ln x for positive normal x (2.3e-308 ≤ x ≤ 1.7e308; callers check the range): x = 2^k·m with m in [√½, √2),
    /// then ln m = 2s + s·R(s²) with s = (m − 1)/(m + 1), as <see cref="LogReduced"/>, plus k·ln 2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LogPositive(Vector256<double> x)
    {
        var bits = x.AsUInt64();
        var m = ((bits & Vector256.Create(0x000FFFFFFFFFFFFFUL)) | Vector256.Create(0x3FF0000000000000UL)).AsDouble();
        var exponent = (bits >>> 52).AsInt64() - Vector256.Create(1023L);
        var high = Vector256.GreaterThan(m, Vector256.Create(1.4142135623730951));
        m = Select(high, m * 0.5, m);
        exponent -= high.AsInt64(); // a true lane is all ones, i.e. −1

        // The (small, signed) exponent as a double: add it to the bits of 1.5·2^52, subtract 1.5·2^52.
        var e = (exponent + Vector256.Create(0x4338000000000000L)).AsDouble() - Vector256.Create(6755399441055744.0);
        return LogReduced((m - Vector256<double>.One) / (m + Vector256<double>.One), e);
    }

    /// <summary>eʸ for |y| ≤ <see cref="ExpLimit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ExpInRange(Vector256<double> y)
    {
        var k = Vector256.Round(y * Vector256.Create(1.4426950408889634));
        var r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Tail), Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Head), y));
        // Σ rⁱ/i! for i ≤ 13 by Estrin's scheme: four levels of independent fused steps instead of a chain of thirteen.
        var r2 = r * r;
        var r4 = r2 * r2;
        var r8 = r4 * r4;
        var q0 = Vector256.FusedMultiplyAdd(r, Vector256<double>.One, Vector256<double>.One);
        var q1 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 6.0), Vector256.Create(0.5));
        var q2 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 120.0), Vector256.Create(1.0 / 24.0));
        var q3 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 5040.0), Vector256.Create(1.0 / 720.0));
        var q4 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 362880.0), Vector256.Create(1.0 / 40320.0));
        var q5 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 39916800.0), Vector256.Create(1.0 / 3628800.0));
        var q6 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 6227020800.0), Vector256.Create(1.0 / 479001600.0));
        var s0 = Vector256.FusedMultiplyAdd(q1, r2, q0);
        var s1 = Vector256.FusedMultiplyAdd(q3, r2, q2);
        var s2 = Vector256.FusedMultiplyAdd(q5, r2, q4);
        var t0 = Vector256.FusedMultiplyAdd(s1, r4, s0);
        var t1 = Vector256.FusedMultiplyAdd(q6, r4, s2);
        var p = Vector256.FusedMultiplyAdd(t1, r8, t0);

        // k (−1010..1010) from the low bits of k + 1.5·2^52, then 2^k by adding it to the exponent field.
        var integer = (k + Vector256.Create(6755399441055744.0)).AsInt64() - Vector256.Create(0x4338000000000000L);
        return (p.AsInt64() + (integer << 52)).AsDouble();
    }
}
