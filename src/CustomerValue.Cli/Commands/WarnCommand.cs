using System.CommandLine;
using System.Globalization;
using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;
using CustomerValue.Scoring;
using CustomerValue.Transactions;

namespace CustomerValue.Cli.Commands;

/// <summary><c>customer-value warn</c>: transaction log → one churn warning per customer (level, risk, reason codes, expected next purchase), most urgent first.</summary>
internal static class WarnCommand
{
    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var asOf = new Option<string>("--as-of", "--calibration-end") { Description = "The date the warnings describe (YYYY-MM-DD); only purchases up to and including it count.", Required = true };
        var model = new Option<FileInfo?>("--model") { Description = "Repeat-purchase model file (bgnbd, mbgnbd or pnbd) for P(alive). Default: fit BG/NBD (and Gamma-Gamma for CLV) in weeks on the purchases up to --as-of, as score does." };
        var modelFree = new Option<bool>("--model-free") { Description = "Use no lifetime model: risk from each customer's own buying rhythm." };
        var windowDays = new Option<int>("--window-days") { Description = "Length in days of each of the two windows compared for declines in purchase days and spend.", DefaultValueFactory = _ => 180 };
        var hiatusDays = new Option<double>("--hiatus-days") { Description = "Days without a purchase that raise the hiatus reason.", DefaultValueFactory = _ => ChurnWarningOptions.Default.HiatusDays };
        var overdueRatio = new Option<double>("--overdue-ratio") { Description = "Days since the last purchase ÷ the customer's mean gap that raises the overdue reason.", DefaultValueFactory = _ => ChurnWarningOptions.Default.OverdueRatio };
        var output = new Option<FileInfo?>("--output") { Description = "Output CSV file. Default: standard output." };
        var wallets = WalletsOption();
        var command = new Command("warn", "Churn warnings: customer_id,churn_level,churn_risk,churn_reasons,next_purchase_expected (churn_level none|watch|warning|critical; churn_risk in [0,1], higher = more likely gone; churn_reasons = codes joined by ';'), the same values score gives. Rows: most urgent level first, then by risk × CLV.");
        input.AddTo(command);
        var accept = CliIo.AcceptUnconvergedOption();
        foreach (var option in new Option[] { asOf, model, modelFree, windowDays, hiatusDays, overdueRatio, wallets, output, accept })
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

            if (result.GetValue(model) is not null)
            {
                input.RequireData(result, "--model");
            }

            using var outputs = io.Outputs(("--output", result.GetValue(output)));
            var churn = ChurnWarningOptions.Default with { HiatusDays = result.GetValue(hiatusDays), OverdueRatio = result.GetValue(overdueRatio) };
            _ = new ChurnWarningPolicy(churn); // every limit checked before any work
            new ChurnSignalOptions(date) { WindowDays = result.GetValue(windowDays) }.Validate();
            var purchases = result.GetValue(model) is { } file ? ReadModel(file, result.GetValue(accept)) : null;
            var trends = result.GetValue(wallets) is { } walletFile ? WalletCommand.ReadTrends(walletFile, input.AliasMapOf(result)) : null;
            var options = new PipelineOptions(date)
            {
                TimeUnit = purchases?.TimeUnit ?? TimeUnit.Week,
                ChurnWindowDays = result.GetValue(windowDays),
                Scoring = new ScoringOptions(52) { Churn = churn },
                ShareOfWalletTrends = trends,
            };

            var report = input.NewReport(result);
            if (!result.GetValue(modelFree))
            {
                var run = TryPipeline(options, input.Read(result, null, report), purchases, io);
                TransactionInput.WriteRejections(report.Build(), io);
                if (run is not null)
                {
                    outputs.WriteText(result.GetValue(output), writer => Write(writer, run, date));
                    outputs.Commit();
                    var counts = run.ChurnLevelCounts();
                    io.Tell($"warn: {run.RowsRead:N0} rows, {run.Count:N0} customers as of {date:yyyy-MM-dd}, model {Describe(run.Models.PurchaseModel)}; critical {counts[3]:N0}, warning {counts[2]:N0}, watch {counts[1]:N0}, none {counts[0]:N0}; wrote {result.GetValue(output)?.FullName ?? "standard output"}.");
                    return 0;
                }

                report = input.NewReport(result); // read again for the model-free warnings; rejections are reported once
            }

            var rows = input.Read(result, null, report);
            if (result.GetValue(modelFree))
            {
                rows = rows.ToList();
                TransactionInput.WriteRejections(report.Build(), io);
            }

