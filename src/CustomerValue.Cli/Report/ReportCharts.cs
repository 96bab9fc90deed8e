using System.Globalization;
using ScottPlot;

namespace CustomerValue.Cli.Report;

/// <summary>One chart of the report: an id (for tests and anchors), a title, a caption and its SVG.</summary>
internal sealed record ReportChart(string Id, string Title, string Caption, string Svg);

/// <summary>Draws the report's charts with ScottPlot as SVG documents.</summary>
internal static class ReportCharts
{
    public const int Width = 640;
    public const int Height = 400;

    private static readonly Color Primary = Color.FromHex("#1f5fa8");
    private static readonly Color Secondary = Color.FromHex("#e07b39");
    private static readonly Color Muted = Color.FromHex("#8a8f98");

    // ScottPlot's generic sans-serif choice falls back to a serif face on Linux; name the common Linux sans face when it is installed.
    private static readonly string FontFamily = SkiaSharp.SKFontManager.Default.GetFontFamilies().Contains("DejaVu Sans", StringComparer.Ordinal) ? "DejaVu Sans" : Fonts.Sans;

    public static IReadOnlyList<ReportChart> Draw(ReportData data)
    {
        var charts = new List<ReportChart>
        {
            Lorenz(data),
            Segments(data),
            AliveHeatmap(data),
        };
        if (data.Holdout.Count > 0)
        {
            charts.Add(Holdout(data));
        }

        charts.Add(LifetimeValueDistribution(data));
        return charts;
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontFamily);
        plot.Title(title, 15);
        plot.XLabel(xLabel, 13);
        plot.YLabel(yLabel, 13);
        return plot;
    }

    private static string Svg(Plot plot) => plot.GetSvgXml(Width, Height);

    private static ReportChart Lorenz(ReportData data)
    {
        var c = data.Concentration;
        var plot = NewPlot(Invariant($"Lorenz curve of spend (Gini {c.Gini:0.00})"), "Share of customers, from the smallest spenders (%)", "Share of spend (%)");
        double[] xs = [.. c.LorenzCurve.Select(p => p.PopulationShare * 100)];
        double[] ys = [.. c.LorenzCurve.Select(p => p.ValueShare * 100)];
        var equality = plot.Add.Line(0, 0, 100, 100);
        equality.Color = Muted;
        equality.LegendText = "Equal spend";
        var curve = plot.Add.ScatterLine(xs, ys, Primary);
        curve.LineWidth = 2.5f;
        curve.LegendText = "Customers";
        var top20 = c.TopShare(0.2);
        var marker = plot.Add.Marker(80, (1 - top20.ValueShare) * 100, MarkerShape.FilledCircle, 9, Secondary);
        marker.LegendText = Invariant($"Top 20% of customers: {top20.ValueShare:P0} of spend");
        plot.Axes.SetLimits(0, 100, 0, 100);
        plot.ShowLegend(Alignment.UpperLeft);
        return new ReportChart("lorenz", "Pareto / Lorenz curve",
            Invariant($"The further the curve bends below the diagonal, the more spend is concentrated. Gini = {c.Gini:0.000} (0 = everyone spends the same, 1 = one customer spends everything); the top 20% of customers bring {top20.ValueShare:P1} of spend."),
            Svg(plot));
    }

    private static ReportChart Segments(ReportData data)
    {
        var plot = NewPlot("RFM segments: customers and spend", "Share (%)", string.Empty);
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        int count = data.Segments.Count;
        for (int i = 0; i < count; i++)
        {
            var s = data.Segments[i];
            double y = (count - 1 - i) * 3;
            bars.Add(new Bar { Position = y + 1, Value = s.CustomerShare * 100, FillColor = Primary, Size = 1, LineWidth = 0 });
            bars.Add(new Bar { Position = y, Value = s.ValueShare * 100, FillColor = Secondary, Size = 1, LineWidth = 0 });
            ticks.Add(new Tick(y + 0.5, s.Segment.Replace('_', ' ')));
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Customers (%)", FillColor = Primary });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Spend (%)", FillColor = Secondary });
        plot.ShowLegend(Edge.Bottom);
        return new ReportChart("segments", "Segment sizes and value",
            "Each RFM segment's share of customers (blue) and of spend (orange), from the 10-segment recency × frequency grid. Segments whose orange bar is longer than their blue one bring more than their head count.",
            Svg(plot));
    }

    private static ReportChart AliveHeatmap(ReportData data)
    {
        var s = data.Summaries;
        double maxAge = 0;
        var frequencies = new double[s.Count];
        for (int i = 0; i < s.Count; i++)
        {
            maxAge = Math.Max(maxAge, s.Age[i]);
            frequencies[i] = s.Frequency[i];
        }

        Array.Sort(frequencies);
        int maxFrequency = (int)Math.Clamp(Math.Ceiling(frequencies[(int)(0.99 * (frequencies.Length - 1))]), 5, 40);
        int ageWeeks = (int)Math.Ceiling(maxAge);
        var intensities = new double[maxFrequency + 1, ageWeeks + 1];
        for (int x = 0; x <= maxFrequency; x++)
        {
            for (int t = 0; t <= ageWeeks; t++)
            {
                // Row 0 is drawn at the top: put the highest frequency there.
                intensities[maxFrequency - x, t] = data.Model.ProbabilityAlive(x, x == 0 ? 0 : t, ageWeeks);
            }
        }

        var plot = NewPlot(Invariant($"P(alive) after {ageWeeks} weeks"), "Recency: weeks from first to last purchase", "Frequency: repeat purchases");
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Extent = new CoordinateRect(-0.5, ageWeeks + 0.5, -0.5, maxFrequency + 0.5);
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "P(alive)";
        plot.Axes.SetLimits(-0.5, ageWeeks + 0.5, -0.5, maxFrequency + 0.5);
        return new ReportChart("p-alive", "Who is still a customer: P(alive) over recency × frequency",
            Invariant($"BG/NBD probability that a customer who first bought {ageWeeks} weeks ago is still active, by the week of their last purchase (right = recent) and how many repeat purchases they made (up). Frequent buyers who have gone quiet (top left) are the likeliest to be lost."),
            Svg(plot));
    }

    private static ReportChart Holdout(ReportData data)
    {
        var plot = NewPlot("Calibration vs holdout purchases", "Repeat purchases in the calibration period", "Mean purchases in the holdout period");
        double[] xs = [.. Enumerable.Range(0, data.Holdout.Count).Select(i => (double)i)];
        var actual = plot.Add.Scatter(xs, [.. data.Holdout.Select(r => r.Actual)], Primary);
        actual.LegendText = "Actual";
        actual.LineWidth = 2.5f;
        actual.MarkerSize = 8;
        var predicted = plot.Add.Scatter(xs, [.. data.Holdout.Select(r => r.Predicted)], Secondary);
        predicted.LegendText = "BG/NBD expected";
        predicted.LineWidth = 2.5f;
        predicted.MarkerSize = 8;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. data.Holdout.Select((r, i) => new Tick(i, r.Frequency))]);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
        var s = data.Summaries;
        return new ReportChart("holdout", "Does the model predict? Calibration vs holdout",
            Invariant($"Customers grouped by their repeat purchases up to {data.AsOf:yyyy-MM-dd}; the mean purchases each group actually made up to {s.HoldoutEnd:yyyy-MM-dd} against what the model fitted on the calibration period expected. Lines close together mean the forecasts can be trusted."),
            Svg(plot));
    }

    private static ReportChart LifetimeValueDistribution(ReportData data)
    {
        var values = (double[])data.LifetimeValue.Clone();
        Array.Sort(values);
        double top = values[(int)(0.99 * (values.Length - 1))];
        top = top > 0 ? top : Math.Max(values[^1], 1);
        const int Bins = 40;
        double width = top / Bins;
        var counts = new double[Bins];
        int above = 0;
        foreach (double v in values)
        {
            if (v > top)
            {
                above++;
                continue;
            }

            counts[Math.Clamp((int)(v / width), 0, Bins - 1)]++;
        }

        var plot = NewPlot(Invariant($"One-year CLV, discounted at {ReportData.DiscountRatePerYear:P0} a year"), "Customer lifetime value (next 52 weeks)", "Customers");
        var bars = new List<Bar>(Bins);
        for (int b = 0; b < Bins; b++)
        {
            bars.Add(new Bar { Position = (b + 0.5) * width, Value = counts[b], Size = width * 0.95, FillColor = Primary, LineWidth = 0 });
        }

        plot.Add.Bars(bars);
        double median = values[values.Length / 2];
        var line = plot.Add.VerticalLine(median, 2, Secondary);
        line.LegendText = Invariant($"Median {median:0.00}");
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        return new ReportChart("clv", "Customer lifetime value distribution",
            Invariant($"Expected discounted spend over the next 52 weeks per customer (BG/NBD purchases × {data.SpendModelText}). Most customers are worth little; the value sits in a long tail ({above} customers above {top:0.00}, the 99th percentile, are not drawn)."),
            Svg(plot));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
