using CustomerValue.Lifetime;
using FsCheck;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Lifetime;

/// <summary>Properties every BG/NBD and MBG/NBD prediction must have, for any parameters and any valid summary.</summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 300)]
public sealed class RepeatPurchasePropertyTests
{
    private static IEnumerable<IRepeatPurchaseModel> Models(BgNbdParameters p) =>
    [
        new BgNbdModel(p, TimeUnit.Week),
        new ModifiedBgNbdModel(ModifiedBgNbdParameters.Create(p.R, p.Alpha, p.A, p.B), TimeUnit.Week),
    ];

    [Property]
    public bool Probability_alive_is_a_probability(BgNbdParameters p, RfSummary s) =>
        Models(p).All(m => m.ProbabilityAlive(s.Frequency, s.Recency, s.Age) is >= 0 and <= 1);

    [Property]
    public bool Probability_alive_does_not_fall_as_recency_rises(BgNbdParameters p, RfSummary s)
    {
        double later = s.Recency + ((s.Age - s.Recency) / 2);
        return s.Frequency == 0 || Models(p).All(m => m.ProbabilityAlive(s.Frequency, later, s.Age) >= m.ProbabilityAlive(s.Frequency, s.Recency, s.Age));
    }

    [Property]
    public bool Expected_purchases_are_non_negative_and_rise_with_the_horizon(BgNbdParameters p, RfSummary s, Horizon h)
    {
        return Models(p).All(m =>
        {
            double shorter = m.ExpectedPurchases(h.Value, s.Frequency, s.Recency, s.Age);
            double longer = m.ExpectedPurchases(h.Value + 1, s.Frequency, s.Recency, s.Age);
            return shorter >= 0 && double.IsFinite(longer) && longer >= shorter * (1 - 1e-12);
        });
    }

    [Property]
    public bool A_customer_with_no_history_gets_the_new_customer_expectation(BgNbdParameters p, Horizon h) =>
        Models(p).All(m =>
        {
            double conditional = m.ExpectedPurchases(h.Value, 0, 0, 0), unconditional = m.ExpectedPurchasesNewCustomer(h.Value);
            return Math.Abs(conditional - unconditional) <= 1e-12 * Math.Max(1, unconditional);
        });

    [Property]
    public bool Batch_equals_scalar(BgNbdParameters p, RfSummary[] summaries, Horizon h)
    {
        double[] x = [.. summaries.Select(s => s.Frequency)], tx = [.. summaries.Select(s => s.Recency)], t = [.. summaries.Select(s => s.Age)];
        var alive = new double[x.Length];
        var expected = new double[x.Length];
        foreach (var m in Models(p))
        {
            m.ProbabilityAlive(x, tx, t, alive);
            m.ExpectedPurchases(h.Value, x, tx, t, expected);
            for (int i = 0; i < x.Length; i++)
            {
                if (!Close(alive[i], m.ProbabilityAlive(x[i], tx[i], t[i])) || !Close(expected[i], m.ExpectedPurchases(h.Value, x[i], tx[i], t[i])))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(MaxTest = 200)]
    public bool Extreme_customers_get_finite_answers(BgNbdParameters p, ExtremeRfSummary e, Horizon h)
    {
        var s = e.Summary;
        return Models(p).All(m =>
        {
            double alive = m.ProbabilityAlive(s.Frequency, s.Recency, s.Age);
            double expected = m.ExpectedPurchases(h.Value * 50, s.Frequency, s.Recency, s.Age);
            return alive is >= 0 and <= 1 && double.IsFinite(expected) && expected >= 0;
        });
    }

    [Property]
    public bool Probabilities_of_purchase_counts_are_probabilities(BgNbdParameters p, Horizon h) =>
        Models(p).All(m => Enumerable.Range(0, 30).All(n => m.ProbabilityOfPurchases(n, h.Value) is >= 0 and <= 1));

    internal static bool Close(double batch, double scalar) =>
        batch == scalar || Math.Abs(batch - scalar) <= 1e-12 * Math.Max(Math.Abs(batch), Math.Abs(scalar));
}
