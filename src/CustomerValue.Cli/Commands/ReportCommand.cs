using System.CommandLine;
using CustomerValue.Cli.Report;
using CustomerValue.Lifetime;
using CustomerValue.Samples;

namespace CustomerValue.Cli.Commands;

/// <summary><c>customer-value report</c>: one self-contained HTML file with key figures, charts and tables for a manager.</summary>
internal static class ReportCommand
{
    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var asOf = new Option<string?>("--as-of", "--calibration-end") { Description = "The date the report describes (YYYY-MM-DD): models are fitted and customers judged on purchases up to it. Default: 1997-09-30 for the sample, else the last date in the file." };
        var holdoutEnd = new Option<string?>("--holdout-end") { Description = "Compare forecasts with the purchases after --as-of up to this date (YYYY-MM-DD). Default: 1998-06-30 for the sample, else none." };
        var output = new Option<FileInfo>("--output") { Description = "The HTML file to write.", Required = true };
        var atRisk = new Option<int>("--at-risk") { Description = "How many customers at risk to list.", DefaultValueFactory = _ => 15 };
        var horizon = new Option<double?>("--horizon") { Description = "Horizon of expected purchases and CLV, in weeks. Default: one year (365.25 days)." };
        var discountRate = new Option<double>("--discount-rate") { Description = "Discount rate of CLV as a fraction (0.1 = 10%) per --discount-period.", DefaultValueFactory = _ => 0.10 };
        var discountPeriod = ScoreCommand.DiscountPeriodOption();
        var segmentMap = new Option<string>("--segment-map") { Description = "grid (10-segment recency x frequency grid), classic (11-segment R/F/M table), or a JSON map file.", DefaultValueFactory = _ => "grid" };
        var model = new Option<FileInfo?>("--model") { Description = "Repeat-purchase model file in weeks (bgnbd, mbgnbd or pnbd) from fit. Default: fit BG/NBD in weeks on the purchases up to --as-of." };
        var spendModel = new Option<FileInfo?>("--spend-model") { Description = "Spend model file (gg) from fit. Default: fit Gamma-Gamma on the repeat buyers." };
        var accept = CliIo.AcceptUnconvergedOption();
        var command = new Command("report", "Write one self-contained HTML report for a manager: key figures, revenue concentration and Gini, segments, ABC and deciles, CLV distribution, frequency-recency and P(alive) matrices, model fit and tracking charts, calibration vs holdout, and the top customers at risk with reasons.");
        input.AddTo(command);
        command.Options.Add(asOf);
        command.Options.Add(holdoutEnd);
        command.Options.Add(output);
        command.Options.Add(atRisk);
        foreach (var option in new Option[] { horizon, discountRate, discountPeriod, segmentMap, model, spendModel, accept })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => io.Guard(() =>
        {
            bool sample = result.GetValue(input.Transactions) is null;
            DateOnly? date = CliParse.OptionalDate(result.GetValue(asOf), "--as-of");
            DateOnly? holdout = CliParse.OptionalDate(result.GetValue(holdoutEnd), "--holdout-end");
            int rows = result.GetValue(atRisk);
            if (rows < 0)
            {
                throw new ArgumentException($"--at-risk must be >= 0 (got {rows}).");
            }

            if (date is null && sample)
            {
                date = SampleData.CdnowCalibrationEnd;
                holdout ??= SampleData.CdnowHoldoutEnd;
            }

            if (result.GetValue(model) is not null || result.GetValue(spendModel) is not null)
            {
                input.RequireData(result, result.GetValue(model) is not null ? "--model" : "--spend-model");
            }

            var map = SegmentCommand.ResolveMap(result.GetValue(segmentMap)!);
            var purchases = result.GetValue(model) is { } modelFile ? ScoreCommand.ReadPurchaseModel(modelFile, result.GetValue(accept)) : null;
            if (purchases is not null && purchases.TimeUnit != TimeUnit.Week)
            {
                throw new ArgumentException($"--model: the report works in weeks, but '{result.GetValue(model)!.Name}' is in {purchases.TimeUnit.ToName()}s; fit it with --time-unit week.");
            }

            var spend = result.GetValue(spendModel) is { } spendFile ? ScoreCommand.ReadSpendModel(spendFile, result.GetValue(accept)) : null;
            var rate = ScoreCommand.Rate(result.GetValue(discountRate), result.GetValue(discountPeriod));
            date ??= LastDate(input, result);
            var options = ScoreCommand.PipelineOptions(date.Value, TimeUnit.Week, result.GetValue(horizon) ?? ReportData.HorizonWeeks, rate, 1) with { HoldoutEnd = holdout };
            options = options with { Scoring = options.Scoring with { SegmentMap = map } };
            var ingest = input.NewReport(result);
            var tracker = new RepeatPurchaseTracker();
            options = ItemInput.WithBasis(input, result, options);
            if (holdout is { } h && h <= date.Value)
            {
                throw new ArgumentException($"--holdout-end ({h:yyyy-MM-dd}) must be after --as-of ({date.Value:yyyy-MM-dd}).");
            }

            var run = ItemInput.RunPipeline(input, result, options, ingest, purchases, spend, tap: tracker.Tap);
            var data = ReportData.FromRun(run, input.Describe(result), ingest.Build(), rows);
            TransactionInput.WriteRejections(data.Ingest, io);
            var charts = ReportCharts.Draw(data, tracker.Track(data.AsOf, holdout ?? data.AsOf, data.Model));
            var file = result.GetValue(output)!;
            using (var outputs = io.Outputs(("--output", file)))
            {
                outputs.WriteText(file, writer => HtmlReport.Write(writer, data, charts));
                outputs.Commit();
            }

            io.Tell($"report: {data.Ingest.RowsRead:N0} rows, {data.Customers:N0} customers as of {data.AsOf:yyyy-MM-dd}; {(data.Fit is null ? "given" : "fitted")} {data.ModelName}, CLV over {ReportCharts.HorizonText(data)} {ReportCharts.DiscountText(data)}, {data.SegmentMapName} segments, value {ItemInput.BasisText(run)}; wrote {file.FullName} ({charts.Count} charts).");
            return 0;
        }));
        return command;
    }

    private static DateOnly LastDate(TransactionInput input, ParseResult result)
    {
        var last = DateOnly.MinValue;
        foreach (var t in input.Read(result, null, input.NewReport(result)))
        {
            last = t.Date > last ? t.Date : last;
        }

        return last == DateOnly.MinValue ? throw new InvalidOperationException($"{input.Describe(result)} holds no transactions.") : last;
    }
}
