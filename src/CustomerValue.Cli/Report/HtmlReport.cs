using System.Globalization;
using System.Net;
using System.Text;
using CustomerValue.Churn;
using CustomerValue.Segmentation;

namespace CustomerValue.Cli.Report;

/// <summary>
/// Writes the report as one self-contained HTML file: inline CSS, charts as inline SVG (each an image with a title,
/// a description and a table of its numbers), no script, and a content security policy that forbids loading anything.
/// It reads on a desktop and on a phone (one column below 760 pixels).
/// </summary>
internal static class HtmlReport
{
    private const string Style = """
        body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #1d232b; margin: 0; background: #f4f6f9; }
        main { max-width: 1320px; margin: 0 auto; padding: 24px 32px 48px; }
        h1 { font-size: 28px; margin: 8px 0 4px; }
        h2 { font-size: 20px; margin: 0 0 8px; }
        p.lead { color: #4b5563; margin: 0 0 20px; }
        .figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-bottom: 20px; }
        .figure { background: #fff; border-radius: 8px; padding: 14px 16px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
        .figure .value { font-size: 24px; font-weight: 700; color: #1f5fa8; }
        .figure .label { font-size: 13px; color: #4b5563; }
        .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
        section { background: #fff; border-radius: 8px; padding: 16px 18px; box-shadow: 0 1px 3px rgba(0,0,0,.08); margin-bottom: 16px; }
        svg.chart { width: 100%; height: auto; display: block; }
        figure { margin: 0; }
        figcaption, .note { font-size: 13px; color: #4b5563; margin-top: 6px; }
        details { font-size: 13px; margin-top: 6px; }
        summary { cursor: pointer; color: #1f5fa8; }
        .scroll { overflow-x: auto; }
        .grid > *, .figures > * { min-width: 0; }
        ul.reasons { margin: 0; padding-left: 16px; }
        @media (max-width: 760px) {
          main { padding: 12px 10px 32px; }
          h1 { font-size: 22px; }
          .figures { grid-template-columns: 1fr 1fr; gap: 8px; }
          .figure .value { font-size: 20px; }
          .grid { grid-template-columns: 1fr; gap: 0; }
          section { padding: 12px 10px; }
        }
        table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th, td { padding: 5px 8px; border-bottom: 1px solid #e5e7eb; text-align: right; }
        th:first-child, td:first-child, td.text, th.text { text-align: left; }
        th { background: #f0f3f7; font-weight: 600; }
        .critical { color: #b91c1c; font-weight: 700; }
        .warning { color: #c2410c; font-weight: 700; }
        """;

    public static void Write(TextWriter w, ReportData data, IReadOnlyList<ReportChart> charts)
    {
        var ci = CultureInfo.InvariantCulture;
        var s = data.Summaries;
        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Write($"<title>Customer value report — {E(data.Source)}</title>\n<style>{Style}</style>\n</head>\n<body>\n<main>\n");
        w.Write($"<h1>Customer value report</h1>\n<p class=\"lead\">{E(data.Source)} · purchases up to {data.AsOf.ToString("yyyy-MM-dd", ci)}");
        if (s.HasHoldout)
        {
            w.Write($", holdout to {s.HoldoutEnd!.Value.ToString("yyyy-MM-dd", ci)}");
        }

        w.Write(string.Create(ci, $" · {data.Ingest.RowsRead:N0} rows read, {data.Ingest.RejectedCount:N0} rejected</p>\n"));
        WriteFigures(w, data);

        var byId = charts.ToDictionary(c => c.Id, StringComparer.Ordinal);
        w.Write("<div class=\"grid\">\n");
        WriteChart(w, byId["lorenz"]);
        WriteChart(w, byId["segments"]);
        w.Write("</div>\n");
        WriteTables(w, data);
        WriteValueGroups(w, data);
        if (byId.TryGetValue("profit-deciles", out var profitChart))
        {
            WriteChart(w, profitChart);
        }

        ProfitSection.Write(w, data);
        w.Write("<div class=\"grid\">\n");
        WriteChart(w, byId["clv"]);
        WriteChart(w, byId["frequency-recency"]);
        WriteChart(w, byId["p-alive"]);
        WriteChart(w, byId["period-transactions"]);
        foreach (string id in new[] { "tracking", "holdout" })
        {
            if (byId.TryGetValue(id, out var chart))
            {
                WriteChart(w, chart);
            }
        }

        WriteModel(w, data);
        w.Write("</div>\n");
        WriteAtRisk(w, data);
        w.Write($"<p class=\"note\">Made by customer-value report. Spend is the customers' total spend up to the as-of date; lifetime values (over {E(ReportCharts.HorizonText(data))}, {E(ReportCharts.DiscountText(data))}) and P(alive) come from the {E(data.ModelName)} model {(data.Fit is null ? "given" : "fitted in weeks on the same period")}; segments from the {E(data.SegmentMapName)} segment map.</p>\n");
        w.Write("</main>\n</body>\n</html>\n");
    }

