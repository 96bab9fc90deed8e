using System.Globalization;
using System.Text.RegularExpressions;
using CustomerValue.Churn;
using CustomerValue.Samples;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;

namespace CustomerValue.Tests.Cli;

/// <summary>Issue 16.1: the README's first command shows the value, and every figure is the one score and the pipeline give.</summary>
public sealed partial class OverviewCommandTests
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    [GeneratedRegex(@"^  (\S+)\s+CLV\s+([\d,\.]+)\s+P\(alive\) ([\d\.]+)", RegexOptions.Multiline)]
    private static partial Regex TopRow();

    [GeneratedRegex(@"^  (\S+)\s+(critical|warning|watch|none)\s+risk ([\d\.]+)\s+CLV\s+([\d,\.]+)\s+(\S.*)$", RegexOptions.Multiline)]
    private static partial Regex RiskRow();

    [Fact]
    public void Overview_on_the_sample_shows_value_tiers_groups_and_risk_in_about_40_lines_with_the_pipelines_numbers()
    {
        var (code, output, error) = SummarizeCommandTests.Run("overview");
        Assert.Equal(0, code);
        var lines = output.Split('\n');
        Assert.InRange(lines.Length, 25, 45);
        Assert.Contains("using the embedded CDNOW sample", error, StringComparison.Ordinal);
        Assert.Contains("customer-value: overview: 6,919 rows, 2,357 customers as of 1997-09-30", error, StringComparison.Ordinal);

        // The library's run with the command's defaults (the same pipeline score and report use).
        var run = new CustomerBasePipeline(new PipelineOptions(SampleData.CdnowCalibrationEnd)).Run(SampleData.CdnowTransactions());
        Assert.Contains(string.Create(Ci, $"customer equity     {run.CustomerEquity:N2}"), output, StringComparison.Ordinal);
        Assert.Contains("BG/NBD       r = 0.243, α = 4.414, a = 0.793, b = 2.426", output, StringComparison.Ordinal);
        var tiers = run.TierCounts();
        var groups = run.ValueGroupCounts();
        Assert.Contains(string.Create(Ci, $"gold {tiers[(int)GoldDragTier.Gold]:N0} (top 5 %), regular {tiers[(int)GoldDragTier.Regular]:N0}, drag {tiers[(int)GoldDragTier.Drag]:N0} (bottom 20 %"), output, StringComparison.Ordinal);
        Assert.Contains(string.Create(Ci, $"MVC {groups[(int)ValueGroup.MostValuable]:N0} (most valuable), MGC {groups[(int)ValueGroup.MostGrowable]:N0}"), output, StringComparison.Ordinal);
        Assert.Contains(string.Create(Ci, $"BZ {groups[(int)ValueGroup.BelowZero]:N0} (below zero)"), output, StringComparison.Ordinal);
        var levels = run.ChurnLevelCounts();
        Assert.Contains(string.Create(Ci, $"Churn: critical {levels[3]:N0}, warning {levels[2]:N0}, watch {levels[1]:N0}, none {levels[0]:N0}."), output, StringComparison.Ordinal);

        // score's file: the top customers by CLV and the tier counts are the overview's.
        var score = SummarizeCommandTests.Run("score", "--sample", "--as-of", "1997-09-30");
        Assert.Equal(0, score.Code);
        var rows = score.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray();
        var topByScore = rows.OrderByDescending(r => double.Parse(r[4], Ci)).ThenBy(r => r[0], StringComparer.Ordinal).Take(5).ToArray();
        var top = TopRow().Matches(output).ToArray();
        Assert.Equal(5, top.Length);
        for (int k = 0; k < 5; k++)
        {
            Assert.Equal(topByScore[k][0], top[k].Groups[1].Value);
            Assert.Equal(double.Parse(topByScore[k][4], Ci).ToString("N2", Ci), top[k].Groups[2].Value);
            Assert.Equal(double.Parse(topByScore[k][1], Ci).ToString("0.00", Ci), top[k].Groups[3].Value);
        }

        Assert.Equal(tiers[(int)GoldDragTier.Drag], rows.Count(r => r[9] == "drag"));
        Assert.Equal(tiers[(int)GoldDragTier.Gold], rows.Count(r => r[9] == "gold"));
        Assert.Equal(groups[(int)ValueGroup.MostGrowable], rows.Count(r => r[15] == "mgc"));

        // The most urgent customers, in warn's order, each with a plain sentence.
        var risk = RiskRow().Matches(output).ToArray();
        var urgent = run.ByUrgency().Take(5).ToArray();
        Assert.Equal(5, risk.Length);
        for (int k = 0; k < 5; k++)
        {
            int i = urgent[k];
            Assert.Equal(run.Scores.CustomerId(i), risk[k].Groups[1].Value);
            Assert.Equal(run.Scores.ChurnLevel[i].ToName(), risk[k].Groups[2].Value);
            Assert.Equal(run.Scores.ChurnRisk[i].ToString("0.00", Ci), risk[k].Groups[3].Value);
            Assert.EndsWith(".", risk[k].Groups[5].Value.TrimEnd(), StringComparison.Ordinal);
        }

        Assert.Contains("customer-value report --sample --as-of 1997-09-30 --output report.html", output, StringComparison.Ordinal);
    }
}
