using System.Globalization;
using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Profitability;
using CustomerValue.Segmentation;
using CustomerValue.Summaries;
using CustomerValue.Transactions;
using CustomerValue.Wallet;

namespace CustomerValue.Scoring;

/// <summary>
/// What one run of the whole job computes: the as-of date, the time unit, the horizon and discount rate of CLV, the
/// churn windows and every scoring setting.
/// </summary>
/// <remarks>Immutable; change with <c>with</c>. The defaults are the command line's defaults.</remarks>
public sealed record PipelineOptions
{
    private readonly double? _horizon;
    private readonly double _margin = 1;
    private readonly int _windowDays = 180;

    /// <summary>Options for a run as of <paramref name="asOf"/>, every other setting at its default.</summary>
    /// <param name="asOf">The observation end: purchases up to and including this day count.</param>
    public PipelineOptions(DateOnly asOf) => AsOf = asOf;

    /// <summary>The observation end: purchases up to and including this day count; later ones are counted, not used.</summary>
    public DateOnly AsOf { get; init; }

    /// <summary>The end of a holdout after <see cref="AsOf"/> (its purchases go into the summaries' holdout columns, for forecast checks); null for none.</summary>
    public DateOnly? HoldoutEnd { get; init; }

    /// <summary>The time unit of the summaries and of fitted models (a given model's own unit wins). Default week.</summary>
    public TimeUnit TimeUnit { get; init; } = TimeUnit.Week;

    /// <summary>The horizon of expected purchases and CLV in the model's time unit; null (the default) for one year (365.25 days).</summary>
    public double? Horizon
    {
        get => _horizon;
        init => _horizon = value is null || (double.IsFinite(value.Value) && value.Value >= 0)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Horizon), value, "PipelineOptions.Horizon must be finite and >= 0 (model time units), or null for one year.");
    }

    /// <summary>The discount rate of CLV, with its period. Default 10 % a year.</summary>
    public DiscountRate DiscountRate { get; init; } = DiscountRate.PerYear(0.10);

    /// <summary>Margin as a fraction of spend applied to CLV (finite, at most 1). Default 1 (CLV in revenue).</summary>
    public double MarginRate
    {
        get => _margin;
        init => _margin = double.IsFinite(value) && value <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MarginRate), value, "PipelineOptions.MarginRate must be a finite fraction <= 1.");
    }

    /// <summary>The length in days of each of the two churn windows compared for declines. Default 180.</summary>
    public int ChurnWindowDays
    {
        get => _windowDays;
        init => _windowDays = value is >= 1 and <= 3650
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ChurnWindowDays), value, "PipelineOptions.ChurnWindowDays must be in 1..3650.");
    }

    /// <summary>
    /// How each customer's wallet is estimated for the potential value behind MGC; null (the default) for k nearest
    /// neighbours (k = 20, q = 0.9) up to 20,000 customers and quantile regression (q = 0.9) above, on purchase days,
    /// tenure and days since the last purchase.
    /// </summary>
    public IWalletEstimator? WalletEstimator { get; init; }

    /// <summary>
    /// The value measure of the tiers, value groups, ABC classes and deciles: <see cref="ValueBasisKind.Clv"/> (the
    /// default: CLV in revenue × <see cref="MarginRate"/>; ABC and deciles by total spend) or
    /// <see cref="ValueBasisKind.Profit"/> (CLV × each customer's own margin rate; ABC and deciles by cumulative profit),
    /// which needs an item-level log with profit (<see cref="CustomerBasePipeline.Run(IEnumerable{ItemTransaction}, IRepeatPurchaseModel?, ISpendModel?, IProgress{ScoringProgress}?, CancellationToken)"/>)
    /// and <see cref="MarginRate"/> = 1.
    /// </summary>
    public ValueBasisKind ValueBasis { get; init; } = ValueBasisKind.Clv;

    /// <summary>
    /// The rules of the profitability analysis behind the profit basis (price-only share, margin limit, trend window);
    /// null (the default) for <see cref="ProfitabilityOptions"/>'s defaults. Its as-of date is replaced by <see cref="AsOf"/>.
    /// </summary>
    public ProfitabilityOptions? Profitability { get; init; }

    /// <summary>The profitability options of a run: <see cref="Profitability"/> (or the defaults) as of <see cref="AsOf"/>.</summary>
    public ProfitabilityOptions ProfitabilityOptions => (Profitability ?? new ProfitabilityOptions(AsOf)) with { AsOf = AsOf };

    /// <summary>RFM bins, segment map, value tiers, churn limits and threads (its horizon and CLV options are replaced by this record's).</summary>
    public ScoringOptions Scoring { get; init; } = new(52);

    /// <summary>
    /// Known share-of-wallet series by customer id (the latest period ending at <see cref="AsOf"/>), for the churn
    /// reasons <c>sow_drop</c> (the latest change) and <c>sow_stalled_then_fell</c>; null (the default) for none.
    /// Customers without a series get neither reason.
    /// </summary>
    public IReadOnlyDictionary<string, ShareOfWalletTrend>? ShareOfWalletTrends { get; init; }

    /// <summary>The horizon in <paramref name="unit"/>: <see cref="Horizon"/>, or one year.</summary>
    public double HorizonIn(TimeUnit unit) => _horizon ?? 365.25 / unit.DaysPerUnit();

    /// <summary>The scoring options of a run with a model in <paramref name="modelUnit"/>.</summary>
    public ScoringOptions ScoringOptionsFor(TimeUnit modelUnit)
    {
        double horizon = HorizonIn(modelUnit);
        return Scoring with
        {
            Horizon = horizon,
            LifetimeValue = LifetimeValueOptions.Create(horizon, DiscountRate, DiscountingMethod.Discrete, 1, MarginRate),
        };
    }
}

