using System.Globalization;
using System.Text.RegularExpressions;
using CustomerValue.Cli.Report;
using CustomerValue.Lifetime;
using CustomerValue.Samples;
using CustomerValue.Summaries;

namespace CustomerValue.Tests.Cli.Report;

/// <summary>What the charts say, checked against figures computed here from the sample by other means.</summary>
public sealed partial class ReportChartTests
{
    [GeneratedRegex("<svg class=\"chart\" data-chart=\"lorenz\".*?</svg>", RegexOptions.Singleline)]
    private static partial Regex LorenzSvg();

    [GeneratedRegex("<circle cx=\"([0-9.]+)\" cy=\"([0-9.]+)\"")]
    private static partial Regex Circle();

    private static CustomerSummaries Sample() =>
        SummaryAccumulator.Summarize(SampleData.CdnowTransactions(), new SummaryOptions(SampleData.CdnowCalibrationEnd, TimeUnit.Week, SampleData.CdnowHoldoutEnd));

    [Fact]
    public void The_Lorenz_marker_sits_at_20_percent_of_customers_and_their_share_of_revenue()
    {
        // The top fifth of customers by spend, summed here from the summaries: their share of all spend.
        var spend = Sample().TotalSpend.ToArray();
        Array.Sort(spend, (a, b) => b.CompareTo(a));
        double share = spend.Take((int)Math.Round(0.2 * spend.Length)).Sum() / spend.Sum();
        string percent = Math.Round(share * 100).ToString(CultureInfo.InvariantCulture);

        string svg = LorenzSvg().Match(File.ReadAllText(ReportFiles.SampleReport)).Value;

        Assert.Equal("63", percent);
        Assert.Contains($"<desc id=\"lorenz-desc\">The top 20% of customers bring {percent}% of revenue.</desc>", svg, StringComparison.Ordinal);

        // The plot area spans x 64..616 and y 20..344 of the 640 x 400 chart (left 64, top 20, right 24, bottom 56).
        var marker = Circle().Match(svg);
        double x = (double.Parse(marker.Groups[1].Value, CultureInfo.InvariantCulture) - 64) / (616 - 64);
        double y = (344 - double.Parse(marker.Groups[2].Value, CultureInfo.InvariantCulture)) / (344 - 20);
        Assert.Equal(0.2, x, 0.002);
        Assert.Equal(share, y, 0.002);
    }

    [Fact]
    public void No_lifetime_value_band_holds_half_of_the_customers()
    {
        string html = File.ReadAllText(ReportFiles.SampleReport);
        string clv = html[html.IndexOf("<section id=\"clv\">", StringComparison.Ordinal)..];
        clv = clv[..clv.IndexOf("</section>", StringComparison.Ordinal)];

        // The table behind the chart: band, customers, share of customers, share of equity.
        var bands = Regex.Matches(clv, "<tr><td>([^<]+)</td><td>([0-9,]+)</td>").Select(m => int.Parse(m.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToArray();

        Assert.True(bands.Length >= 6, $"only {bands.Length} bands");
        Assert.Equal(2357, bands.Sum());
        Assert.True(bands.Max() < 2357 / 2, $"one band holds {bands.Max()} of 2,357 customers");
    }

    [Theory]
    [InlineData(new[] { 0.0, 0.5, 3.7, 8, 12, 44, 130, 980, 2500 })]
    [InlineData(new[] { 0.001, 0.002, 0.02, 0.3, 0.9 })]
    [InlineData(new[] { 5.0, 5, 5, 5 })]
    [InlineData(new[] { 1.0, 1e7 })]
    public void Lifetime_value_bands_step_by_two_or_two_and_a_half_and_cover_the_values(double[] values)
    {
        Array.Sort(values);
        var edges = ReportCharts.LogBins(values);

        Assert.NotEmpty(edges);
        Assert.True(edges[^1] <= values[^1], "the top band starts at or below the maximum");
        for (int i = 1; i < edges.Length; i++)
        {
            double ratio = edges[i] / edges[i - 1];
            Assert.True(Math.Abs(ratio - 2) < 1e-9 || Math.Abs(ratio - 2.5) < 1e-9 || Math.Abs(ratio - 10) < 1e-9, $"edges {edges[i - 1]} -> {edges[i]}");
        }

        Assert.True(edges.Length <= 12, $"{edges.Length} bands");
    }

    [Fact]
    public void The_tracking_line_counts_the_repeat_purchases_of_the_summaries()
    {
        var summaries = Sample();
        var model = new BgNbdModel(BgNbdModel.Fit(summaries).Parameters, TimeUnit.Week);
        var tracker = new RepeatPurchaseTracker();
        foreach (var unused in tracker.Tap(SampleData.CdnowTransactions()))
        {
        }

        var calibration = tracker.Track(SampleData.CdnowCalibrationEnd, SampleData.CdnowCalibrationEnd, model);
        var holdout = tracker.Track(SampleData.CdnowCalibrationEnd, SampleData.CdnowHoldoutEnd, model);

        // Actual: the summaries' repeat purchase days (2,457 in the calibration period, the published CDNOW figure) and holdout purchases.
        double repeat = 0, later = 0, expected = 0;
        for (int i = 0; i < summaries.Count; i++)
        {
            repeat += summaries.Frequency[i];
            later += summaries.FrequencyHoldout[i];
            expected += model.ExpectedPurchases(summaries.Age[i], 0, 0, 0);
        }

        Assert.Equal(2457, repeat);
        Assert.Equal(SampleData.CdnowCalibrationEnd, calibration[^1].End);
        Assert.Equal(repeat, calibration[^1].Actual);
        Assert.Equal(repeat + later, holdout[^1].Actual);

        // Expected: each customer's E[X(T)] over their own age T, summed customer by customer.
        Assert.Equal(expected, calibration[^1].Expected, expected * 1e-9);
        Assert.True(holdout.Zip(holdout.Skip(1)).All(p => p.Second.Actual >= p.First.Actual && p.Second.Expected > p.First.Expected));
    }

    [Fact]
    public void Customers_at_risk_are_listed_critical_first()
    {
        string html = File.ReadAllText(ReportFiles.SampleReport);
        string atRisk = html[html.IndexOf("<section id=\"at-risk\">", StringComparison.Ordinal)..];

        var levels = Regex.Matches(atRisk, "<td class=\"text (warning|critical)\">").Select(m => m.Groups[1].Value).ToArray();

        // On the sample 1,714 customers are critical (as warn says), so the first rows are all critical; levels never interleave.
        Assert.Contains("critical", levels);
        Assert.Equal(levels.OrderBy(l => l == "critical" ? 0 : 1), levels);
    }
}
