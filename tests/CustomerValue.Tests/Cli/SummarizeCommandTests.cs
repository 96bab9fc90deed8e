using CustomerValue.Cli;

namespace CustomerValue.Tests.Cli;

public sealed class SummarizeCommandTests
{
    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Summarize_on_the_embedded_sample_writes_the_contract_columns()
    {
        var (code, output, error) = Run("summarize", "--sample", "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--time-unit", "week");
        Assert.Equal(0, code);
        Assert.Equal("customer-value: summarize: 2,357 customers in weeks to 1997-09-30, holdout to 1998-06-30; wrote standard output.\n", error.Replace("\r", string.Empty, StringComparison.Ordinal));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customer_id,frequency,recency,T,monetary_value,frequency_holdout,monetary_value_holdout,duration_holdout,time_unit", lines[0]);
        Assert.Equal(2358, lines.Length);
    }

    [Fact]
    public void Summarize_writes_to_a_file_and_without_holdout_omits_the_holdout_columns()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cv-{Guid.NewGuid():N}", "s.csv");
        try
        {
            var (code, output, _) = Run("summarize", "--calibration-end", "1997-09-30", "--time-unit", "day", "--output", path, "--on-error", "report");
            Assert.Equal(0, code);
            Assert.Equal(string.Empty, output);
            var lines = File.ReadAllLines(path);
            Assert.Equal("customer_id,frequency,recency,T,monetary_value,time_unit", lines[0]);
            Assert.Equal("1,2,213,272,22.345,day", lines[1]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, true);
        }
    }

    [Fact]
    public void Bad_rows_fail_with_one_line_naming_file_line_and_field()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cv-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "customer_id,date,amount\na,2020-01-01,1\nb,2020-01-02,oops\n");
        try
        {
            var (code, _, error) = Run("summarize", "--transactions", path, "--calibration-end", "2020-06-30");
            Assert.Equal(2, code);
            Assert.Contains("line 3, field 'amount'", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            var (reportCode, reportOut, reportErr) = Run("summarize", "--transactions", path, "--calibration-end", "2020-06-30", "--on-error", "report");
            Assert.Equal(0, reportCode);
            Assert.Contains("2 rows read, 1 accepted, 1 rejected", reportErr, StringComparison.Ordinal);
            Assert.StartsWith("customer_id,", reportOut, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("summarize", "--calibration-end", "30/09/1997")]
    [InlineData("summarize", "--calibration-end", "1997-09-30", "--holdout-end", "1997-01-01")]
    [InlineData("summarize", "--calibration-end", "1997-09-30", "--transactions", "/no/such/file.csv")]
    [InlineData("summarize")]
    [InlineData("summarize", "--calibration-end", "1997-09-30", "--time-unit", "fortnight")]
    public void Bad_arguments_give_a_non_zero_exit_and_no_stack_trace(params string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.NotEqual(0, code);
        Assert.NotEmpty(error);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_has_help()
    {
        foreach (var command in Program.BuildRoot(TextWriter.Null, TextWriter.Null).Subcommands)
        {
            var (code, output, _) = Run(command.Name, "--help");
            Assert.Equal(0, code);
            Assert.Contains(command.Name, output, StringComparison.Ordinal);
        }
    }
}
