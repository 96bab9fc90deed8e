using System.Globalization;
using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime.Value;

/// <summary>
/// Issue 12, item 5: the recipe of docs/clv.md ("Migrating from lifetimes") reproduces lifetimes'
/// <c>customer_lifetime_value(bgf, x, t_x, T, m, time=12, discount_rate=0.01, freq='W')</c> — 12 monthly steps of
/// 4.345 weeks, each step's expected purchases discounted by 1.01^−k — to 1e-9, per CDNOW customer, in the library and
/// at the command line.
/// </summary>
/// <remarks>
/// Expected values: <c>TestData/lifetimes/clv_reference.csv</c>, computed by lifetimes 0.11.3 itself
/// (<c>clv_reference.py</c>, run once with Debian's numpy/scipy/pandas) with the same fixed parameters as here.
/// </remarks>
public sealed class LifetimesClvRecipeTests
{
    private const double Step = 4.345;

    private static readonly BgNbdModel Purchases = new(BgNbdParameters.Create(0.242593, 4.413603, 0.792919, 2.425943), TimeUnit.Week);
    private static readonly GammaGammaModel Spend = new(GammaGammaParameters.Create(6.24882, 3.74428, 15.44385));

    /// <summary>The recipe: horizon = months × 4.345 weeks, discrete periods of 4.345 weeks, the monthly rate d as (1 + d)^(1/4.345) − 1 a week.</summary>
    internal static LifetimeValueOptions Recipe(int months, double monthlyRate) =>
        LifetimeValueOptions.Create(months * Step, DiscountRate.Create(Math.Pow(1 + monthlyRate, 1 / Step) - 1, TimeUnit.Week), DiscountingMethod.Discrete, Step, 1);

    [Theory]
    [InlineData(12, 0.01, 1)]
    [InlineData(3, 0.1, 2)]
    public void The_recipe_matches_lifetimes_for_every_cdnow_customer(int months, double rate, int column)
    {
        var calculator = new CustomerLifetimeValueCalculator(Purchases, Spend, Recipe(months, rate));
        var reference = TestFiles.Csv("lifetimes/clv_reference.csv").ToDictionary(f => f[0], f => double.Parse(f[column], CultureInfo.InvariantCulture));
        int compared = 0;
        double worst = 0;
        foreach (var f in TestFiles.Csv("cdnow_customers_summary_with_transactions.csv"))
        {
            double x = double.Parse(f[1], CultureInfo.InvariantCulture), tx = double.Parse(f[2], CultureInfo.InvariantCulture);
            double t = double.Parse(f[3], CultureInfo.InvariantCulture), m = double.Parse(f[4], CultureInfo.InvariantCulture);
            double clv = calculator.LifetimeValue(x, tx, t, m);
            double expected = reference[f[0]];
            worst = Math.Max(worst, Math.Abs(clv - expected) / expected);
            compared++;
        }

        Assert.Equal(2357, compared);
        Assert.True(worst <= 1e-9, $"worst relative difference {worst:G3}");
    }

    [Fact]
    public void The_recipe_at_the_command_line_matches_lifetimes()
    {
        using var dir = new TempDirectory();
        string bg = Path.Combine(dir.Path, "bg.json"), gg = Path.Combine(dir.Path, "gg.json");
        File.WriteAllText(bg, """{"model": "bgnbd", "timeUnit": "week", "parameters": {"r": 0.242593, "alpha": 4.413603, "a": 0.792919, "b": 2.425943}}""");
        File.WriteAllText(gg, """{"model": "gg", "timeUnit": "week", "parameters": {"p": 6.24882, "q": 3.74428, "gamma": 15.44385}}""");
        string weekly = (Math.Pow(1.01, 1 / Step) - 1).ToString("R", CultureInfo.InvariantCulture);
        var (code, output, error) = Cli.ModelCommandTests.Run(
            "predict", "--model", bg, "--spend-model", gg, "--summary", TestFiles.Path("cdnow_customers_summary_with_transactions.csv"),
            "--horizon", "52.14", "--period-length", "4.345", "--discount-rate", weekly, "--discount-period", "week");
        Assert.True(code == 0, error);
        var reference = TestFiles.Csv("lifetimes/clv_reference.csv").ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(2357, rows.Length);
        Assert.All(rows, r => Assert.True(Math.Abs(double.Parse(r[4], CultureInfo.InvariantCulture) - reference[r[0]]) <= 1e-9 * reference[r[0]], string.Join(',', r)));
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("cv-clv-recipe-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
