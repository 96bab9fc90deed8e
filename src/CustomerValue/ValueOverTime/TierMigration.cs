using System.Globalization;
using CustomerValue.Lifetime;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;
using CustomerValue.Transactions;
using CustomerValue.Wallet;

namespace CustomerValue.ValueOverTime;

/// <summary>The settings of a <see cref="TierMigration"/>: the periods, the as-of date, the lapse limit and the pipeline run at each period's end.</summary>
/// <remarks>Immutable; change with <c>with</c>.</remarks>
public sealed record TierMigrationOptions
{
    private readonly double _lapsedDays = ValueTierOptions.Default.DragInactiveDays;

    /// <summary>Options for <paramref name="period"/>s up to <paramref name="asOf"/>, every other setting at its default.</summary>
    /// <param name="period">The calendar period (quarter or year; month works too, at one pipeline run per month).</param>
    /// <param name="asOf">The observation end: purchases after it are not used; the last period ends on it.</param>
    public TierMigrationOptions(CalendarPeriod period, DateOnly asOf)
    {
        Period = period;
        AsOf = asOf;
        Pipeline = new PipelineOptions(asOf);
    }

    /// <summary>The calendar period.</summary>
    public CalendarPeriod Period { get; init; }

    /// <summary>The observation end: the last period ends on it.</summary>
    public DateOnly AsOf { get; init; }

    /// <summary>
    /// A customer whose last purchase is more than this many days before a period's end is <see cref="CustomerStatus.Lapsed"/>
    /// in it. Default 365: the inactivity that <see cref="ValueTierOptions.DragInactiveDays"/> gives as the typical reason for drag.
    /// </summary>
    public double LapsedDays
    {
        get => _lapsedDays;
        init => _lapsedDays = double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(LapsedDays), value, "TierMigrationOptions.LapsedDays must be finite and >= 0.");
    }

    /// <summary>The pipeline settings of every period's run (its as-of date and holdout are replaced by each period's end).</summary>
    public PipelineOptions Pipeline { get; init; }

    /// <summary>The rule of the early warning "share of wallet stalled, then fell" (<see cref="RelationshipStageOptions.StalledThenFell"/>); default two periods within 2 points, then a fall of 5.</summary>
    public RelationshipStageOptions ShareOfWalletStages { get; init; } = RelationshipStageOptions.Default;

    /// <summary>A fitted repeat-purchase model used in every period; null (the default) to fit BG/NBD at each period's end.</summary>
    public IRepeatPurchaseModel? PurchaseModel { get; init; }

    /// <summary>A fitted spend model used in every period; null (the default) to fit Gamma-Gamma at each period's end.</summary>
    public ISpendModel? SpendModel { get; init; }
}

/// <summary>
/// Value over time: every customer's status, gold / regular / drag tier, MVC / MGC / BZ group and value-matrix cell at
/// the end of each calendar period, the transitions between periods and conversion rates such as MGC → MVC.
/// </summary>
/// <remarks>
/// <para><b>One definition of the tiers.</b> Each period is valued by the library's one pipeline
/// (<see cref="CustomerBasePipeline"/>) as of the period's end, on the purchases up to that day: the tier, group and
/// cell of a customer in a period are exactly what <c>score</c> or <c>segment</c> give as of that date.</para>
/// <para><b>States.</b> A customer whose first purchase is after the period's end is <c>not_yet</c>; one whose first
/// purchase falls in the period is <c>new</c>; one whose last purchase is more than <see cref="TierMigrationOptions.LapsedDays"/>
/// old at the period's end is <c>lapsed</c>; every other customer takes the pipeline's tier (<c>gold, regular, drag</c>)
/// or group (<c>mvc, mgc, bz, other</c>). Every customer of the log (up to the as-of date) is in exactly one state in
/// every period.</para>
/// <para>Memory: the log up to the as-of date is held once (one <see cref="Transaction"/> per row), plus a few bytes per
/// customer and period. Immutable and thread-safe once built.</para>
/// </remarks>
public sealed class TierMigration
{
    private readonly string[] _ids;
    private readonly MigrationPeriod[] _periods;
    private readonly CustomerStatus[] _status;
    private readonly GoldDragTier[] _tier;
    private readonly ValueGroup[] _group;
    private readonly ValueMatrixCell[] _cell;
    private readonly double[] _clv;
    private readonly double[] _spend;
    private readonly int[] _purchaseDays;
    private readonly double[] _share;
    private readonly bool[] _stalled;