    private static void WriteFigures(TextWriter w, ReportData data)
    {
        var s = data.Summaries;
        int repeat = 0;
        double spend = 0, expected = 0, equity = 0, aliveSum = 0;
        for (int i = 0; i < s.Count; i++)
        {
            repeat += s.Frequency[i] > 0 ? 1 : 0;
            spend += s.TotalSpend[i];
            expected += data.ExpectedPurchasesYear[i];
            equity += data.LifetimeValue[i];
            aliveSum += data.ProbabilityAlive[i];
        }

        var top20 = data.Concentration.TopShare(0.2);
        int atRisk = data.LevelCounts[(int)ChurnLevel.Warning] + data.LevelCounts[(int)ChurnLevel.Critical];
        var figures = new List<(string Value, string Label)>
        {
            (N(s.Count), "customers"),
            (P((double)repeat / s.Count), "bought again after their first purchase"),
            (M(spend), "spend up to the as-of date"),
            (P(top20.ValueShare), "of spend from the top 20% of customers"),
            (Display.Fixed(data.Concentration.Gini, 2), "Gini coefficient of spend"),
            (P(aliveSum / s.Count), "expected still active (mean P(alive))"),
            (M(equity), "customer equity: one-year CLV, all customers"),
            (N(atRisk), "customers at warning or critical churn risk"),
        };
        if (data.Run.Profitability is { } profit)
        {
            figures.Add((M(profit.Profit.Sum()), "profit up to the as-of date"));
            figures.Add((N(profit.BelowZeroCustomers), "customers below zero (cumulative profit under zero)"));
        }

        w.Write("<div class=\"figures\">\n");
        foreach (var (value, label) in figures)
        {
            w.Write($"<div class=\"figure\"><div class=\"value\">{E(value)}</div><div class=\"label\">{E(label)}</div></div>\n");
        }

        w.Write("</div>\n");
    }

    private static void WriteChart(TextWriter w, ReportChart chart)
    {
        w.Write($"<section id=\"{chart.Id}\"><h2>{E(chart.Title)}</h2>\n<figure>{chart.Svg}\n");
        w.Write($"<figcaption>{E(chart.Caption)}</figcaption>\n<details><summary>The numbers behind the chart</summary><div class=\"scroll\"><table>\n<tr>");
        foreach (string header in chart.Table.Headers)
        {
            w.Write($"<th>{E(header)}</th>");
        }

        w.Write("</tr>\n");
        foreach (var row in chart.Table.Rows)
        {
            w.Write("<tr>");
            foreach (string cell in row)
            {
                w.Write($"<td>{E(cell)}</td>");
            }

            w.Write("</tr>\n");
        }

        w.Write("</table></div></details></figure></section>\n");
    }

    private static void WriteTables(TextWriter w, ReportData data)
    {
        var c = data.Concentration;
        w.Write("<div class=\"grid\">\n<section id=\"abc\"><h2>ABC classes</h2>\n<div class=\"scroll\"><table>\n<tr><th>Class</th><th>Customers</th><th>% of customers</th><th>Spend</th><th>% of spend</th></tr>\n");
        foreach (var g in c.AbcGroups)
        {
            w.Write($"<tr><td>{g.Class}</td><td>{N(g.Customers)}</td><td>{P((double)g.Customers / c.Count)}</td><td>{M(g.Value)}</td><td>{P(g.Share)}</td></tr>\n");
        }

        w.Write($"</table></div>\n<p class=\"note\">A = the customers who make the first {Display.Percent(c.Options.AThreshold)} of spend, B = up to {Display.Percent(c.Options.BThreshold)}, C = the rest.</p>\n");
        w.Write("<h2 style=\"margin-top:16px\">Segments</h2>\n<div class=\"scroll\"><table>\n<tr><th>Segment</th><th>Customers</th><th>% of customers</th><th>Spend</th><th>% of spend</th></tr>\n");
        foreach (var seg in data.Segments)
        {
            w.Write($"<tr><td>{E(seg.Segment)}</td><td>{N(seg.Customers)}</td><td>{P(seg.CustomerShare)}</td><td>{M(seg.Value)}</td><td>{P(seg.ValueShare)}</td></tr>\n");
        }

        w.Write("</table></div>\n</section>\n");
        w.Write("<section id=\"deciles\"><h2>Spend deciles</h2>\n<div class=\"scroll\"><table>\n<tr><th>Decile</th><th>Customers</th><th>Spend</th><th>% of spend</th><th>Cumulative %</th><th>Lift</th><th>Spend range</th></tr>\n");
        foreach (var d in c.Quantiles)
        {
            w.Write($"<tr><td>{d.Quantile}</td><td>{N(d.Customers)}</td><td>{M(d.Value)}</td><td>{P(d.Share)}</td><td>{P(d.CumulativeShare)}</td><td>{Display.Fixed(d.Lift, 2)}</td><td>{M(d.MinimumValue)} – {M(d.MaximumValue)}</td></tr>\n");
        }

        w.Write("</table></div>\n<p class=\"note\">Decile 1 = the tenth of customers who spent most. Lift = the decile's share of spend ÷ its share of customers.</p>\n</section>\n</div>\n");
    }

