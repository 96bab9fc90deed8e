using CustomerValue.Lifetime;

namespace CustomerValue.Churn;

/// <summary>
/// The churn signals of a customer base as of a date, stored as columns: what <see cref="ChurnSignalAccumulator"/>
/// measured from the transactions, plus optional P(alive) and purchase rate from a fitted lifetime model.
/// </summary>
/// <remarks>Immutable and thread-safe. Row i of every column belongs to <c>CustomerIds[i]</c>.</remarks>
public sealed class ChurnSignalTable
{
    private readonly string[] _ids;
    private readonly DateOnly[] _first;
    private readonly DateOnly[] _last;
    private readonly int[] _purchaseDays;
    private readonly double[] _daysSince;
    private readonly double[] _gap;
    private readonly double[] _spend;
    private readonly double[] _previousPurchases;
    private readonly double[] _recentPurchases;
    private readonly double[] _previousSpend;
    private readonly double[] _recentSpend;
    private readonly double[] _probabilityAlive;
    private readonly double[] _rate;

    internal ChurnSignalTable(
        ChurnSignalOptions options, string[] ids, DateOnly[] first, DateOnly[] last, int[] purchaseDays, double[] daysSince, double[] gap, double[] spend,
        double[] previousPurchases, double[] recentPurchases, double[] previousSpend, double[] recentSpend, double[]? probabilityAlive = null, double[]? rate = null, IRepeatPurchaseModel? model = null)
    {
        Options = options;
        _ids = ids;
        _first = first;
        _last = last;
        _purchaseDays = purchaseDays;
        _daysSince = daysSince;
        _gap = gap;
        _spend = spend;
        _previousPurchases = previousPurchases;
        _recentPurchases = recentPurchases;
        _previousSpend = previousSpend;
        _recentSpend = recentSpend;
        _probabilityAlive = probabilityAlive ?? [];
        _rate = rate ?? [];
        Model = model;
    }

    /// <summary>The as-of date and windows.</summary>
    public ChurnSignalOptions Options { get; }

    /// <summary>The model that gave <see cref="ProbabilityAlive"/>, or null.</summary>
    public IRepeatPurchaseModel? Model { get; }

    /// <summary>The number of customers.</summary>
    public int Count => _ids.Length;

    /// <summary>The customers.</summary>
    public IReadOnlyList<string> CustomerIds => _ids;

    /// <summary>First purchase day.</summary>
    public ReadOnlySpan<DateOnly> FirstPurchase => _first;

    /// <summary>Last purchase day up to the as-of date.</summary>
    public ReadOnlySpan<DateOnly> LastPurchase => _last;

    /// <summary>Distinct purchase days up to the as-of date.</summary>
    public ReadOnlySpan<int> PurchaseDays => _purchaseDays;

    /// <summary>Days from the last purchase to the as-of date.</summary>
    public ReadOnlySpan<double> DaysSinceLastPurchase => _daysSince;

    /// <summary>Mean gap between purchase days in days (NaN with one purchase day).</summary>
    public ReadOnlySpan<double> MeanGapDays => _gap;

    /// <summary>Total spend up to the as-of date (the default value that weights priority).</summary>
    public ReadOnlySpan<double> TotalSpend => _spend;

    /// <summary>Purchase days in the earlier window.</summary>
    public ReadOnlySpan<double> PreviousWindowPurchases => _previousPurchases;

    /// <summary>Purchase days in the recent window (ending on the as-of date).</summary>
    public ReadOnlySpan<double> RecentWindowPurchases => _recentPurchases;

    /// <summary>Spend in the earlier window.</summary>
    public ReadOnlySpan<double> PreviousWindowSpend => _previousSpend;

    /// <summary>Spend in the recent window.</summary>
    public ReadOnlySpan<double> RecentWindowSpend => _recentSpend;

    /// <summary>P(alive) as the policy sees it (empty without a model; NaN where the model says nothing, see <see cref="WithModel"/>).</summary>
    public ReadOnlySpan<double> ProbabilityAlive => _probabilityAlive;

