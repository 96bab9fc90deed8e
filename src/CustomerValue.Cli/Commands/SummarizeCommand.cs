using System.CommandLine;
using CustomerValue.Summaries;

namespace CustomerValue.Cli.Commands;

/// <summary><c>customer-value summarize</c>: transaction log → per-customer frequency, recency, T and monetary value.</summary>
internal static class SummarizeCommand
{
    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var calibrationEnd = new Option<string>("--as-of", "--calibration-end") { Description = "The observation end (YYYY-MM-DD), inclusive: the last day of the calibration period; later rows go to the holdout or are counted as after the observation end.", Required = true };
        var holdoutEnd = new Option<string?>("--holdout-end") { Description = "Last day of the holdout period (YYYY-MM-DD), inclusive; adds frequency_holdout, monetary_value_holdout, duration_holdout." };
        var timeUnit = new Option<string>("--time-unit") { Description = "Unit of recency, T and duration: day, week, month or year.", DefaultValueFactory = _ => "week" };
        timeUnit.AcceptOnlyFromAmong("day", "week", "month", "year");
        var output = new Option<FileInfo?>("--output") { Description = "Output CSV file. Default: standard output." };
        var command = new Command("summarize", "Summarise a transaction log per customer: customer_id,frequency,recency,T,monetary_value (+ holdout columns).");
        input.AddTo(command);
        command.Options.Add(calibrationEnd);
        command.Options.Add(holdoutEnd);
        command.Options.Add(timeUnit);
        command.Options.Add(output);
        command.SetAction(result => io.Guard(() =>
        {
            var options = new SummaryOptions(
                CliParse.Date(result.GetValue(calibrationEnd)!, "--as-of"),
                CliParse.Unit(result.GetValue(timeUnit)!),
                CliParse.OptionalDate(result.GetValue(holdoutEnd), "--holdout-end"));
            var summaries = input.Summarize(result, options, io, out _);
            using var outputs = io.Outputs(("--output", result.GetValue(output)));
            if (result.GetValue(output) is { } file)
            {
                // UTF-8 bytes formatted on every core, written through the atomic temporary file.
                outputs.WriteStream(file, stream => CustomerSummaryCsv.Write(stream, summaries));
            }
            else
            {
                outputs.WriteText(null, writer => CustomerSummaryCsv.Write(writer, summaries));
            }

            outputs.Commit();
            io.Tell($"summarize: {summaries.Count:N0} customers in {summaries.TimeUnit.ToName()}s to {options.CalibrationEnd:yyyy-MM-dd}{(summaries.HoldoutEnd is { } h ? $", holdout to {h:yyyy-MM-dd}" : string.Empty)}; wrote {result.GetValue(output)?.FullName ?? "standard output"}.");
            return 0;
        }));
        return command;
    }
}
