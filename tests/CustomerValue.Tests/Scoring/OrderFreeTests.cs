using System.Globalization;
using System.Text;
using CustomerValue.Cli;
using CustomerValue.Cli.Report;
using CustomerValue.Lifetime;
using CustomerValue.Scoring;
using CustomerValue.Summaries;
using CustomerValue.Transactions;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerValue.Tests.Scoring;

/// <summary>
/// Issue 11, item 5: every result is the same for any order of the log's rows — the pipeline's result as a whole
/// (summaries, churn signals, fitted models, every score, warnings, urgency, counts, equity), the report's data and
/// HTML, and the file of every command that reads a log.
/// </summary>
public sealed class OrderFreeTests
{
    private static readonly DateOnly AsOf = new(2024, 6, 30);
    private static readonly DateOnly HoldoutEnd = new(2024, 12, 31);

    /// <summary>
    /// A seeded log: 600 customers buying at individual rates over 2022-2024, amounts in cents around a mean of their
    /// own (so the spend model has heterogeneity to fit), a third of the purchase
    /// days with one to three more rows (same-day rows merge into one occasion; sums of three or more cent amounts in floating point would depend on their order), and rows after the as-of date and the holdout.
    /// </summary>
    private static List<Transaction> Log()
    {
        var random = new Random(20241);
        var log = new List<Transaction>();
        var start = new DateOnly(2022, 1, 1);
        for (int c = 0; c < 600; c++)
        {
            string id = "c" + c.ToString(CultureInfo.InvariantCulture);
            double gap = 10 + (random.NextDouble() * 120);
            int life = random.Next(30, 1200);
            int day = random.Next(0, 800);
            int first = day;
            double mean = 10 + (300 * Math.Pow(random.NextDouble(), 3));
            while (day - first <= life && day < 1200)
            {
                decimal amount = Math.Round((decimal)(mean * (0.3 + (1.4 * random.NextDouble()))), 2);
                log.Add(new Transaction(id, start.AddDays(day).ToDateTime(TimeOnly.MinValue), (double)amount));
                for (int extra = random.Next(3) == 0 ? random.Next(1, 4) : 0; extra > 0; extra--)
                {
                    log.Add(new Transaction(id, start.AddDays(day).ToDateTime(TimeOnly.MinValue), random.Next(1, 5000) / 100.0));
                }

                day += 1 + (int)(-gap * Math.Log(1 - random.NextDouble()));
            }
        }

        return log;
    }

    private static string ScoresCsv(CustomerScores scores)
    {
        using var w = new StringWriter { NewLine = "\n" };
        CustomerScoresCsv.Write(w, scores);
        return w.ToString();
    }

    private static string SummariesCsv(CustomerSummaries summaries)
    {
        using var w = new StringWriter { NewLine = "\n" };
        CustomerSummaryCsv.Write(w, summaries);
        return w.ToString();
    }

