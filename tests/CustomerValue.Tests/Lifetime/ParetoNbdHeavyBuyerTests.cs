using System.Globalization;
using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime;

/// <summary>
/// Pareto/NBD against 50-digit mpmath values (<c>TestData/pareto_nbd_reference.csv</c>, made by
/// <c>generate_pareto_nbd.py</c> from the defining integrals, not from the 2F1 closed form the library uses), for five
/// parameter sets (α &lt; β, α &gt; β, α = β, s = 1, CDNOW) and customers from x = 0 to x = 10,000, including the
/// heavy buyers where other implementations return NaN (x = 161, 204, 221, 254) or overflow (x ≥ 300).
/// </summary>
/// <remarks>
/// Bounds: log-likelihood within 1e-10 absolute (1e-10 relative on L); probabilities and expectations within 1e-10
/// relative (the worst case measured is 9e-12, for P(alive) ≈ 1e-290 of a lapsed heavy buyer, where it is the
/// rounding of ln P(alive) ≈ −666). Reference values below the double range (P(alive) = 1e-453 for a lapsed heavy buyer) must come back
/// as 0 or a subnormal, never NaN.
/// </remarks>
public sealed class ParetoNbdHeavyBuyerTests
{
    private sealed record Row(string Quantity, ParetoNbdParameters Parameters, double X, double Recency, double Age, double T, double Value)
    {
        public override string ToString() => $"{Quantity} {Parameters} x={X} t_x={Recency} T={Age} t={T}";
    }

    private static List<Row> Rows()
    {
        static double P(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return TestFiles.Csv("pareto_nbd_reference.csv").Select(f => new Row(
            f[0], ParetoNbdParameters.Create(P(f[1]), P(f[2]), P(f[3]), P(f[4])), P(f[5]), P(f[6]), P(f[7]), P(f[8]), P(f[9]))).ToList();
    }

    private static double Compute(Row row)
    {
        var model = new ParetoNbdModel(row.Parameters, TimeUnit.Week);
        return row.Quantity switch
        {
            "loglik" => model.LogLikelihood(row.X, row.Recency, row.Age),
            "p_alive" => model.ProbabilityAlive(row.X, row.Recency, row.Age),
            "p_alive_at" => model.ProbabilityAliveAt(row.T, row.X, row.Recency, row.Age),
            "expected" => model.ExpectedPurchases(row.T, row.X, row.Recency, row.Age),
            "pmf" => model.ProbabilityOfPurchases((int)row.X, row.T),
            _ => throw new InvalidOperationException(row.Quantity),
        };
    }

    [Fact]
    public void Reference_covers_the_heavy_buyers()
    {
        var rows = Rows();
        foreach (double x in new double[] { 161, 204, 221, 254, 300, 1000, 10000 })
        {
            Assert.Contains(rows, r => r.Quantity == "p_alive" && r.X == x);
        }

        Assert.Equal(5, rows.Select(r => r.Parameters).Distinct().Count());
    }

    [Theory]
    [InlineData("loglik")]
    [InlineData("p_alive")]
    [InlineData("p_alive_at")]
    [InlineData("expected")]
    [InlineData("pmf")]
    public void Matches_high_precision_reference(string quantity)
    {
        var failures = new List<string>();
        foreach (var row in Rows().Where(r => r.Quantity == quantity))
        {
            double value = Compute(row);
            bool ok;
            if (!double.IsFinite(value))
            {
                ok = false;
            }
            else if (quantity == "loglik")
            {
                ok = Math.Abs(value - row.Value) <= 1e-10 * Math.Max(1, Math.Abs(row.Value));
            }
            else if (row.Value < 1e-300)
            {
                ok = value >= 0 && value < 1e-300;
            }
            else
            {
                ok = Math.Abs(value - row.Value) <= 1e-10 * row.Value;
            }

            if (quantity is "p_alive" or "p_alive_at" or "pmf")
            {
                ok &= value is >= 0 and <= 1;
            }

            if (!ok)
            {
                failures.Add($"{row}: got {value:R}, expected {row.Value:R}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData(161.0)]
    [InlineData(204.0)]
    [InlineData(221.0)]
    [InlineData(254.0)]
    [InlineData(300.0)]
    [InlineData(10000.0)]
    public void Heavy_buyers_get_finite_probabilities_and_expectations_at_any_recency(double x)
    {
        var model = new ParetoNbdModel(ParetoNbdParameters.Create(0.553, 10.578, 0.606, 11.669), TimeUnit.Week);
        foreach (double age in new[] { 38.86, 500.0, 10000.0 })
        {
            foreach (double fraction in new[] { 0, 0.01, 0.5, 0.9, 0.999, 0.999999, 1 })
            {
                double recency = age * fraction;
                double alive = model.ProbabilityAlive(x, recency, age);
                double expected = model.ExpectedPurchases(52, x, recency, age);
                double ll = model.LogLikelihood(x, recency, age);
                Assert.InRange(alive, 0, 1);
                Assert.True(double.IsFinite(expected) && expected >= 0, $"E[Y] = {expected} at t_x = {recency}, T = {age}");
                Assert.True(double.IsFinite(ll), $"LL = {ll} at t_x = {recency}, T = {age}");
            }
        }
    }
}
