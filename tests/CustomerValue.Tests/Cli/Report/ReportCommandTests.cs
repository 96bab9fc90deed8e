using System.Text.RegularExpressions;
using CustomerValue.Samples;

namespace CustomerValue.Tests.Cli.Report;

public sealed partial class ReportCommandTests
{
    [GeneratedRegex("<img class=\"chart\" data-chart=\"([a-z-]+)\"[^>]*src=\"data:image/svg\\+xml;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex ChartImage();

    [Fact]
    public void The_sample_report_is_one_self_contained_file_without_script()
    {
        string html = File.ReadAllText(ReportFiles.SampleReport);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'; img-src data:", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=\"(https?:|//)", html);
        var charts = ChartImage().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["lorenz", "segments", "p-alive", "holdout", "clv"], charts);
    }

    [Fact]
    public void Every_chart_is_a_ScottPlot_SVG_with_drawn_content()
    {
        string html = File.ReadAllText(ReportFiles.SampleReport);

        foreach (Match m in ChartImage().Matches(html))
        {
            string svg = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[2].Value));
            Assert.StartsWith("<?xml", svg, StringComparison.Ordinal);
            Assert.Contains("<svg", svg, StringComparison.Ordinal);
            Assert.True(Regex.Count(svg, "<path") >= 5, $"chart {m.Groups[1].Value} has almost no paths");
            Assert.True(Regex.Count(svg, "<text") >= 5, $"chart {m.Groups[1].Value} has almost no labels");
        }
    }

    [Fact]
    public void The_sample_report_shows_the_key_figures_tables_and_customers_at_risk()
    {
        string html = File.ReadAllText(ReportFiles.SampleReport);

        Assert.Contains("<div class=\"value\">2,357</div><div class=\"label\">customers</div>", html, StringComparison.Ordinal);
        Assert.Contains("purchases up to 1997-09-30, holdout to 1998-06-30", html, StringComparison.Ordinal);
        Assert.Matches("Gini coefficient of spend", html);
        Assert.Contains("<section id=\"abc\">", html, StringComparison.Ordinal);
        Assert.Equal(10, Regex.Count(Section(html, "deciles"), "<tr><td>\\d+</td>"));
        Assert.Equal(3, Regex.Count(Section(html, "abc"), "<tr><td>[ABC]</td>"));
        string atRisk = Section(html, "at-risk");
        Assert.Equal(15, Regex.Count(atRisk, "<td class=\"text (warning|critical)\">"));
        Assert.Contains("P(alive) is ", atRisk, StringComparison.Ordinal);

        // The BG/NBD fit on the sample is the published one (r = 0.243, alpha = 4.414, a = 0.793, b = 2.426).
        Assert.Contains("r = 0.243, α = 4.414, a = 0.793, b = 2.426", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_holdout_has_no_holdout_chart()
    {
        string dir = Directory.CreateTempSubdirectory("cv-report-").FullName;
        string log = Path.Combine(dir, "log.csv");
        using (var writer = new StreamWriter(log))
        {
            writer.WriteLine("customer_id,date,amount");
            foreach (var t in SampleData.CdnowTransactions())
            {
                writer.WriteLine(FormattableString.Invariant($"{t.CustomerId},{t.Date:yyyy-MM-dd},{t.Amount:R}"));
            }
        }

        string path = Path.Combine(dir, "report.html");
        var (code, _, error) = ReportFiles.Run("report", "--transactions", log, "--as-of", "1997-12-31", "--output", path);

        Assert.True(code == 0, error);
        string html = File.ReadAllText(path);
        Assert.Equal(["lorenz", "segments", "p-alive", "clv"], ChartImage().Matches(html).Select(m => m.Groups[1].Value));
        Assert.Contains("purchases up to 1997-12-31 ·", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--as-of", "1997-13-01")]
    [InlineData("--as-of", "1996-01-01")]
    [InlineData("--holdout-end", "1997-01-01")]
    public void Bad_input_is_one_line_on_stderr_and_exit_code_2(string option, string value)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("cv-report-").FullName, "report.html");

        var (code, _, error) = ReportFiles.Run("report", option, value, "--output", path);

        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("customer-value: error:", error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    private static string Section(string html, string id)
    {
        int start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {id}");
        int end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }
}
