using System.Globalization;
using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime;

/// <summary>
/// Issue 12, item 1: Pareto/NBD P(alive) and expected purchases against 50-digit mpmath values across the parameter grid
/// 1e-3..1e3 (r, α, s, β each at 1e-3, 1 or 1e3: all 81 combinations, plus CDNOW) and extreme
/// customers (x to 1e5, T from 1e-3 to 1e5, horizons 52 and 1,000).
/// </summary>
/// <remarks>
/// Expected values: <c>TestData/pareto_nbd_grid_reference.csv</c>, made by <c>generate_pareto_nbd_grid.py</c> from the
/// defining integrals by mpmath quadrature at 50 digits (each value computed with two different subdivisions and kept
/// only when they agree to 1e-15; 2,433 of the 3,198 values pass that check), not from the closed forms the library uses.
/// </remarks>
public sealed class ParetoNbdGridReferenceTests
{
    /// <summary>Relative tolerance; reference values below the double range must come back as 0 or subnormal.</summary>
    private const double Tolerance = 1e-9;

    [Fact]
    public void The_reference_covers_the_grid_and_the_extreme_customers()
    {
        var rows = TestFiles.Csv("pareto_nbd_grid_reference.csv").ToList();
        Assert.True(rows.Count >= 2400, $"{rows.Count} rows");
        Assert.Equal(82, rows.Select(f => (f[1], f[2], f[3], f[4])).Distinct().Count());
        Assert.Contains(rows, f => f[1] == "0.001" && f[5] == "100000.0");
        Assert.Contains(rows, f => f[2] == "1000.0" && f[7] == "100000.0");
        Assert.Contains(rows, f => f[0] == "expected" && f[8] == "1000.0");
    }

    [Fact]
    public void Probability_alive_and_expected_purchases_match_the_50_digit_reference()
    {
        var failures = new List<string>();
        int compared = 0;
        foreach (var f in TestFiles.Csv("pareto_nbd_grid_reference.csv"))
        {
            static double P(string s) => double.Parse(s, CultureInfo.InvariantCulture);
            var model = new ParetoNbdModel(ParetoNbdParameters.Create(P(f[1]), P(f[2]), P(f[3]), P(f[4])), TimeUnit.Week);
            double x = P(f[5]), tx = P(f[6]), t = P(f[7]), horizon = P(f[8]), reference = P(f[9]);
            double value = f[0] == "p_alive" ? model.ProbabilityAlive(x, tx, t) : model.ExpectedPurchases(horizon, x, tx, t);
            bool ok = double.IsFinite(value) && value >= 0 && (reference < 1e-300
                ? value < 1e-290
                : Math.Abs(value - reference) <= Tolerance * reference);
            compared++;
            if (!ok)
            {
                failures.Add(string.Join(',', f) + $" -> {value:R} (rel {Math.Abs(value - reference) / reference:G3})");
            }
        }

        Assert.True(compared > 0);
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared}:\n" + string.Join('\n', failures.Take(40)));
    }
}
