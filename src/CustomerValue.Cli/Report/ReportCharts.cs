using System.Diagnostics;
using CustomerValue.Lifetime;
using static CustomerValue.Cli.Report.SvgCanvas;

namespace CustomerValue.Cli.Report;

/// <summary>The numbers behind a chart, as a table: its text alternative for readers who cannot see the chart.</summary>
internal sealed record ChartTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// One chart of the report: an id (for tests and anchors), a title, a caption, a one-sentence description (its
/// accessible text), the inline SVG and the table of its numbers.
/// </summary>
internal sealed record ReportChart(string Id, string Title, string Caption, string Description, string Svg, ChartTable Table);

/// <summary>
/// Draws the report's charts as inline SVG written by hand (<see cref="SvgCanvas"/>): no native code, no fonts shipped,
/// text in the page's own font, and every chart an image with a title, a description and a data table.
/// </summary>
internal static class ReportCharts
{
    public const int Width = 640;
    public const int Height = 400;

    /// <summary>Bucket of the repeat-purchase charts that holds this many purchases and more.</summary>
    private const int FrequencyBuckets = 7;

    public static IReadOnlyList<ReportChart> Draw(ReportData data, IReadOnlyList<TrackingPoint> tracking)
    {
        var charts = new List<ReportChart>
        {
            Lorenz(data),
            Segments(data),
            PeriodTransactions(data),
        };
        if (tracking.Count > 1)
        {
            charts.Add(Tracking(data, tracking));
        }

        if (data.Holdout.Count > 0)
        {
            charts.Add(Holdout(data));
        }

        charts.Add(FrequencyRecency(data));
        charts.Add(AliveHeatmap(data));
        charts.Add(LifetimeValueDistribution(data));
        if (ProfitSection.Chart(data) is { } profit)
        {
            charts.Add(profit);
        }

        return charts;
    }

    private static ReportChart Lorenz(ReportData data)
    {
        var c = data.Concentration;
        var top20 = c.TopShare(0.2);
        string headline = $"The top 20% of customers bring {Display.Percent(top20.ValueShare)} of revenue";

        // The curve with the biggest spenders first: at x% of customers it shows their share of revenue, so the
        // point (20%, 63%) reads as the sentence next to it.
        var curve = c.LorenzCurve.Select(p => (X: 1 - p.PopulationShare, Y: 1 - p.ValueShare)).Reverse().ToArray();
        var canvas = new SvgCanvas(Width, Height);
        var plot = new PlotArea(canvas, 64, 20, 24, 56) { XMin = 0, XMax = 1, YMin = 0, YMax = 1 };
        double[] ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
        plot.YAxis(ticks, t => Display.Percent(t), "Share of revenue");
        plot.XAxis(ticks, t => Display.Percent(t), "Share of customers, biggest spenders first", grid: true);
        plot.Frame();
        canvas.Line(plot.X(0), plot.Y(0), plot.X(1), plot.Y(1), Muted, 1.5, "6 5");
        canvas.Polyline(Thin(curve, 400).Select(p => (plot.X(p.X), plot.Y(p.Y))), Primary, 3);

        double mx = plot.X(0.2), my = plot.Y(top20.ValueShare);
        canvas.Line(mx, my, mx, plot.Y(0), Secondary, 1.5, "4 4");
        canvas.Line(plot.X(0), my, mx, my, Secondary, 1.5, "4 4");
        canvas.Circle(mx, my, 6.5, Secondary);
        canvas.Text(mx + 14, my + 22, "The top 20% of customers", 14, bold: true, halo: true);
        canvas.Text(mx + 14, my + 40, $"bring {Display.Percent(top20.ValueShare)} of revenue", 14, bold: true, halo: true);
        double lx = plot.Left + 200, ly = plot.Bottom - 26;
        lx = canvas.LegendItem(lx, ly, Primary, "Customers", line: true);
        canvas.LegendItem(lx, ly, Muted, "If all spent the same", line: true, dash: "6 5");

        var rows = new List<IReadOnlyList<string>>();
        foreach (double share in new[] { 0.01, 0.05, 0.1, 0.2, 0.5 })
        {
            var p = c.TopShare(share);
            rows.Add([Display.Percent(share), Display.Count(p.Customers), Display.Percent(p.ValueShare, 1)]);
        }

        return new ReportChart("lorenz", "How concentrated is revenue?",
            $"Customers ranked by what they spent up to {Display.Date(data.AsOf)}, biggest first. The further the curve rises above the dashed diagonal, the more revenue depends on a few customers. Gini = {Display.Fixed(c.Gini, 2)} (0: everyone spends the same; 1: one customer spends everything).",
            $"{headline}; the Gini coefficient of spend is {Display.Fixed(c.Gini, 2)}.",
            canvas.ToSvg("lorenz", "How concentrated is revenue?", $"{headline}."),
            new ChartTable(["Top customers", "Customers", "Share of revenue"], rows));
    }

