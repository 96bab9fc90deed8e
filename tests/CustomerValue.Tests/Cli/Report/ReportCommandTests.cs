using System.Text.RegularExpressions;
using CustomerValue.Samples;

namespace CustomerValue.Tests.Cli.Report;

public sealed partial class ReportCommandTests
{
    [GeneratedRegex("<svg class=\"chart\" data-chart=\"([a-z-]+)\".*?</svg>", RegexOptions.Singleline)]
    private static partial Regex ChartImage();

    [Fact]
    public void The_sample_report_is_one_self_contained_file_without_script()
    {
        string html = File.ReadAllText(ReportFiles.SampleReport);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("content=\"default-src 'none'; style-src 'unsafe-inline'\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=\"(https?:|//|data:)", html);
        var charts = ChartImage().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["lorenz", "segments", "clv", "frequency-recency", "p-alive", "period-transactions", "tracking", "holdout"], charts);
    }

    [Fact]
    public void Every_chart_is_an_inline_SVG_image_with_a_title_a_description_and_drawn_content()
    {
        string html = File.ReadAllText(ReportFiles.SampleReport);

        foreach (Match m in ChartImage().Matches(html))
        {
            string id = m.Groups[1].Value, svg = m.Value;
            Assert.Contains($"role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\"", svg, StringComparison.Ordinal);
            Assert.Matches($"<title id=\"{id}-title\">[^<]{{10,}}</title><desc id=\"{id}-desc\">[^<]{{40,}}</desc>", svg);
            Assert.True(Regex.Count(svg, "<(rect|line|polyline|circle)") >= 5, $"chart {id} has almost no shapes");
            Assert.True(Regex.Count(svg, "<text") >= 5, $"chart {id} has almost no labels");
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
    public void The_sample_report_shows_gold_drag_mvc_mgc_and_bz_counts_of_the_pipeline()
    {
        string html = File.ReadAllText(ReportFiles.SampleReport);
        string section = Section(html, "value-groups");
        var run = new CustomerValue.Scoring.CustomerBasePipeline(new CustomerValue.Scoring.PipelineOptions(SampleData.CdnowCalibrationEnd)).Run(SampleData.CdnowTransactions());
        var tiers = run.TierCounts();
        var groups = run.ValueGroupCounts();
        string Row(string name, int count) => $"<tr><td>{name}</td><td>{count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}</td>";
        Assert.Contains(Row("gold", tiers[(int)CustomerValue.Segmentation.GoldDragTier.Gold]), section, StringComparison.Ordinal);
        Assert.Contains(Row("drag", tiers[(int)CustomerValue.Segmentation.GoldDragTier.Drag]), section, StringComparison.Ordinal);
        Assert.Contains(Row("regular", tiers[(int)CustomerValue.Segmentation.GoldDragTier.Regular]), section, StringComparison.Ordinal);
        Assert.Contains(Row("MVC", groups[(int)CustomerValue.Segmentation.ValueGroup.MostValuable]), section, StringComparison.Ordinal);
        Assert.Contains(Row("MGC", groups[(int)CustomerValue.Segmentation.ValueGroup.MostGrowable]), section, StringComparison.Ordinal);
        Assert.Contains(Row("BZ", groups[(int)CustomerValue.Segmentation.ValueGroup.BelowZero]), section, StringComparison.Ordinal);
        Assert.Contains(Row("drag", 465), section, StringComparison.Ordinal);
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
        Assert.Equal(["lorenz", "segments", "clv", "frequency-recency", "p-alive", "period-transactions", "tracking"], ChartImage().Matches(html).Select(m => m.Groups[1].Value));
        Assert.Contains("purchases up to 1997-12-31 ·", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Horizon_discount_rate_and_segment_map_are_options_and_stderr_says_what_was_done()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("cv-report-").FullName, "report.html");

        var (code, output, error) = ReportFiles.Run("report", "--sample", "--horizon", "26", "--discount-rate", "0", "--segment-map", "classic", "--output", path);

        Assert.True(code == 0, error);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("customer-value: report: 6,919 rows, 2,357 customers as of 1997-09-30; fitted BG/NBD, CLV over the next 26 weeks not discounted, ", error, StringComparison.Ordinal);
        string html = File.ReadAllText(path);
        Assert.Contains("over the next 26 weeks", html, StringComparison.Ordinal);
        Assert.Contains("lifetime values (over the next 26 weeks, not discounted)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("next year", html, StringComparison.Ordinal);

        // The classic map: its name in the footnote and its segment "lost", which the grid does not have.
        Assert.Contains($"segments from the {CustomerValue.Segmentation.SegmentMap.ClassicRfm.Name} segment map", html, StringComparison.Ordinal);
        Assert.Contains(">lost</text>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">lost</text>", File.ReadAllText(ReportFiles.SampleReport), StringComparison.Ordinal);
    }

    [Fact]
    public void A_given_model_file_is_used_and_one_not_in_weeks_is_refused()
    {
        string dir = Directory.CreateTempSubdirectory("cv-report-").FullName;
        string weekly = Path.Combine(dir, "pnbd.json"), daily = Path.Combine(dir, "daily.json");
        var parameters = new Dictionary<string, double> { ["r"] = 0.55, ["alpha"] = 10.58, ["s"] = 0.61, ["beta"] = 11.67 };
        CustomerValue.Lifetime.Serialization.LifetimeModelJson.WriteFile(weekly, CustomerValue.Lifetime.Serialization.LifetimeModelDocument.Create("pnbd", CustomerValue.TimeUnit.Week, parameters));
        CustomerValue.Lifetime.Serialization.LifetimeModelJson.WriteFile(daily, CustomerValue.Lifetime.Serialization.LifetimeModelDocument.Create("pnbd", CustomerValue.TimeUnit.Day, parameters));
        string path = Path.Combine(dir, "report.html");

        var (code, _, error) = ReportFiles.Run("report", "--sample", "--model", weekly, "--output", path);
        Assert.True(code == 0, error);
        Assert.Contains("given Pareto/NBD", error, StringComparison.Ordinal);
        Assert.Contains("Pareto/NBD (weeks), given", File.ReadAllText(path), StringComparison.Ordinal);

        var (refused, _, message) = ReportFiles.Run("report", "--sample", "--model", daily, "--output", Path.Combine(dir, "other.html"));
        Assert.Equal(2, refused);
        Assert.Contains("the report works in weeks", message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "other.html")));
    }

    [Theory]
    [InlineData("--as-of", "1997-13-01")]
    [InlineData("--as-of", "1996-01-01")]
    [InlineData("--holdout-end", "1997-01-01")]
    public void Bad_input_is_one_line_on_stderr_and_exit_code_2(string option, string value)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("cv-report-").FullName, "report.html");

        var (code, _, error) = ReportFiles.Run("report", "--sample", option, value, "--output", path);

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
