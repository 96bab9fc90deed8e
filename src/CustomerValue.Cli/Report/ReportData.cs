using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Fitting;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;
using CustomerValue.Summaries;
using CustomerValue.Transactions;

namespace CustomerValue.Cli.Report;

/// <summary>One customer at risk, as the report lists them.</summary>
internal sealed record AtRiskCustomer(string CustomerId, ChurnLevel Level, double Risk, double ProbabilityAlive, double DaysSinceLastPurchase, double PastSpend, double LifetimeValue, IReadOnlyList<ChurnReason> Reasons);

/// <summary>Mean holdout purchases of the customers with one calibration frequency: what happened and what the model expected.</summary>
internal readonly record struct HoldoutRow(string Frequency, int Customers, double Actual, double Predicted);

/// <summary>Customers and value of one RFM segment.</summary>
internal readonly record struct SegmentRow(string Segment, int Customers, double Value, double CustomerShare, double ValueShare);

/// <summary>Everything the report shows, computed from one pass over the transaction log.</summary>
internal sealed class ReportData
{
    /// <summary>The one-year horizon of the lifetime values, in weeks (365.25 days, as every command's default).</summary>
    public const double HorizonWeeks = 365.25 / 7;

    /// <summary>The yearly discount rate of the lifetime values.</summary>
    public const double DiscountRatePerYear = 0.10;

    private ReportData()
    {
    }

    public required string Source { get; init; }

    public required DateOnly AsOf { get; init; }

    public required IngestReport Ingest { get; init; }

    public required CustomerSummaries Summaries { get; init; }

    /// <summary>The BG/NBD fit when the run fitted the model; null when a model file was given.</summary>
    public required FitResult<BgNbdParameters>? Fit { get; init; }

    /// <summary>The repeat-purchase model: fitted BG/NBD, or the one given with --model.</summary>
    public required IRepeatPurchaseModel Model { get; init; }

    /// <summary>The model's name for people: BG/NBD, MBG/NBD or Pareto/NBD.</summary>
    public string ModelName => Model.Kind switch
    {
        RepeatPurchaseModelKind.ModifiedBgNbd => "MBG/NBD",
        RepeatPurchaseModelKind.ParetoNbd => "Pareto/NBD",
        _ => "BG/NBD",
    };

    /// <summary>The horizon of expected purchases and CLV, in the model's time unit.</summary>
    public double Horizon => Run.ScoringOptions.Horizon;

    /// <summary>The discount rate of CLV.</summary>
    public DiscountRate DiscountRate => Run.Options.DiscountRate;

    /// <summary>The segment map the customers were placed with.</summary>
    public string SegmentMapName => Run.ScoringOptions.SegmentMap.Name;

    public required string SpendModelText { get; init; }

    public required double[] ProbabilityAlive { get; init; }

    public required double[] ExpectedPurchasesYear { get; init; }

    public required double[] LifetimeValue { get; init; }

    public required ValueConcentration Concentration { get; init; }

    public required IReadOnlyList<SegmentRow> Segments { get; init; }

    public required IReadOnlyList<HoldoutRow> Holdout { get; init; }

    public required int[] LevelCounts { get; init; }

    public required IReadOnlyList<AtRiskCustomer> AtRisk { get; init; }

    public int Customers => Summaries.Count;

    /// <summary>The whole job through <see cref="CustomerBasePipeline"/> (the numbers <c>score</c> and <c>warn</c> give), as of <paramref name="asOf"/>.</summary>
    /// <exception cref="InvalidOperationException">Fewer than 10 customers bought on or before the as-of date.</exception>
    public static ReportData Build(IEnumerable<Transaction> transactions, string source, DateOnly asOf, DateOnly? holdoutEnd, IngestReportBuilder ingest, int atRiskRows = 15) =>
        Build(transactions, source, new PipelineOptions(asOf) { HoldoutEnd = holdoutEnd, Horizon = HorizonWeeks, DiscountRate = DiscountRate.PerYear(DiscountRatePerYear) }, null, null, ingest, atRiskRows);

    /// <summary>The whole job through <see cref="CustomerBasePipeline"/> with the given options and models (null: fit BG/NBD and Gamma-Gamma).</summary>
    /// <exception cref="InvalidOperationException">Fewer than 10 customers bought on or before the as-of date.</exception>
    public static ReportData Build(IEnumerable<Transaction> transactions, string source, PipelineOptions options, IRepeatPurchaseModel? purchaseModel, ISpendModel? spendModel, IngestReportBuilder ingest, int atRiskRows = 15)
    {
        if (options.HoldoutEnd is { } h && h <= options.AsOf)
        {
            throw new ArgumentException($"--holdout-end ({h:yyyy-MM-dd}) must be after --as-of ({options.AsOf:yyyy-MM-dd}).");
        }

        return FromRun(new CustomerBasePipeline(options).Run(transactions, purchaseModel, spendModel), source, ingest.Build(), atRiskRows);
    }

