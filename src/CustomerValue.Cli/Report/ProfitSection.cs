using System.Net;
using CustomerValue.Cli.Commands;
using CustomerValue.Profitability;
using CustomerValue.Segmentation;
using static CustomerValue.Cli.Report.SvgCanvas;

namespace CustomerValue.Cli.Report;

/// <summary>
/// The report's profit part, shown when a profit column is named (the profit value basis): a chart of the sales deciles
/// with their share of profit, and a section with the profit groups, the profit deciles with their share of sales, the
/// below-zero customers and the low-margin early warnings. Every number is the pipeline's
/// <see cref="Scoring.PipelineResult.Profitability"/>, the same analysis <c>customer-value profit</c> writes.
/// </summary>
internal static class ProfitSection
{
    /// <summary>How many below-zero customers and low-margin items the section lists by name.</summary>
    public const int Listed = 10;

    /// <summary>The chart "sales deciles: share of sales and of profit", or null without a profit analysis (or without positive sales).</summary>
    public static ReportChart? Chart(ReportData data)
    {
        var a = data.Run.Profitability;
        if (a?.SalesConcentration is not { } c)
        {
            return null;
        }

        double totalProfit = a.Profit.Sum();
        var profit = ProfitCommand.OtherByDecile(c, a.Profit);
        var rows = c.Quantiles.Select(d => (d.Quantile, d.Customers, Sales: d.Value, SalesShare: d.Share, Profit: profit[d.Quantile], ProfitShare: totalProfit != 0 ? profit[d.Quantile] / totalProfit : 0)).ToArray();
        const double Row = 36;
        int count = rows.Length;
        var canvas = new SvgCanvas(ReportCharts.Width, (int)(70 + (count * Row)));
        double labelWidth = 90, left = labelWidth + 10, right = ReportCharts.Width - 70;
        double min = Math.Min(0, rows.Min(r => Math.Min(r.SalesShare, r.ProfitShare)));
        double max = Math.Max(rows.Max(r => Math.Max(r.SalesShare, r.ProfitShare)), 0.01);
        double lo = min < 0 ? -PlotArea.NiceMax(-min, 4) : 0, hi = PlotArea.NiceMax(max, 4);
        double X(double v) => left + ((v - lo) / (hi - lo) * (right - left));
        double step = PlotArea.NiceStep((hi - lo) / 5);
        for (double t = Math.Ceiling(lo / step) * step; t <= hi + (step / 2); t += step)
        {
            canvas.Line(X(t), 8, X(t), 12 + (count * Row), Grid);
            canvas.Text(X(t), 28 + (count * Row), Display.Percent(t), 13, "middle", Muted);
        }

        void Bar(double y, double share, string colour, string tooltip)
        {
            double a0 = X(Math.Min(0, share)), a1 = X(Math.Max(0, share));
            canvas.Rect(a0, y, a1 - a0, 14, colour, tooltip);
            canvas.Text(a1 + 4, y + 12, Display.Percent(share), 12, fill: Muted);
        }

        for (int i = 0; i < count; i++)
        {
            var r = rows[i];
            double y = 12 + (i * Row);
            canvas.Text(labelWidth, y + 20, $"Decile {r.Quantile}", 13, "end");
            Bar(y + 2, r.SalesShare, Primary, $"Sales decile {r.Quantile}: {Display.Percent(r.SalesShare, 1)} of sales");
            Bar(y + 17, r.ProfitShare, Secondary, $"Sales decile {r.Quantile}: {Display.Percent(r.ProfitShare, 1)} of profit");
        }

        canvas.Line(X(0), 8, X(0), 12 + (count * Row), Muted);
        double lx = canvas.LegendItem(left, 56 + (count * Row), Primary, "Share of sales");
        canvas.LegendItem(lx, 56 + (count * Row), Secondary, "Share of profit");
        var top = rows[0];
        var bottom = rows[^1];
        string description = $"The tenth of customers who buy most bring {Display.Percent(top.SalesShare)} of sales and {Display.Percent(top.ProfitShare)} of profit; the tenth who buy least bring {Display.Percent(bottom.SalesShare)} of sales and {Display.Percent(bottom.ProfitShare)} of profit.";
        return new ReportChart("profit-deciles", "Sales and profit: who earns us the money?",
            "Customers in ten equal groups by sales (decile 1 = the tenth who bought most): each group's share of sales (blue) and of profit (orange). The 80/20 rule is about profit: a group whose orange bar is shorter than its blue one sells at a thin margin, a bar left of zero loses money.",
            description,
            canvas.ToSvg("profit-deciles", "Sales deciles: share of sales and of profit", description),
            new ChartTable(["Sales decile", "Customers", "Sales", "Share of sales", "Profit", "Share of profit"],
                [.. rows.Select(r => (IReadOnlyList<string>)[Display.Count(r.Quantile), Display.Count(r.Customers), Display.Money(r.Sales), Display.Percent(r.SalesShare, 1), Display.Money(r.Profit), Display.Percent(r.ProfitShare, 1)])]));
    }

