using CustomerValue.Lifetime;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Lifetime;

/// <summary>Properties of BG/BB and sBG over random parameters.</summary>
public sealed class DiscreteModelPropertyTests
{
    [Property(Arbitrary = new[] { typeof(Arbitraries) })]
    public Property BgBb_probability_alive_is_in_0_1(BgBbCase c)
    {
        double alive = new BgBbModel(c.Parameters).ProbabilityAlive(c.Frequency, c.Recency, c.Opportunities);
        return (alive is >= 0 and <= 1).Label($"{c}: {alive}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) })]
    public Property BgBb_probability_alive_does_not_fall_as_recency_rises(BgBbCase c)
    {
        if (c.Recency == c.Opportunities || c.Frequency == 0)
        {
            return true.ToProperty();
        }

        var model = new BgBbModel(c.Parameters);
        double now = model.ProbabilityAlive(c.Frequency, c.Recency, c.Opportunities);
        double later = model.ProbabilityAlive(c.Frequency, c.Recency + 1, c.Opportunities);
        return (later >= now - 1e-12).Label($"{c}: {now} then {later}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) })]
    public Property BgBb_expected_purchases_are_non_negative_and_rise_with_the_horizon(BgBbCase c)
    {
        var model = new BgBbModel(c.Parameters);
        double shorter = model.ExpectedPurchases(c.Future, c.Frequency, c.Recency, c.Opportunities);
        double longer = model.ExpectedPurchases(c.Future + 1, c.Frequency, c.Recency, c.Opportunities);
        return (shorter >= 0 && longer >= shorter && double.IsFinite(longer)).Label($"{c}: {shorter} then {longer}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) })]
    public Property BgBb_purchase_count_distribution_sums_to_one(BgBbCase c)
    {
        var model = new BgBbModel(c.Parameters);
        int n = Math.Min(c.Opportunities, 60);
        double total = 0;
        for (int x = 0; x <= n; x++)
        {
            total += model.ProbabilityOfPurchases(x, n);
        }

        return (Math.Abs(total - 1) <= 1e-10).Label($"{c}: Σ = {total}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) })]
    public Property Sbg_survival_never_rises_and_retention_is_a_probability(ShiftedBetaGeometricParameters p)
    {
        var model = new ShiftedBetaGeometricModel(p);
        bool ok = true;
        double previous = 1;
        foreach (int t in new[] { 1, 2, 3, 5, 8, 13, 100, 1000, 100000 })
        {
            double s = model.Survival(t);
            double r = model.RetentionRate(t);
            ok &= s <= previous && s >= 0 && r is >= 0 and <= 1 && model.ChurnProbability(t) is >= 0 and <= 1;
            previous = s;
        }

        return ok.Label(p.ToString());
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) })]
    public Property Sbg_derl_is_between_zero_and_the_discounted_perpetuity(ShiftedBetaGeometricParameters p)
    {
        var model = new ShiftedBetaGeometricModel(p);
        double derl = model.DiscountedExpectedResidualLifetime(0.1, 3);
        return (double.IsFinite(derl) && derl > 0 && derl <= 11 * (1 + 1e-12)).Label($"{p}: {derl}");
    }
}
