using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace CustomerValue.Summaries;

/// <summary>
/// Writes a double as UTF-8 in exactly the bytes of <c>value.ToString("R", CultureInfo.InvariantCulture)</c> (the
/// shortest decimal that reads back as the same double; of several such, the closest), faster than the runtime for the
/// values summaries hold. Static; thread-safe; allocates nothing.
/// </summary>
/// <remarks>
/// <para>Only whole numbers below 10^15 in magnitude (their digits; −0 excepted) and values with 1e-4 ≤ |v| &lt; 1e15
/// that are not a power of two are written here; −0, smaller, larger and non-finite values, powers of two with a
/// fraction, and every case the reasoning below does not cover go to the runtime's own formatter. In that range "R" never uses an exponent: .NET writes the shortest digits d₁d₂…dₙ × 10^(e+1−n) in
/// plain notation when −4 ≤ e ≤ max(n, 15) − 1, and the shortest digits of such a value cannot be 1e15 or lie below
/// 1e-4 (either would read back as another double).</para>
/// <para><b>Micro-unit path</b> (what sums of cents and their halves, quarters and fifths give): with |v| &lt; 2^33 an
/// ulp of v is at most 2^-20 &lt; 10^-6. Let m = round(|v|·10^6); m &lt; 2^53, so m and m / 10^6 are exact and
/// correctly rounded, and when m / 10^6 == |v| the decimal d = m·10^-6 reads back as v. It is not a midpoint between
/// doubles (a midpoint is an odd multiple of half an ulp, at most 2^-21, while 5^6 | m would make d a multiple of 2^-6),
/// so it lies strictly inside v's rounding interval. Any other decimal with no more significant digits than d (trailing
/// zeros removed) has its last digit at 10^-6 or above (its leading digit is at most one place below d's, since
/// |v| ≥ 1e-4 and the two differ by less than 10^-6), so it differs from d by at least 10^-6, more than the interval's
/// width: d is the only shortest decimal, whatever rule breaks ties.</para>
/// <para><b>15, 16, 17 digits path</b>: v = M·2^E with M &lt; 2^53. For n = 15, 16, 17 in turn, with e = ⌊log10 v⌋
/// and k = n − 1 − e, v·10^k = M·5^k / 2^s (s = −E − k &gt; 0) is computed exactly in 128 bits and rounded to the
/// nearest whole D (n digits); D·10^-k is accepted when it lies strictly inside the rounding interval
/// (|D − v·10^k| &lt; 5^k / 2^(s+1), half an ulp scaled). An exact tie in rounding or a decimal on the interval's edge
/// goes to the runtime. Why the first accepted D is the runtime's answer: (1) n = 15: two decimals of at most 15
/// significant digits near v differ by at least about 10^-15·v (a step of the 15th digit), far more than an ulp,
/// at most 2^-52·v, so at most one lies in the interval, and
/// if one does (say with fewer digits, padded with zeros) it is also the nearest 15-digit decimal, D; so D with its
/// trailing zeros removed is the unique shortest. If D is outside, no decimal of 15 or fewer digits is inside.
/// (2) n = 16, 17: no shorter decimal is inside (the steps before failed); the 16 (or 17) digit decimals inside are
/// the shortest, and the nearest of them to v is D, strictly nearest as a tie went to the runtime. 17 digits always
/// succeed: half a step, 10^(e−16)/2 ≤ 5·10^-17·v, is less than half an ulp, v / (2M) &gt; 2^-54·v. Powers of two
/// (a rounding interval narrower below than above) go to the runtime, which is why "nearest inside" and "inside
/// and nearest" agree here.</para>
/// <para>The tests compare these bytes with the runtime's "R" output for random bit patterns, decimals of the forms
/// the accumulator produces (micro-unit sums divided by counts) and the edges of both paths.</para>
/// </remarks>
internal static class DoubleText
{
    /// <summary>The most bytes the fast paths write: a sign, "0.000", then 17 digits.</summary>
    private const int MaxFastLength = 24;

    private const ulong HiddenBit = 1UL << 52;

    /// <summary>10^j for j = 0..20.</summary>
    private static readonly ulong[] PowersOf10 = MakePowers(10, 20);

    /// <summary>5^k for k = 0..20 (5^20 &lt; 2^47).</summary>
    private static readonly ulong[] PowersOf5 = MakePowers(5, 20);

