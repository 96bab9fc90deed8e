using System.CommandLine;
using System.Globalization;
using CustomerValue.Samples;
using CustomerValue.Summaries;

namespace CustomerValue.Cli.Commands;

/// <summary><c>customer-value overview</c>: a readable description of a customer base (the README's main job).</summary>
internal static class OverviewCommand
{
    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var calibrationEnd = new Option<string?>("--as-of", "--calibration-end") { Description = "The observation end (YYYY-MM-DD). Default: 1997-09-30 for the sample, else the last date in the file." };
        var holdoutEnd = new Option<string?>("--holdout-end") { Description = "Last day of the holdout (YYYY-MM-DD). Default: 1998-06-30 for the sample, else none." };
        var timeUnit = new Option<string>("--time-unit") { Description = "The unit of recency and T: day, week, month or year.", DefaultValueFactory = _ => "week" };
        timeUnit.AcceptOnlyFromAmong("day", "week", "month", "year");
        var command = new Command("overview", "Print a readable overview of a customer base: customers, repeat buyers, purchases, spend, and the calibration/holdout split.");
        input.AddTo(command);
        command.Options.Add(calibrationEnd);
        command.Options.Add(holdoutEnd);
        command.Options.Add(timeUnit);
        command.SetAction(result => io.Guard(() =>
        {
            bool sample = result.GetValue(input.Transactions) is null;
            DateOnly? calEnd = CliParse.OptionalDate(result.GetValue(calibrationEnd), "--as-of");
            DateOnly? holdEnd = CliParse.OptionalDate(result.GetValue(holdoutEnd), "--holdout-end");
            if (calEnd is null)
            {
                if (sample)
                {
                    calEnd = SampleData.CdnowCalibrationEnd;
                    holdEnd ??= SampleData.CdnowHoldoutEnd;
                }
                else
                {
                    var scan = input.NewReport(result);
                    DateOnly last = DateOnly.MinValue;
                    foreach (var t in input.Read(result, null, scan))
                    {
                        last = t.Date > last ? t.Date : last;
                    }

                    calEnd = last;
                }
            }

            var unit = CliParse.Unit(result.GetValue(timeUnit)!);
            var options = new SummaryOptions(calEnd.Value, unit, holdEnd);
            var summaries = input.Summarize(result, options, io, out var report);
            Write(io.Output, input.Describe(result), report, summaries);
            return 0;
        }));
        return command;
    }

    private static void Write(TextWriter o, string source, Transactions.IngestReport report, CustomerSummaries s)
    {
        var ci = CultureInfo.InvariantCulture;
        string unit = s.TimeUnit.ToName();
        int n = s.Count;
        int repeat = 0;
        double repeatPurchases = 0, totalSpend = 0, holdoutPurchases = 0, rows = 0;
        for (int i = 0; i < n; i++)
        {
            repeat += s.Frequency[i] > 0 ? 1 : 0;
            repeatPurchases += s.Frequency[i];
            totalSpend += s.TotalSpend[i];
            rows += s.TransactionCount[i];
            if (s.HasHoldout)
            {
                holdoutPurchases += s.FrequencyHoldout[i];
            }
        }

        DateOnly first = n > 0 ? s.FirstPurchase[0] : default;
        for (int i = 0; i < n; i++)
        {
            first = s.FirstPurchase[i] < first ? s.FirstPurchase[i] : first;
        }

        o.WriteLine(string.Create(ci, $"Customer base: {source}"));
        o.WriteLine(string.Create(ci, $"  rows read           {report.RowsRead,12:N0}   (accepted {report.Accepted:N0}, rejected {report.RejectedCount:N0})"));
        o.WriteLine(string.Create(ci, $"  calibration         {first:yyyy-MM-dd} .. {s.CalibrationEnd:yyyy-MM-dd}{(s.HasHoldout ? $"   holdout to {s.HoldoutEnd:yyyy-MM-dd} ({s.DurationHoldout:0.##} {unit}s)" : string.Empty)}"));
        o.WriteLine(string.Create(ci, $"  customers           {n,12:N0}"));
        o.WriteLine(string.Create(ci, $"  repeat customers    {repeat,12:N0}   ({(n > 0 ? 100.0 * repeat / n : 0):0.0}%)"));
        o.WriteLine(string.Create(ci, $"  transactions        {rows,12:N0}   (calibration rows, before same-day merging)"));
        o.WriteLine(string.Create(ci, $"  repeat purchases    {repeatPurchases,12:N0}   (calibration purchase days after the first)"));
        if (s.HasHoldout)
        {
            o.WriteLine(string.Create(ci, $"  holdout purchases   {holdoutPurchases,12:N0}   (purchase days in the holdout)"));
            if (s.CustomersFirstSeenInHoldout > 0)
            {
                o.WriteLine(string.Create(ci, $"  new in holdout      {s.CustomersFirstSeenInHoldout,12:N0}   (first purchase after calibration; not summarised)"));
            }
        }

        o.WriteLine(string.Create(ci, $"  calibration spend   {totalSpend,12:N2}   (mean per customer {(n > 0 ? totalSpend / n : 0):N2})"));
        o.WriteLine();
        o.WriteLine("Repeat purchases per customer (calibration):");
        var buckets = new int[8];
        for (int i = 0; i < n; i++)
        {
            buckets[(int)Math.Min(s.Frequency[i], 7)]++;
        }

        for (int k = 0; k < buckets.Length; k++)
        {
            string label = k < 7 ? k.ToString(ci) : "7+";
            double share = n > 0 ? (double)buckets[k] / n : 0;
            o.WriteLine(string.Create(ci, $"  {label,3}  {buckets[k],7:N0}  {new string('#', (int)Math.Round(share * 50))}"));
        }
    }
}