    private static ReportChart Segments(ReportData data)
    {
        int count = data.Segments.Count;
        const double Row = 36;
        var canvas = new SvgCanvas(Width, (int)(70 + (count * Row)));
        double labelWidth = 150, left = labelWidth + 10, right = Width - 70;
        double max = PlotArea.NiceMax(data.Segments.Max(s => Math.Max(s.CustomerShare, s.ValueShare)), 4);
        double X(double v) => left + (v / max * (right - left));
        foreach (double t in PlotArea.NiceTicks(0, max, 4))
        {
            canvas.Line(X(t), 8, X(t), 12 + (count * Row), Grid);
            canvas.Text(X(t), 28 + (count * Row), Display.Percent(t), 13, "middle", Muted);
        }

        for (int i = 0; i < count; i++)
        {
            var s = data.Segments[i];
            double y = 12 + (i * Row);
            canvas.Text(labelWidth, y + 20, Label(s.Segment), 13, "end");
            canvas.Rect(left, y + 2, X(s.CustomerShare) - left, 14, Primary, $"{Label(s.Segment)}: {Display.Percent(s.CustomerShare, 1)} of customers");
            canvas.Text(X(s.CustomerShare) + 4, y + 14, Display.Percent(s.CustomerShare), 12, fill: Muted);
            canvas.Rect(left, y + 17, X(s.ValueShare) - left, 14, Secondary, $"{Label(s.Segment)}: {Display.Percent(s.ValueShare, 1)} of revenue");
            canvas.Text(X(s.ValueShare) + 4, y + 29, Display.Percent(s.ValueShare), 12, fill: Muted);
        }

        canvas.Line(left, 8, left, 12 + (count * Row), Muted);
        double lx = canvas.LegendItem(left, 56 + (count * Row), Primary, "Share of customers");
        canvas.LegendItem(lx, 56 + (count * Row), Secondary, "Share of revenue");

        var biggest = data.Segments.MaxBy(s => s.ValueShare);
        string description = $"{Label(biggest.Segment)} is the segment with the most revenue: {Display.Percent(biggest.ValueShare)} of revenue from {Display.Percent(biggest.CustomerShare)} of customers.";
        return new ReportChart("segments", "Segments: customers and revenue",
            "Each segment's share of customers (blue) and of revenue (orange). A segment whose orange bar is longer than its blue one brings more than its head count.",
            description,
            canvas.ToSvg("segments", "Segments: customers and revenue", description),
            new ChartTable(["Segment", "Customers", "Share of customers", "Revenue", "Share of revenue"],
                [.. data.Segments.Select(s => (IReadOnlyList<string>)[Label(s.Segment), Display.Count(s.Customers), Display.Percent(s.CustomerShare, 1), Display.Money(s.Value), Display.Percent(s.ValueShare, 1)])]));
    }

