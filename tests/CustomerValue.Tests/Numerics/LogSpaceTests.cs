using CustomerValue.Numerics;

namespace CustomerValue.Tests.Numerics;

/// <summary>The log-space helpers against 40-digit mpmath values (quoted in each case).</summary>
public sealed class LogSpaceTests
{
    private static void Relative(double expected, double actual, double bound) =>
        Assert.True(Math.Abs(actual - expected) <= bound * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Log_gamma_ratio_keeps_full_accuracy_for_large_close_arguments()
    {
        // ln Γ(10000.5) − ln Γ(10000) = 4.605157685988096576…; plain differencing of two values near 82,099 gives ~1e-11.
        Relative(4.605157685988096576, LogSpace.LogGammaRatio(10000.5, 10000), 1e-15);
        Relative(178054.2860800656018, LogSpace.LogGammaRatio(20000.3, 10.7), 1e-15);
        Assert.Equal(0, LogSpace.LogGammaRatio(12.5, 12.5));
    }

    [Fact]
    public void Log_beta_with_one_huge_argument()
    {
        Relative(-6.335390211057436965, LogSpace.LogBeta(0.5, 1e6), 1e-15);
        Relative(-6.335390211057436965, LogSpace.LogBeta(1e6, 0.5), 1e-15);
        Relative(-2945.290569075486986, LogSpace.LogBeta(1234.5, 4321.25), 1e-15);
    }

    [Fact]
    public void Log_of_a_difference_keeps_relative_accuracy()
    {
        // ln(e − e^(1 − 1e-10)) = −22.02585092999045681: the difference of two nearly equal numbers (the 1e-6 bound is
        // the rounding of the input 1 − 1e-10 itself, amplified 1e10 times by any method).
        Relative(-22.02585092999045681, LogSpace.LogDiffExp(1, 1 - 1e-10), 1e-6);
        Relative(-3.000000000000000000003874, LogSpace.LogDiffExp(-3, -50), 1e-15);
        Assert.Equal(double.NegativeInfinity, LogSpace.LogDiffExp(2, 2));
        Assert.Equal(-1.5, LogSpace.LogDiffExp(-1.5, double.NegativeInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogSpace.LogDiffExp(1, 2));
    }

    [Fact]
    public void Log_sum_exp_handles_infinities_and_far_apart_terms()
    {
        Assert.Equal(5, LogSpace.LogSumExp(5, double.NegativeInfinity));
        Assert.Equal(5, LogSpace.LogSumExp(double.NegativeInfinity, 5));
        Assert.Equal(1000 + Math.Log(2), LogSpace.LogSumExp(1000, 1000), 1e-12);
        Assert.Equal(-800, LogSpace.LogSumExp(-800, -900), 1e-12);
    }

    [Fact]
    public void Log1p_and_expm1_are_accurate_near_zero()
    {
        Relative(9.999999995000000626e-10, LogSpace.Log1P(1e-9), 1e-15);
        Relative(-0.000002999995500004500072627, LogSpace.ExpM1(-3e-6), 1e-15);
    }

    [Fact]
    public void Log_abs_gamma_reflects_negative_arguments_with_their_sign()
    {
        Relative(-0.05624371649767405067, LogSpace.LogAbsGamma(-2.5, out int s1), 1e-13);
        Assert.Equal(-1, s1);
        Relative(2.368961332728788604, LogSpace.LogAbsGamma(-0.1, out int s2), 1e-14);
        Assert.Equal(-1, s2);
        Assert.Equal(double.PositiveInfinity, LogSpace.LogAbsGamma(-3, out _));
        Assert.Equal(LogSpace.LogGammaStirling(50.5), LogSpace.LogAbsGamma(50.5, out int s3), 1e-12);
        Assert.Equal(1, s3);
    }
}
