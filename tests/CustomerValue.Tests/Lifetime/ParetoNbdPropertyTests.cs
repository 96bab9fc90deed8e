using CustomerValue.Lifetime;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Lifetime;

/// <summary>Properties of Pareto/NBD over random parameters and customers, heavy buyers and T up to 10,000 included.</summary>
public sealed class ParetoNbdPropertyTests
{
    private static ParetoNbdModel Model(ParetoNbdCase c) => new(c.Parameters, TimeUnit.Week);

    [Property(Arbitrary = new[] { typeof(Arbitraries) })]
    public Property Probability_alive_is_in_0_1_and_falls_with_time_ahead(ParetoNbdCase c)
    {
        var model = Model(c);
        double alive = model.ProbabilityAlive(c.Frequency, c.Recency, c.Age);
        double later = model.ProbabilityAliveAt(c.Horizon, c.Frequency, c.Recency, c.Age);
        return (alive is >= 0 and <= 1 && later >= 0 && later <= alive).Label($"{c}: P(alive) {alive}, later {later}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) })]
    public Property Probability_alive_does_not_fall_as_recency_rises(ParetoNbdCase c)
    {
        if (c.Frequency == 0)
        {
            return true.ToProperty();
        }

        var model = Model(c);
        double earlier = model.ProbabilityAlive(c.Frequency, c.Recency * 0.5, c.Age);
        double now = model.ProbabilityAlive(c.Frequency, c.Recency, c.Age);
        return (now >= earlier - 1e-12).Label($"{c}: P(alive) at t_x/2 {earlier}, at t_x {now}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) })]
    public Property Expected_purchases_are_non_negative_and_rise_with_the_horizon(ParetoNbdCase c)
    {
        var model = Model(c);
        double shorter = model.ExpectedPurchases(c.Horizon, c.Frequency, c.Recency, c.Age);
        double longer = model.ExpectedPurchases(c.Horizon * 1.5 + 1, c.Frequency, c.Recency, c.Age);
        return (double.IsFinite(longer) && shorter >= 0 && longer >= shorter * (1 - 1e-12)).Label($"{c}: {shorter} then {longer}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) })]
    public Property Log_likelihood_is_finite(ParetoNbdCase c)
    {
        double ll = Model(c).LogLikelihood(c.Frequency, c.Recency, c.Age);
        return double.IsFinite(ll).Label($"{c}: LL {ll}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) })]
    public Property A_customer_with_no_history_gets_the_new_customer_expectation(ParetoNbdCase c)
    {
        var model = Model(c);
        double fresh = model.ExpectedPurchases(c.Horizon, 0, 0, 0);
        double expected = model.ExpectedPurchasesNewCustomer(c.Horizon);
        return (Math.Abs(fresh - expected) <= 1e-12 * Math.Max(1, expected)).Label($"{c}: {fresh} vs {expected}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = 30)]
    public Property Batch_equals_scalar(ParetoNbdCase[] cases)
    {
        if (cases.Length == 0)
        {
            return true.ToProperty();
        }

        // One model, many customers: the customers of every case under the first case's parameters.
        var model = Model(cases[0]);
        double horizon = cases[0].Horizon;
        double[] x = [.. cases.Select(c => c.Frequency)], tx = [.. cases.Select(c => c.Recency)], t = [.. cases.Select(c => c.Age)];
        var alive = new double[cases.Length];
        var aliveLater = new double[cases.Length];
        var expected = new double[cases.Length];
        model.ProbabilityAlive(x, tx, t, alive);
        model.ProbabilityAliveAt(horizon, x, tx, t, aliveLater);
        model.ExpectedPurchases(horizon, x, tx, t, expected);
        bool same = true;
        for (int i = 0; i < cases.Length; i++)
        {
            same &= alive[i].Equals(model.ProbabilityAlive(x[i], tx[i], t[i]))
                && aliveLater[i].Equals(model.ProbabilityAliveAt(horizon, x[i], tx[i], t[i]))
                && expected[i].Equals(model.ExpectedPurchases(horizon, x[i], tx[i], t[i]));
        }

        return same.ToProperty();
    }

    [Fact]
    public void Batch_rejects_spans_of_different_lengths()
    {
        var model = new ParetoNbdModel(ParetoNbdParameters.Create(0.553, 10.578, 0.606, 11.669), TimeUnit.Week);
        Assert.Throws<ArgumentException>(() => model.ProbabilityAlive(new double[2], new double[2], new double[3], new double[2]));
    }

    [Fact]
    public void Invalid_customers_are_rejected_with_the_field_named()
    {
        var model = new ParetoNbdModel(ParetoNbdParameters.Create(0.553, 10.578, 0.606, 11.669), TimeUnit.Week);
        Assert.Contains("recency", Assert.Throws<ArgumentException>(() => model.ProbabilityAlive(2, 40, 39)).Message);
        Assert.Contains("frequency", Assert.Throws<ArgumentException>(() => model.ExpectedPurchases(10, double.NaN, 1, 39)).Message);
        Assert.Contains("horizon", Assert.Throws<ArgumentOutOfRangeException>(() => model.ExpectedPurchases(-1, 1, 1, 39)).Message);
        Assert.Contains("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => ParetoNbdParameters.Create(1, 0, 1, 1)).Message);
    }
}
