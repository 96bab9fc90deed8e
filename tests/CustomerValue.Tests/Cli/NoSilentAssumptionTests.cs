using System.CommandLine;
using CustomerValue.Cli;

namespace CustomerValue.Tests.Cli;

/// <summary>Issue 11.2–11.3: one vocabulary (--as-of everywhere, --calibration-end its alias) and no silent assumptions (the sample, the unit of a summary, spend data for a spend model).</summary>
public sealed class NoSilentAssumptionTests : IDisposable
{
    private const string WeeklyModel = """{"model": "bgnbd", "timeUnit": "week", "parameters": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}}""";
    private const string SpendModel = """{"model": "gg", "timeUnit": "week", "parameters": {"p": 6.25, "q": 3.74, "gamma": 15.44}}""";
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-assume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_command_with_an_observation_end_calls_it_as_of_with_calibration_end_as_its_alias()
    {
        var root = Program.BuildRoot(TextWriter.Null, TextWriter.Null);
        var dated = new List<string>();
        foreach (var command in root.Subcommands)
        {
            Assert.DoesNotContain(command.Options, o => o.Name == "--calibration-end");
            if (command.Options.FirstOrDefault(o => o.Name == "--as-of") is { } asOf)
            {
                Assert.Contains("--calibration-end", asOf.Aliases);
                dated.Add(command.Name);
            }
        }

        // Every command that reads a log up to a date (fit and predict read summaries, which carry their own end).
        foreach (string name in new[] { "overview", "summarize", "sql", "segment", "warn", "wallet", "score", "report", "basket", "profit", "sequences", "cross-sell" })
        {
            Assert.Contains(name, dated);
        }

        Assert.Contains(root.Options, o => o.Name == "--sample" && o.Recursive);
    }

    [Fact]
    public void The_alias_gives_the_same_output_as_as_of()
    {
        var asOf = ModelCommandTests.Run("summarize", "--sample", "--as-of", "1997-09-30");
        var alias = ModelCommandTests.Run("summarize", "--sample", "--calibration-end", "1997-09-30");
        Assert.Equal(0, asOf.Code);
        Assert.Equal(asOf.Output, alias.Output);
        Assert.Equal(asOf.Error, alias.Error);
    }