            var table = ChurnSignalAccumulator.Measure(rows, new ChurnSignalOptions(date) { WindowDays = options.ChurnWindowDays });
            var warnings = ChurnWarningDestination.Allocate(table.Count);
            new ChurnWarningPolicy(churn).Evaluate(WithShareOfWallet(table.ToColumns(), table.CustomerIds, trends), warnings);
            outputs.WriteText(result.GetValue(output), writer => WriteModelFree(writer, table, warnings, date));
            outputs.Commit();
            io.Tell($"warn: {table.Count:N0} customers as of {date:yyyy-MM-dd}, no lifetime model (risk from each customer's own buying rhythm); wrote {result.GetValue(output)?.FullName ?? "standard output"}.");
            return 0;
        }));
        return command;
    }

    /// <summary>The shared <c>--wallets</c> option of <c>warn</c> and <c>score</c>: known wallets per period, for the share-of-wallet churn reasons.</summary>
    internal static Option<FileInfo?> WalletsOption() => new("--wallets")
    {
        Description = "Known wallets per period, CSV customer_id,our_spend,wallet,period (as wallet --wallets; periods in label order, the last the latest): adds the churn reasons sow_drop (share fell by 10 points or more in the latest period) and sow_stalled_then_fell (two periods within 2 points, then a fall of 5).",
    };

    private static ChurnSignalColumns WithShareOfWallet(ChurnSignalColumns columns, IReadOnlyList<string> ids, IReadOnlyDictionary<string, Wallet.ShareOfWalletTrend>? trends)
    {
        if (trends is null)
        {
            return columns;
        }

        var (change, stalled) = CustomerBasePipeline.ShareOfWalletSignals(ids, trends);
        return columns with { ShareOfWalletChangePoints = change, ShareOfWalletStalledThenFell = stalled };
    }

    /// <summary>The pipeline's run, or null (with a note) when no model can be fitted: fewer than 10 customers, or a fit that does not converge.</summary>
    private static PipelineResult? TryPipeline(PipelineOptions options, IEnumerable<Transaction> rows, IRepeatPurchaseModel? purchases, CliIo io)
    {
        PipelineResult run;
        try
        {
            run = new CustomerBasePipeline(options).Run(rows, purchases);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("did not converge", StringComparison.Ordinal))
        {
            io.Error.WriteLine($"customer-value: note: {e.Message.Split(';')[0]}; risk is model-free.");
            return null;
        }
        catch (ArgumentException e)
        {
            io.Error.WriteLine($"customer-value: note: no models could be fitted ({e.Message}); risk is model-free.");
            return null;
        }

        if (purchases is null && run.Count < 10)
        {
            io.Error.WriteLine("customer-value: note: fewer than 10 customers; no BG/NBD fit, risk is model-free.");
            return null;
        }

        return run;
    }

    private static string Describe(IRepeatPurchaseModel model) => model.Kind switch
    {
        RepeatPurchaseModelKind.BgNbd => "BG/NBD",
        RepeatPurchaseModelKind.ModifiedBgNbd => "MBG/NBD",
        RepeatPurchaseModelKind.ParetoNbd => "Pareto/NBD",
        _ => model.Kind.ToString(),
    } + $" in {model.TimeUnit.ToName()}s";

    private static IRepeatPurchaseModel ReadModel(FileInfo file, bool acceptUnconverged) =>
        LifetimeModelCatalog.LoadRepeatPurchaseModel(file.FullName, acceptUnconverged, "--model");

    /// <summary>The header of the warn CSV (the same three churn columns as <c>score</c>).</summary>
    internal const string Header = "customer_id,churn_level,churn_risk,churn_reasons,next_purchase_expected\n";

    /// <summary>Every customer of the run, most urgent first; level, risk and reasons are the scores' own (what <c>score</c> writes).</summary>
    private static void Write(TextWriter writer, PipelineResult run, DateOnly asOf)
    {
        writer.Write(Header);
        var scores = run.Scores;
        var next = run.Warnings.NextPurchaseInDays.Span;
        foreach (int i in run.ByUrgency())
        {
            WriteRow(writer, scores.CustomerId(i), scores.ChurnLevel[i], scores.ChurnRisk[i], scores.ChurnReasons[i], ChurnWarningPolicy.NextDate(asOf, next[i]));
        }
    }

    private static void WriteModelFree(TextWriter writer, ChurnSignalTable table, ChurnWarningDestination warnings, DateOnly asOf)
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

        writer.Write(Header);
        foreach (int i in order)
        {
            WriteRow(writer, ids[i], warnings.Levels.Span[i], warnings.Risk.Span[i], warnings.Reasons.Span[i], ChurnWarningPolicy.NextDate(asOf, warnings.NextPurchaseInDays.Span[i]));
        }
    }

    private static void WriteRow(TextWriter writer, string id, ChurnLevel level, double risk, ChurnReasonCodes reasons, DateOnly? next)
    {
        writer.Write(Csv.Quote(id));
        writer.Write(',');
        writer.Write(level.ToName());
        writer.Write(',');
        writer.Write(risk.ToString("R", CultureInfo.InvariantCulture));
        writer.Write(',');
        writer.Write(reasons.ToCodes());
        writer.Write(',');
        writer.Write(next?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty);
        writer.Write('\n');
    }
}

/// <summary>CSV field quoting (RFC 4180).</summary>
internal static class Csv
{
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