    /// <summary>Writes the profit section (<c>&lt;section id="profit"&gt;</c>); nothing without a profit analysis.</summary>
    public static void Write(TextWriter w, ReportData data)
    {
        var a = data.Run.Profitability;
        if (a is null)
        {
            return;
        }

        double totalSales = a.Sales.Sum(), totalProfit = a.Profit.Sum();
        w.Write("<section id=\"profit\"><h2>Profit: groups, deciles, below-zero customers and margin warnings</h2>\n");
        w.Write($"<p>{N(a.Count)} customers bought {M(totalSales)} and earned {M(totalProfit)} ({P(totalSales > 0 ? totalProfit / totalSales : 0)} margin) up to {Display.Date(a.Options.AsOf)}; {N(a.BelowZeroCustomers)} of them are below zero (they cost more than they brought) and {N(a.PriceOnlyCustomers)} buy only on price (at least {P(a.Options.PriceOnlyShare)} of their sales on discount, no profit). The same figures as <code>customer-value profit</code>.</p>\n");

        w.Write("<h3>Profit groups</h3>\n<div class=\"scroll\"><table id=\"profit-groups\">\n<tr><th>Group</th><th>Customers</th><th>Sales</th><th>Profit</th><th>% of sales</th><th>% of profit</th><th>Meaning</th></tr>\n");
        foreach (var g in Enum.GetValues<ProfitGroup>())
        {
            var members = Enumerable.Range(0, a.Count).Where(i => a.Groups[i] == g).ToArray();
            double sales = members.Sum(i => a.Sales[i]), profit = members.Sum(i => a.Profit[i]);
            w.Write($"<tr><td>{E(CustomerProfitability.Name(g))}</td><td>{N(members.Length)}</td><td>{M(sales)}</td><td>{M(profit)}</td><td>{P(totalSales != 0 ? sales / totalSales : 0)}</td><td>{P(totalProfit != 0 ? profit / totalProfit : 0)}</td><td class=\"text\">{E(Meaning(g, a.Options))}</td></tr>\n");
        }

        w.Write("</table></div>\n");

        if (a.ProfitConcentration is { } pc)
        {
            var sales = ProfitCommand.OtherByDecile(pc, a.Sales);
            w.Write("<h3>Profit deciles</h3>\n<div class=\"scroll\"><table id=\"profit-decile-table\">\n<tr><th>Profit decile</th><th>Customers</th><th>Profit</th><th>% of profit</th><th>Cumulative %</th><th>Sales</th><th>% of sales</th></tr>\n");
            foreach (var d in pc.Quantiles)
            {
                w.Write($"<tr><td>{N(d.Quantile)}</td><td>{N(d.Customers)}</td><td>{M(d.Value)}</td><td>{P(d.Share)}</td><td>{P(d.CumulativeShare)}</td><td>{M(sales[d.Quantile])}</td><td>{P(totalSales != 0 ? sales[d.Quantile] / totalSales : 0)}</td></tr>\n");
            }

            w.Write("</table></div>\n<p class=\"note\">Customers in ten equal groups by profit (decile 1 = the tenth who earned us most), with the sales of the same customers: read it beside the sales deciles above.</p>\n");
        }
        else
        {
            w.Write("<p class=\"note\">Total profit is not positive, so profit deciles are not shown.</p>\n");
        }

        var losers = Enumerable.Range(0, a.Count).Where(i => a.Profit[i] < 0).OrderBy(i => a.Profit[i]).ThenBy(i => a.CustomerIds[i], StringComparer.Ordinal).Take(Listed).ToArray();
        w.Write($"<h3>Below-zero customers</h3>\n<p>{N(a.BelowZeroCustomers)} customers have a cumulative profit below zero ({M(Enumerable.Range(0, a.Count).Where(i => a.Profit[i] < 0).Sum(i => a.Profit[i]))} in all).{(losers.Length > 0 ? $" The {Display.Plural(losers.Length, "largest loss", "largest losses")}:" : string.Empty)}</p>\n");
        if (losers.Length > 0)
        {
            w.Write("<div class=\"scroll\"><table id=\"below-zero\">\n<tr><th>Customer</th><th>Sales</th><th>Profit</th><th>Margin</th><th>Bought on discount</th><th>Group</th></tr>\n");
            foreach (int i in losers)
            {
                w.Write($"<tr><td>{E(a.CustomerIds[i])}</td><td>{M(a.Sales[i])}</td><td>{M(a.Profit[i])}</td><td>{Rate(a.MarginRate[i])}</td><td>{Rate(a.DiscountShare[i])}</td><td>{E(CustomerProfitability.Name(a.Groups[i]))}</td></tr>\n");
            }

            w.Write("</table></div>\n");
        }

        var categories = a.CategoryMargins.Where(m => m.BelowLimit).ToArray();
        int itemsBelow = a.ItemMargins.Count(m => m.BelowLimit);
        w.Write($"<h3>Early warning: margins below {P(a.Options.MarginLimit)}</h3>\n<p>{N(categories.Length)} of {N(a.CategoryMargins.Count)} categories and {N(itemsBelow)} of {N(a.ItemMargins.Count)} items have a margin below the limit (<code>customer-value profit --margins</code> lists them all).</p>\n");
        if (categories.Length > 0)
        {
            w.Write("<div class=\"scroll\"><table id=\"low-margin-categories\">\n<tr><th>Category</th><th>Sales</th><th>Profit</th><th>Margin</th></tr>\n");
            foreach (var m in categories)
            {
                w.Write($"<tr><td>{E(m.Name)}</td><td>{M(m.Sales)}</td><td>{M(m.Profit)}</td><td>{Rate(m.MarginRate)}</td></tr>\n");
            }

            w.Write("</table></div>\n");
        }

        var items = a.ItemMargins.Where(m => m.BelowLimit).OrderBy(m => m.Profit).ThenBy(m => m.Name, StringComparer.Ordinal).Take(Listed).ToArray();
        if (items.Length > 0)
        {
            w.Write($"<div class=\"scroll\"><table id=\"low-margin-items\">\n<tr><th>Item (the {Display.Plural(items.Length, "largest loss", "largest losses")})</th><th>Sales</th><th>Profit</th><th>Margin</th></tr>\n");
            foreach (var m in items)
            {
                w.Write($"<tr><td>{E(m.Name)}</td><td>{M(m.Sales)}</td><td>{M(m.Profit)}</td><td>{Rate(m.MarginRate)}</td></tr>\n");
            }

            w.Write("</table></div>\n");
        }

        w.Write("</section>\n");
    }

    private static string Meaning(ProfitGroup g, ProfitabilityOptions o) => g switch
    {
        ProfitGroup.PriceOnly => $"transaction customers: at least {Display.Percent(o.PriceOnlyShare)} of sales on discount and no profit; set aside before the groups below",
        ProfitGroup.BelowZero => "cumulative profit below zero: they cost more than they bring",
        ProfitGroup.Top => $"group 1: the few who make the first {Display.Percent(o.TopShare)} of sales, profitably",
        ProfitGroup.Core => $"group 2: the next customers up to {Display.Percent(o.CoreShare)} of sales, profitably: the likeliest largest profit source",
        ProfitGroup.Declining => $"group 3: profitable, but buying less in the last {Display.Count(o.TrendDays)} days than in the {Display.Count(o.TrendDays)} before",
        _ => "every other customer",
    };

    private static string Rate(double? rate) => rate is { } r ? P(r) : "–";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => Display.Count(value);

    private static string M(double value) => Display.Money(value);

    private static string P(double fraction) => Display.Percent(fraction, 1);
}
