using System.Globalization;
using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime;

/// <summary>
/// Issue 12, item 5: P(X(t) = n | x, t_x, T) for BG/NBD, MBG/NBD and Pareto/NBD. Checked against lifetimes' own
/// Pareto/NBD values (its closed form, a different formula from ours), and for every model by two identities computed
/// independently of the pmf: the probabilities sum to 1, and Σ n·P equals the model's expected purchases (from the
/// ₂F₁ closed forms), for ordinary, heavy and new customers.
/// </summary>
public sealed class ConditionalPurchaseCountTests
{
    private static readonly BgNbdModel BgNbd = new(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), TimeUnit.Week);
    private static readonly ModifiedBgNbdModel ModifiedBgNbd = new(ModifiedBgNbdParameters.Create(0.525, 6.183, 0.891, 1.614), TimeUnit.Week);
    private static readonly ParetoNbdModel ParetoNbd = new(ParetoNbdParameters.Create(0.553, 10.578, 0.606, 11.669), TimeUnit.Week);

    [Fact]
    public void Pareto_nbd_matches_lifetimes()
    {
        // TestData/lifetimes/conditional_pmf_reference.csv: lifetimes 0.11.3, conditional_probability_of_n_purchases_up_to_time.
        int compared = 0;
        foreach (var f in TestFiles.Csv("lifetimes/conditional_pmf_reference.csv"))
        {
            double P(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            double value = ParetoNbd.ConditionalProbabilityOfPurchases((int)P(4), P(3), P(0), P(1), P(2));
            Assert.True(Math.Abs(value - P(5)) <= 1e-9 * Math.Max(P(5), 1e-6), $"{string.Join(',', f)}: {value:R}");
            compared++;
        }

        Assert.Equal(108, compared);
    }

    public static TheoryData<string, double, double, double, double> Customers()
    {
        var data = new TheoryData<string, double, double, double, double>();
        foreach (string model in new[] { "bgnbd", "mbgnbd", "pnbd" })
        {
            data.Add(model, 0, 0, 38.86, 39);
            data.Add(model, 2, 30.43, 38.86, 39);
            data.Add(model, 10, 36, 38, 52);
            data.Add(model, 0, 0, 0, 26);
            data.Add(model, 60, 37.5, 38.86, 10);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Customers))]
    public void Probabilities_sum_to_one_and_their_mean_is_the_expected_purchases(string model, double x, double tx, double t, double horizon)
    {
        IRepeatPurchaseModel m = model switch { "bgnbd" => BgNbd, "mbgnbd" => ModifiedBgNbd, _ => ParetoNbd };
        var pmf = (IConditionalPurchaseCounts)m;
        double total = 0, mean = 0;
        for (int n = 0; n <= 3000; n++)
        {
            double p = pmf.ConditionalProbabilityOfPurchases(n, horizon, x, tx, t);
            Assert.InRange(p, 0, 1);
            total += p;
            mean += n * p;
        }

        double expected = m.ExpectedPurchases(horizon, x, tx, t);
        Assert.True(Math.Abs(total - 1) <= 1e-9, $"{model}: Σ P = {total:R}");
        Assert.True(Math.Abs(mean - expected) <= 1e-8 * Math.Max(expected, 1e-3), $"{model}: Σ n·P = {mean:R}, E = {expected:R}");
        // With no history the customer is a new one.
        if (t == 0)
        {
            Assert.Equal(m.ProbabilityOfPurchases(1, horizon), pmf.ConditionalProbabilityOfPurchases(1, horizon, 0, 0, 0), 12);
        }
    }
}
