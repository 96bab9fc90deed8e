using System.Globalization;
using System.Numerics;
using System.Text;
using CustomerValue.Summaries;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Summaries;

/// <summary>
/// <see cref="DoubleText"/> against the independent oracle, the runtime's own <c>ToString("R", InvariantCulture)</c>:
/// every test compares bytes, never digits this code computed.
/// </summary>
public sealed class DoubleTextTests
{
    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = 20_000)]
    public Property Any_double_is_written_as_the_runtime_writes_it(AnyDouble d)
    {
        string expected = d.Value.ToString("R", CultureInfo.InvariantCulture);
        string actual = Ours(d.Value);
        return (actual == expected).Label($"{d}: ours {actual}, runtime {expected}");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(9.0)]
    [InlineData(10.0)]
    [InlineData(99.0)]
    [InlineData(100.0)]
    [InlineData(338.0)]
    [InlineData(123456789012345.0)]
    [InlineData(0.0001)]
    [InlineData(0.00010000000000000002)]
    [InlineData(0.00009999999999999999)]
    [InlineData(0.00001)]
    [InlineData(0.000123456789)]
    [InlineData(0.001)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(40.68)]
    [InlineData(32.02333333333333)]
    [InlineData(22.345)]
    [InlineData(30.428571428571427)]
    [InlineData(0.30000000000000004)]
    [InlineData(999999.9999995)]
    [InlineData(999999.999999)]
    [InlineData(8589934591.999999)]
    [InlineData(8589934592.000001)]
    [InlineData(8589934592.5)]
    [InlineData(8589934592.0)]
    [InlineData(4294967296.000001)]
    [InlineData(123456789012345.6)]
    [InlineData(999999999999999.9)]
    [InlineData(999999999999999.0)]
    [InlineData(1e15)]
    [InlineData(1.5e15)]
    [InlineData(1e16)]
    [InlineData(1234567890123456.5)]
    [InlineData(9007199254740993.0)]
    [InlineData(1e21)]
    [InlineData(5e-324)]
    [InlineData(2.2250738585072014E-308)]
    [InlineData(double.MaxValue)]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(0.015625)]
    [InlineData(1024.0)]
    public void Edge_cases_are_written_as_the_runtime_writes_them(double value)
    {
        Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), Ours(value));
        Assert.Equal((-value).ToString("R", CultureInfo.InvariantCulture), Ours(-value));
    }

    [Fact]
    public void Every_decade_edge_and_binade_edge_is_written_as_the_runtime_writes_it()
    {
        // 10^j and 2^p and the five doubles either side of each: the decade and binary-exponent estimates, both fast
        // paths' ranges (1e-4, 2^33, 1e15) and the power-of-two case the fast path leaves to the runtime.
        var values = new List<double>();
        for (int j = -8; j <= 17; j++)
        {
            values.Add(double.Parse($"1E{j}", CultureInfo.InvariantCulture));
        }

        for (int p = -40; p <= 60; p++)
        {
            values.Add(Math.ScaleB(1.0, p));
        }

        // Whole numbers either side of each power of ten: the digit count of the integer writer.
        for (long ten = 1; ten <= 10_000_000_000_000_000; ten *= 10)
        {
            foreach (long whole in new[] { ten - 2, ten - 1, ten, ten + 1, (2 * ten) - 1 })
            {
                Assert.Equal(((double)whole).ToString("R", CultureInfo.InvariantCulture), Ours(whole));
            }
        }

        foreach (double center in values)
        {
            double v = center;
            for (int i = 0; i < 5; i++)
            {
                v = Math.BitDecrement(v);
            }

            for (int i = 0; i < 11; i++, v = Math.BitIncrement(v))
            {
                Assert.Equal(v.ToString("R", CultureInfo.InvariantCulture), Ours(v));
            }
        }
    }

    [Fact]
    public void The_decade_starts_are_the_smallest_doubles_not_below_the_powers_of_ten()
    {
        // The fast path takes the literals 1e-5 … 1e-1 as "v ≥ 10^j exactly when v ≥ literal"; that holds when each
        // literal's double is at least 10^j and the double below it is less. Checked in exact rationals (BigInteger).
        for (int j = 1; j <= 5; j++)
        {
            double start = double.Parse($"1E-{j}", CultureInfo.InvariantCulture);
            Assert.True(Compare(start, j) >= 0, $"1e-{j}");
            Assert.True(Compare(Math.BitDecrement(start), j) < 0, $"below 1e-{j}");
        }

        // Sign of (v - 10^-j) for a positive normal v = m·2^e with e < 0: compare m·10^j with 2^-e.
        static int Compare(double v, int j)
        {
            long bits = BitConverter.DoubleToInt64Bits(v);
            int e = (int)(bits >> 52) - 1075;
            var m = new BigInteger((bits & ((1L << 52) - 1)) | (1L << 52));
            return (m * BigInteger.Pow(10, j)).CompareTo(BigInteger.One << -e);
        }
    }

    [Fact]
    public void The_binary_to_decimal_exponent_estimate_is_the_floor_of_its_logarithm()
    {
        // floor(p·log10 2) in exact integers: the largest j with 10^j ≤ 2^p (p ≥ 0) or with 10^-j... checked as
        // 10^g ≤ 2^p < 10^(g+1) for the estimate g = (p·1233) >> 12, over every binary exponent the fast path meets.
        for (int p = -30; p <= 60; p++)
        {
            int g = (p * 1233) >> 12;
            BigInteger two = BigInteger.One << Math.Abs(p);
            BigInteger ten = BigInteger.Pow(10, Math.Abs(g));
            BigInteger tenUp = BigInteger.Pow(10, Math.Abs(g + 1));
            if (p >= 0)
            {
                Assert.True(ten <= two && two < tenUp, $"p = {p}, g = {g}");
            }
            else
            {
                // 10^g ≤ 2^p < 10^(g+1) with g < 0, p < 0: 2^|p| ≤ 10^|g| and 10^|g+1| < 2^|p|.
                Assert.True(two <= ten && tenUp < two, $"p = {p}, g = {g}");
            }
        }
    }

    [Fact]
    public void A_million_seeded_means_of_micro_units_are_written_as_the_runtime_writes_them()
    {
        // Mean spend as the accumulator computes it: a sum of micro-units (cents here and there, sometimes finer)
        // divided by 10^6 and by a purchase count, for counts 1..60 and sums up to 10^11 micro-units.
        var random = new Random(13);
        var buffer = new byte[64];
        for (int i = 0; i < 1_000_000; i++)
        {
            long sum = random.Next(4) == 0 ? random.NextInt64(1, 100_000_000_000) : random.NextInt64(1, 10_000_000) * 10_000;
            double mean = (double)sum / 1e6 / random.Next(1, 61);
            Assert.True(DoubleText.TryFormat(mean, buffer, out int written));
            string actual = Encoding.UTF8.GetString(buffer, 0, written);
            string expected = mean.ToString("R", CultureInfo.InvariantCulture);
            if (actual != expected)
            {
                Assert.Fail($"{expected} (0x{BitConverter.DoubleToInt64Bits(mean):X16}): ours {actual}");
            }
        }
    }

    [Fact]
    public void A_short_destination_is_refused_as_the_runtime_refuses_it()
    {
        foreach (double v in new[] { 32.02333333333333, 40.68, 1e-7, 123.0 })
        {
            string expected = v.ToString("R", CultureInfo.InvariantCulture);
            var exact = new byte[expected.Length];
            Assert.True(DoubleText.TryFormat(v, exact, out int written));
            Assert.Equal(expected, Encoding.UTF8.GetString(exact, 0, written));
            Assert.False(DoubleText.TryFormat(v, new byte[expected.Length - 1], out _));
        }
    }

    private static string Ours(double value)
    {
        var buffer = new byte[64];
        Assert.True(DoubleText.TryFormat(value, buffer, out int written));
        return Encoding.UTF8.GetString(buffer, 0, written);
    }
}
