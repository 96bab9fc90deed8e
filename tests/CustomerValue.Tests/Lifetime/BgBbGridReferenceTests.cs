using System.Globalization;
using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime;

/// <summary>
/// Issue 12, item 1: BG/BB log-likelihood, P(alive) and expected purchases in the next 10 and 100 opportunities against
/// 50-digit mpmath values for alpha, beta, gamma, delta each at 1e-3, 1 or 1e3 (all 81 combinations) and customers from
/// (0, 0, 6) to (500, 900, 1000).
/// </summary>
/// <remarks>
/// Expected values: <c>TestData/bgbb_grid_reference.csv</c>, made by <c>generate_bgbb_grid.py</c> from the integrated
/// likelihood's sums of beta-function ratios, term by term (expected purchases summed opportunity by opportunity, not by
/// the paper's closed form with its d/(g − 1) factor).
/// </remarks>
public sealed class BgBbGridReferenceTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void The_reference_covers_every_grid_combination()
    {
        var rows = TestFiles.Csv("bgbb_grid_reference.csv").ToList();
        Assert.Equal(81 * 8 * 4, rows.Count);
        Assert.Equal(81, rows.Select(f => string.Join(',', f[1..5])).Distinct().Count());
        Assert.Contains(rows, f => f[0] == "expected" && f[7] == "1000" && f[8] == "100");
    }

    [Fact]
    public void Every_value_matches_the_50_digit_reference()
    {
        var failures = new List<string>();
        int compared = 0;
        foreach (var f in TestFiles.Csv("bgbb_grid_reference.csv"))
        {
            static double P(string s) => double.Parse(s, CultureInfo.InvariantCulture);
            static int I(string s) => int.Parse(s, CultureInfo.InvariantCulture);
            var model = new BgBbModel(BgBbParameters.Create(P(f[1]), P(f[2]), P(f[3]), P(f[4])));
            int x = I(f[5]), tx = I(f[6]), n = I(f[7]);
            double reference = P(f[9]);
            double value = f[0] switch
            {
                "loglik" => model.LogLikelihood(x, tx, n),
                "p_alive" => model.ProbabilityAlive(x, tx, n),
                _ => model.ExpectedPurchases(I(f[8]), x, tx, n),
            };
            bool ok = f[0] == "loglik"
                ? double.IsFinite(value) && Math.Abs(value - reference) <= Tolerance * Math.Max(1, Math.Abs(reference))
                : double.IsFinite(value) && value >= 0 && (reference < 1e-300
                    ? value < 1e-290
                    : Math.Abs(value - reference) <= Tolerance * reference);
            compared++;
            if (!ok)
            {
                failures.Add(string.Join(',', f) + $" -> {value:R} (rel {Math.Abs(value - reference) / Math.Abs(reference):G3})");
            }
        }

        Assert.True(compared > 0);
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared}:\n" + string.Join('\n', failures.Take(60)));
    }
}
