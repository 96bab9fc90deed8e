using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CustomerValue.Baskets;
using CustomerValue.CrossSelling;
using CustomerValue.Transactions;

namespace CustomerValue.Cli.Commands;

/// <summary><c>customer-value cross-sell</c>: per customer orders, items, categories, cross-sell target flag and suggested next items.</summary>
internal static class CrossSellCommand
{
    public const string Header = "customer_id,orders,items,categories,cross_sell_target,suggested_next,sales,wallet_headroom";

    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var asOf = new Option<string>("--as-of", "--calibration-end") { Description = "The last day of observation (YYYY-MM-DD); later lines are ignored and counted.", Required = true };
        var maxCategories = new Option<int>("--max-categories") { Description = "A target buys from at most this many categories.", DefaultValueFactory = _ => 2 };
        var valueQuantile = new Option<double>("--value-quantile") { Description = "A target's sales are at least this quantile of all customers' sales (0.5 = top half).", DefaultValueFactory = _ => 0.5 };
        var headroomQuantile = new Option<double>("--headroom-quantile") { Description = "A narrow buyer is also a target when their estimated wallet headroom is above zero and at least this quantile of all customers' headroom (0.5 = top half).", DefaultValueFactory = _ => 0.5 };
        var suggestions = new Option<int>("--suggestions") { Description = "Most suggested next items per customer (from the association rules of the same log).", DefaultValueFactory = _ => 3 };
        var minSupport = new Option<double>("--min-support") { Description = "Minimum support of the rules behind the suggestions.", DefaultValueFactory = _ => AssociationRuleOptions.Default.MinSupport };
        var minConfidence = new Option<double>("--min-confidence") { Description = "Minimum confidence of the rules behind the suggestions.", DefaultValueFactory = _ => AssociationRuleOptions.Default.MinConfidence };
        var output = new Option<FileInfo?>("--output") { Description = "Per-customer CSV (" + Header + "). Default: standard output." };
        var stats = new Option<FileInfo?>("--stats") { Description = "JSON: customers, itemsPerCustomer, categoriesPerCustomer, singleCategoryCustomers, targets, valueTargets, headroomTargets, valueThreshold, headroomThreshold." };
        var command = new Command("cross-sell", "Cross-selling: per customer orders, distinct items and categories, whether the customer is a cross-sell target (few categories, and high value or wallet headroom), and suggested next items from the association rules.");
        input.AddTo(command);
        foreach (var option in new Option[] { asOf, maxCategories, valueQuantile, headroomQuantile, suggestions, minSupport, minConfidence, output, stats })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => io.Guard(() =>
        {
            using var outputs = io.Outputs(("--output", result.GetValue(output)), ("--stats", result.GetValue(stats)));
            var options = new CrossSellOptions(CliParse.Date(result.GetValue(asOf)!, "--as-of"))
            {
                MaxCategories = result.GetValue(maxCategories) >= 1 ? result.GetValue(maxCategories) : throw new ArgumentException("--max-categories must be at least 1."),
                ValueQuantile = CliParse.Fraction(result.GetValue(valueQuantile), "--value-quantile", allowZero: true),
                HeadroomQuantile = CliParse.Fraction(result.GetValue(headroomQuantile), "--headroom-quantile", allowZero: true),
                Suggestions = result.GetValue(suggestions) >= 0 ? result.GetValue(suggestions) : throw new ArgumentException("--suggestions must not be negative."),
            };
            var ruleOptions = new AssociationRuleOptions
            {
                MinSupport = CliParse.Fraction(result.GetValue(minSupport), "--min-support", allowZero: false),
                MinConfidence = CliParse.Fraction(result.GetValue(minConfidence), "--min-confidence", allowZero: true),
            };
            var present = ItemInput.Present(input, result, ItemFields.Item);
            if ((present & ItemFields.Category) == 0)
            {
                io.Error.WriteLine("customer-value: note: the log has no category column (--category-column); categories are counted as items.");
            }

            if ((present & ItemFields.OrderId) == 0)
            {
                io.Error.WriteLine("customer-value: note: the log has no order id column (--order-column); each customer's lines of one day are taken as one order.");
            }

            var analyzer = new CrossSellAnalyzer(options);
            var baskets = new OrderBasketsBuilder();
            var report = input.NewReport(result);
            var summaries = new Summaries.SummaryAccumulator(new Summaries.SummaryOptions(options.AsOf, TimeUnit.Week, null));
            foreach (var line in ItemInput.Read(input, result, ItemFields.Item, report))
            {
                analyzer.Add(line);
                if (line.Date <= options.AsOf)
                {
                    baskets.Add(line.OrderKey, line.Item!);
                    summaries.Add(line.ToTransaction());
                }
            }

            TransactionInput.WriteRejections(report.Build(), io);
            ItemCsv.NoteLater(io, analyzer.LinesAfterAsOf, options.AsOf);
            var built = baskets.Build();
            if (built.OrderCount == 0)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"No lines on or before {options.AsOf:yyyy-MM-dd} in {input.Describe(result)}: nothing to analyse."));
            }

            var rules = options.Suggestions > 0 ? new AssociationRuleMiner().Mine(built, ruleOptions) : null;
            // The wallet headroom the scoring pipeline estimates (PipelineResult.WalletHeadroom), from the same lines; no model is fitted.
            var headroom = new Scoring.CustomerBasePipeline(new Scoring.PipelineOptions(options.AsOf)).EstimateWalletHeadroom(summaries.ToSummaries());
            var analysis = analyzer.ToResult(rules, headroom);
            io.Tell($"cross-sell: {analysis.Customers.Count:N0} customers as of {options.AsOf:yyyy-MM-dd}, {analysis.CategoriesPerCustomer:0.##} categories per customer; {analysis.Targets:N0} targets buy from at most {options.MaxCategories} categories: {analysis.ValueTargets:N0} by value (sales >= {analysis.ValueThreshold:0.##}), {analysis.Targets - analysis.ValueTargets:N0} more by wallet headroom (>= {analysis.HeadroomThreshold ?? 0:0.##}); wrote {result.GetValue(output)?.FullName ?? "standard output"}.");
            outputs.WriteText(result.GetValue(output), w => WriteCustomers(w, analysis));
            if (result.GetValue(stats) is { } statsFile)
            {
                outputs.WriteStream(statsFile, s => WriteStats(s, analysis, rules));
            }

            outputs.Commit();
            return 0;
        }));
        return command;
    }

    private static void WriteCustomers(TextWriter w, CrossSellResult a)
    {
        w.Write(Header);
        w.Write('\n');
        var ci = CultureInfo.InvariantCulture;
        foreach (var c in a.Customers)
        {
            w.Write(ItemCsv.Field(c.CustomerId));
            w.Write(string.Create(ci, $",{c.Orders},{c.Items},{c.Categories},{(c.IsTarget ? "true" : "false")},"));
            w.Write(ItemCsv.Field(string.Join('|', c.SuggestedNext)));
            w.Write(string.Create(ci, $",{c.Sales:R},{c.WalletHeadroom ?? 0:R}\n"));
        }
    }

    private static void WriteStats(Stream stream, CrossSellResult a, AssociationRuleSet? rules)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("customers", a.Customers.Count);
        w.WriteString("asOf", a.Options.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteNumber("itemsPerCustomer", a.ItemsPerCustomer);
        w.WriteNumber("categoriesPerCustomer", a.CategoriesPerCustomer);
        w.WriteNumber("singleCategoryCustomers", a.SingleCategoryCustomers);
        w.WriteNumber("targets", a.Targets);
        w.WriteNumber("maxCategories", a.Options.MaxCategories);
        w.WriteNumber("valueTargets", a.ValueTargets);
        w.WriteNumber("headroomTargets", a.Targets - a.ValueTargets);
        w.WriteNumber("valueThreshold", a.ValueThreshold);
        w.WriteNumber("headroomQuantile", a.Options.HeadroomQuantile);
        w.WriteNumber("headroomThreshold", a.HeadroomThreshold ?? 0);
        w.WriteNumber("rules", rules?.Rules.Count ?? 0);
        w.WriteNumber("customersWithSuggestions", a.Customers.Count(c => c.SuggestedNext.Count > 0));
        w.WriteEndObject();
    }
}
