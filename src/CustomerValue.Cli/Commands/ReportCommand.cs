using System.CommandLine;
using CustomerValue.Cli.Report;
using CustomerValue.Samples;

namespace CustomerValue.Cli.Commands;

/// <summary><c>customer-value report</c>: one self-contained HTML file with key figures, charts and tables for a manager.</summary>
internal static class ReportCommand
{
    public static Command Create(CliIo io)
    {
        var input = new TransactionInput();
        var asOf = new Option<string?>("--as-of") { Description = "The date the report describes (YYYY-MM-DD): models are fitted and customers judged on purchases up to it. Default: 1997-09-30 for the sample, else the last date in the file." };
        var holdoutEnd = new Option<string?>("--holdout-end") { Description = "Compare forecasts with the purchases after --as-of up to this date (YYYY-MM-DD). Default: 1998-06-30 for the sample, else none." };
        var output = new Option<FileInfo>("--output") { Description = "The HTML file to write.", Required = true };
        var atRisk = new Option<int>("--at-risk") { Description = "How many customers at risk to list.", DefaultValueFactory = _ => 15 };
        var command = new Command("report", "Write one self-contained HTML report for a manager: key figures, Lorenz curve and Gini, segments, ABC and deciles, P(alive) heat-map, calibration vs holdout, CLV distribution and the top customers at risk with reasons.");
        input.AddTo(command);
        command.Options.Add(asOf);
        command.Options.Add(holdoutEnd);
        command.Options.Add(output);
        command.Options.Add(atRisk);
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

            date ??= LastDate(input, result);
            var ingest = input.NewReport(result);
            var tracker = new RepeatPurchaseTracker();
            var data = ReportData.Build(tracker.Tap(input.Read(result, null, ingest)), input.Describe(result), date.Value, holdout, ingest, rows);
            TransactionInput.WriteRejections(data.Ingest, io);
            var charts = ReportCharts.Draw(data, tracker.Track(data.AsOf, holdout ?? data.AsOf, data.Model));
            var file = result.GetValue(output)!;
            using (var outputs = io.Outputs(("--output", file)))
            {
                outputs.WriteText(file, writer => HtmlReport.Write(writer, data, charts));
                outputs.Commit();
            }

            io.Output.WriteLine($"customer-value: wrote {file.FullName} ({data.Customers} customers, {charts.Count} charts).");
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
