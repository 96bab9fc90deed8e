using System.Globalization;
using CustomerValue.Cli;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;

namespace CustomerValue.Tests.Cli;

/// <summary>The <c>fit</c> and <c>predict</c> commands, called in-process.</summary>
public sealed class ModelCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-model-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Fit_bgnbd_on_the_sample_writes_the_published_parameters_and_a_readable_line()
    {
        string model = Path.Combine(_dir, "bg.json");
        var (code, output, error) = Run("fit", "--sample", "--model", "bgnbd", "--output", model);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("bgnbd (weeks, CDNOW sample): r=0.24259", error, StringComparison.Ordinal);
        Assert.Contains("converged", error, StringComparison.Ordinal);
        var document = LifetimeModelJson.ReadFile(model);
        Assert.Equal("bgnbd", document.Model);
        Assert.Equal(TimeUnit.Week, document.TimeUnit);
        Assert.Equal(0.243, document.Parameter("r"), 3);
        Assert.Equal(4.414, document.Parameter("alpha"), 3);
        Assert.Equal(0.793, document.Parameter("a"), 3);
        Assert.Equal(2.426, document.Parameter("b"), 3);
        Assert.Equal(-9582.4, document.Fit!.LogLikelihood, 0.05);
        Assert.True(document.Fit.Converged);
        Assert.Equal(2357, document.Fit.Customers);
        Assert.NotNull(document.Covariance);
        Assert.Matches("^sha256:[0-9a-f]{64}$", document.DataFingerprint);
    }

    [Fact]
    public void Fit_reads_a_summary_file_and_without_output_writes_json_to_stdout_and_the_line_to_stderr()
    {
        var (code, output, error) = Run("fit", "--model", "mbgnbd", "--summary", TestFiles.Path("cdnow_customers_summary.csv"), "--time-unit", "week");
        Assert.Equal(0, code);
        var document = LifetimeModelJson.Parse(output);
        Assert.Equal("mbgnbd", document.Model);
        Assert.Equal(0.525, document.Parameter("r"), 2);
        Assert.StartsWith("mbgnbd (weeks, cdnow_customers_summary.csv)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_pnbd_gives_the_published_parameters_and_predict_the_published_25_46_purchases()
    {
        string model = Path.Combine(_dir, "pnbd.json");
        Assert.Equal(0, Run("fit", "--sample", "--model", "pnbd", "--output", model).Code);
        var document = LifetimeModelJson.ReadFile(model);
        Assert.Equal(["r", "alpha", "s", "beta"], document.Parameters.Select(p => p.Key));
        Assert.Equal(0.553, document.Parameter("r"), 3);
        Assert.Equal(10.578, document.Parameter("alpha"), 3);
        Assert.Equal(0.606, document.Parameter("s"), 3);
        Assert.Equal(11.669, document.Parameter("beta"), 2);
        Assert.Equal(-9595.0, document.Fit!.LogLikelihood, 0.05);

        // Fader & Hardie (2005 note): x = 26, t_x = 30.86, T = 31 expects 25.46 purchases in the next 52 weeks.
        string summary = Write("heavy.csv", "customer_id,frequency,recency,T\nh,26,30.86,31\n");
        var (code, output, _) = Run("predict", "--model", model, "--summary", summary, "--horizon", "52");
        Assert.Equal(0, code);
        Assert.Equal(25.46, double.Parse(output.Split('\n')[1].Split(',')[2], CultureInfo.InvariantCulture), 2);
    }

    [Fact]
    public void Predict_with_a_hand_written_model_scores_every_sample_customer()
    {
        string model = Write("hand.json", """{"model": "bgnbd", "timeUnit": "week", "parameters": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}}""");
        string csv = Path.Combine(_dir, "p.csv");
        var (code, _, error) = Run("predict", "--sample", "--model", model, "--horizon", "39", "--output", csv);
        Assert.Equal(0, code);
        Assert.Equal($"customer-value: predict: 2,357 customers from the CDNOW sample with the bgnbd model over 39 weeks; wrote {csv}.\n", error.Replace("\r", string.Empty, StringComparison.Ordinal));
        var lines = File.ReadAllLines(csv);
        Assert.Equal("customer_id,p_alive,expected_purchases", lines[0]);
        Assert.Equal(2358, lines.Length);
        var first = lines[1].Split(',');
        Assert.Equal("1", first[0]);
        // Fader, Hardie & Lee (2005): customer x = 2, t_x = 30.43, T = 38.86 — P(alive) 0.7266, E[Y(39)] = 1.226.
        Assert.Equal(0.7266, double.Parse(first[1], CultureInfo.InvariantCulture), 3);
        Assert.Equal(1.226, double.Parse(first[2], CultureInfo.InvariantCulture), 3);
    }

    [Fact]
    public void Predict_converts_a_summary_written_in_days_to_the_weekly_model()
    {
        string model = Write("hand.json", """{"model": "bgnbd", "timeUnit": "week", "parameters": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}}""");
        string summary = Write("days.csv", "customer_id,frequency,recency,T\nx,2,213.01,272.02\n");
        var (code, output, _) = Run("predict", "--model", model, "--summary", summary, "--time-unit", "day", "--horizon", "39");
        Assert.Equal(0, code);
        var row = output.Split('\n')[1].Split(',');
        Assert.Equal(0.7266, double.Parse(row[1], CultureInfo.InvariantCulture), 3);
    }

    [Fact]
    public void Fit_gg_then_predict_with_a_spend_model_adds_expected_spend_and_a_discounted_clv()
    {
        string bg = Path.Combine(_dir, "bg.json"), gg = Path.Combine(_dir, "gg.json");
        Assert.Equal(0, Run("fit", "--sample", "--model", "bgnbd", "--output", bg).Code);
        var (code, _, error) = Run("fit", "--sample", "--model", "gg", "--output", gg);
        Assert.Equal(0, code);
        Assert.Contains("946 customers", error, StringComparison.Ordinal);
        var spend = LifetimeModelJson.ReadFile(gg);
        Assert.Equal(6.25, spend.Parameter("p"), 2);
        Assert.Equal(3.74, spend.Parameter("q"), 2);
        Assert.Equal(15.44, spend.Parameter("gamma"), 2);

        var plain = Rows(Run("predict", "--sample", "--model", bg, "--spend-model", gg, "--horizon", "52").Output);
        var discounted = Rows(Run("predict", "--sample", "--model", bg, "--spend-model", gg, "--horizon", "52", "--discount-rate", "0.1", "--discount-period", "year").Output);
        Assert.Equal("customer_id,p_alive,expected_purchases,expected_spend,clv", plain[0]);
        Assert.Equal(2358, plain.Length);
        for (int i = 1; i < plain.Length; i += 97)
        {
            var p = plain[i].Split(',').Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var d = discounted[i].Split(',').Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(p[1] * p[2], p[3], p[3] * 1e-12);
            Assert.True(d[3] < p[3] && d[3] > p[3] * 0.93, $"row {i}: discounted {d[3]} vs {p[3]}");
        }

        var withIntervals = Rows(Run("predict", "--sample", "--model", bg, "--spend-model", gg, "--horizon", "52", "--intervals", "--level", "0.9").Output);
        Assert.Equal("customer_id,p_alive,expected_purchases,expected_spend,clv,p_alive_lower,p_alive_upper,expected_purchases_lower,expected_purchases_upper,clv_lower,clv_upper", withIntervals[0]);
        foreach (var row in withIntervals.Skip(1))
        {
            var v = row.Split(',').Skip(1).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            Assert.InRange(v[0], v[4], v[5]);
            Assert.InRange(v[1], v[6], v[7]);
            Assert.InRange(v[3], v[8], v[9]);
            Assert.True(v[4] >= 0 && v[5] <= 1 && v[9] > v[8]);
        }
    }

    [Theory]
    [InlineData("missing-model")]
    [InlineData("bad-json")]
    [InlineData("unknown-model")]
    [InlineData("negative-parameter")]
    [InlineData("recency-after-T")]
    [InlineData("missing-summary")]
    [InlineData("negative-horizon")]
    [InlineData("negative-discount")]
    [InlineData("repeat-model-as-spend-model")]
    [InlineData("intervals-without-covariance")]
    [InlineData("discrete-model")]
    public void Bad_input_gives_a_non_zero_exit_code_and_one_clear_line_on_stderr(string problem)
    {
        string good = Write("good.json", """{"model": "bgnbd", "timeUnit": "week", "parameters": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}}""");
        string[] args = problem switch
        {
            "missing-model" => ["predict", "--model", Path.Combine(_dir, "none.json"), "--horizon", "10"],
            "bad-json" => ["predict", "--model", Write("bad.json", "{\"model\": \"bgnbd\", "), "--horizon", "10"],
            "unknown-model" => ["predict", "--model", Write("u.json", """{"model": "weibull", "timeUnit": "week", "parameters": {}}"""), "--horizon", "10"],
            "negative-parameter" => ["predict", "--model", Write("n.json", """{"model": "bgnbd", "timeUnit": "week", "parameters": {"r": 0.243, "alpha": -4.414, "a": 0.793, "b": 2.426}}"""), "--horizon", "10"],
            "recency-after-T" => ["predict", "--model", good, "--summary", Write("s.csv", "customer_id,frequency,recency,T\na,1,5,3\n"), "--time-unit", "week", "--horizon", "10"],
            "missing-summary" => ["fit", "--model", "bgnbd", "--summary", Path.Combine(_dir, "none.csv")],
            "negative-horizon" => ["predict", "--model", good, "--horizon", "-1"],
            "negative-discount" => ["predict", "--model", good, "--horizon", "5", "--discount-rate", "-0.1"],
            "intervals-without-covariance" => ["predict", "--sample", "--model", good, "--horizon", "5", "--intervals"],
            "discrete-model" => ["predict", "--sample", "--model", Write("sbg.json", """{"model": "sbg", "timeUnit": "year", "parameters": {"alpha": 0.7, "beta": 1.2}}"""), "--horizon", "5", "--intervals"],
            _ => ["predict", "--model", good, "--spend-model", good, "--horizon", "5"],
        };
        string[] expected = problem switch
        {
            "missing-model" => ["none.json", "does not exist"],
            "bad-json" => ["bad.json", "not valid JSON"],
            "unknown-model" => ["field 'model'", "unknown model 'weibull'"],
            "negative-parameter" => ["field 'parameters.alpha'", "> 0"],
            "recency-after-T" => ["customer 'a'", "recency"],
            "missing-summary" => ["none.csv", "does not exist"],
            "negative-horizon" => ["--horizon"],
            "negative-discount" => ["--discount-rate"],
            "intervals-without-covariance" => ["--intervals", "good.json", "no covariance"],
            "discrete-model" => ["--model", "sbg model", "apply to bgnbd, mbgnbd and pnbd"],
            _ => ["--spend-model", "not a spend model"],
        };

        var (code, _, error) = Run(args);
        Assert.NotEqual(0, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("customer-value: error: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", lines[0], StringComparison.Ordinal);
        foreach (var part in expected)
        {
            Assert.Contains(part, lines[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_model_name_on_fit_is_refused_by_the_parser()
    {
        var (code, _, error) = Run("fit", "--model", "weibull", "--output", Path.Combine(_dir, "x.json"));
        Assert.NotEqual(0, code);
        Assert.Contains("weibull", error, StringComparison.Ordinal);
    }

    private static string[] Rows(string csv) => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Predict_on_many_customers_writes_every_row_in_order_as_the_library_computes_it()
    {
        // 70,001 simulated customers with continuous recency and T: nine output chunks in three batches (formatted on
        // every core while the previous batch is written), the file and standard output. Every row must be the
        // customer's own, in input order, with the library's P(alive) and E[Y(39)] to the last bit (round-trip text).
        var truth = BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426);
        var data = CustomerValue.Tests.Lifetime.BgNbdSimulator.Simulate(truth, 70_001, 3);
        var csv = new System.Text.StringBuilder("customer_id,frequency,recency,T\n");
        for (int i = 0; i < data.Count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{data.CustomerIds[i]},{data.Frequency[i]:R},{data.Recency[i]:R},{data.Age[i]:R}\n");
        }

        string summary = Write("many.csv", csv.ToString());
        string model = Write("many.json", """{"model": "bgnbd", "timeUnit": "week", "parameters": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}}""");
        string output = Path.Combine(_dir, "many-out.csv");
        Assert.Equal(0, Run("predict", "--model", model, "--summary", summary, "--horizon", "39", "--output", output).Code);
        var (code, stdout, _) = Run("predict", "--model", model, "--summary", summary, "--horizon", "39");
        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(output), stdout.Replace("\r", string.Empty, StringComparison.Ordinal));

        var library = new BgNbdModel(truth, TimeUnit.Week);
        var lines = File.ReadAllLines(output);
        Assert.Equal(data.Count + 1, lines.Length);
        for (int i = 0; i < data.Count; i++)
        {
            var cells = lines[i + 1].Split(',');
            Assert.Equal(data.CustomerIds[i], cells[0]);
            double x = data.Frequency[i], tx = data.Recency[i], t = data.Age[i];
            Assert.Equal(library.ProbabilityAlive(x, tx, t), double.Parse(cells[1], CultureInfo.InvariantCulture), 1e-13);
            Assert.Equal(library.ExpectedPurchases(39, x, tx, t), double.Parse(cells[2], CultureInfo.InvariantCulture), 1e-12);
        }
    }

    internal static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
