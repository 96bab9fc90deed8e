using CustomerValue.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Numerics;

/// <summary>Identities our 2F1 must satisfy on BTYD-shaped arguments, each comparing two different code paths.</summary>
public sealed class HypergeometricPropertyTests
{
    // |Δ ln F| allowed: 1e-9 plus 8 ulp of |ln F| (the logarithm itself is a double).
    private static bool Close(double x, double y) => Math.Abs(x - y) <= 1e-9 + (8 * 1.1102230246251565e-16 * Math.Abs(x));

    [Property(Arbitrary = new[] { typeof(Arbitraries) })]
    public Property Is_finite_and_positive_for_positive_parameters(Hyp2F1Case h)
    {
        double log = Hypergeometric.LogHyp2F1(h.A, h.B, h.C, h.Z, out int sign);
        return (double.IsFinite(log) && sign == 1).Label($"{h}: ln = {log}, sign {sign}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) })]
    public Property Is_symmetric_in_a_and_b(Hyp2F1Case h)
    {
        // Pfaff's transformation for z < 0 and the 1 − z formulas treat a and b differently.
        double ab = Hypergeometric.LogHyp2F1(h.A, h.B, h.C, h.Z, out _);
        double ba = Hypergeometric.LogHyp2F1(h.B, h.A, h.C, h.Z, out _);
        return Close(ab, ba).Label($"{h}: {ab:R} vs {ba:R}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) })]
    public Property Satisfies_pfaffs_transformation(Hyp2F1Case h)
    {
        // 2F1(a, b; c; z) = (1 − z)^(−b) 2F1(c − a, b; c; z/(z − 1)): positive z is checked against the negative-z path.
        double direct = Hypergeometric.LogHyp2F1(h.A, h.B, h.C, h.Z, out _);
        double transformed = (-h.B * LogSpace.Log1P(-h.Z)) + Hypergeometric.LogHyp2F1(h.C - h.A, h.B, h.C, h.Z / (h.Z - 1), out _);
        return Close(direct, transformed).Label($"{h}: {direct:R} vs {transformed:R}");
    }

    [Property]
    public Property Log_sum_and_difference_are_inverse(double a, double b)
    {
        // Recovering a from ln(eᵃ + eᵇ) amplifies the rounding of the sum by 1 + e^(b−a); beyond b − a = 20 it is gone.
        // Beyond |x| ≈ 1e6 the sum's own spacing (an ulp of the sum) outgrows ln(1 + e^(a−b)) ≥ 2e-9, so no function
        // could recover a (at a = b = 1.8e308 the sum rounds to b exactly); the library's log-space terms are far smaller.
        if (!double.IsFinite(a) || !double.IsFinite(b) || b - a > 20 || Math.Abs(a) > 1e6 || Math.Abs(b) > 1e6)
        {
            return true.ToProperty();
        }

        double sum = LogSpace.LogSumExp(a, b);
        double back = LogSpace.LogDiffExp(sum, b);
        double bound = (2.3e-16 * (1 + Math.Abs(sum)) * (1 + Math.Exp(b - a))) + (2.3e-16 * Math.Abs(a));
        return (Math.Abs(back - a) <= bound).Label($"a={a:R} b={b:R} sum={sum:R} back={back:R}");
    }
}
