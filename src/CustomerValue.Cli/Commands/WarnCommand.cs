using System.CommandLine;
using System.Globalization;
using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;

namespace CustomerValue.Cli.Commands;

/// <summary><c>customer-value warn</c>: transaction log → one churn warning per customer (level, risk, reason codes, expected next purchase), most urgent first.</summary>
internal static class WarnCommand
{
    public static Command Create(CliIo io)
    {
        var input = new TransactionInput();
        var asOf = new Option<string>("--as-of") { Description = "The date the warnings describe (YYYY-MM-DD); only purchases up to and including it count.", Required = true };
        var model = new Option<FileInfo?>("--model") { Description = "Repeat-purchase model file (bgnbd, mbgnbd or pnbd) for P(alive). Default: fit BG/NBD in weeks on the purchases up to --as-of." };
        var modelFree = new Option<bool>("--model-free") { Description = "Use no lifetime model: risk from each customer's own buying rhythm." };
        var windowDays = new Option<int>("--window-days") { Description = "Length in days of each of the two windows compared for declines in purchase days and spend.", DefaultValueFactory = _ => 180 };
        var hiatusDays = new Option<double>("--hiatus-days") { Description = "Days without a purchase that raise the hiatus reason.", DefaultValueFactory = _ => ChurnWarningOptions.Default.HiatusDays };
        var overdueRatio = new Option<double>("--overdue-ratio") { Description = "Days since the last purchase ÷ the customer's mean gap that raises the overdue reason.", DefaultValueFactory = _ => ChurnWarningOptions.Default.OverdueRatio };
        var output = new Option<FileInfo?>("--output") { Description = "Output CSV file. Default: standard output." };
        var command = new Command("warn", "Churn warnings: customer_id,level,risk,reasons,next_purchase_expected (level none|watch|warning|critical; risk in [0,1], higher = more likely gone; reasons = codes joined by ';'). Rows: most urgent level first, then by risk × past spend.");
        input.AddTo(command);
        foreach (var option in new Option[] { asOf, model, modelFree, windowDays, hiatusDays, overdueRatio, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => io.Guard(() =>
        {
            var date = CliParse.Date(result.GetValue(asOf)!, "--as-of");
            if (result.GetValue(model) is not null && result.GetValue(modelFree))
            {
                throw new ArgumentException("--model and --model-free exclude each other.");
            }

            var policy = new ChurnWarningPolicy(ChurnWarningOptions.Default with { HiatusDays = result.GetValue(hiatusDays), OverdueRatio = result.GetValue(overdueRatio) });
            var accumulator = new ChurnSignalAccumulator(new ChurnSignalOptions(date) { WindowDays = result.GetValue(windowDays) });
            var report = input.NewReport(result);
            foreach (var t in input.Read(result, null, report))
            {
                accumulator.Add(t);
            }

            TransactionInput.WriteRejections(report.Build(), io);
            if (accumulator.OutOfOrderRows > 0)
            {
                io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"customer-value: note: {accumulator.OutOfOrderRows} rows came before their customer's latest purchase day; same-day purchases among them may count twice. Sort the log by date for exact purchase-day counts."));
            }

            var table = accumulator.ToTable();
            var lifetime = result.GetValue(modelFree) ? null : Model(result.GetValue(model), table, io);
            if (lifetime is not null)
            {
                table = table.WithModel(lifetime);
            }

            var warnings = ChurnWarningDestination.Allocate(table.Count);
            policy.Evaluate(table.ToColumns(), warnings);
            using var outputs = io.Outputs(("--output", result.GetValue(output)));
            outputs.WriteText(result.GetValue(output), writer => Write(writer, table, warnings, date));
            outputs.Commit();
            return 0;
        }));
        return command;
    }

    private static IRepeatPurchaseModel? Model(FileInfo? file, ChurnSignalTable table, CliIo io)
    {
        if (file is not null)
        {
            var document = LifetimeModelJson.ReadFile(file.FullName);
            if (LifetimeModelNames.IsSpendModel(document.Model))
            {
                throw new ArgumentException($"--model: '{file.Name}' holds a spend model ({document.Model}); warn needs a repeat-purchase model (bgnbd, mbgnbd, pnbd).");
            }

            return LifetimeModelFactory.CreateRepeatPurchaseModel(document);
        }

        if (table.Count < 10)
        {
            io.Error.WriteLine("customer-value: note: fewer than 10 customers; no BG/NBD fit, risk is model-free.");
            return null;
        }

        var fit = BgNbdModel.Fit(table.ToSummaries(TimeUnit.Week));
        if (!fit.Converged)
        {
            io.Error.WriteLine($"customer-value: note: the BG/NBD fit did not converge ({fit.StopReason}); risk is model-free.");
            return null;
        }

        return new BgNbdModel(fit.Parameters, TimeUnit.Week);
    }

    private static void Write(TextWriter writer, ChurnSignalTable table, ChurnWarningDestination warnings, DateOnly asOf)
    {
        var ids = table.CustomerIds;
        var order = new int[table.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var levelArray = warnings.Levels;
        var priorityArray = warnings.Priority;
        Array.Sort(order, (a, b) =>
        {
            int c = levelArray.Span[b].CompareTo(levelArray.Span[a]);
            if (c == 0)
            {
                c = priorityArray.Span[b].CompareTo(priorityArray.Span[a]);
            }

            return c != 0 ? c : string.CompareOrdinal(ids[a], ids[b]);
        });

        writer.Write("customer_id,level,risk,reasons,next_purchase_expected\n");
        var levels = warnings.Levels.Span;
        var risk = warnings.Risk.Span;
        var reasons = warnings.Reasons.Span;
        var next = warnings.NextPurchaseInDays.Span;
        foreach (int i in order)
        {
            writer.Write(Csv.Quote(ids[i]));
            writer.Write(',');
            writer.Write(levels[i].ToName());
            writer.Write(',');
            writer.Write(risk[i].ToString("R", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(reasons[i].ToCodes());
            writer.Write(',');
            writer.Write(ChurnWarningPolicy.NextDate(asOf, next[i])?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty);
            writer.Write('\n');
        }
    }
}

/// <summary>CSV field quoting (RFC 4180).</summary>
internal static class Csv
{
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