    private static ReportChart PeriodTransactions(ReportData data)
    {
        var s = data.Summaries;
        var actual = new double[FrequencyBuckets + 1];
        var ages = new Dictionary<double, int>();
        for (int i = 0; i < s.Count; i++)
        {
            actual[(int)Math.Min(s.Frequency[i], FrequencyBuckets)]++;
            ages[s.Age[i]] = ages.GetValueOrDefault(s.Age[i]) + 1;
        }

        // The model's count of customers with x repeat purchases in their own observation time T: the sum of P(X(T) = x).
        var expected = new double[FrequencyBuckets + 1];
        foreach (var (age, customers) in ages)
        {
            double below = 0;
            for (int x = 0; x < FrequencyBuckets; x++)
            {
                double p = age > 0 ? data.Model.ProbabilityOfPurchases(x, age) : (x == 0 ? 1 : 0);
                expected[x] += customers * p;
                below += p;
            }

            expected[FrequencyBuckets] += customers * Math.Max(0, 1 - below);
        }

        var labels = Enumerable.Range(0, FrequencyBuckets + 1).Select(x => x < FrequencyBuckets ? Display.Count(x) : $"{FrequencyBuckets}+").ToArray();
        var canvas = new SvgCanvas(Width, Height);
        var plot = new PlotArea(canvas, 70, 36, 16, 56) { XMin = 0, XMax = FrequencyBuckets + 1, YMin = 0, YMax = PlotArea.NiceMax(Math.Max(actual.Max(), expected.Max())) };
        plot.YAxis(PlotArea.NiceTicks(0, plot.YMax), Display.Count, "Customers");
        for (int x = 0; x <= FrequencyBuckets; x++)
        {
            double w = (plot.X(1) - plot.X(0)) * 0.36;
            double centre = plot.X(x + 0.5);
            canvas.Rect(centre - w, plot.Y(actual[x]), w, plot.Y(0) - plot.Y(actual[x]), Primary, $"{labels[x]} repeat purchases: {Display.Count(actual[x])} customers");
            canvas.Rect(centre, plot.Y(expected[x]), w, plot.Y(0) - plot.Y(expected[x]), Secondary, $"{labels[x]} repeat purchases: model expects {Display.Count(expected[x])}");
            canvas.Text(centre, plot.Bottom + 19, labels[x], 13, "middle", Muted);
        }

        plot.XTitle($"Repeat purchases up to {Display.Date(data.AsOf)}");
        plot.Frame();
        double lx = canvas.LegendItem(plot.Right - 300, 22, Primary, "Actual");
        canvas.LegendItem(lx, 22, Secondary, $"{ModelName(data)} model");

        double gap = actual.Zip(expected, (a, e) => Math.Abs(a - e)).Sum() / 2;
        string description = $"Of {Display.Count(s.Count)} customers, {Display.Count(actual[0])} made no repeat purchase (the model expects {Display.Count(expected[0])}); the model misplaces {Display.Count(gap)} customers across all counts.";
        return new ReportChart("period-transactions", "Does the model fit? Repeat purchases per customer",
            $"How many customers made 0, 1, 2, … repeat purchases up to {Display.Date(data.AsOf)} (blue), and how many the fitted {ModelName(data)} model expects given how long each has been a customer (orange). Bars of equal height mean the model describes the customer base well.",
            description,
            canvas.ToSvg("period-transactions", "Repeat purchases per customer, actual and expected", description),
            new ChartTable(["Repeat purchases", "Customers", "Expected by the model"],
                [.. Enumerable.Range(0, FrequencyBuckets + 1).Select(x => (IReadOnlyList<string>)[labels[x], Display.Count(actual[x]), Display.Count(expected[x])])]));
    }

