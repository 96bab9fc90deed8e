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
    /// <summary>Purchases after the as-of date are read into a holdout that ends here, so they are ignored instead of rejected.</summary>
    private static readonly DateOnly FarFuture = new(9999, 12, 30);

    public static Command Create(CliIo io)
    {
        var input = new TransactionInput();
        var summary = new Option<FileInfo?>("--summary") { Description = "Summary file instead of transactions: CSV (customer_id,frequency,recency,T,monetary_value), .parquet or .arrow, in --time-unit (a Parquet summary written by this library carries its unit)." };
        var asOf = new Option<string>("--as-of") { Description = "Scoring date (YYYY-MM-DD): purchases up to this date count; P(alive), recency and tiers are as of this date.", Required = true };
        var model = new Option<FileInfo?>("--model") { Description = "Repeat-purchase model file (bgnbd, mbgnbd or pnbd) from fit. Default: fit BG/NBD on the summaries." };
        var spendModel = new Option<FileInfo?>("--spend-model") { Description = "Spend model file (gg) from fit. Default: fit Gamma-Gamma on the repeat buyers." };
        var horizon = new Option<double?>("--horizon") { Description = "Horizon of expected purchases and CLV in the model's time unit. Default: one year (365.25 days)." };
        var timeUnit = SummaryInput.TimeUnitOption("Time unit of the summaries and fitted models: day, week, month or year (with --model, the model's unit is used).");
        var discountRate = new Option<double>("--discount-rate") { Description = "Yearly discount rate for CLV as a fraction (0.1 = 10%), discounted per model time unit (0: no discounting).", DefaultValueFactory = _ => 0 };
        var margin = new Option<double>("--margin") { Description = "Margin as a fraction of spend applied to CLV (1: CLV in revenue).", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo?>("--output") { Description = "Output file: .csv, .parquet or .arrow. Default: CSV on standard output." };
        var progressOption = new Option<bool>("--no-progress") { Description = "Never draw the progress bar (it is drawn only when stderr is a terminal)." };
        var command = new Command("score", "Score every customer: p_alive, expected_purchases, expected_spend, clv, RFM scores and segment, tier, churn level, risk and reasons; fits the models it is not given.");
        input.AddTo(command);
        foreach (var option in new Option[] { summary, asOf, model, spendModel, horizon, timeUnit, discountRate, margin, output, progressOption })
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

            using var outputs = io.Outputs(("--output", result.GetValue(output)));
            using var bar = ProgressBar.ForStandardError(io, disabled: result.GetValue(progressOption));
            var purchases = result.GetValue(model) is { } modelFile ? ReadPurchaseModel(modelFile) : null;
            var spend = result.GetValue(spendModel) is { } spendFile ? ReadSpendModel(spendFile) : null;
            var unit = purchases?.TimeUnit ?? CliParse.Unit(result.GetValue(timeUnit)!);
            var summaries = Summaries(input, result, result.GetValue(summary), date, unit, io, bar, cancellationToken);
            if (summaries.Count == 0)
            {
                throw new InvalidOperationException($"No purchases on or before {date:yyyy-MM-dd}: nothing to score.");
            }

            var models = ScoringModels.FitMissing(summaries, purchases, spend, bar, cancellationToken);
            double h = result.GetValue(horizon) ?? (365.25 / unit.DaysPerUnit());
            if (!double.IsFinite(h) || h < 0)
            {
                throw new ArgumentException($"--horizon: must be a finite number >= 0, got {h.ToString("R", CultureInfo.InvariantCulture)}.");
            }

            var options = new ScoringOptions(h) { LifetimeValue = ValueOptions(h, result.GetValue(discountRate), result.GetValue(margin)) };
            var input2 = summaries.CalibrationEnd is null ? ScoringInputWithoutDates(summaries) : ScoringInput.FromSummaries(summaries, date);
            var scores = new CustomerBaseScorer(models.PurchaseModel, models.SpendModel, options).Score(input2, bar, cancellationToken);
            Write(outputs, result.GetValue(output), scores, bar, cancellationToken);
            outputs.Commit();
            return 0;
        }))));
        return command;
    }

    private static IRepeatPurchaseModel ReadPurchaseModel(FileInfo file)
    {
        var document = LifetimeModelJson.ReadFile(file.FullName);
        if (LifetimeModelNames.IsSpendModel(document.Model))
        {
            throw new ArgumentException($"--model: '{file.Name}' holds a spend model ({document.Model}); pass it with --spend-model.");
        }

        return LifetimeModelFactory.CreateRepeatPurchaseModel(document);
    }

    private static ISpendModel ReadSpendModel(FileInfo file)
    {
        var document = LifetimeModelJson.ReadFile(file.FullName);
        if (!LifetimeModelNames.IsSpendModel(document.Model))
        {
            throw new ArgumentException($"--spend-model: '{file.Name}' holds a repeat-purchase model ({document.Model}), not a spend model (gg).");
        }

        return LifetimeModelFactory.CreateSpendModel(document);
    }

    private static LifetimeValueOptions ValueOptions(double horizon, double rate, double margin)
    {
        if (!double.IsFinite(rate) || rate < 0)
        {
            throw new ArgumentException($"--discount-rate: must be a finite fraction >= 0 (0.1 = 10%), got {rate.ToString("R", CultureInfo.InvariantCulture)}.");
        }

        if (!double.IsFinite(margin) || margin > 1)
        {
            throw new ArgumentException($"--margin: must be a finite fraction <= 1, got {margin.ToString("R", CultureInfo.InvariantCulture)}.");
        }

        return LifetimeValueOptions.Create(horizon, DiscountRate.PerYear(rate), DiscountingMethod.Discrete, 1, margin);
    }

    /// <summary>A summary file has no dates: recency for RFM and churn is (T − t_x) in days, as of the file's own end.</summary>
    private static ScoringInput ScoringInputWithoutDates(CustomerSummaries s) =>
        new(s.Frequency.ToArray(), s.Recency.ToArray(), s.Age.ToArray(), s.MonetaryValue.ToArray(), s.TimeUnit) { CustomerIds = s.CustomerIds };

    private static CustomerSummaries Summaries(TransactionInput input, ParseResult result, FileInfo? summaryFile, DateOnly asOf, TimeUnit unit, CliIo io, ProgressBar bar, CancellationToken cancellationToken)
    {
        if (summaryFile is not null)
        {
            if (!summaryFile.Exists)
            {
                throw new FileNotFoundException($"Summary file '{summaryFile.FullName}' does not exist.", summaryFile.FullName);
            }

            var summaries = Extension(summaryFile.Name) switch
            {
                ".parquet" => SummaryParquet.ReadAsync(summaryFile.FullName, null, cancellationToken).GetAwaiter().GetResult(),
                ".arrow" or ".feather" => ReadArrow(summaryFile, unit, cancellationToken),
                _ => CustomerSummaryCsv.ReadFile(summaryFile.FullName, unit),
            };
            return PredictCommand.InModelUnit(summaries, unit);
        }

        var options = new SummaryOptions(asOf, unit, FarFuture);
        var file = result.GetValue(input.Transactions);
        if (file is null)
        {
            return input.Summarize(result, options, io, out _);
        }

        var report = input.NewReport(result);
        CustomerSummaries read;
        if (Extension(file.Name) == ".parquet")
        {
            read = TransactionParquet.SummarizeAsync(file.FullName, options, input.CsvOptions(result, null), report, null, cancellationToken).GetAwaiter().GetResult();
        }
        else
        {
            long length = file.Exists ? file.Length : 0;
            var bytes = bar.Enabled ? new SynchronousProgress<long>(b => bar.Report(new ScoringProgress(ScoringStage.Reading, b, length))) : null;
            read = TransactionCsvReader.SummarizeFile(file.FullName, input.CsvOptions(result, null), options, report, Environment.ProcessorCount, bytes, cancellationToken);
        }

        TransactionInput.WriteRejections(report.Build(), io);
        return read;
    }

    private static CustomerSummaries ReadArrow(FileInfo file, TimeUnit unit, CancellationToken cancellationToken)
    {
        using var stream = file.OpenRead();
        return CustomerValueArrow.ReadSummariesAsync(stream, unit, cancellationToken).GetAwaiter().GetResult();
    }

    private static void Write(OutputFiles outputs, FileInfo? file, CustomerScores scores, ProgressBar bar, CancellationToken cancellationToken)
    {
        string extension = file is null ? ".csv" : Extension(file.Name);
        switch (extension)
        {
            case ".parquet":
                outputs.WriteStream(file!, stream => ScoreParquet.WriteAsync(stream, scores, bar, cancellationToken).GetAwaiter().GetResult());
                break;
            case ".arrow" or ".feather":
                outputs.WriteStream(file!, stream => CustomerValueArrow.WriteScoresAsync(stream, scores, cancellationToken).GetAwaiter().GetResult());
                break;
            default:
                outputs.WriteText(file, writer => CustomerScoresCsv.Write(writer, scores, bar, cancellationToken));
                break;
        }
    }

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