    /// <summary>
    /// The smallest double not below 10^j, for j = −5..15 (index j + 5): the doubles nearest 10^-1 … 10^-5 lie above
    /// them, so the literals are those doubles, and v ≥ that double exactly when v ≥ 10^j.
    /// </summary>
    private static readonly double[] DecadeStarts =
        [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>Writes <paramref name="value"/> as <c>value.ToString("R", CultureInfo.InvariantCulture)</c> would, in UTF-8.</summary>
    /// <param name="value">The value.</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="written">The number of bytes written.</param>
    /// <returns>False, having written nothing of use, when the destination is too short.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFormat(double value, Span<byte> destination, out int written)
    {
        double a = Math.Abs(value);
        if (a < 1e15 && destination.Length >= MaxFastLength)
        {
            if (a == Math.Floor(a))
            {
                // A whole number below 10^15 is its digits (the shortest decimal of a whole double below 2^53 is the
                // number itself); −0 is "-0", which the runtime writes.
                if (a != 0 || !double.IsNegative(value))
                {
                    written = WriteDecimal(destination, value < 0, (ulong)a, 0);
                    return true;
                }
            }
            else if (a >= 1e-4)
            {
                if (a < 8589934592.0)
                {
                    double micros = Math.Round(a * 1e6);
                    if (micros / 1e6 == a)
                    {
                        written = WriteDecimal(destination, value < 0, (ulong)micros, 6);
                        return true;
                    }
                }

                if (TryShortest(a, out ulong digits, out int scale))
                {
                    written = WriteDecimal(destination, value < 0, digits, scale);
                    return true;
                }
            }
        }

        return value.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The shortest digits of a positive <paramref name="a"/> in [1e-4, 1e15) by the 15, 16, 17 digits path (see the
    /// remarks): <paramref name="a"/> is nearest to <paramref name="digits"/>·10^-<paramref name="scale"/>. False when
    /// the case is left to the runtime.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryShortest(double a, out ulong digits, out int scale)
    {
        digits = 0;
        scale = 0;
        ulong bits = BitConverter.DoubleToUInt64Bits(a);
        ulong fraction = bits & (HiddenBit - 1);
        if (fraction == 0)
        {
            return false;
        }

        int binary = (int)(bits >> 52) - 1023;      // a in [2^binary, 2^(binary+1)); a is normal here
        int exponent = binary - 52;                  // a = mantissa * 2^exponent
        ulong mantissa = fraction | HiddenBit;

        // floor(binary * log10 2) for |binary| < 100 (1233 / 4096 = 0.30103; checked in the tests), then the decade.
        int decade = (binary * 1233) >> 12;
        if (a >= DecadeStarts[decade + 6])
        {
            decade++;
        }

        for (int n = 15; n <= 17; n++)
        {
            int k = n - 1 - decade;                  // 0 ≤ k ≤ 20 for decade in [-4, 14]
            int s = -exponent - k;
            if (s <= 1 || s >= 63)
            {
                return false;
            }

            ulong five = PowersOf5[k];
            UInt128 scaled = (UInt128)mantissa * five;  // a·10^k = scaled / 2^s, below 2^100
            ulong whole = (ulong)(scaled >> s);
            ulong rest = (ulong)scaled & ((1UL << s) - 1);
            ulong half = 1UL << (s - 1);
            if (rest == half)
            {
                return false;                        // an exact tie between two n-digit decimals
            }

            ulong distance = rest;
            if (rest > half)
            {
                whole++;
                distance = (1UL << s) - rest;
            }

            // Inside the rounding interval: distance / 2^s < half an ulp scaled, 5^k / 2^(s+1).
            ulong twice = distance << 1;
            if (twice < five)
            {
                digits = whole;
                scale = k;
                return true;
            }

            if (twice == five)
            {
                return false;                        // on the interval's edge: left to the runtime's rule
            }
        }

        return false;
    }

    /// <summary>Writes ±<paramref name="digits"/>·10^-<paramref name="scale"/> in plain notation, trailing zeros removed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteDecimal(Span<byte> destination, bool negative, ulong digits, int scale)
    {
        while (scale > 0 && digits % 10 == 0)
        {
            digits /= 10;
            scale--;
        }

        ulong integer = digits, fractional = 0;
        if (scale > 0)
        {
            ulong unit = PowersOf10[scale];
            integer = digits / unit;
            fractional = digits - (integer * unit);
        }

        int integerDigits = CountDigits(integer);
        int length = (negative ? 1 : 0) + integerDigits + (scale > 0 ? scale + 1 : 0);
        Debug.Assert(length <= destination.Length, "The caller checked the destination's length.");
        int p = length;
        for (; scale >= 2; scale -= 2)
        {
            ulong q = fractional / 100;
            p -= 2;
            WritePair(destination, p, (int)(fractional - (q * 100)));
            fractional = q;
        }

        if (scale == 1)
        {
            destination[--p] = (byte)('0' + (int)fractional);
        }

        if (p > integerDigits + (negative ? 1 : 0))
        {
            destination[--p] = (byte)'.';
        }

        while (integer >= 10)
        {
            ulong q = integer / 100;
            p -= 2;
            WritePair(destination, p, (int)(integer - (q * 100)));
            integer = q;
        }

        if (p > (negative ? 1 : 0))
        {
            destination[--p] = (byte)('0' + (int)integer);
        }

        if (negative)
        {
            destination[0] = (byte)'-';
        }

        return length;
    }

    /// <summary>Writes the two digits of <paramref name="pair"/> (0..99) at <paramref name="at"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WritePair(Span<byte> destination, int at, int pair)
    {
        ReadOnlySpan<byte> pairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;
        destination[at] = pairs[2 * pair];
        destination[at + 1] = pairs[(2 * pair) + 1];
    }

    /// <summary>The number of decimal digits of <paramref name="value"/> (1 for 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountDigits(ulong value)
    {
        // floor(log10) from floor(log2) (1233 / 4096 ≈ log10 2), corrected by one comparison; value | 1 counts 0 as
        // one digit and changes no comparison with 10^t for t ≥ 1 (an even number).
        ulong odd = value | 1;
        int estimate = ((BitOperations.Log2(odd) + 1) * 1233) >> 12;
        return estimate + (odd >= PowersOf10[estimate] ? 1 : 0);
    }

    private static ulong[] MakePowers(ulong b, int count)
    {
        var powers = new ulong[count + 1];
        powers[0] = 1;
        for (int i = 1; i <= count; i++)
        {
            powers[i] = powers[i - 1] * b;
        }

        return powers;
    }
}
