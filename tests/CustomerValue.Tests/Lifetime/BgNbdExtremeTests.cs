using System.Globalization;
using CustomerValue.Lifetime;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Lifetime;

/// <summary>
/// BG/NBD and MBG/NBD are finite and right for every parameter set in [1e-3, 1e3] and customers to x = T = 1e5
/// (issue 12, item 1): the issue's examples, 50-digit mpmath references (<c>TestData/bgnbd_extreme_reference.csv</c>,
/// made by <c>generate_bgnbd_extreme.py</c> from the published ₂F₁ closed form at 50 and 80 digits, not from the
/// library's series or integral) and properties over the whole range.
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
public sealed class BgNbdExtremeTests
{
    private sealed record Row(bool Modified, double R, double Alpha, double A, double B, double X, double Recency, double Age, double T, double Alive, double Expected)
    {
        public override string ToString() => FormattableString.Invariant($"{(Modified ? "MBG" : "BG")} r={R} alpha={Alpha} a={A} b={B} x={X} t_x={Recency} T={Age} t={T}");
    }

    private static List<Row> Rows()
    {
        static double P(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return [.. TestFiles.Csv("bgnbd_extreme_reference.csv").Select(f => new Row(
            f[0] == "mbgnbd", P(f[1]), P(f[2]), P(f[3]), P(f[4]), P(f[5]), P(f[6]), P(f[7]), P(f[8]), P(f[9]), P(f[10])))];
    }

    private static IRepeatPurchaseModel Model(bool modified, double r, double alpha, double a, double b) => modified
        ? new ModifiedBgNbdModel(ModifiedBgNbdParameters.Create(r, alpha, a, b), TimeUnit.Week)
        : new BgNbdModel(BgNbdParameters.Create(r, alpha, a, b), TimeUnit.Week);

    private static IEnumerable<IRepeatPurchaseModel> Models(WideParameters p) =>
        [Model(false, p.R, p.Alpha, p.A, p.B), Model(true, p.R, p.Alpha, p.A, p.B)];

    /// <summary>Relative error, with values below the double range (reference &lt; 1e-300) allowed to come back as 0.</summary>
    private static bool Close(double actual, double expected, double tolerance) =>
        expected < 1e-300 ? actual >= 0 && actual < 1e-290 : Math.Abs(actual - expected) <= tolerance * expected;

    [Fact]
    public void The_issue_examples_are_finite_and_right()
    {
        // NaN before: r = 0.01, α = 0.01, a = 100, b = 0.01, a new customer over 39 and 100 weeks. mpmath (closed form,
        // 50 digits): 0.079370473150911325, 0.087998034603623098.
        var first = Model(false, 0.01, 0.01, 100, 0.01);
        Assert.Equal(0.079370473150911325, first.ExpectedPurchasesNewCustomer(39), 1e-13);
        Assert.Equal(0.087998034603623098, first.ExpectedPurchasesNewCustomer(100), 1e-13);

        // −4.2e13 before: r = 100, α = 0.01, a = 1, b = 0.01. mpmath at a = 1 ± 1e-20 (80 digits; both sides agree):
        // 1.0976611748643971 over 1 week, 1.1342977657861526 over 39.
        var second = Model(false, 100, 0.01, 1, 0.01);
        Assert.Equal(1.0976611748643971, second.ExpectedPurchasesNewCustomer(1), 1e-13);
        Assert.Equal(1.1342977657861526, second.ExpectedPurchasesNewCustomer(39), 1e-13);
    }

    [Fact]
    public void The_reference_covers_the_extremes()
    {
        var rows = Rows();
        Assert.True(rows.Count >= 150);
        Assert.Contains(rows, r => r.X == 100000);
        Assert.Contains(rows, r => r.Modified);
        Assert.Contains(rows, r => r.R > 10 * (r.A + r.B));
        Assert.Contains(rows, r => r.T / (r.Alpha + r.Age + r.T) > 0.9999);
    }

    [Fact]
    public void Scalar_and_batch_agree_with_mpmath()
    {
        var failures = new List<string>();
        foreach (var group in Rows().GroupBy(r => (r.Modified, r.R, r.Alpha, r.A, r.B, r.T)))
        {
            var model = Model(group.Key.Modified, group.Key.R, group.Key.Alpha, group.Key.A, group.Key.B);
            var rows = group.ToArray();
            double[] x = [.. rows.Select(r => r.X)], tx = [.. rows.Select(r => r.Recency)], t = [.. rows.Select(r => r.Age)];
            var alive = new double[rows.Length];
            var expected = new double[rows.Length];
            model.ProbabilityAlive(x, tx, t, alive);
            model.ExpectedPurchases(group.Key.T, x, tx, t, expected);
            for (int i = 0; i < rows.Length; i++)
            {
                var row = rows[i];
                double scalarAlive = model.ProbabilityAlive(row.X, row.Recency, row.Age);
                double scalarExpected = model.ExpectedPurchases(row.T, row.X, row.Recency, row.Age);
                if (!Close(scalarAlive, row.Alive, 1e-10) || !Close(alive[i], row.Alive, 1e-10)
                    || !Close(scalarExpected, row.Expected, 1e-10) || !Close(expected[i], row.Expected, 1e-10))
                {
                    failures.Add(FormattableString.Invariant(
                        $"{row}: P(alive) {scalarAlive:R}/{alive[i]:R} vs {row.Alive:R}; E {scalarExpected:R}/{expected[i]:R} vs {row.Expected:R}"));
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Property]
    public bool Every_prediction_is_finite_and_in_range(WideParameters p, WideRfSummary c, WideHorizon h)
    {
        var s = c.Summary;
        return Models(p).All(m =>
        {
            double alive = m.ProbabilityAlive(s.Frequency, s.Recency, s.Age);
            double shorter = m.ExpectedPurchases(h.Value, s.Frequency, s.Recency, s.Age);
            double longer = m.ExpectedPurchases(h.Value * 1.5, s.Frequency, s.Recency, s.Age);
            double fresh = m.ExpectedPurchasesNewCustomer(h.Value);
            return alive is >= 0 and <= 1 && shorter >= 0 && double.IsFinite(longer) && longer >= shorter * (1 - 1e-12)
                && fresh > 0 && double.IsFinite(fresh);
        });
    }

    [Property(MaxTest = 60)]
    public bool Batch_equals_scalar_over_the_whole_range(WideParameters p, WideRfSummary[] customers, WideHorizon h)
    {
        double[] x = [.. customers.Select(c => c.Summary.Frequency)], tx = [.. customers.Select(c => c.Summary.Recency)], t = [.. customers.Select(c => c.Summary.Age)];
        var alive = new double[x.Length];
        var expected = new double[x.Length];
        foreach (var m in Models(p))
        {
            m.ProbabilityAlive(x, tx, t, alive);
            m.ExpectedPurchases(h.Value, x, tx, t, expected);
            for (int i = 0; i < x.Length; i++)
            {
                double a = m.ProbabilityAlive(x[i], tx[i], t[i]), e = m.ExpectedPurchases(h.Value, x[i], tx[i], t[i]);
                if (!Agree(alive[i], a) || !Agree(expected[i], e))
                {
                    return false;
                }
            }
        }

        return true;

        // P(alive) = c/(c + a·e^L) with L = (r+x)·ln((α+T)/(α+t_x)): the batch's own logarithm may differ from Math.Log
        // in the last place, which moves the result by about |L|·1e-16 relative (L reaches hundreds for x ~ 1e4).
        static bool Agree(double batch, double scalar) =>
            Math.Abs(batch - scalar) <= 1e-12 * Math.Max(1, Math.Abs(Math.Log(Math.Max(scalar, 1e-300)))) * Math.Max(scalar, 1e-300);
    }
}
