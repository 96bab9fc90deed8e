using System.Globalization;
using CustomerValue.Numerics;

namespace CustomerValue.Tests.Numerics;

/// <summary>
/// Our 2F1 against 50-digit mpmath values (<c>TestData/hyp2f1_reference.csv</c>, made by <c>generate_hyp2f1.py</c>).
/// </summary>
/// <remarks>
/// The comparison is on ln|2F1| because many reference values exceed the double range: an absolute error δ in the
/// logarithm is a relative error δ in 2F1. The bound allows, on top of the stated relative error, the rounding of a
/// double-sized logarithm itself (4 ulp of |ln 2F1|), which no algorithm returning a double can beat.
/// Bounds: 1e-12 on the families the BTYD models use (BG/NBD, Pareto/NBD, sBG DERL, large parameters); 1e-10 on the
/// rest (generic, z within 1e-6 of 1, c − a − b within 1e-9 of an integer, z down to −10⁶, polynomials), where the
/// 1 − z transformation can lose up to five digits to cancellation before the power-series fallback takes over.
/// </remarks>
public sealed class HypergeometricTests
{
    private static readonly string[] BtydFamilies = ["bgnbd", "pnbd_alpha_ge_beta", "pnbd_alpha_lt_beta", "pnbd_cdnow", "pnbd_near_one", "sbg_derl", "large"];

    private sealed record Case(string Category, double A, double B, double C, double Z, int Sign, double LogAbs);

    private static List<Case> Cases() =>
        TestFiles.Csv("hyp2f1_reference.csv").Select(f => new Case(
            f[0],
            double.Parse(f[1], CultureInfo.InvariantCulture),
            double.Parse(f[2], CultureInfo.InvariantCulture),
            double.Parse(f[3], CultureInfo.InvariantCulture),
            double.Parse(f[4], CultureInfo.InvariantCulture),
            int.Parse(f[5], CultureInfo.InvariantCulture),
            f[6] == "-inf" ? double.NegativeInfinity : double.Parse(f[6], CultureInfo.InvariantCulture))).ToList();

    private static double Error(Case c)
    {
        double log = Hypergeometric.LogHyp2F1(c.A, c.B, c.C, c.Z, out int sign);
        if (sign != c.Sign)
        {
            return double.PositiveInfinity;
        }

        return c.Sign == 0 ? 0 : Math.Abs(log - c.LogAbs);
    }

    [Fact]
    public void Reference_set_covers_every_family_with_a_few_hundred_cases()
    {
        var cases = Cases();
        Assert.InRange(cases.Count, 300, 2000);
        foreach (var family in BtydFamilies.Concat(["generic", "near_one", "integer_m", "negative_z", "polynomial", "at_one"]))
        {
            Assert.Contains(cases, c => c.Category == family);
        }
    }

    [Fact]
    public void Btyd_families_are_within_1e_12_relative()
    {
        AssertWithin(Cases().Where(c => BtydFamilies.Contains(c.Category)), 1e-12);
    }

    [Fact]
    public void Every_reference_case_is_within_1e_10_relative()
    {
        AssertWithin(Cases(), 1e-10);
    }

    [Fact]
    public void Value_form_matches_the_log_form_where_it_fits_in_a_double()
    {
        foreach (var c in Cases().Where(c => c.LogAbs < 700))
        {
            double value = Hypergeometric.Hyp2F1(c.A, c.B, c.C, c.Z);
            Assert.True(double.IsFinite(value), $"{c} gave {value}");
            Assert.Equal(c.Sign * Math.Exp(c.LogAbs), value, Math.Abs(value) * 1e-9 + 1e-300);
        }
    }

    [Theory]
    [InlineData(0.5, 0.5, 1.5, 0.25)]
    [InlineData(1.0, 1.0, 2.0, -0.75)]
    public void Elementary_closed_forms(double a, double b, double c, double z)
    {
        // 2F1(1/2, 1/2; 3/2; z²) = asin(z)/z; 2F1(1, 1; 2; z) = −ln(1 − z)/z.
        double expected = a == 0.5 ? Math.Asin(Math.Sqrt(z)) / Math.Sqrt(z) : -Math.Log(1 - z) / z;
        Assert.Equal(expected, Hypergeometric.Hyp2F1(a, b, c, z), 1e-15);
    }

    [Fact]
    public void Rejects_z_above_one_and_nonpositive_integer_c()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Hyp2F1(1, 1, 2, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Hyp2F1(1, 1, -2, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Hyp2F1(double.NaN, 1, 2, 0.5));
    }

    private static void AssertWithin(IEnumerable<Case> cases, double bound)
    {
        var scored = cases.Select(c => (Case: c, Error: Error(c))).OrderByDescending(p => p.Error).ToList();
        var bad = scored.Where(p => !(p.Error <= bound + (4 * 1.1102230246251565e-16 * Math.Abs(p.Case.LogAbs)))).ToList();
        Assert.True(bad.Count == 0, $"{bad.Count} of {scored.Count} cases exceed {bound}: " +
            string.Join("; ", bad.Take(10).Select(p => $"{p.Case} err {p.Error:E2}")));
    }
}