    private static ReportChart Tracking(ReportData data, IReadOnlyList<TrackingPoint> points)
    {
        var canvas = new SvgCanvas(Width, Height);
        double max = points.Max(p => Math.Max(p.Actual, p.Expected));
        var plot = new PlotArea(canvas, 76, 36, 20, 56) { XMin = 0, XMax = points[^1].Weeks, YMin = 0, YMax = PlotArea.NiceMax(max) };
        plot.YAxis(PlotArea.NiceTicks(0, plot.YMax), Display.Count, "Repeat purchases, cumulative");
        plot.XAxis(PlotArea.NiceTicks(0, plot.XMax, 6), Display.Count, $"Weeks since {Display.Date(points[0].End.AddDays(-7))}");
        plot.Frame();
        double asOfWeeks = points[0].Weeks - 1 + ((data.AsOf.DayNumber - points[0].End.DayNumber) / 7.0);
        var holdoutEnd = data.Summaries.HoldoutEnd;
        if (holdoutEnd is not null && asOfWeeks < plot.XMax)
        {
            double x = plot.X(asOfWeeks);
            canvas.Line(x, plot.Top, x, plot.Bottom, Muted, 1.5, "4 4");
            canvas.Text(x - 6, plot.Top + 14, "fitted on", 12, "end", Muted);
            canvas.Text(x + 6, plot.Top + 14, "forecast, then compared", 12, "start", Muted);
        }

        canvas.Polyline(points.Select(p => (plot.X(p.Weeks), plot.Y(p.Actual))), Primary, 3);
        canvas.Polyline(points.Select(p => (plot.X(p.Weeks), plot.Y(p.Expected))), Secondary, 3, "8 5");
        double lx = canvas.LegendItem(plot.Left + 12, plot.Top + 40, Primary, "Actual", line: true);
        canvas.LegendItem(lx, plot.Top + 40, Secondary, $"{ModelName(data)} model", line: true, dash: "8 5");

        var last = points[^1];
        string description = holdoutEnd is null
            ? $"By {Display.Date(last.End)} the customers made {Display.Count(last.Actual)} repeat purchases; the model fitted on them expects {Display.Count(last.Expected)}."
            : $"By {Display.Date(last.End)} the customers made {Display.Count(last.Actual)} repeat purchases; the model fitted up to {Display.Date(data.AsOf)} expected {Display.Count(last.Expected)} ({Display.Percent((last.Expected / Math.Max(last.Actual, 1)) - 1, 1)} off).";
        var rows = points.Where((p, i) => i % 4 == 3 || i == points.Count - 1)
            .Select(p => (IReadOnlyList<string>)[Display.Date(p.End), Display.Count(p.Actual), Display.Count(p.Expected)]).ToList();
        return new ReportChart("tracking", "Does the model track? Cumulative repeat purchases",
            holdoutEnd is null
                ? $"Repeat purchases of the customers who had bought by {Display.Date(data.AsOf)}, week by week (blue), and what the {ModelName(data)} model fitted on the same period expects (orange, dashed)."
                : $"Repeat purchases of the customers who had bought by {Display.Date(data.AsOf)}, week by week (blue), and what the {ModelName(data)} model fitted up to {Display.Date(data.AsOf)} expects (orange, dashed). Right of the dotted line the model forecasts weeks it never saw: lines that stay together mean the forecasts can be trusted.",
            description,
            canvas.ToSvg("tracking", "Cumulative repeat purchases, actual and expected", description),
            new ChartTable(["Week ending", "Repeat purchases", "Expected by the model"], rows));
    }

