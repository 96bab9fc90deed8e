using System.CommandLine;
using System.Globalization;
using CustomerValue.Baskets;
using CustomerValue.Transactions;

namespace CustomerValue.Cli.Commands;

/// <summary>
/// <c>customer-value basket</c>: transaction log → every association rule over orders with support, confidence and
/// lift at or above the thresholds (complete, exact counts).
/// </summary>
internal static class BasketCommand
{
    public const string Header = "antecedent,consequent,antecedent_support,consequent_support,support,confidence,lift,orders";

    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var minSupport = new Option<double>("--min-support") { Description = "Smallest support: share of all orders holding every item of the rule, in (0, 1].", DefaultValueFactory = _ => AssociationRuleOptions.Default.MinSupport };
        var minConfidence = new Option<double>("--min-confidence") { Description = "Smallest confidence: support / antecedent support, in [0, 1].", DefaultValueFactory = _ => AssociationRuleOptions.Default.MinConfidence };
        var maxItems = new Option<int>("--max-items") { Description = "Most items in a rule, antecedent and consequent together (2 to 10).", DefaultValueFactory = _ => AssociationRuleOptions.Default.MaxItems };
        var asOf = new Option<string?>("--as-of", "--calibration-end") { Description = "Only lines on or before this date (YYYY-MM-DD) count; later ones are noted and ignored. Default: every line." };
        var output = new Option<FileInfo?>("--output") { Description = "Rules CSV (" + Header + "). Default: standard output." };
        var command = new Command("basket", "Market baskets: every association rule A -> b over orders (an order = one order id, its items the distinct items of its lines) with support, confidence and lift at or above the thresholds, sorted by lift, then support.");
        input.AddTo(command);
        foreach (var option in new Option[] { minSupport, minConfidence, maxItems, asOf, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => io.Guard(() =>
        {
            using var outputs = io.Outputs(("--output", result.GetValue(output)));
            int items = result.GetValue(maxItems);
            var options = new AssociationRuleOptions
            {
                MinSupport = CliParse.Fraction(result.GetValue(minSupport), "--min-support", allowZero: false),
                MinConfidence = CliParse.Fraction(result.GetValue(minConfidence), "--min-confidence", allowZero: true),
                MaxItems = items is >= 2 and <= 10 ? items : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--max-items: {items} is outside 2..10.")),
            };
            var end = CliParse.OptionalDate(result.GetValue(asOf), "--as-of");
            var baskets = ReadBaskets(input, result, end, io);
            if (baskets.OrderCount == 0)
            {
                throw new InvalidOperationException($"No orders in {input.Describe(result)}: nothing to find rules in.");
            }

            var rules = new AssociationRuleMiner().Mine(baskets, options);
            outputs.WriteText(result.GetValue(output), writer => Write(writer, rules));
            outputs.Commit();
            return 0;
        }));
        return command;
    }

    /// <summary>Reads the log into order baskets (items required; orders by order id, or by customer and day when the log has none, announced).</summary>
    internal static OrderBaskets ReadBaskets(TransactionInput input, ParseResult result, DateOnly? end, CliIo io)
    {
        var present = ItemInput.Present(input, result, ItemFields.Item);
        if ((present & ItemFields.OrderId) == 0)
        {
            io.Error.WriteLine("customer-value: note: the log has no order id column (--order-column); each customer's lines of one day are taken as one order.");
        }

        var report = input.NewReport(result);
        var builder = new OrderBasketsBuilder();
        long later = 0;
        foreach (var line in ItemInput.Read(input, result, ItemFields.Item, report))
        {
            if (end is { } e && line.Date > e)
            {
                later++;
                continue;
            }

            builder.Add(line.OrderKey, line.Item!);
        }

        TransactionInput.WriteRejections(report.Build(), io);
        ItemCsv.NoteLater(io, later, end);
        return builder.Build();
    }

    internal static void Write(TextWriter w, AssociationRuleSet rules)
    {
        w.Write(Header);
        w.Write('\n');
        var ci = CultureInfo.InvariantCulture;
        foreach (var r in rules.Rules)
        {
            w.Write(ItemCsv.Field(r.AntecedentText));
            w.Write(',');
            w.Write(ItemCsv.Field(r.Consequent));
            w.Write(string.Create(ci, $",{r.AntecedentSupport},{r.ConsequentSupport},{r.Support},{r.Confidence},{r.Lift},{r.Orders}\n"));
        }
    }
}

/// <summary>CSV helpers shared by the item-level commands.</summary>
internal static class ItemCsv
{
    /// <summary>Quotes a field when it holds a comma, quote or line break.</summary>
    public static string Field(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    /// <summary>Announces lines after the as-of date that were ignored.</summary>
    public static void NoteLater(CliIo io, long later, DateOnly? end)
    {
        if (later > 0 && end is { } e)
        {
            io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"customer-value: note: {later} lines after the as-of date {e:yyyy-MM-dd} were ignored."));
        }
    }

    /// <summary>A double for CSV: round-trip precision, invariant culture; empty when there is no value.</summary>
    public static string Number(double? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : string.Empty;
}