    [Fact]
    public void The_embedded_sample_is_announced_unless_asked_for_with_sample()
    {
        var implicitRun = ModelCommandTests.Run("summarize", "--as-of", "1997-09-30");
        var asked = ModelCommandTests.Run("summarize", "--sample", "--as-of", "1997-09-30");
        Assert.Equal(0, implicitRun.Code);
        Assert.Equal(asked.Output, implicitRun.Output);
        Assert.StartsWith("customer-value: input: no --transactions given; using the embedded CDNOW sample", implicitRun.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("input:", asked.Error, StringComparison.Ordinal);

        var fit = ModelCommandTests.Run("fit", "--model", "bgnbd");
        Assert.StartsWith("customer-value: input: no --summary given; using the embedded CDNOW sample", fit.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("predict", "--horizon", "52")]
    [InlineData("score", "--as-of", "1997-09-30")]
    [InlineData("warn", "--as-of", "1997-09-30")]
    [InlineData("report", "--output", "r.html")]
    public void A_model_without_data_is_an_error_unless_the_sample_is_asked_for(string command, string option, string value)
    {
        string model = Write("bg.json", WeeklyModel);
        string[] args = [command, "--model", model, option, option == "--output" ? Path.Combine(_dir, value) : value];
        var refused = ModelCommandTests.Run(args);
        Assert.Equal(2, refused.Code);
        Assert.Equal(string.Empty, refused.Output);
        Assert.Contains("customer-value: error: --model was given without data", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--sample", refused.Error, StringComparison.Ordinal);

        var asked = ModelCommandTests.Run([.. args, "--sample"]);
        Assert.True(asked.Code == 0, asked.Error);
    }

    [Fact]
    public void A_spend_model_with_a_summary_without_monetary_value_is_an_error()
    {
        string model = Write("bg.json", WeeklyModel);
        string gg = Write("gg.json", SpendModel);
        string summary = Write("s.csv", "customer_id,frequency,recency,T,time_unit\na,2,30.43,38.86,week\nb,0,0,38.86,week\n");
        var predict = ModelCommandTests.Run("predict", "--model", model, "--spend-model", gg, "--summary", summary, "--horizon", "52");
        Assert.Equal(2, predict.Code);
        Assert.Contains("s.csv: the summary has no monetary_value column", predict.Error, StringComparison.Ordinal);

        var score = ModelCommandTests.Run("score", "--model", model, "--spend-model", gg, "--summary", summary, "--as-of", "1997-09-30");
        Assert.Equal(2, score.Code);
        Assert.Contains("no monetary_value column", score.Error, StringComparison.Ordinal);

        var fit = ModelCommandTests.Run("fit", "--model", "gg", "--summary", summary);
        Assert.Equal(2, fit.Code);
        Assert.Contains("no monetary_value column", fit.Error, StringComparison.Ordinal);

        // Without the spend model the same file is fine for predict.
        Assert.Equal(0, ModelCommandTests.Run("predict", "--model", model, "--summary", summary, "--horizon", "52").Code);
    }

    [Fact]
    public void A_summary_in_another_unit_than_the_model_is_an_error_and_the_file_unit_wins_over_the_default()
    {
        string model = Write("bg.json", WeeklyModel);
        string days = Write("days.csv", "customer_id,frequency,recency,T,monetary_value,time_unit\na,2,213.01,272.02,20,day\nb,0,0,272.02,0,day\n");
        var predict = ModelCommandTests.Run("predict", "--model", model, "--summary", days, "--horizon", "52");
        Assert.Equal(2, predict.Code);
        Assert.Contains("days.csv: recency and T are in days but the model is fitted in weeks", predict.Error, StringComparison.Ordinal);

        var score = ModelCommandTests.Run("score", "--model", model, "--summary", days, "--as-of", "1997-09-30");
        Assert.Equal(2, score.Code);
        Assert.Contains("in days but the model is fitted in weeks", score.Error, StringComparison.Ordinal);

        // An explicit --time-unit that contradicts the file is an error, never a silent 7x mistake.
        var contradicted = ModelCommandTests.Run("score", "--summary", days, "--time-unit", "week", "--as-of", "1997-09-30");
        Assert.Equal(2, contradicted.Code);
        Assert.Contains("records recency and T in days", contradicted.Error, StringComparison.Ordinal);

        // fit without --time-unit takes the file's unit (days), not the option's default (week).
        string wide = Write("many.csv", SummaryCsvOfSample("day"));
        var fit = ModelCommandTests.Run("fit", "--model", "bgnbd", "--summary", wide);
        Assert.True(fit.Code == 0, fit.Error);
        Assert.Contains("\"timeUnit\": \"day\"", fit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_summary_that_does_not_record_its_unit_is_read_in_the_model_unit_and_stderr_says_so()
    {
        string model = Write("bg.json", WeeklyModel);
        string plain = Write("plain.csv", "customer_id,frequency,recency,T\nx,2,30.43,38.86\n");
        var (code, output, error) = ModelCommandTests.Run("predict", "--model", model, "--summary", plain, "--horizon", "39");
        Assert.Equal(0, code);
        Assert.Contains("plain.csv does not record its time unit", error, StringComparison.Ordinal);
        Assert.Contains("read in weeks (the model's unit)", error, StringComparison.Ordinal);
        Assert.StartsWith("x,0.72", output.Split('\n')[1], StringComparison.Ordinal);
    }

    private static string SummaryCsvOfSample(string unit)
    {
        var run = ModelCommandTests.Run("summarize", "--sample", "--as-of", "1997-09-30", "--time-unit", unit);
        Assert.Equal(0, run.Code);
        return run.Output;
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
