using CustomerValue.Lifetime;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Lifetime;

/// <summary>
/// Issue 12, item 1, for Pareto/NBD and BG/BB: every parameter set in [1e-3, 1e3] and extreme customers give
/// P(alive) in [0, 1], expected purchases ≥ 0, finite and non-decreasing in the horizon, and a positive new-customer
/// forecast.
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
public sealed class WideRangePropertyTests
{
    [Property]
    public bool Pareto_nbd_is_finite_and_in_range(WideParameters p, WideRfSummary c, WideHorizon h)
    {
        var m = new ParetoNbdModel(ParetoNbdParameters.Create(p.R, p.Alpha, p.A, p.B), TimeUnit.Week);
        var s = c.Summary;
        double alive = m.ProbabilityAlive(s.Frequency, s.Recency, s.Age);
        double shorter = m.ExpectedPurchases(h.Value, s.Frequency, s.Recency, s.Age);
        double longer = m.ExpectedPurchases(h.Value * 1.5, s.Frequency, s.Recency, s.Age);
        double fresh = m.ExpectedPurchasesNewCustomer(h.Value);
        return alive is >= 0 and <= 1 && shorter >= 0 && double.IsFinite(longer) && longer >= shorter * (1 - 1e-12)
            && fresh > 0 && double.IsFinite(fresh);
    }

    [Property]
    public bool Bg_bb_is_finite_and_in_range(WideParameters p, WideRfSummary c)
    {
        var m = new BgBbModel(BgBbParameters.Create(p.R, p.Alpha, p.A, p.B));

        // Opportunities up to 1,000 (the likelihood sums one term per opportunity after t_x).
        int n = (int)Math.Min(1000, Math.Floor(c.Summary.Age));
        int x = (int)Math.Min(n, c.Summary.Frequency);
        int tx = x == 0 ? 0 : Math.Max(x, (int)Math.Floor(n * (c.Summary.Recency / Math.Max(c.Summary.Age, 1))));
        int future = 1 + (x % 50);
        double alive = m.ProbabilityAlive(x, tx, n);
        double shorter = m.ExpectedPurchases(future, x, tx, n);
        double longer = m.ExpectedPurchases(future + 5, x, tx, n);
        double fresh = m.ExpectedPurchasesNewCustomer(future);
        return alive is >= 0 and <= 1 && shorter >= 0 && double.IsFinite(longer) && longer >= shorter * (1 - 1e-12)
            && fresh > 0 && double.IsFinite(fresh);
    }
}