/// <summary>The value measure of a pipeline run's tiers and groups (see <see cref="PipelineOptions.ValueBasis"/>).</summary>
public enum ValueBasisKind
{
    /// <summary>CLV: expected discounted purchases × expected spend × the one margin rate of the options (1: revenue). Written <c>clv</c>.</summary>
    Clv,

    /// <summary>
    /// Profit: CLV × the customer's own margin rate (cumulative profit ÷ cumulative sales up to the as-of date, 0 when
    /// sales are not positive), so a customer who has cost more than they brought has a negative value (below zero).
    /// Written <c>profit</c>.
    /// </summary>
    Profit,
}

/// <summary>
/// The whole job in one call, and the one place every front end gets its numbers from: a transaction log (or
/// summaries) → summaries and churn signals as of a date → the models it is not given (BG/NBD, Gamma-Gamma) → every
/// score of every customer (P(alive), expected purchases and spend, CLV, RFM and segment, tier, churn level, risk and
/// reasons). The <c>score</c>, <c>warn</c>, <c>segment</c>, <c>report</c> and <c>overview</c> commands and the DI
/// services run it, so a customer gets the same numbers everywhere.
/// </summary>
/// <remarks>
/// <para><b>Order-free.</b> The result does not depend on the order of the log's rows: summaries and churn signals
/// count purchase days and add amounts exactly (see <see cref="SummaryAccumulator"/> and
/// <see cref="ChurnSignalAccumulator"/>), and customers come out ordered by id, so fits see the same rows in the same
/// order.</para>
/// <para><b>Churn signals are built once</b>, from the log's calendar dates (<see cref="ChurnSignalAccumulator"/>),
/// and handed to <see cref="CustomerBaseScorer"/>, which turns the model's numbers into churn signals through
/// <see cref="ChurnModelSignals"/> (the one-time-buyer rule).</para>
/// <para>Immutable and thread-safe; usable without DI.</para>
/// </remarks>
/// <example>
/// <code>
/// var pipeline = new CustomerBasePipeline(new PipelineOptions(new DateOnly(1997, 9, 30)));
/// PipelineResult result = pipeline.Run(SampleData.CdnowTransactions());
/// double equity = result.CustomerEquity;                 // the sum of CLVs
/// var first = result.Scores.ChurnLevel[0];
/// </code>
/// </example>
public sealed class CustomerBasePipeline
{
    /// <summary>Creates a pipeline.</summary>
    /// <param name="options">The run's settings.</param>
    /// <exception cref="ArgumentException">The profit basis is asked for with a margin rate other than 1 (it applies each customer's own).</exception>
    public CustomerBasePipeline(PipelineOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.ValueBasis == ValueBasisKind.Profit && options.MarginRate != 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"PipelineOptions: the profit value basis applies each customer's own margin rate; leave MarginRate at 1 (got {options.MarginRate})."), nameof(options));
        }
    }

    /// <summary>The run's settings.</summary>
    public PipelineOptions Options { get; }

    /// <summary>Runs the whole job on a transaction log (valid rows; a reader such as <see cref="TransactionCsvReader"/> rejects bad ones).</summary>
    /// <param name="transactions">The log, in any order. Rows after the observation end (the as-of date, or the holdout end) are counted in <see cref="PipelineResult.RowsAfterObservationEnd"/>.</param>
    /// <param name="purchaseModel">A fitted repeat-purchase model, or null to fit BG/NBD.</param>
    /// <param name="spendModel">A fitted spend model, or null to fit Gamma-Gamma.</param>
    /// <param name="progress">Receives progress; null for none.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="InvalidOperationException">No customer bought on or before the as-of date, or a fit did not converge.</exception>
    /// <exception cref="ArgumentException">A fit cannot run (for example no repeat buyers for Gamma-Gamma), or a row is invalid.</exception>
    public PipelineResult Run(IEnumerable<Transaction> transactions, IRepeatPurchaseModel? purchaseModel = null, ISpendModel? spendModel = null, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        RequireClvBasis("a transaction log without profit");
        return RunLog(transactions, null, purchaseModel, spendModel, progress, cancellationToken);
    }

    /// <summary>
    /// Runs the whole job on an item-level log. On the <see cref="ValueBasisKind.Profit"/> basis the same pass also feeds
    /// <see cref="ProfitabilityAccumulator"/> (as <c>customer-value profit</c> does, with
    /// <see cref="PipelineOptions.ProfitabilityOptions"/>), and each customer's CLV is multiplied by their own margin rate
    /// (cumulative profit ÷ sales up to the as-of date); on the <see cref="ValueBasisKind.Clv"/> basis only the
    /// (customer, date, amount) part of each line is used, exactly as <see cref="Run(IEnumerable{Transaction}, IRepeatPurchaseModel?, ISpendModel?, IProgress{ScoringProgress}?, CancellationToken)"/>.
    /// </summary>
    /// <param name="lines">The log, in any order (returns allowed when the reader allowed them).</param>
    /// <param name="purchaseModel">A fitted repeat-purchase model, or null to fit BG/NBD.</param>
    /// <param name="spendModel">A fitted spend model, or null to fit Gamma-Gamma.</param>
    /// <param name="progress">Receives progress; null for none.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="InvalidOperationException">No customer bought on or before the as-of date, or a fit did not converge.</exception>
    /// <exception cref="ArgumentException">A fit cannot run, or a line is invalid.</exception>
    public PipelineResult Run(IEnumerable<ItemTransaction> lines, IRepeatPurchaseModel? purchaseModel = null, ISpendModel? spendModel = null, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (Options.ValueBasis != ValueBasisKind.Profit)
        {
            return RunLog(lines.Select(l => l.ToTransaction()), null, purchaseModel, spendModel, progress, cancellationToken);
        }

        var profit = new ProfitabilityAccumulator(Options.ProfitabilityOptions);
        return RunLog(Tap(lines, profit), profit, purchaseModel, spendModel, progress, cancellationToken);

        static IEnumerable<Transaction> Tap(IEnumerable<ItemTransaction> lines, ProfitabilityAccumulator profit)
        {
            foreach (var line in lines)
            {
                profit.Add(line);
                yield return line.ToTransaction();
            }
        }
    }

    /// <summary>
    /// The estimated wallet headroom of every customer of <paramref name="summaries"/> — max(0, estimated wallet − spend
    /// to date), as <see cref="PipelineResult.WalletHeadroom"/> gives it — without fitting or scoring: the wallet
    /// estimate needs no lifetime model (features purchase days, tenure and days since the last purchase, as of
    /// <see cref="PipelineOptions.AsOf"/>; estimator <see cref="PipelineOptions.WalletEstimator"/> or the default).
    /// Cross-selling uses it to find narrow buyers with room to grow. All zero under 4 customers.
    /// </summary>
    /// <param name="summaries">The summaries as of the options' as-of date (for example from the same log).</param>
    /// <returns>Headroom by customer id.</returns>
    public IReadOnlyDictionary<string, double> EstimateWalletHeadroom(CustomerSummaries summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var input = summaries.CalibrationEnd is null
            ? new ScoringInput(summaries.Frequency.ToArray(), summaries.Recency.ToArray(), summaries.Age.ToArray(), summaries.MonetaryValue.ToArray(), summaries.TimeUnit) { CustomerIds = summaries.CustomerIds }
            : ScoringInput.FromSummaries(summaries, Options.AsOf);
        var wallets = PipelineValueGroups.Wallets(input, summaries.CustomerIds, Options.WalletEstimator);
        var headroom = new Dictionary<string, double>(summaries.Count, StringComparer.Ordinal);
        for (int i = 0; i < summaries.Count; i++)
        {
            headroom[summaries.CustomerIds[i]] = wallets.Headroom[i];
        }

        return headroom.AsReadOnly();
    }

    private void RequireClvBasis(string what)
    {
        if (Options.ValueBasis != ValueBasisKind.Clv)
        {
            throw new InvalidOperationException($"The profit value basis needs profit per line: run the pipeline on item-level lines (ItemTransaction with Profit), not on {what}.");
        }
    }

    private PipelineResult RunLog(IEnumerable<Transaction> transactions, ProfitabilityAccumulator? profit, IRepeatPurchaseModel? purchaseModel, ISpendModel? spendModel, IProgress<ScoringProgress>? progress, CancellationToken cancellationToken)
    {
        var unit = purchaseModel?.TimeUnit ?? Options.TimeUnit;
        var summaries = new SummaryAccumulator(new SummaryOptions(Options.AsOf, unit, Options.HoldoutEnd));
        var signals = new ChurnSignalAccumulator(new ChurnSignalOptions(Options.AsOf) { WindowDays = Options.ChurnWindowDays });
        int asOf = Options.AsOf.DayNumber;
        int end = (Options.HoldoutEnd ?? Options.AsOf).DayNumber;
        long rows = 0, after = 0;
        foreach (var t in transactions)
        {
            if ((++rows & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            int day = t.Date.DayNumber;
            if (day > end)
            {
                after++;
                continue;
            }

            summaries.Add(t);
            if (day <= asOf)
            {
                signals.Add(t);
            }
        }

        return Score(summaries.ToSummaries(), signals.ToTable(), purchaseModel, spendModel, rows, after, progress, cancellationToken, profit?.ToResult());
    }

    /// <summary>
    /// Runs the job on summaries (no calendar windows: the decline reasons are not judged; days since the last purchase
    /// and the mean gap come from the summaries' dates when they have them, otherwise from (x, t_x, T)).
    /// </summary>
    /// <exception cref="InvalidOperationException">There are no customers, or a fit did not converge.</exception>
    /// <exception cref="ArgumentException">The summaries' unit is not the given model's, a fit cannot run, or a row is invalid.</exception>
    public PipelineResult Run(CustomerSummaries summaries, IRepeatPurchaseModel? purchaseModel = null, ISpendModel? spendModel = null, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        RequireClvBasis("summaries");
        if (purchaseModel is not null && summaries.TimeUnit != purchaseModel.TimeUnit)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The summaries are in {summaries.TimeUnit.ToName()}s but the model is fitted in {purchaseModel.TimeUnit.ToName()}s; summarise in the model's unit."), nameof(summaries));
        }

        return Score(summaries, null, purchaseModel, spendModel, summaries.Count, 0, progress, cancellationToken);
    }

    private PipelineResult Score(CustomerSummaries summaries, ChurnSignalTable? signals, IRepeatPurchaseModel? purchaseModel, ISpendModel? spendModel, long rows, long after, IProgress<ScoringProgress>? progress, CancellationToken cancellationToken, CustomerProfitability? profitability = null)
    {
        if (summaries.Count == 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"No purchases on or before {Options.AsOf:yyyy-MM-dd}: nothing to score."));
        }

        var models = ScoringModels.FitMissing(summaries, purchaseModel, spendModel, progress, cancellationToken);
        var scoring = Options.ScoringOptionsFor(models.PurchaseModel.TimeUnit);
        var input = summaries.CalibrationEnd is null
            ? new ScoringInput(summaries.Frequency.ToArray(), summaries.Recency.ToArray(), summaries.Age.ToArray(), summaries.MonetaryValue.ToArray(), summaries.TimeUnit) { CustomerIds = summaries.CustomerIds }
            : ScoringInput.FromSummaries(summaries, Options.AsOf);
        if (signals is not null)
        {
            input = input.WithChurnSignals(signals);
        }

        if (Options.ShareOfWalletTrends is { } trends)
        {
            input = WithShareOfWallet(input, summaries, trends);
        }

        double[]? profit = null;
        if (profitability is not null)
        {
            // Each customer's own margin rate, aligned with the summaries' rows (the analysis lists customers in order of first appearance).
            var rowOf = new Dictionary<string, int>(profitability.Count, StringComparer.Ordinal);
            for (int k = 0; k < profitability.Count; k++)
            {
                rowOf[profitability.CustomerIds[k]] = k;
            }

            var margins = new double[summaries.Count];
            profit = new double[summaries.Count];
            for (int i = 0; i < margins.Length; i++)
            {
                if (rowOf.TryGetValue(summaries.CustomerIds[i], out int k))
                {
                    margins[i] = profitability.MarginRate[k] ?? 0;
                    profit[i] = profitability.Profit[k];
                }
            }

            input = input with { MarginRate = margins };
        }

        var scorer = new CustomerBaseScorer(models.PurchaseModel, models.SpendModel, scoring);
        var scores = scorer.Score(input, progress, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var groups = PipelineValueGroups.Classify(input, scores, Options);
        return new PipelineResult(Options, scoring, summaries, signals, input, models, scores, rows, after, groups, profitability, profit);
    }
    private static ScoringInput WithShareOfWallet(ScoringInput input, CustomerSummaries summaries, IReadOnlyDictionary<string, ShareOfWalletTrend> trends)
    {
        var (change, stalled) = ShareOfWalletSignals(summaries.CustomerIds, trends);
        return input with { ShareOfWalletChangePoints = change, ShareOfWalletStalledThenFell = stalled };
    }

    /// <summary>
    /// The two share-of-wallet churn signals of each customer in <paramref name="ids"/>: the latest period's change in
    /// points (NaN without a series) and whether it stalled, then fell. The one place both the pipeline and a
    /// model-free warning take them from.
    /// </summary>
    internal static (double[] ChangePoints, bool[] StalledThenFell) ShareOfWalletSignals(IReadOnlyList<string> ids, IReadOnlyDictionary<string, ShareOfWalletTrend> trends)
    {
        var change = new double[ids.Count];
        var stalled = new bool[ids.Count];
        for (int i = 0; i < change.Length; i++)
        {
            change[i] = double.NaN;
            if (trends.TryGetValue(ids[i], out var trend) && trend.Shares.Count > 0)
            {
                change[i] = trend.ChangePoints[^1];
                stalled[i] = trend.StalledThenFell[^1];
            }
        }

        return (change, stalled);
    }
}

