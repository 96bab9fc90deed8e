using System.CommandLine;
using System.Globalization;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;
using CustomerValue.Parquet;
using CustomerValue.Scoring;
using CustomerValue.Summaries;
using CustomerValue.Transactions;

namespace CustomerValue.Cli.Commands;

/// <summary>
/// <c>customer-value score</c>: the whole pipeline in one command: transactions (CSV, .csv.gz or Parquet) or a summary
/// (CSV, Parquet or Arrow) → summaries as of a date → the models it is not given (BG/NBD, Gamma-Gamma) → every score of
/// every customer → CSV, Parquet or Arrow.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var summary = new Option<FileInfo?>("--summary") { Description = "Summary file instead of transactions: CSV (customer_id,frequency,recency,T,monetary_value), .parquet or .arrow, in --time-unit (a Parquet summary written by this library carries its unit)." };
        var asOf = new Option<string>("--as-of", "--calibration-end") { Description = "Scoring date (YYYY-MM-DD): purchases up to this date count; P(alive), recency and tiers are as of this date.", Required = true };
        var model = new Option<FileInfo?>("--model") { Description = "Repeat-purchase model file (bgnbd, mbgnbd or pnbd) from fit. Default: fit BG/NBD on the summaries." };
        var spendModel = new Option<FileInfo?>("--spend-model") { Description = "Spend model file (gg) from fit. Default: fit Gamma-Gamma on the repeat buyers." };
        var horizon = new Option<double?>("--horizon") { Description = "Horizon of expected purchases and CLV in the model's time unit. Default: one year (365.25 days)." };
        var timeUnit = SummaryInput.TimeUnitOption("Time unit of the summaries and fitted models: day, week, month or year (with --model, the model's unit is used).");
        var discountRate = new Option<double>("--discount-rate") { Description = "Discount rate of CLV as a fraction (0.1 = 10 %) per --discount-period (a year unless it says otherwise), applied per model time unit.", DefaultValueFactory = _ => 0.10 };
        var discountPeriod = DiscountPeriodOption();
        var margin = new Option<double>("--margin") { Description = "Margin as a fraction of spend applied to CLV (1: CLV in revenue).", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo?>("--output") { Description = "Output file: .csv, .parquet or .arrow. Default: CSV on standard output." };
        var wallets = WarnCommand.WalletsOption();
        var outputDir = new Option<DirectoryInfo?>("--output-dir") { Description = "Score summary partitions one by one: --summary names a Parquet file, a folder of them or a glob ('parts/*.parquet'); each is scored with --model and --spend-model (required) into a file of the same name in this folder (per-customer columns only), one row group at a time; partitions already scored with the same settings are skipped." };
        var progressOption = new Option<bool>("--no-progress") { Description = "Never draw the progress bar (it is drawn only when stderr is a terminal)." };
        var command = new Command("score", "Score every customer: p_alive, expected_purchases, expected_spend, clv, RFM scores and segment, tier, churn level, risk and reasons; fits the models it is not given.");
        input.AddTo(command);
        var accept = CliIo.AcceptUnconvergedOption();
        foreach (var option in new Option[] { summary, asOf, model, spendModel, horizon, timeUnit, discountRate, discountPeriod, margin, wallets, output, outputDir, progressOption, accept })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => Task.FromResult(io.Guard(() => SummaryInput.PlainErrors(() =>
        {
            var date = CliParse.Date(result.GetValue(asOf)!, "--as-of");
            if (result.GetValue(summary) is not null && result.GetValue(input.Transactions) is not null)
            {
                throw new ArgumentException("--summary and --transactions: give one input, not both.");
            }

            if (result.GetValue(model) is not null || result.GetValue(spendModel) is not null)
            {
                input.RequireData(result, result.GetValue(model) is not null ? "--model" : "--spend-model", result.GetValue(summary));
            }
            else if (result.GetValue(summary) is not null && CliParse.SampleAsked(result))
            {
                throw new ArgumentException("--sample: give the embedded sample or --summary, not both.");
            }

            if (result.GetValue(outputDir) is { } partitionsOut)
            {
                if (result.GetValue(wallets) is not null)
                {
                    throw new ArgumentException("--wallets: the share-of-wallet churn reasons are not part of a partitioned run (--output-dir writes per-customer columns only); score without --output-dir to use them.");
                }

                return PartitionedRun(result, partitionsOut, cancellationToken);
            }

            if (result.GetValue(summary) is { } named && ScorePartitions.NamesPartitions(named.ToString()))
            {
                throw new ArgumentException($"--summary: '{named}' names partitions (a folder or a glob); give --output-dir to score them one by one.");
            }

            using var outputs = io.Outputs(("--output", result.GetValue(output)));
            using var bar = ProgressBar.ForStandardError(io, disabled: result.GetValue(progressOption));
            var purchases = result.GetValue(model) is { } modelFile ? ReadPurchaseModel(modelFile, result.GetValue(accept)) : null;
            var spend = result.GetValue(spendModel) is { } spendFile ? ReadSpendModel(spendFile, result.GetValue(accept)) : null;
            var unit = purchases?.TimeUnit ?? CliParse.Unit(result.GetValue(timeUnit)!);
            var options = PipelineOptions(date, unit, result.GetValue(horizon), Rate(result.GetValue(discountRate), result.GetValue(discountPeriod)), result.GetValue(margin));
            options = ItemInput.WithBasis(input, result, options, CliParse.Given(result, margin)) with
            {
                ShareOfWalletTrends = result.GetValue(wallets) is { } walletFile ? WalletCommand.ReadTrends(walletFile, input.AliasMapOf(result)) : null,
            };
            if (options.ValueBasis == ValueBasisKind.Profit && result.GetValue(summary) is not null)
            {
                throw new ArgumentException("--profit-column/--cost-column with --summary: the profit basis needs the item-level log; give it with --transactions.");
            }

            var pipeline = new CustomerBasePipeline(options);
            PipelineResult run;
            if (result.GetValue(summary) is { } summaryFile)
            {
                TimeUnit? explicitUnit = purchases is null && CliParse.Given(result, timeUnit) ? unit : null;
                var summaries = ReadSummaries(summaryFile, explicitUnit, unit, purchases is null ? "the --time-unit default" : "the model's unit", io, cancellationToken);
                if (purchases is not null)
                {
                    SummaryInput.RequireUnit(summaries, purchases.TimeUnit, summaryFile.Name);
                }

                run = pipeline.Run(summaries, purchases, spend, bar, cancellationToken);
            }
            else if (result.GetValue(input.Transactions) is { } log && ParquetLake.IsLake(log.ToString()))
            {
                // A Parquet file, folder or glob (hive partitions as columns), one row group at a time.
                var report = input.NewReport(result);
                run = options.ValueBasis == ValueBasisKind.Profit
                    ? pipeline.Run(TransactionParquet.ReadItems(log.FullName, ProfitColumns(input.CsvOptions(result, null)), report), purchases, spend, bar, cancellationToken)
                    : pipeline.Run(ParquetLake.Read(log.ToString(), input.CsvOptions(result, null), report), purchases, spend, bar, cancellationToken);
                TransactionInput.WriteRejections(report.Build(), io);
            }
            else
            {
                var report = input.NewReport(result);
                run = ItemInput.RunPipeline(input, result, options, report, purchases, spend, bar, cancellationToken: cancellationToken);
                TransactionInput.WriteRejections(report.Build(), io);
            }

            Write(outputs, result.GetValue(output), run, bar, cancellationToken);
            outputs.Commit();
            bar.Dispose();
            io.Tell($"score: {run.RowsRead:N0} {(result.GetValue(summary) is null ? "rows" : "summary rows")}, {run.Count:N0} customers as of {date:yyyy-MM-dd}{(run.RowsAfterObservationEnd > 0 ? $" ({run.RowsAfterObservationEnd:N0} rows after it not used)" : string.Empty)}; {Describe(run.Models)}; horizon {run.ScoringOptions.Horizon:0.##} {run.Models.PurchaseModel.TimeUnit.ToName()}s, discount {run.Options.DiscountRate}; customer equity {run.CustomerEquity:N2}; {ItemInput.BasisText(run)}: gold {run.TierCounts()[(int)Segmentation.GoldDragTier.Gold]:N0}, drag {run.TierCounts()[(int)Segmentation.GoldDragTier.Drag]:N0}, MVC {run.ValueGroupCounts()[(int)Segmentation.ValueGroup.MostValuable]:N0}, MGC {run.ValueGroupCounts()[(int)Segmentation.ValueGroup.MostGrowable]:N0}, BZ {run.ValueGroupCounts()[(int)Segmentation.ValueGroup.BelowZero]:N0}; wrote {result.GetValue(output)?.FullName ?? "standard output"}.");
            return 0;
        }))));
        return command;

        int PartitionedRun(ParseResult result, DirectoryInfo partitionsOut, CancellationToken cancellationToken)
        {
            if (result.GetValue(summary) is not { } parts)
            {
                throw new ArgumentException("--output-dir: give the summary partitions with --summary (a Parquet file, a folder of them or a glob).");
            }

            if (result.GetValue(output) is not null)
            {
                throw new ArgumentException("--output and --output-dir: give one; --output-dir writes one file per partition.");
            }

            var modelFile = result.GetValue(model);
            var spendFile = result.GetValue(spendModel);
            var purchases = modelFile is null ? null : ReadPurchaseModel(modelFile, result.GetValue(accept));
            var spend = spendFile is null ? null : ReadSpendModel(spendFile, result.GetValue(accept));
            var unit = purchases?.TimeUnit ?? CliParse.Unit(result.GetValue(timeUnit)!);
            var options = PipelineOptions(CliParse.Date(result.GetValue(asOf)!, "--as-of"), unit, result.GetValue(horizon), Rate(result.GetValue(discountRate), result.GetValue(discountPeriod)), result.GetValue(margin));
            TimeUnit? explicitUnit = CliParse.Given(result, timeUnit) ? CliParse.Unit(result.GetValue(timeUnit)!) : null;
            return ScorePartitions.Run(io, parts.ToString(), partitionsOut, purchases, spend, modelFile, spendFile, explicitUnit, options, cancellationToken);
        }
    }

    /// <summary>The models of a run in a few words, for stderr.</summary>
    internal static string Describe(ScoringModels models) =>
        $"{(models.PurchaseFitRows is null ? "given" : "fitted")} {Name(models.PurchaseModel.Kind)} in {models.PurchaseModel.TimeUnit.ToName()}s, {(models.SpendFitRows is null ? "given" : "fitted")} spend model";

    private static string Name(RepeatPurchaseModelKind kind) => kind switch
    {
        RepeatPurchaseModelKind.BgNbd => "BG/NBD",
        RepeatPurchaseModelKind.ModifiedBgNbd => "MBG/NBD",
        RepeatPurchaseModelKind.ParetoNbd => "Pareto/NBD",
        _ => kind.ToString(),
    };

    internal static IRepeatPurchaseModel ReadPurchaseModel(FileInfo file, bool acceptUnconverged) =>
        LifetimeModelCatalog.LoadRepeatPurchaseModel(file.FullName, acceptUnconverged, "--model");

    internal static ISpendModel ReadSpendModel(FileInfo file, bool acceptUnconverged) =>
        LifetimeModelCatalog.LoadSpendModel(file.FullName, acceptUnconverged, "--spend-model");

    /// <summary>The shared <c>--discount-period</c> option: a bare <c>--discount-rate</c> is per year in every command.</summary>
    internal static Option<string> DiscountPeriodOption()
    {
        var option = new Option<string>("--discount-period") { Description = "The period --discount-rate applies to: day, week, month or year.", DefaultValueFactory = _ => "year" };
        option.AcceptOnlyFromAmong("day", "week", "month", "year");
        return option;
    }

    /// <summary>A discount rate with its period (a bare rate is per year).</summary>
    internal static DiscountRate Rate(double rate, string? period)
    {
        if (!double.IsFinite(rate) || rate < 0)
        {
            throw new ArgumentException($"--discount-rate: must be a finite fraction >= 0 (0.1 = 10%), got {rate.ToString("R", CultureInfo.InvariantCulture)}.");
        }

        return DiscountRate.Create(rate, period is null ? TimeUnit.Year : CliParse.Unit(period));
    }

    /// <summary>The pipeline's options from the command's.</summary>
    internal static PipelineOptions PipelineOptions(DateOnly asOf, TimeUnit unit, double? horizon, DiscountRate rate, double margin)
    {
        if (horizon is { } h && (!double.IsFinite(h) || h < 0))
        {
            throw new ArgumentException($"--horizon: must be a finite number >= 0, got {h.ToString("R", CultureInfo.InvariantCulture)}.");
        }

        if (!double.IsFinite(margin) || margin > 1)
        {
            throw new ArgumentException($"--margin: must be a finite fraction <= 1, got {margin.ToString("R", CultureInfo.InvariantCulture)}.");
        }

        return new PipelineOptions(asOf) { TimeUnit = unit, Horizon = horizon, DiscountRate = rate, MarginRate = margin };
    }

    /// <summary>Reads a summary file; the unit it records wins (an explicit --time-unit must match it), and an assumed unit is said on stderr.</summary>
    private static CustomerSummaries ReadSummaries(FileInfo summaryFile, TimeUnit? explicitUnit, TimeUnit fallback, string fallbackReason, CliIo io, CancellationToken cancellationToken)
    {
        if (!summaryFile.Exists)
        {
            throw new FileNotFoundException($"Summary file '{summaryFile.FullName}' does not exist.", summaryFile.FullName);
        }

        switch (Extension(summaryFile.Name))
        {
            case ".parquet":
                return SummaryParquet.ReadAsync(summaryFile.FullName, explicitUnit, cancellationToken).GetAwaiter().GetResult();
            case ".arrow" or ".feather":
                if (explicitUnit is null)
                {
                    io.Error.WriteLine($"customer-value: note: {summaryFile.Name}: recency and T are read in {fallback.ToName()}s ({fallbackReason}).");
                }

                return ReadArrow(summaryFile, explicitUnit ?? fallback, cancellationToken);
            default:
                SummaryInput.RequireMonetaryValue(summaryFile, "score (CLV)");
                return SummaryInput.ReadCsv(summaryFile, explicitUnit, fallback, fallbackReason, io);
        }
    }

    private static CustomerSummaries ReadArrow(FileInfo file, TimeUnit unit, CancellationToken cancellationToken)
    {
        using var stream = file.OpenRead();
        return CustomerValueArrow.ReadSummariesAsync(stream, unit, cancellationToken).GetAwaiter().GetResult();
    }

    private static void Write(OutputFiles outputs, FileInfo? file, PipelineResult run, ProgressBar bar, CancellationToken cancellationToken)
    {
        string extension = file is null ? ".csv" : Extension(file.Name);
        switch (extension)
        {
            case ".parquet":
                outputs.WriteStream(file!, stream => ScoreParquet.WriteAsync(stream, run, bar, cancellationToken).GetAwaiter().GetResult());
                break;
            case ".arrow" or ".feather":
                outputs.WriteStream(file!, stream => CustomerValueArrow.WriteScoresAsync(stream, run, cancellationToken).GetAwaiter().GetResult());
                break;
            default:
                outputs.WriteText(file, writer => CustomerScoresCsv.Write(writer, run, bar, cancellationToken));
                break;
        }
    }

    private static TransactionCsvOptions ProfitColumns(TransactionCsvOptions options) => options with { RequiredItemFields = options.RequiredItemFields | ItemFields.Profit };

    private static string Extension(string name) => Path.GetExtension(name).ToLowerInvariant();
}

