using System.Globalization;
using System.Text;
using CustomerValue.Lifetime.Serialization;

namespace CustomerValue.Tests.Cli;

/// <summary>
/// Issue 12, item 2 at the command line: <c>fit</c> exits 3 with the diagnostics in the file when a fit is not converged
/// or degenerate; <c>predict</c>, <c>score</c>, <c>warn</c> and <c>report</c> refuse such a file unless
/// <c>--accept-unconverged</c>; interval cells are empty (never NaN) when the delta method cannot be used; degenerate
/// data gives an honest result or one clear error for every model.
/// </summary>
public sealed class FitHonestyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-fit-honesty-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Output, string Error) Run(params string[] args) => ModelCommandTests.Run(args);

    /// <summary>A summary CSV from (frequency, recency, T, monetary value) rows.</summary>
    private string Summary(string name, IEnumerable<(double X, double Tx, double T, double M)> rows)
    {
        var text = new StringBuilder("customer_id,frequency,recency,T,monetary_value\n");
        int i = 0;
        foreach (var (x, tx, t, m) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"c{i++},{x},{tx},{t},{m}\n");
        }

        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>The five kinds of degenerate data of the issue.</summary>
    private string DegenerateData(string kind) => kind switch
    {
        "one-customer" => Summary(kind + ".csv", [(3, 20, 30, 25.5)]),
        "identical" => Summary(kind + ".csv", Enumerable.Repeat((2.0, 10.0, 20.0, 30.0), 100)),
        "all-one-time" => Summary(kind + ".csv", Enumerable.Range(1, 100).Select(i => (0.0, 0.0, (double)i, 0.0))),
        "t-zero" => Summary(kind + ".csv", Enumerable.Repeat((0.0, 0.0, 0.0, 0.0), 50)),
        "huge-frequency" => Summary(kind + ".csv", Enumerable.Range(0, 200).Select(i => (100000.0 + i, 50 + (i % 7 / 4.0), 52 + (i % 5 / 3.0), 10.0 + i))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Fact]
    public void Online_retail_to_2011_06_30_is_diagnosed_in_words_with_null_standard_errors_and_empty_intervals()
    {
        // The case: BG/NBD on Online Retail calibrated to 2011-06-30 runs to a → 0 (no drop-out in six months of
        // data); before, every standard error was dropped silently and predict --intervals wrote NaN in every interval cell.
        string summary = Path.Combine(_dir, "retail.csv");
        var (sumCode, _, sumError) = Run("summarize", "--transactions", TestFiles.Path("online_retail.csv.gz"), "--customer-column", "CustomerID",
            "--date-column", "InvoiceDate", "--quantity-column", "Quantity", "--price-column", "UnitPrice", "--on-error", "report",
            "--calibration-end", "2011-06-30", "--output", summary);
        Assert.True(sumCode == 0, sumError);
        string model = Path.Combine(_dir, "retail-bg.json");
        var (code, _, error) = Run("fit", "--model", "bgnbd", "--summary", summary, "--output", model);

        Assert.Equal(3, code);
        Assert.Contains("predict, score and warn refuse it without --accept-unconverged", error, StringComparison.Ordinal);
        Assert.Contains("a → 0", error, StringComparison.Ordinal);
        var document = LifetimeModelJson.ReadFile(model);
        Assert.True(document.Fit!.Degenerate);
        Assert.Contains(document.Fit.Diagnostics, d => d.StartsWith("a → 0", StringComparison.Ordinal) && d.Contains("no sign of drop-out", StringComparison.Ordinal));
        Assert.Contains(document.Fit.Diagnostics, d => d.StartsWith("standard errors unavailable:", StringComparison.Ordinal));
        Assert.True(document.Parameter("a") < 1e-4);
        string json = File.ReadAllText(model);
        Assert.Contains("\"r\": null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);

        // Refused without the flag, with the diagnostics in the message.
        var refused = Run("predict", "--model", model, "--summary", summary, "--horizon", "26");
        Assert.Equal(2, refused.Code);
        Assert.Contains("a → 0", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--accept-unconverged", refused.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.Output);

        // Accepted with it; the interval cells are empty and stderr says why.
        var accepted = Run("predict", "--model", model, "--summary", summary, "--horizon", "26", "--intervals", "--accept-unconverged");
        Assert.Equal(0, accepted.Code);
        Assert.Contains("the delta method could not give intervals for 2,960 of 2,960 customers", accepted.Error, StringComparison.Ordinal);
        var lines = accepted.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2961, lines.Length);
        Assert.DoesNotContain("NaN", accepted.Output, StringComparison.Ordinal);
        foreach (string line in lines.Skip(1))
        {
            var cells = line.Split(',');
            Assert.Equal(7, cells.Length);
            Assert.InRange(double.Parse(cells[1], CultureInfo.InvariantCulture), 0, 1);
            Assert.True(double.Parse(cells[2], CultureInfo.InvariantCulture) >= 0);
            Assert.All(cells.Skip(3), c => Assert.Equal(string.Empty, c));
        }
    }

    [Fact]
    public void Predict_score_warn_and_report_refuse_an_unconverged_model_and_accept_it_with_the_flag()
    {
        // Customers with T = 0 carry no information: the fit is written, exit 3, "not converged".
        string model = Path.Combine(_dir, "t0.json");
        var (code, _, error) = Run("fit", "--model", "bgnbd", "--summary", DegenerateData("t-zero"), "--output", model);
        Assert.Equal(3, code);
        Assert.Contains("did not converge", error, StringComparison.Ordinal);
        var fit = LifetimeModelJson.ReadFile(model).Fit!;
        Assert.False(fit.Converged);
        Assert.NotEmpty(fit.Diagnostics);

        string html = Path.Combine(_dir, "r.html");
        string[][] commands =
        [
            ["predict", "--sample", "--model", model, "--horizon", "39"],
            ["score", "--sample", "--as-of", "1997-09-30", "--model", model],
            ["warn", "--sample", "--as-of", "1997-09-30", "--model", model],
            ["report", "--sample", "--model", model, "--output", html],
        ];
        foreach (var command in commands)
        {
            var refused = Run(command);
            Assert.True(refused.Code == 2, $"{command[0]}: {refused.Error}");
            Assert.StartsWith("customer-value: error: ", refused.Error, StringComparison.Ordinal);
            Assert.Contains("did not converge", refused.Error, StringComparison.Ordinal);
            Assert.Contains("--accept-unconverged", refused.Error, StringComparison.Ordinal);
            Assert.Equal(string.Empty, refused.Output);
            Assert.False(File.Exists(html));

            var accepted = Run([.. command, "--accept-unconverged"]);
            Assert.True(accepted.Code == 0, $"{command[0]} --accept-unconverged: {accepted.Error}");
            Assert.DoesNotContain("NaN", accepted.Output, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(html));
    }

    [Fact]
    public void A_converged_fit_exits_0_and_its_file_has_an_empty_diagnostics_list()
    {
        string model = Path.Combine(_dir, "bg.json");
        Assert.Equal(0, Run("fit", "--model", "bgnbd", "--output", model).Code);
        var fit = LifetimeModelJson.ReadFile(model).Fit!;
        Assert.True(fit.Converged);
        Assert.False(fit.Degenerate);
        Assert.Empty(fit.Diagnostics);
        Assert.Contains("\"diagnostics\": []", File.ReadAllText(model), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> DegenerateCases()
    {
        var data = new TheoryData<string, string>();
        foreach (string model in new[] { "bgnbd", "mbgnbd", "pnbd", "gg" })
        {
            foreach (string kind in new[] { "one-customer", "identical", "all-one-time", "t-zero", "huge-frequency" })
            {
                data.Add(model, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DegenerateCases))]
    public void Degenerate_data_gives_an_honest_result_or_one_clear_error(string modelName, string kind)
    {
        string summary = DegenerateData(kind);
        string model = Path.Combine(_dir, modelName + "-" + kind + ".json");
        var (code, output, error) = Run("fit", "--model", modelName, "--summary", summary, "--time-unit", "week", "--output", model);
        Assert.Equal(string.Empty, output);
        switch (code)
        {
            case 0:
                // Honest success: converged, not degenerate, no diagnostics.
                var good = LifetimeModelJson.ReadFile(model).Fit!;
                Assert.True(good.Converged && !good.Degenerate, error);
                Assert.Empty(good.Diagnostics);
                break;
            case 3:
                // Written, with the reasons in the file and on stderr.
                var bad = LifetimeModelJson.ReadFile(model).Fit!;
                Assert.False(bad.Converged && !bad.Degenerate);
                Assert.NotEmpty(bad.Diagnostics);
                Assert.All(bad.Diagnostics, d => Assert.Contains("customer-value: fit: " + d, error, StringComparison.Ordinal));
                Assert.True(double.IsFinite(bad.LogLikelihood), "the log-likelihood in the file is finite");
                break;
            case 2:
                // A clear error, one line, and no file.
                Assert.StartsWith("customer-value: error: ", error, StringComparison.Ordinal);
                Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.False(File.Exists(model));
                return;
            default:
                Assert.Fail($"exit code {code}: {error}");
                return;
        }

        string json = File.ReadAllText(model);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", json, StringComparison.Ordinal);
        var document = LifetimeModelJson.ReadFile(model);
        Assert.All(document.Parameters, p => Assert.InRange(p.Value, 1e-10, 1e10));

        // Whatever was written can be used with --accept-unconverged and gives finite, valid numbers, or is refused
        // with a reason (a spend model whose expected spend is undefined).
        string repeat = modelName == "gg" ? Path.Combine(_dir, "cdnow-bg.json") : model;
        if (modelName == "gg")
        {
            Assert.Equal(0, Run("fit", "--model", "bgnbd", "--output", repeat).Code);
        }

        string[] args = modelName == "gg"
            ? ["predict", "--model", repeat, "--spend-model", model, "--summary", summary, "--horizon", "52", "--accept-unconverged"]
            : ["predict", "--model", model, "--summary", summary, "--horizon", "52", "--accept-unconverged"];
        var predicted = Run(args);
        if (predicted.Code == 2)
        {
            Assert.StartsWith("customer-value: error: ", predicted.Error, StringComparison.Ordinal);
            Assert.Contains("--spend-model", predicted.Error, StringComparison.Ordinal);
            return;
        }

        Assert.True(predicted.Code == 0, predicted.Error);
        foreach (string line in predicted.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var cells = line.Split(',');
            Assert.InRange(double.Parse(cells[1], CultureInfo.InvariantCulture), 0, 1);
            Assert.All(cells.Skip(2), c => Assert.True(double.Parse(c, CultureInfo.InvariantCulture) is var v && double.IsFinite(v) && v >= 0, line));
        }
    }
}
