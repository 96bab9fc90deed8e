using System.CommandLine;
using System.Globalization;
using CustomerValue.Churn;
using CustomerValue.Segmentation;
using CustomerValue.Summaries;
using CustomerValue.ValueOverTime;

namespace CustomerValue.Cli.Commands;

/// <summary>
/// <c>customer-value winback</c>: the important customers lost recently (top by spend over a look-back window, silent
/// longer than a limit), ranked by what they were worth, with their last purchase and value if won back; and last
/// year's top customers with this year's spend.
/// </summary>
internal static class WinbackCommand
{
    /// <summary>The lost-customers CSV header.</summary>
    internal const string Header = "rank,customer_id,lookback_spend,lookback_purchase_days,value_rank,first_purchase,last_purchase,days_silent,usual_gap_days,silence_multiple,p_alive,clv,value_if_won_back,tier,churn_level\n";

    /// <summary>The last-year-top CSV header.</summary>
    internal const string LastYearHeader = "rank,customer_id,last_year_spend,this_year_spend,change,still_ordering,this_year_purchase_days,last_purchase,p_alive,clv\n";

    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var asOf = new Option<string>("--as-of", "--calibration-end") { Description = "The observation end (YYYY-MM-DD): later purchases are not used. For the sample: 1998-06-30.", Required = true };
        var lookback = new Option<int>("--lookback-days") { Description = "The look-back window ending on --as-of: customers are ranked by what they spent in it.", DefaultValueFactory = _ => 730 };
        var silent = new Option<int>("--silent-days") { Description = "An important customer whose last purchase is more than this many days before --as-of is lost.", DefaultValueFactory = _ => 180 };
        var topShare = new Option<double>("--top-share") { Description = "The share of the look-back window's buyers, by their spend in it, that is important (0.2 = top 20 %).", DefaultValueFactory = _ => 0.2 };
        var lastYearTop = new Option<int>("--last-year-top") { Description = "How many of last year's biggest customers (the year before the 365 days ending on --as-of) to follow into this year.", DefaultValueFactory = _ => 100 };
        var output = new Option<FileInfo?>("--output") { Description = "Lost important customers CSV: " + Header.TrimEnd() + ". Default: standard output." };
        var lastYearOutput = new Option<FileInfo?>("--last-year-output") { Description = "Last year's top customers CSV: " + LastYearHeader.TrimEnd() + "." };
        var model = new Option<FileInfo?>("--model") { Description = "Repeat-purchase model file (bgnbd, mbgnbd or pnbd) from fit. Default: fit BG/NBD as of --as-of." };
        var spendModel = new Option<FileInfo?>("--spend-model") { Description = "Spend model file (gg) from fit. Default: fit Gamma-Gamma as of --as-of." };
        var horizon = new Option<double?>("--horizon") { Description = "Horizon of CLV and value if won back in the model's time unit. Default: one year (365.25 days)." };
        var timeUnit = SummaryInput.TimeUnitOption("Time unit of the fitted models: day, week, month or year (with --model, the model's unit is used).");
        var discountRate = new Option<double>("--discount-rate") { Description = "Discount rate of CLV as a fraction per --discount-period.", DefaultValueFactory = _ => 0.10 };
        var discountPeriod = ScoreCommand.DiscountPeriodOption();
        var margin = new Option<double>("--margin") { Description = "Margin as a fraction of spend applied to CLV and value if won back (1: in revenue).", DefaultValueFactory = _ => 1 };
        var accept = CliIo.AcceptUnconvergedOption();
        var command = new Command("winback", "Win-back: the important customers lost recently (top --top-share of the look-back window's buyers by spend, silent longer than --silent-days), ranked by what they spent, with last purchase, P(alive), CLV and the value if won back; and last year's top customers with this year's spend.");
        input.AddTo(command);
        foreach (var option in new Option[] { asOf, lookback, silent, topShare, lastYearTop, output, lastYearOutput, model, spendModel, horizon, timeUnit, discountRate, discountPeriod, margin, accept })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => io.Guard(() => SummaryInput.PlainErrors(() =>
        {
            var date = CliParse.Date(result.GetValue(asOf)!, "--as-of");
            int lookbackDays = result.GetValue(lookback), silentDays = result.GetValue(silent), top = result.GetValue(lastYearTop);
            double share = result.GetValue(topShare);
            if (lookbackDays is < 1 or > 36525)
            {
                throw new ArgumentException($"--lookback-days: must be 1..36525 days, got {lookbackDays}.");
            }

            if (silentDays < 0 || silentDays >= lookbackDays)
            {
                throw new ArgumentException($"--silent-days: must be >= 0 and shorter than --lookback-days ({lookbackDays}), got {silentDays}.");
            }

            if (!(share > 0 && share <= 1))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--top-share: must be a fraction in (0, 1] (0.2 = top 20 %), got {share}."));
            }

            if (top < 1)
            {
                throw new ArgumentException($"--last-year-top: must be >= 1, got {top}.");
            }

            using var outputs = io.Outputs(("--output", result.GetValue(output)), ("--last-year-output", result.GetValue(lastYearOutput)));
            if (result.GetValue(model) is not null || result.GetValue(spendModel) is not null)
            {
                input.RequireData(result, result.GetValue(model) is not null ? "--model" : "--spend-model");
            }

            var purchases = result.GetValue(model) is { } modelFile ? ScoreCommand.ReadPurchaseModel(modelFile, result.GetValue(accept)) : null;
            var spend = result.GetValue(spendModel) is { } spendFile ? ScoreCommand.ReadSpendModel(spendFile, result.GetValue(accept)) : null;
            var unit = purchases?.TimeUnit ?? CliParse.Unit(result.GetValue(timeUnit)!);
            var pipeline = ScoreCommand.PipelineOptions(date, unit, result.GetValue(horizon), ScoreCommand.Rate(result.GetValue(discountRate), result.GetValue(discountPeriod)), result.GetValue(margin));
            var options = new WinBackOptions(date)
            {
                LookbackDays = lookbackDays,
                SilentDays = silentDays,
                TopShare = share,
                LastYearTop = top,
                Pipeline = pipeline,
                PurchaseModel = purchases,
                SpendModel = spend,
            };
            var report = input.NewReport(result);
            WinBack winBack;
            try
            {
                winBack = WinBack.Analyze(input.Read(result, null, report), options);
            }
            finally
            {
                TransactionInput.WriteRejections(report.Build(), io);
            }

            outputs.WriteText(result.GetValue(output), writer => WriteLost(writer, winBack));
            if (result.GetValue(lastYearOutput) is { } lastYearFile)
            {
                outputs.WriteText(lastYearFile, writer => WriteLastYear(writer, winBack));
            }

            outputs.Commit();
            var run = winBack.Pipeline;
            var (lastStart, lastEnd) = options.LastYear;
            var (thisStart, thisEnd) = options.ThisYear;
            var written = new[] { result.GetValue(output)?.FullName ?? "standard output", result.GetValue(lastYearOutput)?.FullName }.Where(f => f is not null);
            io.Tell($"winback: {winBack.RowsRead:N0} rows, {run.Count:N0} customers as of {date:yyyy-MM-dd}{(winBack.RowsAfterAsOf > 0 ? $" ({winBack.RowsAfterAsOf:N0} rows after it not used)" : string.Empty)}; {winBack.LookbackBuyers:N0} bought in the {lookbackDays} days from {options.LookbackStart:yyyy-MM-dd}, the top {Display.Percent(share, 0)} by spend ({winBack.Important:N0}) are important; {winBack.Lost.Count:N0} of them silent over {silentDays} days: they spent {Display.Number(winBack.LostLookbackSpend)} in the window and are worth {Display.Number(winBack.LostValueIfWonBack)} if won back (CLV if active as of {date:yyyy-MM-dd}; {ScoreCommand.Describe(run.Models)}, horizon {run.ScoringOptions.Horizon:0.##} {run.Models.PurchaseModel.TimeUnit.ToName()}s, discount {run.Options.DiscountRate}); last year's top {winBack.LastYearTop.Count:N0} ({lastStart:yyyy-MM-dd}..{lastEnd:yyyy-MM-dd}): {winBack.LastYearTopStillOrdering:N0} still ordering in {thisStart:yyyy-MM-dd}..{thisEnd:yyyy-MM-dd}; wrote {string.Join(", ", written)}.");
            return 0;
        })));
        return command;
    }

    private static void WriteLost(TextWriter w, WinBack winBack)
    {
        w.Write(Header);
        var ci = CultureInfo.InvariantCulture;
        foreach (var c in winBack.Lost)
        {
            w.Write(string.Create(ci, $"{c.Rank},{Csv.Quote(c.CustomerId)},{c.LookbackSpend:R},{c.LookbackPurchaseDays},{c.ValueRank},{c.FirstPurchase:yyyy-MM-dd},{c.LastPurchase:yyyy-MM-dd},{c.DaysSilent},{Optional(c.UsualGapDays)},{Optional(c.SilenceMultiple)},{c.ProbabilityAlive:R},{c.LifetimeValue:R},{c.ValueIfWonBack:R},{ValueTiers.Name(c.Tier)},{c.ChurnLevel.ToName()}\n"));
        }
    }

    private static void WriteLastYear(TextWriter w, WinBack winBack)
    {
        w.Write(LastYearHeader);
        var ci = CultureInfo.InvariantCulture;
        foreach (var c in winBack.LastYearTop)
        {
            w.Write(string.Create(ci, $"{c.Rank},{Csv.Quote(c.CustomerId)},{c.LastYearSpend:R},{c.ThisYearSpend:R},{c.Change:R},{(c.StillOrdering ? "true" : "false")},{c.ThisYearPurchaseDays},{c.LastPurchase:yyyy-MM-dd},{c.ProbabilityAlive:R},{c.LifetimeValue:R}\n"));
        }
    }

    private static string Optional(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
}