    private TierMigration(TierMigrationOptions options, string[] ids, MigrationPeriod[] periods, CustomerStatus[] status, GoldDragTier[] tier, ValueGroup[] group, ValueMatrixCell[] cell, double[] clv, double[] spend, int[] purchaseDays, double[] share, bool[] stalled, long rows, long after)
    {
        _share = share;
        _stalled = stalled;
        Options = options;
        _ids = ids;
        _periods = periods;
        _status = status;
        _tier = tier;
        _group = group;
        _cell = cell;
        _clv = clv;
        _spend = spend;
        _purchaseDays = purchaseDays;
        RowsRead = rows;
        RowsAfterAsOf = after;
    }

    /// <summary>The settings.</summary>
    public TierMigrationOptions Options { get; }

    /// <summary>Every customer with a purchase on or before the as-of date, in ordinal order of id.</summary>
    public IReadOnlyList<string> CustomerIds => _ids;

    /// <summary>The periods, oldest first: from the period of the first purchase to the one holding the as-of date.</summary>
    public IReadOnlyList<MigrationPeriod> Periods => _periods;

    /// <summary>Rows of the log read.</summary>
    public long RowsRead { get; }

    /// <summary>Rows dated after the as-of date (counted, not used).</summary>
    public long RowsAfterAsOf { get; }

    /// <summary>Periods per calendar year: 4 for quarters, 1 for years, 12 for months.</summary>
    public int PeriodsPerYear => Options.Period switch { CalendarPeriod.Month => 12, CalendarPeriod.Quarter => 4, _ => 1 };

    /// <summary>Customer <paramref name="customer"/>'s status in period <paramref name="period"/>.</summary>
    public CustomerStatus StatusOf(int customer, int period) => _status[Cell(customer, period)];

    /// <summary>The pipeline's gold / regular / drag tier as of the period's end (regular when not yet a customer).</summary>
    public GoldDragTier TierOf(int customer, int period) => _tier[Cell(customer, period)];

    /// <summary>The pipeline's MVC / MGC / BZ group as of the period's end (other when not yet a customer).</summary>
    public ValueGroup GroupOf(int customer, int period) => _group[Cell(customer, period)];

    /// <summary>The value-matrix cell as of the period's end (none when not yet a customer).</summary>
    public ValueMatrixCell ValueMatrixCellOf(int customer, int period) => _cell[Cell(customer, period)];

    /// <summary>The CLV as of the period's end (0 when not yet a customer).</summary>
    public double LifetimeValueOf(int customer, int period) => _clv[Cell(customer, period)];

    /// <summary>The customer's spend within the period.</summary>
    public double SpendIn(int customer, int period) => _spend[Cell(customer, period)];

    /// <summary>The customer's distinct purchase days within the period.</summary>
    public int PurchaseDaysIn(int customer, int period) => _purchaseDays[Cell(customer, period)];

    /// <summary>
    /// The pipeline's estimated share of wallet as of the period's end: spend to date ÷ the estimated wallet (a high
    /// quantile of comparable customers' spend to date, as <c>segment</c> estimates it); null when not yet a customer
    /// or when the period had too few customers to estimate wallets.
    /// </summary>
    public double? ShareOfWalletOf(int customer, int period) => double.IsFinite(_share[Cell(customer, period)]) ? _share[Cell(customer, period)] : null;

    /// <summary>True when the share of wallet stalled, then fell at this period (<see cref="TierMigrationOptions.ShareOfWalletStages"/>): an early warning of churn.</summary>
    public bool ShareOfWalletStalledThenFell(int customer, int period) => _stalled[Cell(customer, period)];

    /// <summary>The state index (into <see cref="MigrationStates.Of"/>) of a customer in a period.</summary>
    public int StateOf(MigrationScheme scheme, int customer, int period)
    {
        int i = Cell(customer, period);
        return MigrationStates.StateOf(scheme, _status[i], _tier[i], _group[i]);
    }

    /// <summary>Customers in each state of <paramref name="scheme"/> in period <paramref name="period"/> (they add up to every customer).</summary>
    public long[] StateCounts(MigrationScheme scheme, int period)
    {
        var counts = new long[MigrationStates.Of(scheme).Count];
        for (int c = 0; c < _ids.Length; c++)
        {
            counts[StateOf(scheme, c, period)]++;
        }

        return counts;
    }

    /// <summary>Customers whose share of wallet stalled, then fell at period <paramref name="period"/>.</summary>
    public int StalledThenFellCount(int period)
    {
        int count = 0;
        for (int c = 0; c < _ids.Length; c++)
        {
            count += _stalled[Cell(c, period)] ? 1 : 0;
        }

        return count;
    }

