using System.Globalization;
using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime;

/// <summary>
/// Issue 12, item 1: sBG (survival, churn probability, discounted expected residual lifetime) and Gamma-Gamma (expected
/// spend) against 50-digit mpmath values across the parameter grid 1e-3..1e3 and extreme customers (periods to 1e5,
/// x to 1e5, mean spend to 1e5).
/// </summary>
/// <remarks>
/// Expected values: <c>TestData/sbg_gg_grid_reference.csv</c>, made by <c>generate_sbg_gg_grid.py</c> from the defining
/// forms (survival as a ratio of beta functions, churn as the difference of two survivals, DERL summed term by term,
/// spend as the posterior mean with gamma functions), not from the forms the library uses.
/// </remarks>
public sealed class SbgGammaGammaGridReferenceTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void The_reference_covers_the_grid_and_the_extreme_customers()
    {
        var rows = TestFiles.Csv("sbg_gg_grid_reference.csv").ToList();
        Assert.Equal(25 * (6 * 2 + 3) + 3 * 4 * 3 * (1 + 3 * 3), rows.Count);
        Assert.Contains(rows, f => f[0] == "survival" && f[1] == "0.001" && f[4] == "100000");
        Assert.Contains(rows, f => f[0] == "derl" && f[2] == "1000.0" && f[5] == "1000");
        Assert.Contains(rows, f => f[0] == "spend" && f[2] == "1.001" && f[4] == "100000");
    }

    [Fact]
    public void Every_value_matches_the_50_digit_reference()
    {
        var failures = new List<string>();
        int compared = 0;
        foreach (var f in TestFiles.Csv("sbg_gg_grid_reference.csv"))
        {
            static double P(string s) => double.Parse(s, CultureInfo.InvariantCulture);
            double reference = P(f[6]);
            double value;
            if (f[0] == "spend")
            {
                value = new GammaGammaModel(GammaGammaParameters.Create(P(f[1]), P(f[2]), P(f[3]))).ExpectedSpend(P(f[4]), P(f[5]));
            }
            else
            {
                var model = new ShiftedBetaGeometricModel(ShiftedBetaGeometricParameters.Create(P(f[1]), P(f[2])));
                value = f[0] switch
                {
                    "survival" => model.Survival(int.Parse(f[4], CultureInfo.InvariantCulture)),
                    "churn" => model.ChurnProbability(int.Parse(f[4], CultureInfo.InvariantCulture)),
                    _ => model.DiscountedExpectedResidualLifetime(P(f[4]), int.Parse(f[5], CultureInfo.InvariantCulture)),
                };
            }

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
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared}:\n" + string.Join('\n', failures.Take(60)));
    }
}
