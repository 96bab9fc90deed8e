using System.CommandLine;
using System.Globalization;
using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Samples;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;

namespace CustomerValue.Cli.Commands;

/// <summary>
/// <c>customer-value overview</c>: the README's main job. Runs the one pipeline (the numbers <c>score</c> and
/// <c>report</c> give) and prints, in about 40 lines, the fitted models, customer equity and the CLV distribution, the
/// top customers by CLV, tier and group counts, segments, the customers most at risk with plain reasons, and the command
/// that writes the full report.
/// </summary>
internal static class OverviewCommand
{
    /// <summary>How many customers the top-by-CLV and most-at-risk lists show.</summary>
    internal const int ListRows = 5;

    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var asOfOption = new Option<string?>("--as-of", "--calibration-end") { Description = "The observation end (YYYY-MM-DD). Default: 1997-09-30 for the sample, else the last date in the file." };
        var holdoutEnd = new Option<string?>("--holdout-end") { Description = "Count the purchases after --as-of up to this date in a holdout (YYYY-MM-DD); they never change the scores." };
        var timeUnit = new Option<string>("--time-unit") { Description = "The unit of recency and T of the fitted models: day, week, month or year.", DefaultValueFactory = _ => "week" };
        timeUnit.AcceptOnlyFromAmong("day", "week", "month", "year");
        var command = new Command("overview", "What the customer base is worth, in about 40 lines: the fitted models, customer equity and CLV distribution, top customers by CLV, gold/drag and MVC/MGC/BZ counts, segments, the customers most at risk with reasons, and the command for the full report (the numbers score and report give).");
        input.AddTo(command);
        command.Options.Add(asOfOption);
        command.Options.Add(holdoutEnd);
        command.Options.Add(timeUnit);
        command.SetAction(result => io.Guard(() => SummaryInput.PlainErrors(() =>
        {
            bool sample = input.UsesSample(result);
            DateOnly? asOf = CliParse.OptionalDate(result.GetValue(asOfOption), "--as-of");
            DateOnly? holdout = CliParse.OptionalDate(result.GetValue(holdoutEnd), "--holdout-end");
            if (asOf is null)
            {
                if (sample)
                {
                    asOf = SampleData.CdnowCalibrationEnd;
                }
                else
                {
                    var last = DateOnly.MinValue;
                    foreach (var t in input.Read(result, null, input.NewReport(result)))
                    {
                        last = t.Date > last ? t.Date : last;
                    }

                    asOf = last == DateOnly.MinValue ? throw new InvalidOperationException($"{input.Describe(result)} holds no transactions.") : last;
                }
            }

            if (holdout is { } h && h <= asOf.Value)
            {
                throw new ArgumentException($"--holdout-end ({h:yyyy-MM-dd}) must be after --as-of ({asOf.Value:yyyy-MM-dd}).");
            }

            var options = new PipelineOptions(asOf.Value) { TimeUnit = CliParse.Unit(result.GetValue(timeUnit)!), HoldoutEnd = holdout };
            var report = input.NewReport(result);
            var run = new CustomerBasePipeline(options).Run(input.Read(result, null, report));
            TransactionInput.WriteRejections(report.Build(), io);
            Write(io.Output, input.Describe(result), run, sample);
            var tiers = run.TierCounts();
            io.Tell($"overview: {run.RowsRead:N0} rows, {run.Count:N0} customers as of {asOf.Value:yyyy-MM-dd}; {ScoreCommand.Describe(run.Models)}; customer equity {run.CustomerEquity:N2}; gold {tiers[(int)GoldDragTier.Gold]:N0}, drag {tiers[(int)GoldDragTier.Drag]:N0}; wrote standard output.");
            return 0;
        })));
        return command;
    }

    /// <summary>The overview's lines (every figure from the run, so the same as score and report).</summary>
    internal static void Write(TextWriter o, string source, PipelineResult run, bool sample)
    {
        var ci = CultureInfo.InvariantCulture;
        var scores = run.Scores;
        int n = run.Count;
        string unit = run.Models.PurchaseModel.TimeUnit.ToName();
        o.WriteLine(string.Create(ci, $"Customer base: {source}, {run.RowsRead:N0} rows, {n:N0} customers, purchases up to {run.Options.AsOf:yyyy-MM-dd}{(run.RowsAfterObservationEnd > 0 ? $" ({run.RowsAfterObservationEnd:N0} later rows not used)" : string.Empty)}"));
        o.WriteLine();
        o.WriteLine(string.Create(ci, $"Models ({(run.Models.PurchaseFitRows is null ? "given" : "fitted on these purchases")}, in {unit}s):"));
        o.WriteLine("  " + PurchaseModelLine(run));
        o.WriteLine("  " + SpendModelLine(run));
        o.WriteLine();

        var clv = scores.LifetimeValue.ToArray();
        var sorted = (double[])clv.Clone();
        Array.Sort(sorted);
        double equity = run.CustomerEquity;
        var concentration = new ValueConcentrationAnalyzer().Analyze(clv);
        o.WriteLine(string.Create(ci, $"Customer value: CLV over the next {Display.Number(run.ScoringOptions.Horizon)} {unit}s, discounted {Display.Percent(run.Options.DiscountRate.Rate, 1)} a {run.Options.DiscountRate.Period.ToName()}"));
        o.WriteLine(string.Create(ci, $"  customer equity     {equity:N2}   (the sum of every customer's CLV)"));
        o.WriteLine(string.Create(ci, $"  CLV per customer    mean {equity / n:N2}, median {Quantile(sorted, 0.5):N2}, 90th percentile {Quantile(sorted, 0.9):N2}, max {sorted[^1]:N2}"));
        o.WriteLine(string.Create(ci, $"  concentration       the top 20 % of customers hold {Display.Percent(concentration.TopShare(0.2).ValueShare)} of CLV (Gini {Display.Fixed(concentration.Gini, 2)})"));
        o.WriteLine();

        o.WriteLine("Top customers by CLV:");
        var byValue = Enumerable.Range(0, n).OrderByDescending(i => clv[i]).ThenBy(i => scores.CustomerId(i), StringComparer.Ordinal).Take(ListRows);
        foreach (int i in byValue)
        {
            o.WriteLine(string.Create(ci, $"  {scores.CustomerId(i),-12} CLV {clv[i],10:N2}   P(alive) {scores.ProbabilityAlive[i]:0.00}   {scores.ExpectedPurchases[i]:0.0} purchases expected   {scores.SegmentName(i)}"));
        }

        o.WriteLine();
        var tiers = run.TierCounts();
        var groups = run.ValueGroupCounts();
        var t = run.ScoringOptions.ValueTiers;
        o.WriteLine("Tiers and value groups (by CLV):");
        o.WriteLine(string.Create(ci, $"  gold {tiers[(int)GoldDragTier.Gold]:N0} (top {t.GoldShare * 100:0.#} %), regular {tiers[(int)GoldDragTier.Regular]:N0}, drag {tiers[(int)GoldDragTier.Drag]:N0} (bottom {t.DragShare * 100:0.#} % or below zero; {Inactive(run):N0} of them inactive over {t.DragInactiveDays:0} days)"));
        o.WriteLine(string.Create(ci, $"  MVC {groups[(int)ValueGroup.MostValuable]:N0} (most valuable), MGC {groups[(int)ValueGroup.MostGrowable]:N0} (most growable: wallet headroom{(run.Wallets is null ? ", not estimated" : $" by {run.Wallets.Method}")}), BZ {groups[(int)ValueGroup.BelowZero]:N0} (below zero), other {groups[(int)ValueGroup.Other]:N0}"));
        o.WriteLine(string.Create(ci, $"Segments ({run.ScoringOptions.SegmentMap.Name}):"));
        var counts = new int[scores.SegmentNames.Count];
        foreach (byte s in scores.Segment)
        {
            counts[s]++;
        }

        var parts = Enumerable.Range(0, counts.Length).Where(s => counts[s] > 0).Select(s => string.Create(ci, $"{scores.SegmentNames[s]} {counts[s]:N0}")).ToArray();
        for (int k = 0; k < parts.Length; k += 5)
        {
            o.WriteLine("  " + string.Join(", ", parts.Skip(k).Take(5)));
        }

        o.WriteLine();
        var levels = run.ChurnLevelCounts();
        o.WriteLine(string.Create(ci, $"Churn: critical {levels[(int)ChurnLevel.Critical]:N0}, warning {levels[(int)ChurnLevel.Warning]:N0}, watch {levels[(int)ChurnLevel.Watch]:N0}, none {levels[(int)ChurnLevel.None]:N0}. Most at risk (level, then risk x CLV):"));
        foreach (int i in run.ByUrgency().Take(ListRows))
        {
            var reason = run.WarningOf(i).Explanations.Select(r => r.Message.Trim()).FirstOrDefault(m => m.Length > 0) ?? "no reason raised";
            o.WriteLine(string.Create(ci, $"  {scores.CustomerId(i),-12} {scores.ChurnLevel[i].ToName(),-8} risk {scores.ChurnRisk[i]:0.00}  CLV {clv[i],8:N2}  {reason}"));
        }

        o.WriteLine();
        string input = sample ? "--sample" : "--transactions FILE";
        o.WriteLine($"Full report (charts, tables, every customer at risk): customer-value report {input} --as-of {run.Options.AsOf:yyyy-MM-dd} --output report.html");
        o.WriteLine($"Every score per customer: customer-value score {input} --as-of {run.Options.AsOf:yyyy-MM-dd} --output scores.csv");
    }

    private static int Inactive(PipelineResult run)
    {
        int count = 0;
        for (int i = 0; i < run.Count; i++)
        {
            count += run.TierReasonsOf(i).EndsWith(ValueTierReasons.Inactive, StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }

    /// <summary>The type-7 quantile of sorted values.</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    private static string PurchaseModelLine(PipelineResult run)
    {
        var ci = CultureInfo.InvariantCulture;
        var model = run.Models.PurchaseModel;
        string name = model.Kind switch
        {
            RepeatPurchaseModelKind.ModifiedBgNbd => "MBG/NBD",
            RepeatPurchaseModelKind.ParetoNbd => "Pareto/NBD",
            _ => "BG/NBD",
        };
        if (run.Models.PurchaseFit is { } fit)
        {
            var p = fit.Parameters;
            return string.Create(ci, $"{name,-12} r = {p.R:0.###}, α = {p.Alpha:0.###}, a = {p.A:0.###}, b = {p.B:0.###}   (log-likelihood {fit.LogLikelihood:N1}, {(fit.Converged ? "converged" : "NOT converged")})");
        }

        return $"{name,-12} given";
    }

    private static string SpendModelLine(PipelineResult run) => run.Models.SpendFit is { } spend
        ? string.Create(CultureInfo.InvariantCulture, $"{"Gamma-Gamma",-12} p = {spend.Parameters.P:0.###}, q = {spend.Parameters.Q:0.###}, γ = {spend.Parameters.Gamma:0.###}   (spend per purchase of the repeat buyers)")
        : $"{"spend model",-12} given";
}