    private static void WriteModel(TextWriter w, ReportData data)
    {
        var s = data.Summaries;
        w.Write("<section id=\"model\"><h2>The model behind the forecasts</h2>\n<div class=\"scroll\"><table>\n");
        if (data.Fit is { } fit)
        {
            var p = fit.Parameters;
            w.Write(string.Create(CultureInfo.InvariantCulture, $"<tr><td class=\"text\">BG/NBD (weeks), fitted</td><td>r = {p.R:0.###}, α = {p.Alpha:0.###}, a = {p.A:0.###}, b = {p.B:0.###}</td></tr>\n"));
            w.Write($"<tr><td class=\"text\">Log-likelihood</td><td>{Display.Number(fit.LogLikelihood)} ({(fit.Converged ? "converged" : "did not converge: " + fit.StopReason)})</td></tr>\n");
        }
        else
        {
            w.Write($"<tr><td class=\"text\">{E(data.ModelName)} ({E(data.Model.TimeUnit.ToName())}s), given</td><td>{E(ModelParameters(data.Model))}</td></tr>\n");
        }

        w.Write($"<tr><td class=\"text\">Spend</td><td>{E(data.SpendModelText)}</td></tr>\n");
        w.Write($"<tr><td class=\"text\">Expected purchases, {E(ReportCharts.HorizonText(data))}</td><td>{N(data.ExpectedPurchasesYear.Sum())}</td></tr>\n");
        if (s.HasHoldout)
        {
            double actual = 0, predicted = 0;
            foreach (var row in data.Holdout)
            {
                actual += row.Actual * row.Customers;
                predicted += row.Predicted * row.Customers;
            }

            w.Write($"<tr><td class=\"text\">Holdout purchases: actual / expected</td><td>{N(actual)} / {N(predicted)}</td></tr>\n");
        }

        w.Write("</table></div>\n<p class=\"note\">Fader, Hardie &amp; Lee (2005), \"Counting your customers the easy way\"; Gamma-Gamma spend: Fader, Hardie &amp; Lee (2005), JMR.</p>\n</section>\n");
    }

    private static string ModelParameters(CustomerValue.Lifetime.IRepeatPurchaseModel model) => model switch
    {
        CustomerValue.Lifetime.BgNbdModel m => m.Parameters.ToString(),
        CustomerValue.Lifetime.ModifiedBgNbdModel m => m.Parameters.ToString(),
        CustomerValue.Lifetime.ParetoNbdModel m => m.Parameters.ToString(),
        _ => model.Kind.ToString(),
    };

