using System.CommandLine;
using System.Globalization;
using System.IO.Compression;
using CustomerValue.Cli;
using CustomerValue.Cli.Commands;
using CustomerValue.Cli.Report;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;

namespace CustomerValue.Tests.Cli;

/// <summary>
/// The profit value basis (issue 14.5) on Superstore as of 2017-12-31: with a profit column named, segment, score and the
/// report value every customer by CLV × the customer's own margin rate, from one pipeline run each, and agree customer by
/// customer. The expected profit figures are recomputed here from the raw CSV (a quote-aware split of each line and
/// exact <see cref="decimal"/> sums of Sales and Profit per Customer ID), not by the library.
/// </summary>
public sealed class ProfitBasisTests : IDisposable
{
    private static readonly string[] Log =
    [
        "--transactions", TestFiles.Path("superstore.csv.gz"), "--customer-column", "Customer ID", "--date-column", "Order Date", "--amount-column", "Sales",
    ];

    private static readonly string[] Items =
    [
        "--order-column", "Order ID", "--item-column", "Product ID", "--category-column", "Sub-Category", "--profit-column", "Profit", "--discount-column", "Discount",
    ];

    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"cv-profit-basis-{Guid.NewGuid():N}")).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Segment_score_and_report_agree_per_customer_on_profit_and_match_the_profit_command()
    {
        // Superstore shows no drop-out, so BG/NBD does not converge: fit once and pass the models (as the migrate example does).
        string summary = Path.Combine(_dir, "s.csv"), bgnbd = Path.Combine(_dir, "b.json"), gg = Path.Combine(_dir, "g.json");
        Assert.Equal(0, SummarizeCommandTests.Run(["summarize", .. Log, "--as-of", "2017-12-31", "--output", summary]).Code);
        Assert.Equal(3, SummarizeCommandTests.Run("fit", "--model", "bgnbd", "--summary", summary, "--output", bgnbd).Code);
        Assert.Equal(0, SummarizeCommandTests.Run("fit", "--model", "gg", "--summary", summary, "--output", gg).Code);
        string[] models = ["--model", bgnbd, "--spend-model", gg, "--accept-unconverged"];

        var (code, segmentCsv, segmentError) = SummarizeCommandTests.Run(["segment", .. Log, .. Items, "--as-of", "2017-12-31", .. models]);
        Assert.Equal(0, code);
        Assert.Contains("by profit (CLV x each customer's margin rate): gold 39, drag 158, MVC 158, MGC 106, BZ 155; ABC and deciles by profit", segmentError, StringComparison.Ordinal);
        (code, var scoreCsv, var scoreError) = SummarizeCommandTests.Run(["score", .. Log, .. Items, "--as-of", "2017-12-31", .. models]);
        Assert.Equal(0, code);
        Assert.Contains("by profit (CLV x each customer's margin rate)", scoreError, StringComparison.Ordinal);
        (code, var revenueCsv, _) = SummarizeCommandTests.Run(["score", .. Log, "--as-of", "2017-12-31", .. models]);
        Assert.Equal(0, code);
        (code, var profitCsv, _) = SummarizeCommandTests.Run(["profit", .. Log, .. Items, "--as-of", "2017-12-31"]);
        Assert.Equal(0, code);

        var segment = Table(segmentCsv);
        var score = Table(scoreCsv);
        var revenue = Table(revenueCsv);
        var profit = Table(profitCsv);
        var truth = DecimalTotals();
        Assert.Equal(793, truth.Count);
        Assert.Equal(793, segment.Count);

        // The report's numbers, built as the report command builds them (its options, ItemInput.RunPipeline, ReportData.FromRun).
        var report = ReportOf([.. Log, .. Items, "--model", bgnbd, "--spend-model", gg, "--accept-unconverged"]);
        Assert.Equal("profit", report.Run.ValueBasis);
        var reportRow = Enumerable.Range(0, report.Run.Count).ToDictionary(i => report.Run.Scores.CustomerId(i), StringComparer.Ordinal);

        int belowZero = 0;
        foreach (var (id, (sales, profitSum)) in truth)
        {
            var s = segment[id];
            var c = score[id];
            int r = reportRow[id];

            // One basis, one value, one tier and group everywhere.
            Assert.Equal("profit", s["tier_basis"]);
            Assert.Equal("profit", c["tier_basis"]);
            Assert.Equal(s["clv"], c["clv"]);
            Assert.Equal((s["tier"], s["value_group"], s["mvc_type"], s["potential_value"], s["tier_reasons"]), (c["tier"], c["value_group"], c["mvc_type"], c["potential_value"], c["tier_reasons"]));
            Assert.Equal(double.Parse(s["clv"], CultureInfo.InvariantCulture), report.LifetimeValue[r]);
            Assert.Equal(s["tier"], ValueTiers.Name(report.Run.Scores.Tier[r]));
            Assert.Equal(s["value_group"], ValueTiers.Name(report.Run.ValueGroups.Groups[r]));

            // The profit figures are the profit command's, and both are the exact decimal sums.
            Assert.Equal((double)profitSum, double.Parse(profit[id]["profit"], CultureInfo.InvariantCulture), 1e-6);
            Assert.Equal((double)sales, double.Parse(profit[id]["sales"], CultureInfo.InvariantCulture), 1e-6);
            Assert.Equal((double)profitSum, report.Run.Profit[r], 1e-6);

            // Profit CLV = the revenue CLV (score without a profit column, same models) × profit / sales.
            double expected = double.Parse(revenue[id]["clv"], CultureInfo.InvariantCulture) * (double)(profitSum / sales);
            Assert.Equal(expected, double.Parse(c["clv"], CultureInfo.InvariantCulture), Math.Abs(expected) * 1e-12);

            // Below zero is exactly negative cumulative profit (domain.md: 155 of 793 on Superstore).
            Assert.Equal(profitSum < 0, s["value_group"] == "bz");
            belowZero += profitSum < 0 ? 1 : 0;
        }

        Assert.Equal(155, belowZero);
    }

    [Fact]
    public void The_report_shows_the_profit_commands_figures()
    {
        string[] models = FitModels();
        string html = Path.Combine(_dir, "r.html"), stats = Path.Combine(_dir, "p.json");
        Assert.Equal(0, SummarizeCommandTests.Run(["report", .. Log, .. Items, "--as-of", "2017-12-31", .. models, "--output", html]).Code);
        Assert.Equal(0, SummarizeCommandTests.Run(["profit", .. Log, .. Items, "--as-of", "2017-12-31", "--stats", stats]).Code);
        string page = File.ReadAllText(html);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(stats));
        var root = json.RootElement;

        // Profit groups: the profit command's customers, sales and profit per group, as the report prints them.
        var groups = TableRows(page, "profit-groups");
        Assert.Equal(6, groups.Count);
        foreach (var row in groups)
        {
            var g = root.GetProperty("profitGroups").GetProperty(row[0]);
            Assert.Equal((Display.Count(g.GetProperty("customers").GetInt32()), Display.Money(g.GetProperty("sales").GetDouble()), Display.Money(g.GetProperty("profit").GetDouble())), (row[1], row[2], row[3]));
        }

        // Sales deciles with their profit (the chart's text alternative) and profit deciles with their sales.
        var salesDeciles = root.GetProperty("salesDeciles").EnumerateArray().ToArray();
        var chartRows = ChartRows(page, "profit-deciles");
        Assert.Equal(10, chartRows.Count);
        for (int d = 0; d < 10; d++)
        {
            Assert.Equal((Display.Money(salesDeciles[d].GetProperty("value").GetDouble()), Display.Money(salesDeciles[d].GetProperty("profit").GetDouble())), (chartRows[d][2], chartRows[d][4]));
        }

        var profitDeciles = root.GetProperty("profitDeciles").EnumerateArray().ToArray();
        var profitRows = TableRows(page, "profit-decile-table");
        for (int d = 0; d < 10; d++)
        {
            Assert.Equal((Display.Money(profitDeciles[d].GetProperty("value").GetDouble()), Display.Money(profitDeciles[d].GetProperty("sales").GetDouble())), (profitRows[d][2], profitRows[d][5]));
        }

        // Below zero and the early warnings.
        Assert.Equal(155, root.GetProperty("belowZeroCustomers").GetInt32());
        Assert.Contains("155 customers have a cumulative profit below zero", page, StringComparison.Ordinal);
        Assert.Equal(10, TableRows(page, "below-zero").Count);
        Assert.Contains("11 of 17 categories and 1,019 of 1,862 items have a margin below the limit", page, StringComparison.Ordinal);
        var below = root.GetProperty("marginWarnings").GetProperty("categoriesBelow").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(below, TableRows(page, "low-margin-categories").Select(r => r[0]).ToArray());

        // The chart keeps the report's accessibility conventions: an image with a title and a description.
        var section = page[page.IndexOf("<section id=\"profit-deciles\"", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains("role=\"img\"", section, StringComparison.Ordinal);
        Assert.Contains("<title", section, StringComparison.Ordinal);
        Assert.Contains("<desc", section, StringComparison.Ordinal);
        Assert.Contains("<figcaption>", section, StringComparison.Ordinal);
        Assert.Contains("Gold and drag, MVC, MGC and BZ (by profit", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_profit_column_the_report_has_no_profit_section()
    {
        string html = Path.Combine(_dir, "r.html");
        Assert.Equal(0, SummarizeCommandTests.Run("report", "--output", html).Code);
        string page = File.ReadAllText(html);
        Assert.DoesNotContain("id=\"profit", page, StringComparison.Ordinal);
        Assert.Contains("Gold and drag, MVC, MGC and BZ (by CLV)", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Margin_and_a_profit_column_are_refused_together()
    {
        var (code, _, error) = SummarizeCommandTests.Run(["score", .. Log, .. Items, "--as-of", "2017-12-31", "--margin", "0.3"]);
        Assert.NotEqual(0, code);
        Assert.Contains("--margin and a profit (or cost) column", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_library_refuses_the_profit_basis_without_profit_lines()
    {
        var options = new PipelineOptions(new DateOnly(1997, 9, 30)) { ValueBasis = ValueBasisKind.Profit };
        Assert.Throws<InvalidOperationException>(() => new CustomerBasePipeline(options).Run(Samples.SampleData.CdnowTransactions()));
        Assert.Throws<ArgumentException>(() => new CustomerBasePipeline(options with { MarginRate = 0.3 }));
    }

    private string[] FitModels()
    {
        string summary = Path.Combine(_dir, "s.csv"), bgnbd = Path.Combine(_dir, "b.json"), gg = Path.Combine(_dir, "g.json");
        Assert.Equal(0, SummarizeCommandTests.Run(["summarize", .. Log, "--as-of", "2017-12-31", "--output", summary]).Code);
        Assert.Equal(3, SummarizeCommandTests.Run("fit", "--model", "bgnbd", "--summary", summary, "--output", bgnbd).Code);
        Assert.Equal(0, SummarizeCommandTests.Run("fit", "--model", "gg", "--summary", summary, "--output", gg).Code);
        return ["--model", bgnbd, "--spend-model", gg, "--accept-unconverged"];
    }

    /// <summary>The data rows (cells as text, HTML entities decoded) of the table with the given id.</summary>
    private static List<string[]> TableRows(string page, string id)
    {
        int start = page.IndexOf($"<table id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, id);
        string table = page[start..page.IndexOf("</table>", start, StringComparison.Ordinal)];
        return Cells(table);
    }

    /// <summary>The rows of "The numbers behind the chart" of the chart section with the given id.</summary>
    private static List<string[]> ChartRows(string page, string id)
    {
        int start = page.IndexOf($"<section id=\"{id}\"", StringComparison.Ordinal);
        int table = page.IndexOf("<table>", start, StringComparison.Ordinal);
        return Cells(page[table..page.IndexOf("</table>", table, StringComparison.Ordinal)]);
    }

    private static List<string[]> Cells(string table) =>
        [.. System.Text.RegularExpressions.Regex.Matches(table, "<tr>(.*?)</tr>")
            .Select(m => System.Text.RegularExpressions.Regex.Matches(m.Groups[1].Value, "<td[^>]*>(.*?)</td>").Select(c => System.Net.WebUtility.HtmlDecode(c.Groups[1].Value)).ToArray())
            .Where(r => r.Length > 0)];

    private static ReportData ReportOf(string[] args)
    {
        var input = new TransactionInput();
        var command = new Command("report");
        input.AddTo(command);
        var model = new Option<FileInfo?>("--model");
        var spendModel = new Option<FileInfo?>("--spend-model");
        var accept = new Option<bool>("--accept-unconverged");
        command.Options.Add(model);
        command.Options.Add(spendModel);
        command.Options.Add(accept);
        var parsed = command.Parse(args);
        var options = ScoreCommand.PipelineOptions(new DateOnly(2017, 12, 31), TimeUnit.Week, ReportData.HorizonWeeks, CustomerValue.Lifetime.DiscountRate.PerYear(0.10), 1);
        options = ItemInput.WithBasis(input, parsed, options);
        var ingest = input.NewReport(parsed);
        var run = ItemInput.RunPipeline(
            input, parsed, options, ingest, ScoreCommand.ReadPurchaseModel(parsed.GetValue(model)!, true), ScoreCommand.ReadSpendModel(parsed.GetValue(spendModel)!, true), tap: new RepeatPurchaseTracker().Tap);
        return ReportData.FromRun(run, "superstore", ingest.Build());
    }

    /// <summary>Rows of a CSV with a header and no quoted fields, by their first column.</summary>
    internal static Dictionary<string, Dictionary<string, string>> Table(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(
            f => f[0],
            f => header.Select((h, k) => (h, k)).ToDictionary(p => p.h, p => f[p.k], StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    /// <summary>Per Customer ID: exact decimal sums of Sales and Profit over every line of the raw Superstore file dated up to 2017-12-31 (all are).</summary>
    internal static Dictionary<string, (decimal Sales, decimal Profit)> DecimalTotals()
    {
        using var stream = new GZipStream(File.OpenRead(TestFiles.Path("superstore.csv.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        var header = Split(reader.ReadLine()!);
        int id = header.IndexOf("Customer ID"), sales = header.IndexOf("Sales"), profit = header.IndexOf("Profit");
        var totals = new Dictionary<string, (decimal, decimal)>(StringComparer.Ordinal);
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var f = Split(line);
            var (s, p) = totals.GetValueOrDefault(f[id]);
            totals[f[id]] = (s + decimal.Parse(f[sales], NumberStyles.Float, CultureInfo.InvariantCulture), p + decimal.Parse(f[profit], NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return totals;
    }

    /// <summary>Splits one CSV line, honouring double quotes (Superstore's product names hold commas; no field spans lines).</summary>
    internal static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
