using CustomerValue.Lifetime;
using CustomerValue.Scoring;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerValue.Tests;

/// <summary>Generators for the customer-base scorer: a fitted-looking model pair and a base with repeated (x, T) pairs.</summary>
public static partial class Arbitraries
{
    /// <summary>
    /// A scoring case: BG/NBD or MBG/NBD parameters, Gamma-Gamma parameters, a horizon, a discount rate, and 1..300
    /// customers whose T is whole days in weeks from a short list (so pairs repeat, as in real bases), x mostly small
    /// with some heavy buyers, t_x whole days in [0, T], and m̄ &gt; 0 for repeat buyers.
    /// </summary>
    public static Arbitrary<ScoringCase> ScoringCases() =>
        (from modified in Gen.Elements(false, true)
         from p in BgNbdParameterValues().Generator
         from gg in Gen.Choose(50, 2000).SelectMany(pp => Gen.Choose(110, 2000).SelectMany(q => Gen.Choose(100, 5000).Select(g => GammaGammaParameters.Create(pp / 100.0, q / 100.0, g / 100.0))))
         from horizon in Gen.Choose(0, 104)
         from rate in Gen.Elements(0.0, 0.1, 0.25)
         from n in Gen.Choose(1, 300)
         from ages in Gen.ArrayOf(Gen.Choose(0, 730), 6)
         from rows in Gen.ArrayOf(CustomerRow(ages), n)
         select new ScoringCase(modified, p, gg, horizon, rate, rows))
        .ToArbitrary();

    private static Gen<ScoringRow> CustomerRow(int[] ages) =>
        from ageDays in Gen.Elements(ages)
        from x in Gen.Frequency((6, Gen.Choose(0, 6)), (3, Gen.Choose(7, 40)), (1, Gen.Choose(41, 800)))
        from share in Gen.Choose(0, 1000)
        from spend in Gen.Choose(100, 50000)
        let recencyDays = x == 0 ? 0 : (int)Math.Round(ageDays * share / 1000.0)
        select new ScoringRow(x, recencyDays / 7.0, ageDays / 7.0, x == 0 ? 0 : spend / 100.0);
}

/// <summary>One generated customer (weeks).</summary>
public readonly record struct ScoringRow(double Frequency, double Recency, double Age, double MonetaryValue);

/// <summary>A generated model pair and customer base.</summary>
public sealed record ScoringCase(bool Modified, BgNbdParameters Parameters, GammaGammaParameters Spend, double Horizon, double YearlyDiscountRate, ScoringRow[] Rows)
{
    /// <summary>The repeat-purchase model (weekly).</summary>
    public IRepeatPurchaseModel Model => Modified
        ? new ModifiedBgNbdModel(ModifiedBgNbdParameters.Create(Parameters.R, Parameters.Alpha, Parameters.A, Parameters.B), TimeUnit.Week)
        : new BgNbdModel(Parameters, TimeUnit.Week);

    /// <summary>The spend model.</summary>
    public ISpendModel SpendModel => new GammaGammaModel(Spend);

    /// <summary>Scoring options with CLV over the same horizon, discounted yearly, margin 0.3.</summary>
    public ScoringOptions Options => new(Horizon)
    {
        LifetimeValue = LifetimeValueOptions.Create(Horizon, DiscountRate.PerYear(YearlyDiscountRate), DiscountingMethod.Discrete, 1, 0.3),
    };

    /// <summary>The rows as scoring input (calendar columns derived).</summary>
    public ScoringInput Input => new(
        Rows.Select(r => r.Frequency).ToArray(), Rows.Select(r => r.Recency).ToArray(), Rows.Select(r => r.Age).ToArray(), Rows.Select(r => r.MonetaryValue).ToArray(), TimeUnit.Week)
    {
        CustomerIds = Enumerable.Range(1, Rows.Length).Select(i => "c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
    };

    /// <inheritdoc/>
    public override string ToString() =>
        $"{(Modified ? "MBG/NBD" : "BG/NBD")} {Parameters}, GG {Spend}, horizon {Horizon}, rate {YearlyDiscountRate}, {Rows.Length} customers";
}