    /// <summary>Customers in each value-matrix cell in a period (index = <see cref="ValueMatrixCell"/>; <c>None</c> = not yet a customer).</summary>
    public long[] ValueMatrixCounts(int period)
    {
        var counts = new long[Enum.GetValues<ValueMatrixCell>().Length];
        for (int c = 0; c < _ids.Length; c++)
        {
            counts[(int)_cell[Cell(c, period)]]++;
        }

        return counts;
    }

    /// <summary>The transitions from period <paramref name="fromPeriod"/> to period <paramref name="toPeriod"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period is out of range.</exception>
    public TransitionMatrix Transitions(MigrationScheme scheme, int fromPeriod, int toPeriod)
    {
        CheckPeriod(fromPeriod);
        CheckPeriod(toPeriod);
        int k = MigrationStates.Of(scheme).Count;
        var counts = new long[k * k];
        for (int c = 0; c < _ids.Length; c++)
        {
            counts[(StateOf(scheme, c, fromPeriod) * k) + StateOf(scheme, c, toPeriod)]++;
        }

        return new TransitionMatrix(scheme, _periods[fromPeriod].Label, _periods[toPeriod].Label, counts);
    }

    /// <summary>The transitions of every pair of consecutive periods added up (empty counts with a single period).</summary>
    public TransitionMatrix PooledTransitions(MigrationScheme scheme)
    {
        int k = MigrationStates.Of(scheme).Count;
        var counts = new long[k * k];
        for (int p = 0; p + 1 < _periods.Length; p++)
        {
            for (int c = 0; c < _ids.Length; c++)
            {
                counts[(StateOf(scheme, c, p) * k) + StateOf(scheme, c, p + 1)]++;
            }
        }

        return new TransitionMatrix(scheme, "all", "all", counts);
    }

    /// <summary>
    /// The share of customers in state <paramref name="from"/> who are in state <paramref name="to"/>
    /// <paramref name="lagPeriods"/> periods later, pooled over every starting period that has such a later period
    /// (for example MGC → MVC, or new → MVC for first buyers becoming most valuable, or gold → gold a year later).
    /// </summary>
    /// <exception cref="ArgumentException">A state is not one of the scheme's, or the lag is below 1.</exception>
    public ConversionRate Conversion(MigrationScheme scheme, string from, string to, int lagPeriods)
    {
        var byPeriod = ConversionsByPeriod(scheme, from, to, lagPeriods);
        return new ConversionRate(scheme, from, to, lagPeriods, null, byPeriod.Sum(r => r.FromCustomers), byPeriod.Sum(r => r.Converted));
    }

