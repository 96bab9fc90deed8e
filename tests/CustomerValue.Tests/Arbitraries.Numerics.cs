using System.Globalization;
using CustomerValue.Lifetime;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerValue.Tests;

/// <summary>Generators for the Pareto/NBD, BG/BB, sBG and special-function properties.</summary>
public static partial class Arbitraries
{
    /// <summary>Log-uniform on [lo, hi] in a million steps.</summary>
    private static Gen<double> LogUniformStepped(double lo, double hi) =>
        Gen.Choose(0, 1_000_000).Select(i => lo * Math.Pow(hi / lo, i / 1e6));

    private static Gen<double> Fraction() => Gen.Choose(0, 1_000_000).Select(i => i / 1e6);

    /// <summary>
    /// Pareto/NBD parameters (r, s in [0.05, 5]; α, β in [0.1, 200], log-uniform, so α &lt; β, α &gt; β and α ≈ β all
    /// occur) with a customer: x mostly 0..60, sometimes a heavy buyer (161..10,000); T in [0, 10,000] units;
    /// t_x a fraction of T (0 when x = 0), with fractions 0 and 1 overweighted; a horizon in [0, 520].
    /// </summary>
    public static Arbitrary<ParetoNbdCase> ParetoNbdCases() =>
        (from r in LogUniformStepped(0.05, 5)
         from alpha in LogUniformStepped(0.1, 200)
         from s in LogUniformStepped(0.05, 5)
         from beta in LogUniformStepped(0.1, 200)
         from x in Gen.Frequency((6, Gen.Choose(0, 60)), (1, Gen.Elements(161, 204, 221, 254, 300, 1000, 10000)))
         from age in Gen.Frequency((3, LogUniformStepped(0.5, 200)), (1, LogUniformStepped(200, 10000)), (1, Gen.Constant(0.0)))
         from fraction in Gen.Frequency((4, Fraction()), (1, Gen.Elements(0.0, 1.0, 0.999999)))
         from horizon in Gen.Frequency((4, LogUniformStepped(0.01, 520)), (1, Gen.Constant(0.0)))
         select new ParetoNbdCase(ParetoNbdParameters.Create(r, alpha, s, beta), x, x == 0 ? 0 : age * fraction, age, horizon))
        .ToArbitrary();

    /// <summary>BG/BB parameters (each log-uniform in [0.05, 20]) with a consistent pattern over up to 400 opportunities.</summary>
    public static Arbitrary<BgBbCase> BgBbCases() =>
        (from alpha in LogUniformStepped(0.05, 20)
         from beta in LogUniformStepped(0.05, 20)
         from gamma in LogUniformStepped(0.05, 20)
         from delta in LogUniformStepped(0.05, 20)
         from n in Gen.Frequency((4, Gen.Choose(0, 12)), (1, Gen.Choose(13, 400)))
         from tx in Gen.Choose(0, n)
         from x in Gen.Choose(Math.Min(1, tx), tx)
         from future in Gen.Choose(0, 50)
         select new BgBbCase(BgBbParameters.Create(alpha, beta, gamma, delta), x, tx, n, future))
        .ToArbitrary();

    /// <summary>sBG parameters, each log-uniform in [0.01, 100].</summary>
    public static Arbitrary<ShiftedBetaGeometricParameters> ShiftedBetaGeometricParameterSets() =>
        (from alpha in LogUniformStepped(0.01, 100)
         from beta in LogUniformStepped(0.01, 100)
         select ShiftedBetaGeometricParameters.Create(alpha, beta))
        .ToArbitrary();

    /// <summary>
    /// 2F1 arguments shaped like the BTYD ones: a, b in [0.01, 20,000] (log-uniform), c = max(a, b)·u + v with u in
    /// [1, 2] and v in [0.01, 10] (in BG/NBD, Pareto/NBD and sBG the lower parameter is at least about the larger upper
    /// one), z in [−50, 0.999].
    /// </summary>
    public static Arbitrary<Hyp2F1Case> Hyp2F1Cases() =>
        (from a in LogUniformStepped(0.01, 20000)
         from b in LogUniformStepped(0.01, 20000)
         from u in Fraction()
         from v in LogUniformStepped(0.01, 10)
         let c = (Math.Max(a, b) * (1 + u)) + v
         from z in Gen.Frequency((3, Fraction().Select(f => f * 0.999)), (1, LogUniformStepped(1e-3, 50).Select(v => -v)))
         select new Hyp2F1Case(a, b, c, z))
        .ToArbitrary();
}

/// <summary>A Pareto/NBD model and one customer (x, t_x, T) with a horizon.</summary>
public sealed record ParetoNbdCase(ParetoNbdParameters Parameters, double Frequency, double Recency, double Age, double Horizon)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Parameters} x={Frequency} t_x={Recency:R} T={Age:R} t={Horizon:R}");
}

/// <summary>A BG/BB model and one pattern (x, t_x, n) with a number of future opportunities.</summary>
public sealed record BgBbCase(BgBbParameters Parameters, int Frequency, int Recency, int Opportunities, int Future);

/// <summary>Arguments of ₂F₁(a, b; c; z).</summary>
public sealed record Hyp2F1Case(double A, double B, double C, double Z)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"2F1({A:R}, {B:R}; {C:R}; {Z:R})");
}
