using System.Globalization;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;

namespace CustomerValue.Tests.Cli;

/// <summary>
/// Issue 12, item 5: <c>fit</c> and <c>predict</c> for BG/BB (a summary of discrete opportunities) and sBG (a cohort's
/// survivor counts), and the <c>expected_purchases_new_customer</c> column. Fitted parameters are the published ones;
/// predictions agree per row with the library.
/// </summary>
public sealed class DiscreteModelCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-discrete-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Output, string Error) Run(params string[] args) => ModelCommandTests.Run(args);

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Bgbb_fits_the_donations_to_the_published_parameters_and_predicts_every_pattern()
    {
        string model = Path.Combine(_dir, "bgbb.json");
        var (code, _, error) = Run("fit", "--model", "bgbb", "--summary", TestFiles.Path("donations.csv"), "--time-unit", "year", "--output", model);
        Assert.True(code == 0, error);
        Assert.StartsWith("bgbb (years, donations.csv): alpha=1.20", error, StringComparison.Ordinal);
        var document = LifetimeModelJson.ReadFile(model);
        // Fader, Hardie & Shang (2010): alpha 1.204, beta 0.750, gamma 0.657, delta 2.783.
        Assert.Equal(1.204, document.Parameter("alpha"), 3);
        Assert.Equal(0.750, document.Parameter("beta"), 3);
        Assert.Equal(0.657, document.Parameter("gamma"), 3);
        Assert.Equal(2.783, document.Parameter("delta"), 3);
        Assert.True(document.Fit!.Converged);

        var predicted = Run("predict", "--model", model, "--summary", TestFiles.Path("donations.csv"), "--horizon", "5");
        Assert.True(predicted.Code == 0, predicted.Error);
        Assert.Contains("predict: 22 rows with the bgbb model over 5 opportunities", predicted.Error, StringComparison.Ordinal);
        var lines = predicted.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("frequency,recency,periods,weights,p_alive,expected_purchases,expected_purchases_new_customer", lines[0]);
        Assert.Equal(23, lines.Length);
        var library = LifetimeModelFactory.CreateBgBbModel(document);
        foreach (var cells in lines.Skip(1).Select(l => l.Split(',')))
        {
            int x = int.Parse(cells[0], CultureInfo.InvariantCulture), tx = int.Parse(cells[1], CultureInfo.InvariantCulture), n = int.Parse(cells[2], CultureInfo.InvariantCulture);
            Assert.Equal(library.ProbabilityAlive(x, tx, n), D(cells[4]));
            Assert.Equal(library.ExpectedPurchases(5, x, tx, n), D(cells[5]));
            Assert.Equal(library.ExpectedPurchasesNewCustomer(n), D(cells[6]));
            Assert.InRange(D(cells[4]), 0, 1);
        }
    }

    [Fact]
    public void Sbg_fits_survivor_counts_to_the_published_parameters_and_projects_survival()
    {
        // Fader & Hardie (2007), "regular" customers: alpha 0.704, beta 1.182.
        string counts = Path.Combine(_dir, "regular.csv");
        File.WriteAllText(counts, "period,active\n0,1000\n1,631\n2,468\n3,382\n4,326\n5,289\n6,262\n7,241\n");
        string model = Path.Combine(_dir, "sbg.json");
        var (code, _, error) = Run("fit", "--model", "sbg", "--summary", counts, "--time-unit", "year", "--output", model);
        Assert.True(code == 0, error);
        var document = LifetimeModelJson.ReadFile(model);
        Assert.Equal(0.704, document.Parameter("alpha"), 3);
        Assert.Equal(1.182, document.Parameter("beta"), 3);

        var predicted = Run("predict", "--model", model, "--horizon", "12");
        Assert.True(predicted.Code == 0, predicted.Error);
        var lines = predicted.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("period,survival,retention_rate,churn_probability", lines[0]);
        Assert.Equal(14, lines.Length);
        Assert.Equal("0,1,,", lines[1]);
        var library = LifetimeModelFactory.CreateShiftedBetaGeometricModel(document);
        double previous = 1;
        foreach (var cells in lines.Skip(2).Select(l => l.Split(',')))
        {
            int t = int.Parse(cells[0], CultureInfo.InvariantCulture);
            Assert.Equal(library.Survival(t), D(cells[1]));
            Assert.Equal(library.RetentionRate(t), D(cells[2]));
            Assert.Equal(library.ChurnProbability(t), D(cells[3]));
            Assert.True(D(cells[1]) <= previous);
            previous = D(cells[1]);
        }

        // Fitted on 7 renewals, the projection to 12 lies close to what the data later showed: 173 of 1,000 active.
        Assert.InRange(D(lines[^1].Split(',')[1]), 0.15, 0.19);
    }

    [Theory]
    [InlineData("fractional-horizon")]
    [InlineData("no-summary")]
    [InlineData("spend-model")]
    [InlineData("no-active-column")]
    public void Bad_discrete_input_gives_one_clear_error(string problem)
    {
        string sbg = Path.Combine(_dir, "s.json");
        File.WriteAllText(sbg, """{"model": "sbg", "timeUnit": "year", "parameters": {"alpha": 0.7, "beta": 1.2}}""");
        string bgbb = Path.Combine(_dir, "b.json");
        File.WriteAllText(bgbb, """{"model": "bgbb", "timeUnit": "year", "parameters": {"alpha": 1.2, "beta": 0.75, "gamma": 0.66, "delta": 2.8}}""");
        string bad = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(bad, "period,count\n0,1000\n1,600\n");
        string[] args = problem switch
        {
            "fractional-horizon" => ["predict", "--model", sbg, "--horizon", "2.5"],
            "no-summary" => ["predict", "--model", bgbb, "--horizon", "3"],
            "spend-model" => ["predict", "--model", bgbb, "--spend-model", sbg, "--summary", TestFiles.Path("donations.csv"), "--horizon", "3"],
            _ => ["fit", "--model", "sbg", "--summary", bad],
        };
        string expected = problem switch
        {
            "fractional-horizon" => "--horizon: the sbg model counts whole renewal periods",
            "no-summary" => "--summary: predict with a bgbb model needs",
            "spend-model" => "--spend-model and --intervals apply to bgnbd, mbgnbd and pnbd",
            _ => "bad.csv: line 1: no 'active' column",
        };
        var (code, output, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void New_customer_column_is_the_models_expectation_for_a_customer_acquired_now()
    {
        string model = Path.Combine(_dir, "bg.json");
        File.WriteAllText(model, """{"model": "bgnbd", "timeUnit": "week", "parameters": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}}""");
        var (code, output, error) = Run("predict", "--sample", "--model", model, "--horizon", "39", "--new-customer");
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customer_id,p_alive,expected_purchases,expected_purchases_new_customer", lines[0]);
        double expected = new BgNbdModel(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), TimeUnit.Week).ExpectedPurchasesNewCustomer(39);
        Assert.All(lines.Skip(1), l => Assert.Equal(expected, D(l.Split(',')[3])));
        // A customer with no history (x = t_x = T = 0) is a new customer.
        Assert.Equal(expected, new BgNbdModel(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), TimeUnit.Week).ExpectedPurchases(39, 0, 0, 0), 12);
    }

    [Fact]
    public void Purchase_count_columns_are_the_conditional_probabilities_of_the_library()
    {
        string model = Path.Combine(_dir, "pnbd.json");
        File.WriteAllText(model, """{"model": "pnbd", "timeUnit": "week", "parameters": {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}}""");
        var (code, output, error) = Run("predict", "--model", model, "--summary", TestFiles.Path("cdnow_customers_summary.csv"), "--horizon", "39", "--purchase-counts", "0,1,5");
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customer_id,p_alive,expected_purchases,p_purchases_0,p_purchases_1,p_purchases_5", lines[0]);
        var library = new ParetoNbdModel(ParetoNbdParameters.Create(0.553, 10.578, 0.606, 11.669), TimeUnit.Week);
        var summary = TestFiles.Csv("cdnow_customers_summary.csv").ToArray();
        Assert.Equal(summary.Length, lines.Length - 1);
        for (int i = 0; i < summary.Length; i += 97)
        {
            var cells = lines[i + 1].Split(',');
            double x = D(summary[i][1]), tx = D(summary[i][2]), t = D(summary[i][3]);
            Assert.Equal(library.ConditionalProbabilityOfPurchases(0, 39, x, tx, t), D(cells[3]));
            Assert.Equal(library.ConditionalProbabilityOfPurchases(1, 39, x, tx, t), D(cells[4]));
            Assert.Equal(library.ConditionalProbabilityOfPurchases(5, 39, x, tx, t), D(cells[5]));
        }

        var bad = Run("predict", "--model", model, "--horizon", "39", "--purchase-counts", "1,-2");
        Assert.Equal(2, bad.Code);
        Assert.Contains("--purchase-counts: '-2' is not a whole number", bad.Error, StringComparison.Ordinal);
    }
}
