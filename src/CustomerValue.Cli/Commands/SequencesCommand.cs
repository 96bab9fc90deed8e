using System.CommandLine;
using System.Globalization;
using CustomerValue.Baskets;
using CustomerValue.Transactions;

namespace CustomerValue.Cli.Commands;

/// <summary><c>customer-value sequences</c>: "customers who first buy A buy B within W days", with right-censoring and lift.</summary>
internal static class SequencesCommand
{
    public const string Header = "first_item,then_item,customers_first,customers_then_within,probability,lift";

    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var within = new Option<int>("--within-days") { Description = "The window W in days after the first purchase of A.", Required = true };
        var minCustomers = new Option<int>("--min-customers") { Description = "List a pair when at least this many customers buy B within the window.", DefaultValueFactory = _ => 20 };
        var by = new Option<string>("--by") { Description = "Sequences between items or between categories: item or category.", DefaultValueFactory = _ => "item" };
        var asOf = new Option<string?>("--as-of", "--calibration-end") { Description = "The last day the log covers (YYYY-MM-DD); later lines are ignored. Default: the last date in the log." };
        var output = new Option<FileInfo?>("--output") { Description = "Pairs CSV (" + Header + "). Default: standard output." };
        by.AcceptOnlyFromAmong("item", "category");
        var command = new Command("sequences", "Purchase sequences: for items A and B, the share of customers who buy B within --within-days after first buying A (only customers the log covers for the whole window, who had not bought B by then), with the lift over B's base rate.");
        input.AddTo(command);
        foreach (var option in new Option[] { within, minCustomers, by, asOf, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => io.Guard(() =>
        {
            using var outputs = io.Outputs(("--output", result.GetValue(output)));
            var level = result.GetValue(by) == "category" ? SequenceLevel.Category : SequenceLevel.Item;
            int days = result.GetValue(within);
            int min = result.GetValue(minCustomers);
            var options = new SequenceOptions
            {
                WithinDays = days >= 1 ? days : throw new ArgumentException("--within-days must be at least 1."),
                MinCustomers = min >= 1 ? min : throw new ArgumentException("--min-customers must be at least 1."),
                Level = level,
                ObservationEnd = CliParse.OptionalDate(result.GetValue(asOf), "--as-of"),
            };
            var analyzer = new PurchaseSequenceAnalyzer(options);
            var report = input.NewReport(result);
            foreach (var line in ItemInput.Read(input, result, level == SequenceLevel.Item ? ItemFields.Item : ItemFields.Category, report))
            {
                analyzer.Add(line);
            }

            TransactionInput.WriteRejections(report.Build(), io);
            ItemCsv.NoteLater(io, analyzer.LinesAfterEnd, options.ObservationEnd);
            var set = analyzer.Analyze();
            if (set.Customers == 0)
            {
                throw new InvalidOperationException($"No lines with an {(level == SequenceLevel.Item ? "item" : "category")} in {input.Describe(result)}: no sequences to find.");
            }

            if (options.ObservationEnd is null)
            {
                io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"customer-value: note: the log is taken to end on its last date, {set.ObservationEnd:yyyy-MM-dd}; first purchases after {set.ObservationEnd!.Value.AddDays(-days):yyyy-MM-dd} are not counted (their window is not covered). Use --as-of to set the end."));
            }

            outputs.WriteText(result.GetValue(output), w => Write(w, set));
            outputs.Commit();
            return 0;
        }));
        return command;
    }

    private static void Write(TextWriter w, SequenceRuleSet set)
    {
        w.Write(Header);
        w.Write('\n');
        var ci = CultureInfo.InvariantCulture;
        foreach (var r in set.Rules)
        {
            w.Write(ItemCsv.Field(r.First));
            w.Write(',');
            w.Write(ItemCsv.Field(r.Then));
            w.Write(string.Create(ci, $",{r.CustomersFirst},{r.CustomersThenWithin},{r.Probability},{ItemCsv.Number(r.Lift)}\n"));
        }
    }
}