    /// <summary>Everything a run holds, as text (doubles round-trip exactly with "R").</summary>
    private static string Everything(PipelineResult run)
    {
        var text = new StringBuilder();
        text.Append(SummariesCsv(run.Summaries)).Append(ScoresCsv(run.Scores));
        var signals = run.Signals!;
        for (int i = 0; i < signals.Count; i++)
        {
            text.Append(signals.Row(i)).Append('\n');
        }

        for (int i = 0; i < run.Count; i++)
        {
            text.Append(run.ChurnSignalsOf(i)).Append('|').Append(run.WarningOf(i)).Append('\n');
        }

        var w = run.Warnings;
        text.AppendJoin(',', w.Levels.ToArray()).Append('\n')
            .AppendJoin(',', w.Risk.ToArray().Select(R)).Append('\n')
            .AppendJoin(',', w.Priority.ToArray().Select(R)).Append('\n')
            .AppendJoin(',', w.NextPurchaseInDays.ToArray().Select(R)).Append('\n')
            .AppendJoin(',', run.ByUrgency()).Append('\n')
            .AppendJoin(',', run.ChurnLevelCounts()).Append('\n')
            .AppendJoin(',', run.TierCounts()).Append('\n')
            .Append(R(run.CustomerEquity)).Append('\n')
            .Append(run.Models.PurchaseFit!.Parameters).Append(R(run.Models.PurchaseFit.LogLikelihood)).Append('\n')
            .Append(run.Models.SpendFit!.Parameters).Append(R(run.Models.SpendFit.LogLikelihood)).Append('\n')
            .Append(run.RowsRead).Append(',').Append(run.RowsAfterObservationEnd);
        return text.ToString();
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string ReportHtml(IReadOnlyList<Transaction> log)
    {
        var options = new PipelineOptions(AsOf) { HoldoutEnd = HoldoutEnd, Horizon = ReportData.HorizonWeeks, DiscountRate = DiscountRate.PerYear(ReportData.DiscountRatePerYear) };
        var tracker = new RepeatPurchaseTracker();
        var data = ReportData.Build(tracker.Tap(log), "log.csv", options, null, null, new IngestReportBuilder(BadRowPolicy.CollectAndReport));
        var charts = ReportCharts.Draw(data, tracker.Track(data.AsOf, HoldoutEnd, data.Model));
        using var w = new StringWriter { NewLine = "\n" };
        HtmlReport.Write(w, data, charts);
        return w.ToString();
    }

    [Fact]
    public void The_whole_pipeline_result_and_the_report_are_the_same_for_any_order_of_the_rows()
    {
        var log = Log();
        var pipeline = new CustomerBasePipeline(new PipelineOptions(AsOf) { HoldoutEnd = HoldoutEnd });
        string expected = Everything(pipeline.Run(log));
        string expectedHtml = ReportHtml(log);
        Assert.Contains("<svg", expectedHtml, StringComparison.Ordinal);

        // The comparison sees the data: one cent more on one repeat purchase before the as-of date changes it.
        var changed = log.ToArray();
        int row = Enumerable.Range(1, changed.Length - 1).First(i => changed[i].CustomerId == changed[i - 1].CustomerId && changed[i].Date > changed[i - 1].Date && changed[i].Date <= AsOf);
        changed[row] = changed[row] with { Amount = changed[row].Amount + 0.01 };
        Assert.NotEqual(expected, Everything(pipeline.Run(changed)));

        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var shuffled = log.ToArray();
            new Random(seed).Shuffle(shuffled);
            return Everything(pipeline.Run(shuffled)) == expected && ReportHtml(shuffled) == expectedHtml;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(6));
    }

    [Fact]
    public void Every_command_that_reads_a_log_writes_the_same_file_for_a_shuffled_log()
    {
        var log = Log();
        var shuffled = log.ToArray();
        new Random(7).Shuffle(shuffled);
        string root = Directory.CreateTempSubdirectory("cv-order-free-").FullName;
        try
        {
            // The same file name in two folders: the report names its source.
            string a = Write(Path.Combine(root, "a"), log);
            string b = Write(Path.Combine(root, "b"), shuffled);
            string[][] commands =
            [
                ["summarize", "--calibration-end", "2024-06-30", "--holdout-end", "2024-12-31", "--output", "{out}.csv"],
                ["score", "--as-of", "2024-06-30", "--output", "{out}.csv"],
                ["warn", "--as-of", "2024-06-30", "--output", "{out}.csv"],
                ["segment", "--as-of", "2024-06-30", "--output", "{out}.csv", "--stats", "{out}.json"],
                ["report", "--as-of", "2024-06-30", "--holdout-end", "2024-12-31", "--output", "{out}.html"],
                ["overview", "--calibration-end", "2024-06-30", "--holdout-end", "2024-12-31"],
            ];
            foreach (var command in commands)
            {
                var (outA, filesA) = Run(command, a, Path.Combine(root, "a"));
                var (outB, filesB) = Run(command, b, Path.Combine(root, "b"));
                Assert.True(outA == outB, $"{command[0]}: standard output differs");
                Assert.Equal(filesA.Count, filesB.Count);
                for (int i = 0; i < filesA.Count; i++)
                {
                    Assert.True(File.ReadAllBytes(filesA[i]).AsSpan().SequenceEqual(File.ReadAllBytes(filesB[i])), $"{command[0]}: {Path.GetFileName(filesA[i])} differs");
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Write(string dir, IEnumerable<Transaction> log)
    {
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "log.csv");
        var text = new StringBuilder("customer_id,date,amount\n");
        foreach (var t in log)
        {
            text.Append(t.CustomerId).Append(',').Append(t.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',').Append(R(t.Amount)).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static (string Output, List<string> Files) Run(string[] command, string log, string dir)
    {
        var files = new List<string>();
        var args = new List<string>();
        foreach (string arg in command)
        {
            if (arg.StartsWith("{out}", StringComparison.Ordinal))
            {
                string file = Path.Combine(dir, command[0] + arg[5..]);
                files.Add(file);
                args.Add(file);
            }
            else
            {
                args.Add(arg);
            }
        }

        args.AddRange(["--transactions", log]);
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Program.Run([.. args], output, error);
        Assert.True(code == 0, $"{string.Join(' ', command)}: {error}");
        return (output.ToString(), files);
    }
}
