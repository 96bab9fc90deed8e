using System.Runtime.Intrinsics;
using CustomerValue.Numerics;

namespace CustomerValue.Tests.Numerics;

/// <summary>The P(alive) kernel's four-lane logarithm and exponential against <see cref="Math"/>, over their whole ranges.</summary>
public sealed class VectorMathTests
{
    private const double Ulp = 2.220446049250313e-16;

    [Fact]
    public void Exp_is_within_two_ulps_over_its_range()
    {
        var random = new Random(1);
        double worst = 0;
        for (int i = 0; i < 400_000; i++)
        {
            // Half the points small (where P(alive) lives), half across the whole range; plus the ends.
            double y = i switch
            {
                0 => 0,
                1 => VectorMath.ExpLimit,
                2 => 1e-300,
                3 => -VectorMath.ExpLimit,
                _ => (i % 2 == 0 ? random.NextDouble() * 3 : random.NextDouble() * VectorMath.ExpLimit) * (i % 3 == 0 ? -1 : 1),
            };
            double exact = Math.Exp(y);
            double lane = VectorMath.ExpInRange(Vector256.Create(y))[0];
            worst = Math.Max(worst, Math.Abs(lane - exact) / exact);
        }

        Assert.InRange(worst, 0, 2 * Ulp);
    }

    [Fact]
    public void Log_of_a_positive_number_is_within_two_ulps_of_math_log()
    {
        var random = new Random(3);
        double worst = 0;
        for (int i = 0; i < 400_000; i++)
        {
            // Values near 1 (ln small), the likelihoods' α + T, and the whole normal range; plus the ends and 1.
            double x = i switch
            {
                0 => 1,
                1 => double.Epsilon * (1L << 52),
                2 => double.MaxValue,
                3 => 0.5,
                _ => (i % 3) switch
                {
                    0 => 1 + ((random.NextDouble() - 0.5) * 1e-3),
                    1 => 1e-3 + (random.NextDouble() * 500),
                    _ => Math.Exp((random.NextDouble() * 1400) - 700),
                },
            };
            double exact = Math.Log(x);
            double lane = VectorMath.LogPositive(Vector256.Create(x))[0];
            double error = exact == 0 ? Math.Abs(lane) : Math.Abs(lane - exact) / Math.Abs(exact);
            worst = Math.Max(worst, error);
        }

        Assert.InRange(worst, 0, 2 * Ulp);
    }

    [Fact]
    public void Log_of_a_ratio_is_within_two_ulps_of_the_true_logarithm()
    {
        var random = new Random(2);
        double worst = 0;
        for (int i = 0; i < 400_000; i++)
        {
            // (α + T) and (α + t_x) as the models form them, then wide spans of magnitudes and ratios near 1.
            double d = i % 3 == 0 ? 0.1 + (random.NextDouble() * 200) : Math.Exp((random.NextDouble() * 1200) - 600);
            double n = i % 5 == 0 ? d * (1 + (random.NextDouble() * 1e-9)) : d * Math.Exp(random.NextDouble() * 20);
            if (i == 0)
            {
                n = d = 4.414;
            }

            if (!(n <= VectorMath.LogLimit && d >= 1 / VectorMath.LogLimit && n >= d))
            {
                continue;
            }

            Assert.True(VectorMath.LogRatioApplies(Vector256.Create(n), Vector256.Create(d))[0] != 0);

            // Math.Log(n) − Math.Log(d) carries an absolute error of about an ulp of the larger log; Math.Log(n / d)
            // carries the quotient's rounding (about 1.1e-16 absolute): the bound allows both.
            double lane = VectorMath.LogRatio(Vector256.Create(n), Vector256.Create(d))[0];
            double quotient = Math.Log(n / d);
            double difference = Math.Log(n) - Math.Log(d);
            double reference = Math.Abs(quotient) > 1e-3 ? quotient : difference;
            double allowed = (2 * Ulp * Math.Abs(reference)) + (Ulp * Math.Max(Math.Abs(Math.Log(n)), Math.Abs(Math.Log(d)))) + (Ulp / 2);
            worst = Math.Max(worst, Math.Abs(lane - reference) / allowed);
            if (n == d)
            {
                Assert.Equal(0.0, lane);
            }
        }

        Assert.InRange(worst, 0, 1);
    }

    [Fact]
    public void Out_of_range_lanes_are_reported_so_callers_fall_back()
    {
        var numerator = Vector256.Create(2.0, 1.0, double.NaN, 1e301);
        var denominator = Vector256.Create(1.0, 2.0, 1.0, 1.0);
        var applies = VectorMath.LogRatioApplies(numerator, denominator).AsUInt64();
        Assert.Equal([ulong.MaxValue, 0UL, 0UL, 0UL], new[] { applies[0], applies[1], applies[2], applies[3] });
        var exp = VectorMath.ExpApplies(Vector256.Create(0.0, 700.0, 701.0, double.NaN)).AsUInt64();
        Assert.Equal([ulong.MaxValue, ulong.MaxValue, 0UL, 0UL], new[] { exp[0], exp[1], exp[2], exp[3] });
        var negative = VectorMath.ExpApplies(Vector256.Create(-700.0, -701.0, double.NegativeInfinity, -1e-300)).AsUInt64();
        Assert.Equal([ulong.MaxValue, 0UL, 0UL, ulong.MaxValue], new[] { negative[0], negative[1], negative[2], negative[3] });
    }
}
