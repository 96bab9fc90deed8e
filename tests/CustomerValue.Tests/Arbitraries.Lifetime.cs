using CustomerValue.Lifetime;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerValue.Tests;

/// <summary>Generators for the lifetime models: parameters over the range real fits produce, and valid summaries.</summary>
public static partial class Arbitraries
{
    /// <summary>e^u with u uniform on [lo, hi] (three decimals): positive values spread over orders of magnitude.</summary>
    private static Gen<double> ExpOfUniform(double lo, double hi) =>
        Gen.Choose((int)(lo * 1000), (int)(hi * 1000)).Select(u => Math.Exp(u / 1000.0));

    /// <summary>BG/NBD parameters: r, a, b in [e^-2, e^2] ≈ [0.14, 7.4], α in [e^-2, e^4] ≈ [0.14, 55].</summary>
    public static Arbitrary<BgNbdParameters> BgNbdParameterValues() =>
        ExpOfUniform(-2, 2).SelectMany(r => ExpOfUniform(-2, 4).SelectMany(alpha => ExpOfUniform(-2, 2).SelectMany(a => ExpOfUniform(-2, 2)
            .Select(b => BgNbdParameters.Create(r, alpha, a, b)))))
        .ToArbitrary();

    /// <summary>MBG/NBD parameters over the same ranges.</summary>
    public static Arbitrary<ModifiedBgNbdParameters> ModifiedBgNbdParameterValues() =>
        BgNbdParameterValues().Generator.Select(p => ModifiedBgNbdParameters.Create(p.R, p.Alpha, p.A, p.B)).ToArbitrary();

    /// <summary>A valid summary: x in 0..200, T in [0, 400] (0.01 steps), t_x in [0, T], t_x = 0 when x = 0.</summary>
    public static Arbitrary<RfSummary> RfSummaries() =>
        Gen.Choose(0, 200).SelectMany(x => Gen.Choose(0, 40000).SelectMany(age => Gen.Choose(0, 1000)
            .Select(share => new RfSummary(x, x == 0 ? 0 : age / 100.0 * share / 1000, age / 100.0))))
        .ToArbitrary();

    /// <summary>Extreme summaries: x up to 10,000 and T up to 10,000, with t_x anywhere in [0, T].</summary>
    public static Arbitrary<ExtremeRfSummary> ExtremeRfSummaries() =>
        Gen.Choose(0, 10000).SelectMany(x => Gen.Choose(0, 10000).SelectMany(age => Gen.Choose(0, 1000)
            .Select(share => new ExtremeRfSummary(new RfSummary(x, x == 0 ? 0 : age * share / 1000.0, age)))))
        .ToArbitrary();

    /// <summary>A horizon in [0, 200] (0.01 steps).</summary>
    public static Arbitrary<Horizon> Horizons() => Gen.Choose(0, 20000).Select(h => new Horizon(h / 100.0)).ToArbitrary();
}

/// <summary>A generated (x, t_x, T).</summary>
public sealed record RfSummary(double Frequency, double Recency, double Age);

/// <summary>A generated (x, t_x, T) at the extremes (x, T up to 10,000).</summary>
public sealed record ExtremeRfSummary(RfSummary Summary);

/// <summary>A generated prediction horizon.</summary>
public sealed record Horizon(double Value);