    /// <summary>Expected purchases per day of each customer while active (empty without a model).</summary>
    public ReadOnlySpan<double> PurchaseRatePerDay => _rate;

    /// <summary>
    /// Repeat frequency x, recency t_x and age T in the model's time unit, by the conventions of
    /// <see cref="Summaries.SummaryOptions"/>: x = purchase days − 1, t_x = last − first, T = as-of − first.
    /// </summary>
    /// <exception cref="ArgumentException">A destination has another length than <see cref="Count"/>.</exception>
    public void ToSummaryColumns(TimeUnit timeUnit, Span<double> frequency, Span<double> recency, Span<double> age)
    {
        if (frequency.Length != Count || recency.Length != Count || age.Length != Count)
        {
            throw new ArgumentException("Every destination must have one element per customer.", nameof(frequency));
        }

        double perUnit = timeUnit.DaysPerUnit();
        int asOf = Options.AsOf.DayNumber;
        for (int i = 0; i < Count; i++)
        {
            frequency[i] = _purchaseDays[i] - 1;
            recency[i] = (_last[i].DayNumber - _first[i].DayNumber) / perUnit;
            age[i] = (asOf - _first[i].DayNumber) / perUnit;
        }
    }

    /// <summary>The calibration summaries (frequency, recency, T; monetary value 0) as of the as-of date, for fitting a lifetime model on the same data.</summary>
    public Summaries.CustomerSummaries ToSummaries(TimeUnit timeUnit)
    {
        int n = Count;
        var x = new double[n];
        var tx = new double[n];
        var t = new double[n];
        ToSummaryColumns(timeUnit, x, tx, t);
        return Summaries.CustomerSummaries.FromColumns(_ids, x, tx, t, [], timeUnit);
    }

    /// <summary>
    /// The same table with P(alive) and the active purchase rate from a fitted model.
    /// </summary>
    /// <remarks>
    /// P(alive) is the model's, evaluated at each customer's (x, t_x, T) as of the as-of date, as the policy sees it
    /// (<see cref="ChurnModelSignals.PolicyProbabilityAlive"/>: NaN for BG/NBD one-time buyers, so the policy falls back
    /// on the model-free risk of their silence). The purchase rate is <see cref="ChurnModelSignals.PurchaseRatePerDay"/>.
    /// </remarks>
    public ChurnSignalTable WithModel(IRepeatPurchaseModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int n = Count;
        var x = new double[n];
        var tx = new double[n];
        var t = new double[n];
        ToSummaryColumns(model.TimeUnit, x, tx, t);
        var pAlive = new double[n];
        model.ProbabilityAlive(x, tx, t, pAlive);
        var rate = new double[n];
        for (int i = 0; i < n; i++)
        {
            rate[i] = ChurnModelSignals.PurchaseRatePerDay(model, x[i], tx[i], t[i], pAlive[i]);
            pAlive[i] = ChurnModelSignals.PolicyProbabilityAlive(model.Kind, x[i], pAlive[i]);
        }

        return new ChurnSignalTable(Options, _ids, _first, _last, _purchaseDays, _daysSince, _gap, _spend, _previousPurchases, _recentPurchases, _previousSpend, _recentSpend, pAlive, rate, model);
    }

    /// <summary>The columns the policy's batch path reads; the value that weights priority is <paramref name="value"/> or, by default, <see cref="TotalSpend"/>.</summary>
    public ChurnSignalColumns ToColumns(ReadOnlyMemory<double>? value = null) => new(_daysSince)
    {
        MeanGapDays = _gap,
        ProbabilityAlive = _probabilityAlive,
        PurchaseRatePerDay = _rate,
        PreviousWindowPurchases = _previousPurchases,
        RecentWindowPurchases = _recentPurchases,
        PreviousWindowSpend = _previousSpend,
        RecentWindowSpend = _recentSpend,
        Value = value ?? _spend,
    };

    /// <summary>Row <paramref name="index"/> as scalar signals (for <see cref="IChurnWarningPolicy.Evaluate(in ChurnSignals)"/> and explanations).</summary>
    public ChurnSignals Row(int index) => ToColumns().Row(index, _ids[index], Options.WindowDays);
}