    /// <summary>As <see cref="Conversion"/>, one rate per starting period.</summary>
    /// <exception cref="ArgumentException">A state is not one of the scheme's, or the lag is below 1.</exception>
    public IReadOnlyList<ConversionRate> ConversionsByPeriod(MigrationScheme scheme, string from, string to, int lagPeriods)
    {
        int f = MigrationStates.IndexOf(scheme, from);
        int t = MigrationStates.IndexOf(scheme, to);
        if (f < 0 || t < 0)
        {
            throw new ArgumentException($"The {MigrationStates.Name(scheme)} states are {string.Join(", ", MigrationStates.Of(scheme))}; got '{(f < 0 ? from : to)}'.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(lagPeriods, 1);
        var rates = new List<ConversionRate>();
        for (int p = 0; p + lagPeriods < _periods.Length; p++)
        {
            long n = 0, converted = 0;
            for (int c = 0; c < _ids.Length; c++)
            {
                if (StateOf(scheme, c, p) == f)
                {
                    n++;
                    if (StateOf(scheme, c, p + lagPeriods) == t)
                    {
                        converted++;
                    }
                }
            }

            rates.Add(new ConversionRate(scheme, from, to, lagPeriods, _periods[p].Label, n, converted));
        }

        return rates;
    }

    /// <summary>Runs the pipeline at the end of every period and classifies every customer in every period.</summary>
    /// <param name="transactions">The log (valid rows, any order); rows after the as-of date are counted and left out.</param>
    /// <param name="options">The settings.</param>
    /// <param name="progress">Receives the label of each period as its run starts; null for none.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <exception cref="InvalidOperationException">No purchase on or before the as-of date, or a period's run failed (its message names the period).</exception>
    /// <exception cref="ArgumentException">A period's fit cannot run, or a row is invalid (the message names the period).</exception>
    public static TierMigration Analyze(IEnumerable<Transaction> transactions, TierMigrationOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(options);
        var (rows, read, after) = LogUpTo.Collect(transactions, options.AsOf, "no migration to measure");

        // Each customer's purchase days, with spend per day, in date order.
        var ids = rows.Select(r => r.CustomerId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (int i = 0; i < ids.Length; i++)
        {
            index.Add(ids[i], i);
        }

        var days = new List<(int Day, double Spend)>[ids.Length];
        foreach (var group in rows.GroupBy(r => index[r.CustomerId]))
        {
            days[group.Key] = [.. group.GroupBy(r => r.Date.DayNumber).Select(d => (d.Key, d.Select(r => r.Amount).Order().Sum())).OrderBy(d => d.Key)];
        }

        var period = options.Period;
        int first = period.IndexOf(DateOnly.FromDayNumber(days.Min(d => d[0].Day)));
        int last = period.IndexOf(options.AsOf);
        int count = last - first + 1;
        int n = ids.Length;
        var status = new CustomerStatus[n * count];
        var tier = new GoldDragTier[n * count];
        var group2 = new ValueGroup[n * count];
        var cell = new ValueMatrixCell[n * count];
        var clv = new double[n * count];
        var spend = new double[n * count];
        var purchaseDays = new int[n * count];
        var periods = new MigrationPeriod[count];
        var share = new double[n * count];
        share.AsSpan().Fill(double.NaN);
        for (int p = 0; p < count; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = period.StartOf(first + p);
            var end = p == count - 1 ? options.AsOf : period.StartOf(first + p + 1).AddDays(-1);
            string label = period.Label(first + p);
            progress?.Report(label);
            PipelineResult run;
            try
            {
                run = new CustomerBasePipeline(options.Pipeline with { AsOf = end, HoldoutEnd = null })
                    .Run(rows, options.PurchaseModel, options.SpendModel, null, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Period {label} (valued as of {end:yyyy-MM-dd}): {e.Message}"), e);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Period {label} (valued as of {end:yyyy-MM-dd}): {e.Message}"), e);
            }

            periods[p] = new MigrationPeriod(label, start, end, run.Count, run.CustomerEquity);
            for (int i = 0; i < run.Count; i++)
            {
                int c = index[run.Scores.CustomerId(i)];
                int at = (c * count) + p;
                tier[at] = run.Scores.Tier[i];
                group2[at] = run.ValueGroups.Groups[i];
                cell[at] = run.ValueGroups.Matrix[i];
                clv[at] = run.Scores.LifetimeValue[i];
                if (run.Wallets is { } wallets)
                {
                    share[at] = ShareOfWalletCalculator.Share(wallets.OurSpend[i], wallets.Wallet[i]);
                }
            }

            int startDay = start.DayNumber, endDay = end.DayNumber;
            for (int c = 0; c < n; c++)
            {
                var d = days[c];
                int at = (c * count) + p;
                int lastDay = int.MinValue;
                foreach (var (day, amount) in d)
                {
                    if (day > endDay)
                    {
                        break;
                    }

                    lastDay = day;
                    if (day >= startDay)
                    {
                        spend[at] += amount;
                        purchaseDays[at]++;
                    }
                }

                status[at] = d[0].Day > endDay ? CustomerStatus.NotYet
                    : d[0].Day >= startDay ? CustomerStatus.New
                    : endDay - lastDay > options.LapsedDays ? CustomerStatus.Lapsed
                    : CustomerStatus.Active;
            }
        }

        // The early warning, on each customer's series of shares (a window with an unknown share never flags).
        var stalled = new bool[n * count];
        var stages = options.ShareOfWalletStages;
        stages.Validate();
        for (int c = 0; c < n; c++)
        {
            var series = share.AsSpan(c * count, count);
            for (int p = stages.StallPeriods + 1; p < count; p++)
            {
                bool known = true;
                for (int q = p - stages.StallPeriods - 1; q <= p; q++)
                {
                    known &= double.IsFinite(series[q]);
                }

                stalled[(c * count) + p] = known && stages.StalledThenFell(series, p);
            }
        }

        return new TierMigration(options, ids, periods, status, tier, group2, cell, clv, spend, purchaseDays, share, stalled, read, after);
    }

    private int Cell(int customer, int period)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(customer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(customer, _ids.Length);
        CheckPeriod(period);
        return (customer * _periods.Length) + period;
    }

    private void CheckPeriod(int period)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(period);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(period, _periods.Length);
    }
}