    private static ReportChart Holdout(ReportData data)
    {
        var rows = data.Holdout;
        var canvas = new SvgCanvas(Width, Height);
        var plot = new PlotArea(canvas, 70, 36, 16, 56) { XMin = -0.5, XMax = rows.Count - 0.5, YMin = 0, YMax = PlotArea.NiceMax(rows.Max(r => Math.Max(r.Actual, r.Predicted))) };
        plot.YAxis(PlotArea.NiceTicks(0, plot.YMax), Display.Number, "Purchases per customer, holdout");
        plot.XAxis(Enumerable.Range(0, rows.Count).Select(i => (double)i), i => rows[(int)i].Frequency, $"Repeat purchases up to {Display.Date(data.AsOf)}");
        plot.Frame();
        canvas.Polyline(rows.Select((r, i) => (plot.X(i), plot.Y(r.Actual))), Primary, 3);
        canvas.Polyline(rows.Select((r, i) => (plot.X(i), plot.Y(r.Predicted))), Secondary, 3, "8 5");
        for (int i = 0; i < rows.Count; i++)
        {
            canvas.Circle(plot.X(i), plot.Y(rows[i].Actual), 4.5, Primary);
            canvas.Circle(plot.X(i), plot.Y(rows[i].Predicted), 4.5, Secondary);
        }

        double lx = canvas.LegendItem(plot.Left + 12, plot.Top + 4, Primary, "Actual", line: true);
        canvas.LegendItem(lx, plot.Top + 4, Secondary, $"{ModelName(data)} model", line: true, dash: "8 5");
        var holdoutEnd = data.Summaries.HoldoutEnd!.Value;
        var top = rows[^1];
        string description = $"Customers with {top.Frequency} repeat purchases up to {Display.Date(data.AsOf)} made {Display.Number(top.Actual)} purchases each up to {Display.Date(holdoutEnd)}; the model expected {Display.Number(top.Predicted)}.";
        return new ReportChart("holdout", "Does the model predict? Each group's purchases in the holdout",
            $"Customers grouped by their repeat purchases up to {Display.Date(data.AsOf)}; the purchases each group actually made per customer up to {Display.Date(holdoutEnd)} (blue) against what the model fitted on the earlier period expected (orange, dashed).",
            description,
            canvas.ToSvg("holdout", "Holdout purchases per customer, actual and expected", description),
            new ChartTable(["Repeat purchases up to the as-of date", "Customers", "Holdout purchases per customer", "Expected by the model"],
                [.. rows.Select(r => (IReadOnlyList<string>)[r.Frequency, Display.Count(r.Customers), Display.Number(r.Actual), Display.Number(r.Predicted)])]));
    }

