using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Lifetime;

/// <summary>
/// Issue 12, item 1 for Gamma-Gamma, sBG and CLV: every model the loader accepts gives finite, valid numbers over
/// parameters 1e-3..1e3 and customers with x and T up to 1e5; a Gamma-Gamma model whose expected spend is undefined
/// (q ≤ 1) is refused with the reason.
/// </summary>
public sealed class FiniteEverywhereTests
{
    private static Gen<double> LogUniform(double lo, double hi) => Gen.Choose(0, 1_000_000).Select(i => lo * Math.Pow(hi / lo, i / 1e6));

    private static Gen<double> Count() => Gen.Frequency((3, Gen.Choose(0, 60).Select(i => (double)i)), (1, LogUniform(1, 1e5).Select(Math.Floor)));

    private static Gen<double> Age() => Gen.Frequency((3, LogUniform(1e-3, 1e3)), (1, LogUniform(1e3, 1e5)), (1, Gen.Constant(0.0)));

    /// <summary>A spend model the loader accepts: p, γ in 1e-3..1e3 and q in (1, 1e3].</summary>
    private static Gen<double[]> SpendParameters() =>
        from p in LogUniform(1e-3, 1e3)
        from q in Gen.Frequency((3, LogUniform(1 + 1e-9, 1e3)), (1, LogUniform(1 + 1e-12, 1 + 1e-3)))
        from gamma in LogUniform(1e-3, 1e3)
        select new[] { p, q, gamma };

    [Fact]
    public void A_gamma_gamma_model_with_q_at_most_1_is_refused_by_the_loader_with_the_reason()
    {
        foreach (double q in new[] { 1.0, 0.9, 1e-3 })
        {
            var document = LifetimeModelCatalog.GammaGamma.ToDocument([6.25, q, 15.44], TimeUnit.Week);
            var e = Assert.Throws<ArgumentException>(() => LifetimeModelCatalog.SpendModel(document, "gg.json", "--spend-model"));
            Assert.StartsWith("--spend-model: 'gg.json': Model 'gg', parameter 'q': q = ", e.Message, StringComparison.Ordinal);
            Assert.Contains("<= 1, so the expected spend is undefined", e.Message, StringComparison.Ordinal);
            Assert.Throws<ArgumentException>(() => LifetimeModelFactory.CreateSpendModel(document));
        }

        Assert.IsType<GammaGammaModel>(LifetimeModelFactory.CreateSpendModel(LifetimeModelCatalog.GammaGamma.ToDocument([6.25, 1.0001, 15.44], TimeUnit.Week)));
    }

    [Property(MaxTest = 300)]
    public Property Gamma_gamma_expected_spend_is_finite_and_positive_for_every_accepted_model() =>
        Prop.ForAll(
            (from values in SpendParameters()
             from x in Count()
             from m in Gen.Frequency((3, LogUniform(1e-3, 1e5)), (1, Gen.Constant(0.0)))
             select (values, x, m)).ToArbitrary(),
            c =>
            {
                var model = (ISpendModel)LifetimeModelCatalog.GammaGamma.Create(c.values, TimeUnit.Week);
                double spend = model.ExpectedSpend(c.x, c.x == 0 ? 0 : c.m);
                return (double.IsFinite(spend) && spend > 0).Label($"p={c.values[0]:R} q={c.values[1]:R} γ={c.values[2]:R} x={c.x} m={c.m:R}: {spend}");
            });

    [Property(MaxTest = 300)]
    public Property Sbg_survival_is_in_0_1_and_never_rises_and_retention_is_finite() =>
        Prop.ForAll(
            (from alpha in LogUniform(1e-3, 1e3)
             from beta in LogUniform(1e-3, 1e3)
             from t in Gen.Frequency((3, Gen.Choose(1, 100)), (1, Gen.Choose(101, 100_000)))
             select (alpha, beta, t)).ToArbitrary(),
            c =>
            {
                var model = new ShiftedBetaGeometricModel(ShiftedBetaGeometricParameters.Create(c.alpha, c.beta));
                double before = model.Survival(c.t - 1), now = model.Survival(c.t);
                double retention = model.RetentionRate(c.t), churn = model.ChurnProbability(c.t);
                double derl = model.DiscountedExpectedResidualLifetime(0.1, c.t - 1);
                bool ok = now is >= 0 and <= 1 && now <= before && retention is >= 0 and <= 1 && churn is >= 0 and <= 1
                    && double.IsFinite(derl) && derl >= 0;
                return ok.Label($"α={c.alpha:R} β={c.beta:R} t={c.t}: S(t-1)={before:R} S(t)={now:R} r={retention:R} P(T=t)={churn:R} DERL={derl:R}");
            });

    /// <summary>Every purchase model × every spend source (Gamma-Gamma, a fixed spend per purchase).</summary>
    [Property(MaxTest = 120)]
    public Property Clv_is_finite_and_non_negative_for_every_spend_and_purchase_model_pair() =>
        Prop.ForAll(
            (from kind in Gen.Elements("bgnbd", "mbgnbd", "pnbd")
             from purchase in Gen.ArrayOf(LogUniform(1e-3, 1e3), 4)
             from spend in Gen.Frequency((2, SpendParameters()), (1, Gen.Constant(Array.Empty<double>())))
             from x in Count()
             from t in Age()
             from fraction in Gen.Choose(0, 1000).Select(i => i / 1000.0)
             from m in LogUniform(1e-2, 1e4)
             from rate in Gen.Elements(0.0, 0.01, 0.1, 0.5)
             select (kind, purchase, spend, x, t, fraction, m, rate)).ToArbitrary(),
            c =>
            {
                double x = c.t == 0 ? 0 : c.x, tx = x == 0 ? 0 : c.t * c.fraction, t = c.t;
                var purchases = (IRepeatPurchaseModel)LifetimeModelCatalog.Get(c.kind).Create(c.purchase, TimeUnit.Week);
                var options = LifetimeValueOptions.Create(52, DiscountRate.Create(c.rate, TimeUnit.Year), DiscountingMethod.Discrete, 1, 1);
                var calculator = c.spend.Length == 0
                    ? new CustomerLifetimeValueCalculator(purchases, 25.0, options)
                    : new CustomerLifetimeValueCalculator(purchases, (ISpendModel)LifetimeModelCatalog.GammaGamma.Create(c.spend, TimeUnit.Week), options);
                double clv = calculator.LifetimeValue(x, tx, t, x == 0 ? 0 : c.m);
                return (double.IsFinite(clv) && clv >= 0).Label(
                    $"{c.kind}({string.Join(", ", c.purchase.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}) spend [{string.Join(", ", c.spend)}] x={x} t_x={tx:R} T={t:R} m={c.m:R} d={c.rate}: CLV {clv}");
            });
}