/// <summary>Everything one run of <see cref="CustomerBasePipeline"/> computed, customer by customer (row i of every part is the same customer).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed partial class PipelineResult
{
    private readonly Lazy<ChurnWarningDestination> _warnings;

    private readonly double[] _potential;
    private readonly double[] _daysSinceLast;
    private readonly double[] _headroom;
    private readonly double[]? _profit;
    private readonly Lazy<ValueConcentration> _concentration;

    internal PipelineResult(PipelineOptions options, ScoringOptions scoring, CustomerSummaries summaries, ChurnSignalTable? signals, ScoringInput input, ScoringModels models, CustomerScores scores, long rows, long after, (ValueTiers Groups, WalletEstimates? Wallets, double[] Potential, double[] DaysSinceLast, double[] Headroom) groups, CustomerProfitability? profitability, double[]? profit)
    {
        Profitability = profitability;
        _profit = profit;
        _headroom = groups.Headroom;
        ValueBasisKind = profitability is null ? ValueBasisKind.Clv : ValueBasisKind.Profit;
        ValueGroups = groups.Groups;
        Wallets = groups.Wallets;
        _potential = groups.Potential;
        _daysSinceLast = groups.DaysSinceLast;
        Options = options;
        ScoringOptions = scoring;
        Summaries = summaries;
        Signals = signals;
        Input = input;
        Models = models;
        Scores = scores;
        RowsRead = rows;
        RowsAfterObservationEnd = after;
        _warnings = new Lazy<ChurnWarningDestination>(EvaluateWarnings);
        _concentration = new Lazy<ValueConcentration>(() => new ValueConcentrationAnalyzer().Analyze(PastValueBasis == "total_profit" ? _profit : Summaries.TotalSpend.ToArray(), Summaries.CustomerIds));
    }

    /// <summary>The run's settings.</summary>
    public PipelineOptions Options { get; }

    /// <summary>The scoring options in effect (horizon and CLV in the model's unit).</summary>
    public ScoringOptions ScoringOptions { get; }

    /// <summary>The summaries as of the as-of date (holdout columns when a holdout end was given).</summary>
    public CustomerSummaries Summaries { get; }

    /// <summary>The churn signals measured from the log's dates; null when the run started from summaries.</summary>
    public ChurnSignalTable? Signals { get; }

    /// <summary>What the scorer scored.</summary>
    public ScoringInput Input { get; }

    /// <summary>The models, given or fitted.</summary>
    public ScoringModels Models { get; }

    /// <summary>Every score of every customer.</summary>
    public CustomerScores Scores { get; }

    /// <summary>
    /// The value measure of the tiers and groups: <c>clv</c> (the customer's lifetime value over the horizon, in revenue
    /// × the options' margin rate) or <c>profit</c> (that CLV × the customer's own margin rate; see <see cref="ValueBasisKind"/>).
    /// </summary>
    public string ValueBasis => ValueBasisKind == ValueBasisKind.Profit ? "profit" : "clv";

    /// <summary>The value measure of the tiers and groups, as a kind.</summary>
    public ValueBasisKind ValueBasisKind { get; }

    /// <summary>
    /// The profitability analysis of the log up to the as-of date (the numbers <c>customer-value profit</c> gives, with
    /// <see cref="PipelineOptions.ProfitabilityOptions"/>), on the profit basis; null on the CLV basis.
    /// </summary>
    public CustomerProfitability? Profitability { get; }

    /// <summary>Cumulative profit up to the as-of date per row (the same customer as the scores' row); empty on the CLV basis.</summary>
    public ReadOnlySpan<double> Profit => _profit;

    /// <summary>
    /// What ABC classes and value deciles rank: <c>total_spend</c> (spend up to the as-of date) on the CLV basis,
    /// <c>total_profit</c> (cumulative profit up to the as-of date) on the profit basis — or <c>total_spend</c> there too
    /// when the total profit is not positive (shares of a loss are not defined).
    /// </summary>
    public string PastValueBasis => _profit is not null && _profit.Sum() > 0 ? "total_profit" : "total_spend";

    /// <summary>ABC classes, value deciles, Lorenz curve and Gini of <see cref="PastValueBasis"/>, computed once per run.</summary>
    public ValueConcentration PastValueConcentration => _concentration.Value;

    /// <summary>Estimated wallet headroom per customer: max(0, estimated wallet − spend to date); 0 without wallets.</summary>
    public ReadOnlySpan<double> WalletHeadroom => _headroom;

    /// <summary>
    /// Gold / regular / drag (the same as <see cref="CustomerScores.Tier"/>), MVC / MGC / BZ with the MVC kind, and the
    /// value matrix, all on <see cref="ValueBasis"/>; potential value = wallet headroom × margin rate.
    /// </summary>
    public ValueTiers ValueGroups { get; }

    /// <summary>The estimated wallets behind the potential value; null when the base is too small to estimate them (fewer than 4 customers).</summary>
    public WalletEstimates? Wallets { get; }

    /// <summary>Potential value per customer: (estimated wallet − spend to date) × margin rate; 0 without wallets.</summary>
    public ReadOnlySpan<double> PotentialValue => _potential;

    /// <summary>Why row <paramref name="index"/> is gold or drag, as codes joined by <c>;</c> (<see cref="ValueTierReasons"/>); empty for regular.</summary>
    public string TierReasonsOf(int index) => ValueTierReasons.Of(Scores.Tier[index], Scores.LifetimeValue[index], _daysSinceLast[index], ScoringOptions.ValueTiers);

    /// <summary>Why row <paramref name="index"/> is gold or drag, as one sentence for people.</summary>
    public string TierReasonTextOf(int index) => ValueTierReasons.Describe(Scores.Tier[index], Scores.LifetimeValue[index], _daysSinceLast[index], ValueBasisKind == ValueBasisKind.Profit ? "profit CLV" : "CLV", ScoringOptions.ValueTiers);

    /// <summary>Customers in each value group (index = <see cref="ValueGroup"/>: other, MVC, MGC, BZ).</summary>
    public int[] ValueGroupCounts()
    {
        var counts = new int[Enum.GetValues<ValueGroup>().Length];
        foreach (var group in ValueGroups.Groups)
        {
            counts[(int)group]++;
        }

        return counts;
    }

    /// <summary>Rows of the log read (customers for a run from summaries).</summary>
    public long RowsRead { get; }

    /// <summary>Rows dated after the observation end (the as-of date, or the holdout end): counted, not used.</summary>
    public long RowsAfterObservationEnd { get; }

    /// <summary>The number of customers.</summary>
    public int Count => Scores.Count;

    /// <summary>Customer equity: the sum of every customer's CLV (summed in customer order, so the same for any row order of the log).</summary>
    public double CustomerEquity
    {
        get
        {
            double sum = 0;
            foreach (double v in Scores.LifetimeValue)
            {
                sum += v;
            }

            return sum;
        }
    }

    /// <summary>The churn warnings of every customer as the scores hold them, with priority (risk × CLV) and days to the expected next purchase (NaN when unknown).</summary>
    public ChurnWarningDestination Warnings => _warnings.Value;

    /// <summary>The churn signals the scorer handed the policy for row <paramref name="index"/>.</summary>
    public ChurnSignals ChurnSignalsOf(int index) => CustomerBaseScorer.ChurnSignalsOf(Models.PurchaseModel, Input, Scores, index);

    /// <summary>Row <paramref name="index"/>'s warning with its explanations (one sentence per reason).</summary>
    public ChurnWarning WarningOf(int index) => new ChurnWarningPolicy(ScoringOptions.Churn).Evaluate(ChurnSignalsOf(index));

    /// <summary>Rows ordered most urgent first: churn level, then priority (risk × CLV), then customer id (ordinal).</summary>
    public int[] ByUrgency()
    {
        var w = Warnings;
        var levels = w.Levels.ToArray();
        var priority = w.Priority.ToArray();
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            int c = levels[b].CompareTo(levels[a]);
            if (c == 0)
            {
                c = priority[b].CompareTo(priority[a]);
            }

            return c != 0 ? c : string.CompareOrdinal(Scores.CustomerId(a), Scores.CustomerId(b));
        });
        return order;
    }

    /// <summary>Customers in each churn level (index = <see cref="ChurnLevel"/>).</summary>
    public int[] ChurnLevelCounts()
    {
        var counts = new int[4];
        foreach (var level in Scores.ChurnLevel)
        {
            counts[(int)level]++;
        }

        return counts;
    }

    /// <summary>Customers in each gold / regular / drag tier (index = <see cref="GoldDragTier"/>).</summary>
    public int[] TierCounts()
    {
        var counts = new int[Enum.GetValues<GoldDragTier>().Length];
        foreach (var tier in Scores.Tier)
        {
            counts[(int)tier]++;
        }

        return counts;
    }

    private ChurnWarningDestination EvaluateWarnings()
    {
        int n = Count;
        var days = new double[n];
        var gap = new double[n];
        var alive = new double[n];
        var rate = new double[n];
        var cache = new Dictionary<(double, double, double), double>();
        var model = Models.PurchaseModel;
        var x = Input.Frequency.Span;
        var tx = Input.Recency.Span;
        var t = Input.Age.Span;
        double unit = Input.TimeUnit.DaysPerUnit();
        for (int i = 0; i < n; i++)
        {
            days[i] = Input.DaysSinceLastPurchase.IsEmpty ? Math.Max(0, (t[i] - tx[i]) * unit) : Input.DaysSinceLastPurchase.Span[i];
            gap[i] = Input.MeanGapDays.IsEmpty ? (x[i] > 0 && tx[i] > 0 ? tx[i] * unit / x[i] : double.NaN) : Input.MeanGapDays.Span[i];
            double p = Scores.ProbabilityAlive[i];
            alive[i] = ChurnModelSignals.PolicyProbabilityAlive(model.Kind, x[i], p);
            if (gap[i] > 0)
            {
                rate[i] = double.NaN;
            }
            else
            {
                var key = (x[i], tx[i], t[i]);
                if (!cache.TryGetValue(key, out double r))
                {
                    r = ChurnModelSignals.PurchaseRatePerDay(model, x[i], tx[i], t[i], p);
                    cache[key] = r;
                }

                rate[i] = r;
            }
        }

        var columns = new ChurnSignalColumns(days)
        {
            MeanGapDays = gap,
            ProbabilityAlive = alive,
            PurchaseRatePerDay = rate,
            PreviousWindowPurchases = Input.PreviousWindowPurchases,
            RecentWindowPurchases = Input.RecentWindowPurchases,
            PreviousWindowSpend = Input.PreviousWindowSpend,
            RecentWindowSpend = Input.RecentWindowSpend,
            ShareOfWalletChangePoints = Input.ShareOfWalletChangePoints,
            ShareOfWalletStalledThenFell = Input.ShareOfWalletStalledThenFell,
            Value = Scores.LifetimeValue.ToArray(),
        };
        var destination = ChurnWarningDestination.Allocate(n);
        new ChurnWarningPolicy(ScoringOptions.Churn).Evaluate(columns, destination);
        return destination;
    }
}
