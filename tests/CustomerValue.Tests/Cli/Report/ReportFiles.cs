namespace CustomerValue.Tests.Cli.Report;

/// <summary>The report of the embedded sample, written once per test run.</summary>
internal static class ReportFiles
{
    private static readonly Lazy<string> Sample = new(() =>
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("cv-report-").FullName, "report.html");
        var (code, stdout, stderr) = Run("report", "--output", path);
        if (code != 0)
        {
            throw new InvalidOperationException($"report failed ({code}): {stderr}{stdout}");
        }

        return path;
    });

    /// <summary>The path of the sample report.</summary>
    public static string SampleReport => Sample.Value;

    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CustomerValue.Cli.Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