    /// <summary>The frequency × recency grid of customers as old as the oldest one (the lifetimes convention), and how many weeks a cell spans.</summary>
    private static (int MaxFrequency, int Weeks, int Step) FrequencyGrid(ReportData data)
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
        int maxFrequency = (int)Math.Clamp(Math.Ceiling(frequencies[(int)(0.99 * (frequencies.Length - 1))]), 5, 30);
        int weeks = Math.Max(1, (int)Math.Ceiling(maxAge));
        int step = Math.Max(1, (int)Math.Ceiling(weeks / 60.0));
        return (maxFrequency, weeks, step);
    }

    private static ReportChart FrequencyRecency(ReportData data)
    {
        var (maxFrequency, weeks, step) = FrequencyGrid(data);
        double horizon = Horizon(data);
        var (canvas, table, low, high) = Heatmap(data, (x, t) => data.Model.ExpectedPurchases(horizon, x, x == 0 ? 0 : t, weeks), maxFrequency, weeks, step, "Expected purchases", null);
        string description = $"A customer with {Display.Plural(maxFrequency, "repeat purchase")} whose last purchase was recent is expected to buy {Display.Number(high)} times in {HorizonText(data)}; one who never bought again, {Display.Number(low)} times.";
        const string Title = "Who will buy? Expected purchases by frequency and recency";
        return new ReportChart("frequency-recency", Title,
            $"{ModelName(data)} expected purchases in {HorizonText(data)} of a customer who first bought {Display.Plural(weeks, "week")} ago, by the week of their last purchase (right = recent) and their number of repeat purchases (up). The best customers are frequent buyers who bought recently (top right).",
            description, canvas.ToSvg("frequency-recency", Title, description), table);
    }

    private static ReportChart AliveHeatmap(ReportData data)
    {
        var (maxFrequency, weeks, step) = FrequencyGrid(data);
        var (canvas, table, _, _) = Heatmap(data, (x, t) => data.Model.ProbabilityAlive(x, x == 0 ? 0 : t, weeks), maxFrequency, weeks, step, "P(alive)", 1);
        double quietWeeks = Math.Round(weeks * 0.75);
        double quiet = data.Model.ProbabilityAlive(maxFrequency, weeks - quietWeeks, weeks);
        string description = $"A customer with {Display.Plural(maxFrequency, "repeat purchase")} who has not bought for {Display.Plural(quietWeeks, "week")} is still active with probability {Display.Fixed(quiet, 2)}; one who bought in the last week, {Display.Fixed(data.Model.ProbabilityAlive(maxFrequency, weeks, weeks), 2)}.";
        const string Title = "Who is still a customer? P(alive) by frequency and recency";
        return new ReportChart("p-alive", Title,
            $"{ModelName(data)} probability that a customer who first bought {Display.Plural(weeks, "week")} ago is still active, by the week of their last purchase (right = recent) and their number of repeat purchases (up). Frequent buyers who have gone quiet (top left) are the likeliest to be lost.{(data.Model.Kind == RepeatPurchaseModelKind.BgNbd ? " BG/NBD counts customers who never bought again (bottom row) as active." : string.Empty)}",
            description, canvas.ToSvg("p-alive", Title, description), table);
    }

    private static (SvgCanvas Canvas, ChartTable Table, double Low, double High) Heatmap(ReportData data, Func<int, double, double> value, int maxFrequency, int weeks, int step, string scaleLabel, double? fixedMax)
    {
        int columns = (weeks + step - 1) / step;
        var cells = new double[maxFrequency + 1, columns];
        double max = 0;
        for (int x = 0; x <= maxFrequency; x++)
        {
            for (int c = 0; c < columns; c++)
            {
                double t = Math.Min(weeks, (c + 1) * step);
                cells[x, c] = value(x, t);
                max = Math.Max(max, cells[x, c]);
            }
        }

        double low = cells[0, columns - 1];
        double high = cells[maxFrequency, columns - 1];
        double top = fixedMax ?? PlotArea.NiceMax(max, 4);
        var canvas = new SvgCanvas(Width, Height);
        var plot = new PlotArea(canvas, 64, 16, 110, 56) { XMin = 0, XMax = columns * step, YMin = -0.5, YMax = maxFrequency + 0.5 };
        double cellWidth = plot.X(step) - plot.X(0), cellHeight = plot.Y(0) - plot.Y(1);
        for (int x = 0; x <= maxFrequency; x++)
        {
            for (int c = 0; c < columns; c++)
            {
                canvas.Rect(plot.X(c * step), plot.Y(x + 0.5), cellWidth + 0.4, cellHeight + 0.4, ColourScale.At(cells[x, c] / top));
            }
        }

        foreach (double f in PlotArea.NiceTicks(0, maxFrequency, 5))
        {
            canvas.Text(plot.Left - 6, plot.Y(f) + 4.5, Display.Count(f), 13, "end", Muted);
        }

        canvas.Text(16, (plot.Top + plot.Bottom) / 2, "Repeat purchases", 14, "middle", rotate: -90);
        plot.XAxis(PlotArea.NiceTicks(0, weeks, 6), Display.Count, "Week of the last purchase (since the first)");

        // The colour scale, with its label.
        double barX = plot.Right + 24, barTop = plot.Top + 30, barHeight = plot.Bottom - plot.Top - 30;
        const int Steps = 40;
        for (int i = 0; i < Steps; i++)
        {
            canvas.Rect(barX, barTop + (barHeight * (Steps - 1 - i) / Steps), 16, (barHeight / Steps) + 0.4, ColourScale.At((i + 0.5) / Steps));
        }

        foreach (double t in PlotArea.NiceTicks(0, top, 4))
        {
            double y = barTop + (barHeight * (1 - (t / top)));
            canvas.Line(barX + 16, y, barX + 20, y, Muted);
            canvas.Text(barX + 23, y + 4.5, Display.Number(t), 12, fill: Muted);
        }

        string[] words = scaleLabel.Split(' ');
        for (int i = 0; i < words.Length; i++)
        {
            canvas.Text(plot.Right + 8, plot.Top + 4 + (i * 15), words[i], 13);
        }

        var rows = new List<IReadOnlyList<string>>();
        int[] recencyColumns = [0, (columns - 1) / 2, columns - 1];
        for (int x = maxFrequency; x >= 0; x -= Math.Max(1, maxFrequency / 6))
        {
            rows.Add([Display.Count(x), .. recencyColumns.Select(c => Display.Number(cells[x, c]))]);
        }

        string[] headers = ["Repeat purchases", .. recencyColumns.Select(c => $"Last purchase in week {Display.Count(Math.Min(weeks, (c + 1) * step))}")];
        return (canvas, new ChartTable(headers, rows), low, high);
    }

    private static ReportChart LifetimeValueDistribution(ReportData data)
    {
        var values = (double[])data.LifetimeValue.Clone();
        Array.Sort(values);
        double total = values.Sum(v => Math.Max(v, 0));
        var edges = LogBins(values);
        int bins = edges.Length + 1;
        var customers = new double[bins];
        var value = new double[bins];
        foreach (double v in values)
        {
            int b = 0;
            while (b < edges.Length && v >= edges[b])
            {
                b++;
            }

            customers[b]++;
            value[b] += Math.Max(v, 0);
        }

        // Bins without customers at either end are left out.
        int first = Array.FindIndex(customers, c => c > 0), last = Array.FindLastIndex(customers, c => c > 0);
        var labels = new List<string>();
        for (int b = first; b <= last; b++)
        {
            labels.Add(b == 0 ? $"under {Display.Number(edges[0])}" : b == edges.Length ? $"{Display.Number(edges[^1])}+" : $"{Display.Number(edges[b - 1])}–{Display.Number(edges[b])}");
        }

        int shown = last - first + 1;
        var customerShare = Enumerable.Range(first, shown).Select(b => customers[b] / values.Length).ToArray();
        var valueShare = Enumerable.Range(first, shown).Select(b => total > 0 ? value[b] / total : 0).ToArray();
        var canvas = new SvgCanvas(Width, Height);
        var plot = new PlotArea(canvas, 64, 36, 16, 84) { XMin = 0, XMax = shown, YMin = 0, YMax = PlotArea.NiceMax(Math.Max(customerShare.Max(), valueShare.Max()), 4) };
        plot.YAxis(PlotArea.NiceTicks(0, plot.YMax, 4), t => Display.Percent(t), "Share");
        for (int i = 0; i < shown; i++)
        {
            double w = (plot.X(1) - plot.X(0)) * 0.38, centre = plot.X(i + 0.5);
            canvas.Rect(centre - w, plot.Y(customerShare[i]), w, plot.Bottom - plot.Y(customerShare[i]), Primary, $"CLV {labels[i]}: {Display.Count(customers[first + i])} customers ({Display.Percent(customerShare[i], 1)})");
            canvas.Rect(centre, plot.Y(valueShare[i]), w, plot.Bottom - plot.Y(valueShare[i]), Secondary, $"CLV {labels[i]}: {Display.Percent(valueShare[i], 1)} of customer equity");
            canvas.Text(centre, plot.Bottom + 18, labels[i], shown > 9 ? 11 : 12.5, "end", Muted, rotate: shown > 7 ? -30 : 0);
        }

        plot.Frame();
        canvas.Text((plot.Left + plot.Right) / 2, Height - 6, $"Customer lifetime value over {HorizonText(data)} (bands on a doubling scale)", 13.5, "middle");
        double lx = canvas.LegendItem(plot.Right - 360, 22, Primary, "Share of customers");
        canvas.LegendItem(lx, 22, Secondary, "Share of customer equity");

        double median = values[values.Length / 2];
        int topBand = Array.IndexOf(valueShare, valueShare.Max());
        string description = $"Half of the customers are worth less than {Display.Money(median)}; the {Display.Count(customers[first + topBand])} customers worth {labels[topBand]} hold the largest share of customer equity, {Display.Percent(valueShare[topBand])}.";
        return new ReportChart("clv", "What are customers worth? Lifetime value",
            $"Expected discounted spend per customer over {HorizonText(data)} ({ModelName(data)} purchases × {data.SpendModelText}, {DiscountText(data)}), in bands that double or more: blue is the share of customers in the band, orange their share of the total value. Most customers are worth little; the value sits with the few at the right.",
            description,
            canvas.ToSvg("clv", "Customer lifetime value distribution", description),
            new ChartTable(["Lifetime value", "Customers", "Share of customers", "Share of customer equity"],
                [.. Enumerable.Range(0, shown).Select(i => (IReadOnlyList<string>)[labels[i], Display.Count(customers[first + i]), Display.Percent(customerShare[i], 1), Display.Percent(valueShare[i], 1)])]));
    }

    /// <summary>
    /// Band edges on a 1-2-5 scale (…, 1, 2, 5, 10, 20, …) from about the 2nd percentile to the maximum, so a long
    /// right tail and the many small values both show; decades only (1, 10, 100, …) when that would be more than 12 bands.
    /// </summary>
    internal static double[] LogBins(double[] sorted)
    {
        double high = sorted[^1];
        if (!(high > 0))
        {
            return [1];
        }

        double low = Math.Max(sorted[(int)(0.02 * (sorted.Length - 1))], Math.Max(high / 1e6, 1e-2));
        foreach (double[] mantissas in new[] { new double[] { 1, 2, 5 }, [1] })
        {
            // The 1-2-5 (or 1-10) sequence from the step at or below the low end to the first step above the maximum.
            var edges = new List<double>();
            for (double decade = Math.Pow(10, Math.Floor(Math.Log10(low))); edges.Count == 0 || edges[^1] <= high; decade *= 10)
            {
                foreach (double m in mantissas)
                {
                    double e = Math.Round(m * decade, 10);
                    if (e <= low)
                    {
                        edges.Clear();
                    }

                    if (edges.Count == 0 || edges[^1] <= high)
                    {
                        edges.Add(e);
                    }
                }
            }

            // The top band is "x and more": the last edge is the last step at or below the maximum.
            edges.RemoveAt(edges.Count - 1);
            if (edges.Count <= 12 || mantissas.Length == 1)
            {
                return [.. edges];
            }
        }

        throw new UnreachableException();
    }

    private static string ModelName(ReportData data) => data.ModelName;

    private static double Horizon(ReportData data) => data.Horizon;

    /// <summary>"the next year" for a horizon of 365.25 days (± a day), else "the next 26 weeks".</summary>
    internal static string HorizonText(ReportData data) =>
        Math.Abs((data.Horizon * data.Model.TimeUnit.DaysPerUnit()) - 365.25) < 1 ? "the next year" : $"the next {Display.Plural(data.Horizon, data.Model.TimeUnit.ToName())}";

    /// <summary>"10% a year", "1% a month".</summary>
    internal static string DiscountText(ReportData data) =>
        data.DiscountRate.Rate == 0 ? "not discounted" : $"discounted at {Display.Percent(data.DiscountRate.Rate, data.DiscountRate.Rate * 100 % 1 == 0 ? 0 : 1)} a {data.DiscountRate.Period.ToName()}";

    private static string Label(string segment) => segment.Replace('_', ' ');

    /// <summary>At most about <paramref name="count"/> points of a curve, evenly spaced by index, keeping both ends.</summary>
    private static IEnumerable<(double X, double Y)> Thin((double X, double Y)[] points, int count)
    {
        int stride = Math.Max(1, points.Length / count);
        for (int i = 0; i < points.Length; i += stride)
        {
            yield return points[i];
        }

        if ((points.Length - 1) % stride != 0)
        {
            yield return points[^1];
        }
    }
}
