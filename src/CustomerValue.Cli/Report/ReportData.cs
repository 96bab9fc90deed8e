using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Fitting;
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
    /// <summary>The one-year horizon of the lifetime values, in weeks.</summary>
    public const double HorizonWeeks = 52;

    /// <summary>The yearly discount rate of the lifetime values.</summary>
    public const double DiscountRatePerYear = 0.10;

    private ReportData()
    {
    }

    public required string Source { get; init; }

    public required DateOnly AsOf { get; init; }

    public required IngestReport Ingest { get; init; }

    public required CustomerSummaries Summaries { get; init; }

    public required FitResult<BgNbdParameters> Fit { get; init; }

    public required BgNbdModel Model { get; init; }

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

    /// <summary>Summarises the log, fits BG/NBD and Gamma-Gamma, segments, and raises churn warnings, all as of <paramref name="asOf"/>.</summary>
    /// <exception cref="InvalidOperationException">Fewer than 10 customers bought on or before the as-of date.</exception>
    public static ReportData Build(IEnumerable<Transaction> transactions, string source, DateOnly asOf, DateOnly? holdoutEnd, IngestReportBuilder ingest, int atRiskRows = 15)
    {
        if (holdoutEnd is { } h && h <= asOf)
        {
            throw new ArgumentException($"--holdout-end ({h:yyyy-MM-dd}) must be after --as-of ({asOf:yyyy-MM-dd}).");
        }

        var summaryAccumulator = new SummaryAccumulator(new SummaryOptions(asOf, TimeUnit.Week, holdoutEnd));
        var churnAccumulator = new ChurnSignalAccumulator(new ChurnSignalOptions(asOf));
        DateOnly end = holdoutEnd ?? asOf;
        foreach (var t in transactions)
        {
            if (t.Date > end)
            {
                continue;
            }

            summaryAccumulator.Add(t);
            if (t.Date <= asOf)
            {
                churnAccumulator.Add(t);
            }
        }

        var summaries = summaryAccumulator.ToSummaries();
        int n = summaries.Count;
        if (n < 10)
        {
            throw new InvalidOperationException($"Only {n} customers bought on or before {asOf:yyyy-MM-dd} in {source}; a report needs at least 10.");
        }

        var fit = BgNbdModel.Fit(summaries);
        var model = new BgNbdModel(fit.Parameters, TimeUnit.Week);
        var frequency = summaries.Frequency;
        var recency = summaries.Recency;
        var age = summaries.Age;
        var pAlive = new double[n];
        var expected = new double[n];
        var clv = new double[n];
        model.ProbabilityAlive(frequency, recency, age, pAlive);
        model.ExpectedPurchases(HorizonWeeks, frequency, recency, age, expected);

        var options = LifetimeValueOptions.Create(HorizonWeeks, DiscountRate.PerYear(DiscountRatePerYear));
        CustomerLifetimeValueCalculator calculator;
        string spendText;
        try
        {
            var spendFit = GammaGammaModel.Fit(summaries);
            calculator = new CustomerLifetimeValueCalculator(model, new GammaGammaModel(spendFit.Parameters), options);
            spendText = $"Gamma-Gamma spend model (p = {spendFit.Parameters.P:0.###}, q = {spendFit.Parameters.Q:0.###}, γ = {spendFit.Parameters.Gamma:0.###})";
        }
        catch (ArgumentException)
        {
            double meanSpend = MeanSpend(summaries);
            calculator = new CustomerLifetimeValueCalculator(model, meanSpend, options);
            spendText = $"a flat {meanSpend:0.00} per purchase (too few repeat buyers for a spend model)";
        }

        calculator.LifetimeValue(frequency, recency, age, summaries.MonetaryValue, clv);

        var value = summaries.TotalSpend.ToArray();
        var concentration = new ValueConcentrationAnalyzer().Analyze(value, summaries.CustomerIds);
        var scores = new RfmScorer().Score(RfmInput.FromSummaries(summaries, asOf));
        var assignments = SegmentMap.RecencyFrequencyGrid.Assign(scores);

        var (levels, atRisk) = Warnings(churnAccumulator.ToTable().WithModel(model), summaries, clv, atRiskRows);
        return new ReportData
        {
            Source = source,
            AsOf = asOf,
            Ingest = ingest.Build(),
            Summaries = summaries,
            Fit = fit,
            Model = model,
            SpendModelText = spendText,
            ProbabilityAlive = pAlive,
            ExpectedPurchasesYear = expected,
            LifetimeValue = clv,
            Concentration = concentration,
            Segments = SegmentRows(assignments, value, concentration.TotalValue),
            Holdout = summaries.HasHoldout ? HoldoutRows(summaries, model) : [],
            LevelCounts = levels,
            AtRisk = atRisk,
        };
    }

    private static double MeanSpend(CustomerSummaries s)
    {
        double spend = 0, purchases = 0;
        for (int i = 0; i < s.Count; i++)
        {
            spend += s.TotalSpend[i];
            purchases += s.Frequency[i] + 1;
        }

        return purchases > 0 ? spend / purchases : 0;
    }

    private static List<SegmentRow> SegmentRows(SegmentAssignments assignments, double[] value, double total)
    {
        var names = assignments.Map.Segments;
        var sums = new double[names.Count];
        var ids = assignments.SegmentIds;
        for (int i = 0; i < ids.Length; i++)
        {
            sums[ids[i]] += value[i];
        }

        var rows = new List<SegmentRow>(names.Count);
        for (int s = 0; s < names.Count; s++)
        {
            rows.Add(new SegmentRow(names[s], assignments.Counts[s], sums[s], (double)assignments.Counts[s] / assignments.Count, total > 0 ? sums[s] / total : 0));
        }

        return rows;
    }

    /// <summary>Mean holdout purchases by calibration frequency 0..6 and 7+, actual and expected by the model.</summary>
    private static List<HoldoutRow> HoldoutRows(CustomerSummaries s, BgNbdModel model)
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

    private static (int[] Levels, IReadOnlyList<AtRiskCustomer> AtRisk) Warnings(ChurnSignalTable table, CustomerSummaries summaries, double[] clv, int rows)
    {
        var index = new Dictionary<string, int>(summaries.Count, StringComparer.Ordinal);
        for (int i = 0; i < summaries.Count; i++)
        {
            index[summaries.CustomerIds[i]] = i;
        }

        // Weight each customer's priority by their lifetime value, in the table's order.
        var value = new double[table.Count];
        for (int i = 0; i < table.Count; i++)
        {
            value[i] = index.TryGetValue(table.CustomerIds[i], out int s) ? Math.Max(clv[s], 0) : 0;
        }

        var policy = new ChurnWarningPolicy();
        var warnings = ChurnWarningDestination.Allocate(table.Count);
        var columns = table.ToColumns(new ReadOnlyMemory<double>(value));
        policy.Evaluate(columns, warnings);
        var levels = warnings.Levels.Span;
        var counts = new int[4];
        var candidates = new List<int>();
        for (int i = 0; i < table.Count; i++)
        {
            counts[(int)levels[i]]++;
            if (levels[i] >= ChurnLevel.Warning)
            {
                candidates.Add(i);
            }
        }

        var priority = warnings.Priority.ToArray();
        candidates.Sort((a, b) => priority[b].CompareTo(priority[a]) is var c && c != 0 ? c : string.CompareOrdinal(table.CustomerIds[a], table.CustomerIds[b]));
        var list = new List<AtRiskCustomer>(Math.Min(rows, candidates.Count));
        foreach (int i in candidates.Take(rows))
        {
            var signals = table.Row(i);
            int s = index[table.CustomerIds[i]];
            list.Add(new AtRiskCustomer(
                table.CustomerIds[i], levels[i], warnings.Risk.Span[i], table.ProbabilityAlive[i], table.DaysSinceLastPurchase[i],
                table.TotalSpend[i], clv[s], policy.Explain(signals, warnings.Reasons.Span[i])));
        }

        return (counts, list);
    }
}
