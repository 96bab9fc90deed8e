using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CustomerValue.Profitability;
using CustomerValue.Segmentation;
using CustomerValue.Transactions;

namespace CustomerValue.Cli.Commands;

/// <summary>
/// <c>customer-value profit</c>: item-level log with profit (or cost) → per customer sales, profit, margin rate, share
/// bought on discount, price-only flag and profit group; stats with sales and profit deciles side by side; item and
/// category margins against the early-warning limit.
/// </summary>
internal static class ProfitCommand
{
    public const string Header = "customer_id,sales,profit,margin_rate,discount_share,price_only,profit_group";

    public const string MarginHeader = "level,name,sales,profit,margin_rate,below_limit";

    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var asOf = new Option<string>("--as-of", "--calibration-end") { Description = "The last day of observation (YYYY-MM-DD); later lines are ignored and counted.", Required = true };
        var priceOnly = new Option<double>("--price-only-share") { Description = "A customer is price-only when this share of their sales or more was bought on discount and their profit is zero or less.", DefaultValueFactory = _ => 0.5 };
        var marginLimit = new Option<double>("--margin-limit") { Description = "Early-warning limit: items and categories whose margin rate is below it are flagged (0.25 = 25 %).", DefaultValueFactory = _ => 0.25 };
        var trendDays = new Option<int>("--trend-days") { Description = "Window length for 'profitable but losing value': sales in the last N days vs the N days before.", DefaultValueFactory = _ => 365 };
        var output = new Option<FileInfo?>("--output") { Description = "Per-customer CSV (" + Header + "). Default: standard output." };
        var stats = new Option<FileInfo?>("--stats") { Description = "JSON: customers, belowZeroCustomers, priceOnlyCustomers, salesDeciles, profitDeciles, profitGroups, marginWarnings." };
        var margins = new Option<FileInfo?>("--margins") { Description = "Margins per category and item (" + MarginHeader + ")." };
        var command = new Command("profit", "Customer profitability: sales, profit, margin rate, discount share, price-only flag and profit group per customer; sales and profit deciles; below-zero customers; items and categories with a margin below the limit.");
        input.AddTo(command);
        foreach (var option in new Option[] { asOf, priceOnly, marginLimit, trendDays, output, stats, margins })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => io.Guard(() =>
        {
            using var outputs = io.Outputs(("--output", result.GetValue(output)), ("--stats", result.GetValue(stats)), ("--margins", result.GetValue(margins)));
            var options = new ProfitabilityOptions(CliParse.Date(result.GetValue(asOf)!, "--as-of"))
            {
                PriceOnlyShare = CliParse.Fraction(result.GetValue(priceOnly), "--price-only-share", allowZero: true),
                MarginLimit = double.IsFinite(result.GetValue(marginLimit)) ? result.GetValue(marginLimit) : throw new ArgumentException("--margin-limit must be a finite number."),
                TrendDays = result.GetValue(trendDays) >= 1 ? result.GetValue(trendDays) : throw new ArgumentException("--trend-days must be at least 1."),
            };
            var accumulator = new ProfitabilityAccumulator(options);
            var report = input.NewReport(result);
            foreach (var line in ItemInput.Read(input, result, ItemFields.Profit, report))
            {
                accumulator.Add(line);
            }

            TransactionInput.WriteRejections(report.Build(), io);
            var analysis = accumulator.ToResult();
            ItemCsv.NoteLater(io, analysis.LinesAfterAsOf, options.AsOf);
            if (analysis.Count == 0)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"No lines on or before {options.AsOf:yyyy-MM-dd} in {input.Describe(result)}: nothing to analyse."));
            }

            if (analysis.LinesWithoutProfit > 0)
            {
                io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"customer-value: note: {analysis.LinesWithoutProfit} lines have an empty profit; they count in sales, not in profit or margins."));
            }

            if (analysis.ProfitConcentration is null)
            {
                io.Error.WriteLine("customer-value: note: total profit is not positive; profit deciles are left out.");
            }

            int below = analysis.CategoryMargins.Count(m => m.BelowLimit) + analysis.ItemMargins.Count(m => m.BelowLimit);
            if (below > 0)
            {
                io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"customer-value: warning: margin below {options.MarginLimit:0.###}: {analysis.CategoryMargins.Count(m => m.BelowLimit)} of {analysis.CategoryMargins.Count} categories, {analysis.ItemMargins.Count(m => m.BelowLimit)} of {analysis.ItemMargins.Count} items{(result.GetValue(margins) is null ? " (list them with --margins)" : string.Empty)}."));
            }

            outputs.WriteText(result.GetValue(output), w => WriteCustomers(w, analysis));
            if (result.GetValue(stats) is { } statsFile)
            {
                outputs.WriteStream(statsFile, s => WriteStats(s, analysis));
            }

            if (result.GetValue(margins) is { } marginFile)
            {
                outputs.WriteText(marginFile, w => WriteMargins(w, analysis));
            }

            outputs.Commit();
            return 0;
        }));
        return command;
    }

    private static void WriteCustomers(TextWriter w, CustomerProfitability a)
    {
        w.Write(Header);
        w.Write('\n');
        var ci = CultureInfo.InvariantCulture;
        for (int i = 0; i < a.Count; i++)
        {
            w.Write(ItemCsv.Field(a.CustomerIds[i]));
            w.Write(string.Create(ci, $",{a.Sales[i]},{a.Profit[i]},{ItemCsv.Number(a.MarginRate[i])},{ItemCsv.Number(a.DiscountShare[i])},{(a.PriceOnly[i] ? "true" : "false")},{CustomerProfitability.Name(a.Groups[i])}\n"));
        }
    }

    private static void WriteMargins(TextWriter w, CustomerProfitability a)
    {
        w.Write(MarginHeader);
        w.Write('\n');
        var ci = CultureInfo.InvariantCulture;
        foreach (var m in a.CategoryMargins.Concat(a.ItemMargins))
        {
            w.Write(m.Level == MarginLevel.Category ? "category," : "item,");
            w.Write(ItemCsv.Field(m.Name));
            w.Write(string.Create(ci, $",{m.Sales},{m.Profit},{ItemCsv.Number(m.MarginRate)},{(m.BelowLimit ? "true" : "false")}\n"));
        }
    }

    private static void WriteStats(Stream stream, CustomerProfitability a)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("customers", a.Count);
        w.WriteString("asOf", a.Options.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteNumber("totalSales", a.Sales.Sum());
        w.WriteNumber("totalProfit", a.Profit.Sum());
        w.WriteNumber("belowZeroCustomers", a.BelowZeroCustomers);
        w.WriteNumber("priceOnlyCustomers", a.PriceOnlyCustomers);
        w.WriteNumber("priceOnlyShare", a.Options.PriceOnlyShare);
        Deciles(w, "salesDeciles", a.SalesConcentration, a.Profit, "profit");
        Deciles(w, "profitDeciles", a.ProfitConcentration, a.Sales, "sales");
        w.WriteStartObject("profitGroups");
        double totalSales = a.Sales.Sum();
        double totalProfit = a.Profit.Sum();
        foreach (var g in Enum.GetValues<ProfitGroup>())
        {
            var members = Enumerable.Range(0, a.Count).Where(i => a.Groups[i] == g).ToArray();
            w.WriteStartObject(CustomerProfitability.Name(g));
            w.WriteNumber("customers", members.Length);
            w.WriteNumber("sales", members.Sum(i => a.Sales[i]));
            w.WriteNumber("profit", members.Sum(i => a.Profit[i]));
            w.WriteNumber("shareOfSales", totalSales != 0 ? members.Sum(i => a.Sales[i]) / totalSales : 0);
            w.WriteNumber("shareOfProfit", totalProfit != 0 ? members.Sum(i => a.Profit[i]) / totalProfit : 0);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("marginWarnings");
        w.WriteNumber("limit", a.Options.MarginLimit);
        w.WriteNumber("categories", a.CategoryMargins.Count);
        w.WriteNumber("categoriesBelowLimit", a.CategoryMargins.Count(m => m.BelowLimit));
        w.WriteNumber("items", a.ItemMargins.Count);
        w.WriteNumber("itemsBelowLimit", a.ItemMargins.Count(m => m.BelowLimit));
        w.WriteStartArray("categoriesBelow");
        foreach (var m in a.CategoryMargins.Where(m => m.BelowLimit))
        {
            w.WriteStartObject();
            w.WriteString("name", m.Name);
            w.WriteNumber("sales", m.Sales);
            w.WriteNumber("profit", m.Profit);
            if (m.MarginRate is { } rate)
            {
                w.WriteNumber("marginRate", rate);
            }
            else
            {
                w.WriteNull("marginRate");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The other measure summed over each decile's customers (index = decile, 1-based), in customer order; the report uses it too.</summary>
    internal static double[] OtherByDecile(ValueConcentration c, IReadOnlyList<double> other)
    {
        var byDecile = new double[c.Quantiles.Count + 1];
        for (int i = 0; i < c.Count; i++)
        {
            byDecile[c.QuantileOf[i]] += other[i];
        }

        return byDecile;
    }

    /// <summary>
    /// The deciles of one measure, as <c>segment --stats</c> writes them, each with the other measure's total and share
    /// for the same customers (sales deciles show their profit, profit deciles their sales).
    /// </summary>
    private static void Deciles(Utf8JsonWriter w, string name, ValueConcentration? c, IReadOnlyList<double> other, string otherName)
    {
        if (c is null)
        {
            w.WriteNull(name);
            return;
        }

        double otherTotal = other.Sum();
        var byDecile = OtherByDecile(c, other);

        w.WriteStartArray(name);
        foreach (var d in c.Quantiles)
        {
            w.WriteStartObject();
            w.WriteNumber("decile", d.Quantile);
            w.WriteNumber("customers", d.Customers);
            w.WriteNumber("value", d.Value);
            w.WriteNumber("share", d.Share);
            w.WriteNumber("cumulativeShare", d.CumulativeShare);
            w.WriteNumber("lift", d.Lift);
            w.WriteNumber("minValue", d.MinimumValue);
            w.WriteNumber("maxValue", d.MaximumValue);
            w.WriteNumber(otherName, byDecile[d.Quantile]);
            w.WriteNumber(otherName + "Share", otherTotal != 0 ? byDecile[d.Quantile] / otherTotal : 0);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
