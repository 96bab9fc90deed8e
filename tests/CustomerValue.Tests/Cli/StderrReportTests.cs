using CustomerValue.Tests.Cli.Report;

namespace CustomerValue.Tests.Cli;

/// <summary>Every command says on stderr what it did and names the file it wrote; stdout stays free for data.</summary>
public sealed class StderrReportTests
{
    [Fact]
    public void Every_command_says_what_it_did_and_names_its_output()
    {
        string dir = Directory.CreateTempSubdirectory("cv-stderr-").FullName;
        string F(string name) => Path.Combine(dir, name);
        var runs = new (string Command, string Output, string[] Args)[]
        {
            ("summarize", "summary.csv", ["summarize", "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--output", F("summary.csv")]),
            ("fit", "bgnbd.json", ["fit", "--model", "bgnbd", "--summary", F("summary.csv"), "--output", F("bgnbd.json")]),
            ("predict", "predictions.csv", ["predict", "--model", F("bgnbd.json"), "--summary", F("summary.csv"), "--horizon", "52", "--output", F("predictions.csv")]),
            ("segment", "segments.csv", ["segment", "--as-of", "1997-09-30", "--output", F("segments.csv")]),
            ("warn", "warnings.csv", ["warn", "--as-of", "1997-09-30", "--output", F("warnings.csv")]),
            ("wallet", "wallets.csv", ["wallet", "--as-of", "1997-09-30", "--output", F("wallets.csv")]),
            ("score", "scores.csv", ["score", "--as-of", "1997-09-30", "--output", F("scores.csv")]),
            ("report", "report.html", ["report", "--output", F("report.html")]),
        };

        foreach (var (command, output, args) in runs)
        {
            var (code, stdout, stderr) = ReportFiles.Run(args);

            Assert.True(code == 0, $"{command}: {stderr}");
            Assert.True(File.Exists(F(output)), $"{command} wrote no {output}");
            Assert.True(stdout.Length == 0, $"{command} printed on stdout: {stdout}");
            Assert.True(stderr.Contains(F(output), StringComparison.Ordinal) || stderr.Contains(output, StringComparison.Ordinal), $"{command} did not name {output} on stderr: '{stderr}'");

            // Numbers for people are rounded: no 17-digit doubles and no exponents on stderr.
            Assert.DoesNotMatch(@"\d\.\d{9,}|\dE[-+]?\d", stderr);
        }
    }
}