    /// <summary>Gold / regular / drag and MVC / MGC / BZ by CLV: the pipeline's own counts (what score and segment write).</summary>
    private static void WriteValueGroups(TextWriter w, ReportData data)
    {
        var run = data.Run;
        var clv = data.LifetimeValue;
        double equity = clv.Sum();
        var t = run.ScoringOptions.ValueTiers;
        var tiers = run.Scores.Tier.ToArray();
        var groups = run.ValueGroups.Groups.ToArray();
        int n = clv.Length;
        var rows = new List<(string Name, int Customers, double Value, string Meaning)>();
        void Add(string name, Func<int, bool> member, string meaning)
        {
            int count = 0;
            double value = 0;
            for (int i = 0; i < n; i++)
            {
                if (member(i))
                {
                    count++;
                    value += clv[i];
                }
            }

            rows.Add((name, count, value, meaning));
        }

        Add("gold", i => tiers[i] == Segmentation.GoldDragTier.Gold, $"the top {Display.Number(t.GoldShare * 100)} % by CLV: keep them");
        Add("regular", i => tiers[i] == Segmentation.GoldDragTier.Regular, "neither gold nor drag");
        Add("drag", i => tiers[i] == Segmentation.GoldDragTier.Drag, $"the bottom {Display.Number(t.DragShare * 100)} % by CLV, or below zero; {Inactive(run)} of them have not bought for over {Display.Number(t.DragInactiveDays)} days: spend less on them");
        Add("MVC", i => groups[i] == Segmentation.ValueGroup.MostValuable, $"most valuable: the top {Display.Number(t.MostValuableShare * 100)} % by CLV");
        Add("MGC", i => groups[i] == Segmentation.ValueGroup.MostGrowable, $"most growable: the top {Display.Number(t.MostGrowableShare * 100)} % by potential (estimated wallet − spend{(run.Wallets is null ? ", not estimated: too few customers" : ", wallets by " + run.Wallets.Method)}), not MVC: grow them");
        Add("BZ", i => groups[i] == Segmentation.ValueGroup.BelowZero, "below zero: CLV under zero, stop investing");
        w.Write($"<section id=\"value-groups\"><h2>Gold and drag, MVC, MGC and BZ ({(run.ValueBasisKind == Scoring.ValueBasisKind.Profit ? "by profit: CLV × each customer's margin rate" : "by CLV")})</h2>\n<div class=\"scroll\"><table>\n<tr><th>Group</th><th>Customers</th><th>% of customers</th><th>CLV</th><th>% of CLV</th><th>Meaning</th></tr>\n");
        foreach (var (name, customers, value, meaning) in rows)
        {
            w.Write($"<tr><td>{E(name)}</td><td>{N(customers)}</td><td>{P((double)customers / n)}</td><td>{M(value)}</td><td>{P(equity > 0 ? value / equity : 0)}</td><td class=\"text\">{E(meaning)}</td></tr>\n");
        }

        w.Write("</table></div>\n<p class=\"note\">The same tiers and groups as <code>customer-value score</code> and <code>segment</code> (columns tier, tier_reasons, value_group).</p>\n</section>\n");
    }

    private static int Inactive(Scoring.PipelineResult run)
    {
        int count = 0;
        for (int i = 0; i < run.Count; i++)
        {
            count += run.TierReasonsOf(i).EndsWith(Segmentation.ValueTierReasons.Inactive, StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }

    private static void WriteAtRisk(TextWriter w, ReportData data)
    {
        w.Write("<section id=\"at-risk\"><h2>Top customers at risk</h2>\n");
        w.Write(string.Create(CultureInfo.InvariantCulture, $"<p class=\"note\">Churn levels: {data.LevelCounts[3]:N0} critical, {data.LevelCounts[2]:N0} warning, {data.LevelCounts[1]:N0} watch, {data.LevelCounts[0]:N0} none. The customers at warning or critical level with the most value at stake (risk × one-year CLV) come first.</p>\n"));
        if (data.AtRisk.Count == 0)
        {
            w.Write("<p>No customer is at warning or critical level.</p>\n</section>\n");
            return;
        }

        w.Write("<div class=\"scroll\"><table>\n<tr><th>Customer</th><th class=\"text\">Level</th><th>Risk</th><th>P(alive)</th><th>Days since last purchase</th><th>Past spend</th><th>One-year CLV</th><th class=\"text\">Why</th></tr>\n");

        // Critical before warning; within a level, the most value at stake first (the order the data comes in).
        foreach (var c in data.AtRisk.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Level).ThenBy(x => x.i).Select(x => x.c))
        {
            string level = c.Level.ToName();
            var reasons = c.Reasons.Select(r => r.Message.Trim()).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal);
            w.Write($"<tr><td>{E(c.CustomerId)}</td><td class=\"text {level}\">{level}</td><td>{Display.Fixed(c.Risk, 2)}</td><td>{(double.IsNaN(c.ProbabilityAlive) ? "–" : Display.Fixed(c.ProbabilityAlive, 2))}</td><td>{Display.Count(c.DaysSinceLastPurchase)}</td><td>{M(c.PastSpend)}</td><td>{M(c.LifetimeValue)}</td><td class=\"text\"><ul class=\"reasons\">");
            foreach (string reason in reasons)
            {
                w.Write($"<li>{E(reason)}</li>");
            }

            w.Write("</ul></td></tr>\n");
        }

        w.Write("</table></div>\n</section>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => Display.Count(value);

    private static string M(double value) => Display.Money(value);

    private static string P(double fraction) => Display.Percent(fraction, 1);
}
