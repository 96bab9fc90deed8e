using System.Globalization;
using CustomerValue.Cli;

namespace CustomerValue.Tests.Cli;

/// <summary>The <c>warn</c> command, called in-process.</summary>
public sealed class WarnCommandTests : IDisposable
{
    private static readonly string[] Levels = ["none", "watch", "warning", "critical"];
    private static readonly string[] Codes = ["risk", "p_alive", "hiatus", "overdue", "frequency_decline", "spend_decline", "sow_drop", "sow_stalled_then_fell", "margin"];
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-warn-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void On_the_sample_every_customer_gets_one_row_with_the_contract_columns()
    {
        var (code, output, error) = Run("warn", "--sample", "--as-of", "1997-09-30");
        Assert.Equal(0, code);
        Assert.StartsWith("customer-value: warn: 6,919 rows, 2,357 customers as of 1997-09-30, model BG/NBD in weeks;", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customer_id,churn_level,churn_risk,churn_reasons,next_purchase_expected", lines[0]);
        Assert.Equal(2358, lines.Length);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(2357, rows.Select(r => r[0]).Distinct().Count());
        int previousLevel = int.MaxValue;
        foreach (var r in rows)
        {
            Assert.Equal(5, r.Length);
            int level = Array.IndexOf(Levels, r[1]);
            Assert.True(level >= 0, r[1]);
            Assert.True(level <= previousLevel, "rows are ordered by level, most urgent first");
            previousLevel = level;
            double risk = double.Parse(r[2], CultureInfo.InvariantCulture);
            Assert.InRange(risk, 0, 1);
            Assert.All(r[3].Split(';', StringSplitOptions.RemoveEmptyEntries), c => Assert.Contains(c, Codes));
            Assert.True(level == 0 || r[3].Length > 0, "every level above none has a reason");
            Assert.True(r[4].Length == 0 || DateOnly.TryParseExact(r[4], "yyyy-MM-dd", out _));
        }

        // With the fitted BG/NBD, repeat buyers with low P(alive) carry the p_alive code.
        Assert.Contains(rows, r => r[3].Contains("p_alive", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_purchases_up_to_the_as_of_date_count()
    {
        string log = Write("log.csv", "customer_id,date,amount\na,2024-01-01,10\na,2024-03-01,10\na,2024-06-01,10\nb,2024-01-15,5\n");
        var early = Rows(Run("warn", "--transactions", log, "--as-of", "2024-03-31", "--model-free").Output);
        var late = Rows(Run("warn", "--transactions", log, "--as-of", "2024-06-01", "--model-free").Output);
        // As of 2024-03-31 customer a last bought on 03-01 with a 60-day cycle: next purchase expected 2024-04-30.
        Assert.Equal("2024-04-30", early["a"][4]);
        // A purchase on the as-of date: risk 0, level none.
        Assert.Equal("none", late["a"][1]);
        Assert.Equal("0", late["a"][2]);
        Assert.Equal(string.Empty, late["a"][3]);
    }

    [Fact]
    public void Model_free_risk_of_a_one_time_buyer_follows_the_assumed_cycle()
    {
        string log = Write("one.csv", "customer_id,date,amount\nsolo,2024-01-01,10\n");
        var row = Rows(Run("warn", "--transactions", log, "--as-of", "2024-04-10", "--model-free").Output)["solo"];
        Assert.Equal(1 - Math.Exp(-100 / 90.0), double.Parse(row[2], CultureInfo.InvariantCulture), 12);
        Assert.Equal("warning", row[1]);
        Assert.Equal("risk", row[3]);
    }

    [Fact]
    public void A_model_file_supplies_p_alive()
    {
        string model = Write("bg.json", """{"model": "bgnbd", "timeUnit": "week", "parameters": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}}""");
        string csv = Path.Combine(_dir, "w.csv");
        var (code, _, error) = Run("warn", "--sample", "--as-of", "1997-09-30", "--model", model, "--output", csv);
        Assert.Equal(0, code);
        Assert.StartsWith("customer-value: warn: ", error, StringComparison.Ordinal);
        var rows = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')).ToDictionary(r => r[0]);
        // Customer 1 bought on 1997-01-01, 01-18 and 08-02 (x = 2): P(alive) from BG/NBD gives the risk.
        double x = 2, tx = (new DateOnly(1997, 8, 2).DayNumber - new DateOnly(1997, 1, 1).DayNumber) / 7.0, t = (new DateOnly(1997, 9, 30).DayNumber - new DateOnly(1997, 1, 1).DayNumber) / 7.0;
        double pAlive = 1 / (1 + (0.793 / (2.426 + x - 1) * Math.Pow((4.414 + t) / (4.414 + tx), 0.243 + x)));
        Assert.Equal(1 - pAlive, double.Parse(rows["1"][2], CultureInfo.InvariantCulture), 12);
    }

    [Theory]
    [InlineData("--as-of", "1997-13-01")]
    [InlineData("--as-of", "1997-09-30", "--window-days", "0")]
    [InlineData("--as-of", "1997-09-30", "--hiatus-days", "-5")]
    [InlineData("--as-of", "1997-09-30", "--model", "/nonexistent/model.json")]
    public void Bad_options_are_one_line_on_stderr_and_exit_code_2(params string[] args)
    {
        var (code, _, error) = Run(["warn", .. args]);
        Assert.Equal(2, code);
        Assert.StartsWith("customer-value: error: ", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_spend_model_file_is_refused_by_name()
    {
        string model = Write("gg.json", """{"model": "gg", "timeUnit": "week", "parameters": {"p": 6.25, "q": 3.74, "gamma": 15.44}}""");
        var (code, _, error) = Run("warn", "--sample", "--as-of", "1997-09-30", "--model", model);
        Assert.Equal(2, code);
        Assert.Contains("spend model", error, StringComparison.Ordinal);
    }

    private static Dictionary<string, string[]> Rows(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToDictionary(r => r[0]);

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