    /// <summary>The report's numbers from a pipeline run: every per-customer figure is the run's own.</summary>
    /// <exception cref="InvalidOperationException">Fewer than 10 customers, or the models were not fitted by the run.</exception>
    public static ReportData FromRun(PipelineResult run, string source, IngestReport ingest, int atRiskRows = 15)
    {
        var summaries = run.Summaries;
        int n = summaries.Count;
        if (n < 10)
        {
            throw new InvalidOperationException($"Only {n} customers bought on or before {run.Options.AsOf:yyyy-MM-dd} in {source}; a report needs at least 10.");
        }

        var fit = run.Models.PurchaseFit;
        var model = run.Models.PurchaseModel;
        var scores = run.Scores;
        string spendText = run.Models.SpendFit is { } spendFit
            ? $"Gamma-Gamma spend model (p = {spendFit.Parameters.P:0.###}, q = {spendFit.Parameters.Q:0.###}, γ = {spendFit.Parameters.Gamma:0.###})"
            : "the given spend model";

        var value = summaries.TotalSpend.ToArray();
        var concentration = new ValueConcentrationAnalyzer().Analyze(value, summaries.CustomerIds);
        return new ReportData
        {
            Source = source,
            AsOf = run.Options.AsOf,
            Ingest = ingest,
            Summaries = summaries,
            Fit = fit,
            Model = model,
            SpendModelText = spendText,
            ProbabilityAlive = scores.ProbabilityAlive.ToArray(),
            ExpectedPurchasesYear = scores.ExpectedPurchases.ToArray(),
            LifetimeValue = scores.LifetimeValue.ToArray(),
            Concentration = concentration,
            Segments = SegmentRows(scores, value, concentration.TotalValue),
            Holdout = summaries.HasHoldout ? HoldoutRows(summaries, model) : [],
            LevelCounts = run.ChurnLevelCounts(),
            AtRisk = AtRiskRows(run, atRiskRows),
            Run = run,
        };
    }

    /// <summary>The pipeline run behind every number.</summary>
    public required PipelineResult Run { get; init; }

    /// <summary>The most urgent customers at warning or critical, in the order <c>warn</c> lists them (level, then risk × CLV).</summary>
    private static List<AtRiskCustomer> AtRiskRows(PipelineResult run, int rows)
    {
        var scores = run.Scores;
        var list = new List<AtRiskCustomer>();
        foreach (int i in run.ByUrgency())
        {
            if (list.Count >= rows || scores.ChurnLevel[i] < ChurnLevel.Warning)
            {
                break;
            }

            var warning = run.WarningOf(i);
            list.Add(new AtRiskCustomer(
                scores.CustomerId(i), scores.ChurnLevel[i], scores.ChurnRisk[i], scores.ProbabilityAlive[i], run.ChurnSignalsOf(i).DaysSinceLastPurchase,
                run.Summaries.TotalSpend[i], scores.LifetimeValue[i], warning.Explanations));
        }

        return list;
    }

    private static List<SegmentRow> SegmentRows(CustomerScores scores, double[] value, double total)
    {
        var names = scores.SegmentNames;
        var sums = new double[names.Count];
        var counts = new int[names.Count];
        var ids = scores.Segment;
        for (int i = 0; i < ids.Length; i++)
        {
            sums[ids[i]] += value[i];
            counts[ids[i]]++;
        }

        var rows = new List<SegmentRow>(names.Count);
        for (int s = 0; s < names.Count; s++)
        {
            rows.Add(new SegmentRow(names[s], counts[s], sums[s], (double)counts[s] / ids.Length, total > 0 ? sums[s] / total : 0));
        }

        return rows;
    }

    /// <summary>Mean holdout purchases by calibration frequency 0..6 and 7+, actual and expected by the model.</summary>
    private static List<HoldoutRow> HoldoutRows(CustomerSummaries s, IRepeatPurchaseModel model)
    {
        const int Buckets = 8;
        var customers = new int[Buckets];
        var actual = new double[Buckets];
        var predicted = new double[Buckets];
        for (int i = 0; i < s.Count; i++)
        {
            int b = (int)Math.Min(s.Frequency[i], Buckets - 1);
            customers[b]++;
            actual[b] += s.FrequencyHoldout[i];
            predicted[b] += model.ExpectedPurchases(s.DurationHoldout, s.Frequency[i], s.Recency[i], s.Age[i]);
        }

        var rows = new List<HoldoutRow>(Buckets);
        for (int b = 0; b < Buckets; b++)
        {
            if (customers[b] > 0)
            {
                string label = b < Buckets - 1 ? b.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Buckets - 1}+";
                rows.Add(new HoldoutRow(label, customers[b], actual[b] / customers[b], predicted[b] / customers[b]));
            }
        }

        return rows;
    }
}