/// <summary>Reports progress on the calling thread (Progress&lt;T&gt; would post to the thread pool and race the output).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

/// <summary>
/// A one-line progress bar on standard error, drawn only when standard error is an interactive terminal (never when it
/// is redirected, as in tests, CI logs and pipelines) and at most ten times a second.
/// </summary>
internal sealed class ProgressBar : IProgress<ScoringProgress>, IDisposable
{
    private readonly TextWriter? _terminal;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private long _lastDraw = -1000;
    private bool _drawn;

    private ProgressBar(TextWriter? terminal) => _terminal = terminal;

    public bool Enabled => _terminal is not null;

    /// <summary>A bar on the process's stderr when it is a terminal and the command writes to the real console; otherwise a bar that draws nothing.</summary>
    public static ProgressBar ForStandardError(CliIo io, bool disabled) =>
        new(!disabled && ReferenceEquals(io.Error, Console.Error) && !Console.IsErrorRedirected ? Console.Error : null);

    public void Report(ScoringProgress value)
    {
        if (_terminal is null)
        {
            return;
        }

        lock (_gate)
        {
            long now = _clock.ElapsedMilliseconds;
            if (now - _lastDraw < 100 && value.Completed < value.Total)
            {
                return;
            }

            _lastDraw = now;
            int width = 30;
            int filled = (int)Math.Round(value.Fraction * width);
            string stage = value.Stage.ToString().ToLowerInvariant();
            _terminal.Write(string.Create(CultureInfo.InvariantCulture, $"\r{stage,-12} [{new string('#', filled)}{new string('.', width - filled)}] {value.Fraction,4:P0} {_clock.Elapsed.TotalSeconds,6:0.0}s"));
            _drawn = true;
        }
    }

    public void Dispose()
    {
        if (_drawn)
        {
            _terminal!.Write("\r" + new string(' ', 64) + "\r");
        }
    }
}
