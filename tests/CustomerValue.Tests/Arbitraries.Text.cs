using FsCheck;
using FsCheck.Fluent;

namespace CustomerValue.Tests;

/// <summary>Generators for the number-to-text properties.</summary>
public static partial class Arbitraries
{
    /// <summary>
    /// Doubles of every kind a summary file or a caller can hold, each form equally likely: any bit pattern (NaN,
    /// infinities, subnormals, −0 included); whole numbers of 1..17 digits; k/100 and k/3 for whole k up to 10^13; a sum of micro-units divided by
    /// 10^6 and by a count of 1..400, as the accumulator computes mean spend; any mantissa in every binade from 2^-20
    /// to 2^55 (both fast paths' edges and the exponent switch at 1e-4 and 1e15); a decimal of 1..17 digits scaled by
    /// 10^-8..10^16; and the neighbours (one ulp down, up) of such decimals. Each is negated half the time.
    /// </summary>
    public static Arbitrary<AnyDouble> AnyDoubles()
    {
        var whole = from hi in Gen.Choose(0, int.MaxValue) from lo in Gen.Choose(0, int.MaxValue) select ((long)hi << 31) | (long)lo;
        var bits = from w in whole from top in Gen.Choose(0, 3) select BitConverter.Int64BitsToDouble(w ^ ((long)top << 62));
        var wholes = from w in whole from digits in Gen.Choose(1, 17) select (double)(w % (long)Math.Pow(10, digits));
        var hundredths = from w in whole select (w % 10_000_000_000_000) / 100.0;
        var thirds = from w in whole select (w % 10_000_000_000_000) / 3.0;
        var means = from w in whole from digits in Gen.Choose(1, 12) from count in Gen.Choose(1, 400)
                    select (double)(w % (long)Math.Pow(10, digits)) / 1e6 / count;
        var binades = from w in whole from p in Gen.Choose(-20, 55)
                      select BitConverter.Int64BitsToDouble((long)(1023 + p) << 52 | (w & ((1L << 52) - 1)));
        var decimals = from w in whole from digits in Gen.Choose(1, 17) from scale in Gen.Choose(-8, 16)
                       select double.Parse($"{w % (long)Math.Pow(10, digits)}E{-scale}", System.Globalization.CultureInfo.InvariantCulture);
        var neighbours = from d in decimals from step in Gen.Elements(-1, 1) select step < 0 ? Math.BitDecrement(d) : Math.BitIncrement(d);
        return (from v in Gen.OneOf(bits, wholes, hundredths, thirds, means, binades, decimals, neighbours)
                from negative in Gen.Elements(false, true)
                select new AnyDouble(negative ? -v : v))
            .ToArbitrary();
    }
}

/// <summary>A generated double (a wrapper so the generator does not replace FsCheck's own doubles elsewhere).</summary>
public sealed record AnyDouble(double Value)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Value:R} (0x{BitConverter.DoubleToInt64Bits(Value):X16})";
}
