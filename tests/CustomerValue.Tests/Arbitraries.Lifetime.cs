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

    /// <summary>BG/NBD-shaped parameters anywhere in [1e-3, 1e3] (log-uniform, four decimals of the exponent), the whole range the issue-12 properties cover.</summary>
    public static Arbitrary<WideParameters> WideParameterValues() =>
        WideValue().SelectMany(r => WideValue().SelectMany(alpha => WideValue().SelectMany(a => WideValue()
            .Select(b => new WideParameters(r, alpha, a, b)))))
        .ToArbitrary();

    private static Gen<double> WideValue() => Gen.Choose(-30000, 30000).Select(u => Math.Pow(10, u / 10000.0));

    /// <summary>Customers to x = 1e5 and T = 1e5 (log-spread, whole x), t_x anywhere in [0, T], t_x = 0 when x = 0.</summary>
    public static Arbitrary<WideRfSummary> WideRfSummaries() =>
        Gen.Choose(-1, 5000).SelectMany(ex => Gen.Choose(-2000, 5000).SelectMany(et => Gen.Choose(0, 1000).Select(share =>
        {
            double x = ex < 0 ? 0 : Math.Floor(Math.Pow(10, ex / 1000.0));
            double age = et < 0 ? 0 : Math.Pow(10, et / 1000.0);
            return new WideRfSummary(new RfSummary(x, x == 0 ? 0 : age * share / 1000.0, age));
        })))
        .ToArbitrary();

    /// <summary>A horizon from 1e-2 to 1e4 (log-spread).</summary>
    public static Arbitrary<WideHorizon> WideHorizons() => Gen.Choose(-2000, 4000).Select(u => new WideHorizon(Math.Pow(10, u / 1000.0))).ToArbitrary();

    /// <summary>A horizon in [0, 200] (0.01 steps).</summary>
    public static Arbitrary<Horizon> Horizons() => Gen.Choose(0, 20000).Select(h => new Horizon(h / 100.0)).ToArbitrary();
}

/// <summary>A generated (x, t_x, T).</summary>
public sealed record RfSummary(double Frequency, double Recency, double Age);

/// <summary>A generated (x, t_x, T) at the extremes (x, T up to 10,000).</summary>
public sealed record ExtremeRfSummary(RfSummary Summary);

/// <summary>A generated prediction horizon.</summary>
public sealed record Horizon(double Value);

/// <summary>Four positive parameters anywhere in [1e-3, 1e3]: (r, α, a, b) for the BG/NBD family, or another model's four.</summary>
public sealed record WideParameters(double R, double Alpha, double A, double B)
{
    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"({R:R}, {Alpha:R}, {A:R}, {B:R})");
}

/// <summary>A generated (x, t_x, T) with x and T up to 1e5.</summary>
public sealed record WideRfSummary(RfSummary Summary);

/// <summary>A horizon from 1e-2 to 1e4.</summary>
public sealed record WideHorizon(double Value);
