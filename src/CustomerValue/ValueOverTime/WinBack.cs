using System.Globalization;
using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;
using CustomerValue.Transactions;

namespace CustomerValue.ValueOverTime;

/// <summary>The settings of a <see cref="WinBack"/> list: the as-of date, the look-back window, what counts as important and as lost, and the pipeline that values each customer.</summary>
/// <remarks>Immutable; change with <c>with</c>.</remarks>
public sealed record WinBackOptions
{
    private readonly int _lookbackDays = 730;
    private readonly int _silentDays = 180;
    private readonly double _topShare = 0.2;
    private readonly int _lastYearTop = 100;

    /// <summary>Options as of <paramref name="asOf"/>, every other setting at its default.</summary>
    /// <param name="asOf">The observation end: purchases up to and including this day count.</param>
    public WinBackOptions(DateOnly asOf)
    {
        AsOf = asOf;
        Pipeline = new PipelineOptions(asOf);
    }

    /// <summary>The observation end: purchases up to and including this day count; later rows are counted, not used.</summary>
    public DateOnly AsOf { get; init; }

    /// <summary>The look-back window in days, ending on <see cref="AsOf"/>: customers are ranked by what they spent in it. Default 730 (the last two years).</summary>
    public int LookbackDays
    {
        get => _lookbackDays;
        init => _lookbackDays = value is >= 1 and <= 36525
            ? value
            : throw new ArgumentOutOfRangeException(nameof(LookbackDays), value, "WinBackOptions.LookbackDays must be in 1..36525.");
    }

    /// <summary>An important customer is lost when their last purchase is more than this many days before <see cref="AsOf"/>. Default 180.</summary>
    public int SilentDays
    {
        get => _silentDays;
        init => _silentDays = value is >= 0 and <= 36525
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SilentDays), value, "WinBackOptions.SilentDays must be in 0..36525 (and shorter than LookbackDays).");
    }

    /// <summary>The share of the look-back window's buyers, ranked by their spend in it, that counts as important. Default 0.2 (the top 20 %).</summary>
    public double TopShare
    {
        get => _topShare;
        init => _topShare = value is > 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(TopShare), value, "WinBackOptions.TopShare must be in (0, 1].");
    }

    /// <summary>How many of last year's biggest customers to follow into this year. Default 100.</summary>
    public int LastYearTop
    {
        get => _lastYearTop;
        init => _lastYearTop = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(LastYearTop), value, "WinBackOptions.LastYearTop must be >= 1.");
    }

    /// <summary>The pipeline that values every customer as of <see cref="AsOf"/> (its as-of date and holdout are replaced).</summary>
    public PipelineOptions Pipeline { get; init; }

    /// <summary>A fitted repeat-purchase model; null (the default) to fit BG/NBD as of <see cref="AsOf"/>.</summary>
    public IRepeatPurchaseModel? PurchaseModel { get; init; }

    /// <summary>A fitted spend model; null (the default) to fit Gamma-Gamma as of <see cref="AsOf"/>.</summary>
    public ISpendModel? SpendModel { get; init; }

    /// <summary>The first day of the look-back window.</summary>
    public DateOnly LookbackStart => AsOf.AddDays(1 - LookbackDays);

    /// <summary>"This year": the 365 or 366 days ending on <see cref="AsOf"/> (from the day after <see cref="AsOf"/> a year earlier).</summary>
    public (DateOnly Start, DateOnly End) ThisYear => (AsOf.AddYears(-1).AddDays(1), AsOf);

    /// <summary>"Last year": the year before <see cref="ThisYear"/>.</summary>
    public (DateOnly Start, DateOnly End) LastYear => (AsOf.AddYears(-2).AddDays(1), AsOf.AddYears(-1));
}

/// <summary>An important customer who has gone silent: what they were worth in the look-back window, when they last bought and what they would be worth if won back.</summary>
/// <param name="Rank">1 for the one who spent most in the look-back window.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="LookbackSpend">Spend in the look-back window (what they were worth).</param>
/// <param name="LookbackPurchaseDays">Distinct purchase days in the look-back window.</param>
/// <param name="ValueRank">Rank by look-back spend among all the window's buyers (1 = biggest).</param>
/// <param name="FirstPurchase">The first purchase day.</param>
/// <param name="LastPurchase">The last purchase day on or before the as-of date.</param>
/// <param name="DaysSilent">Days from the last purchase to the as-of date.</param>
/// <param name="UsualGapDays">The mean gap between the customer's purchase days (null with a single purchase day).</param>
/// <param name="ProbabilityAlive">The pipeline's P(alive) as of the as-of date.</param>
/// <param name="LifetimeValue">The pipeline's CLV as of the as-of date (the same as <c>score</c>).</param>
/// <param name="ValueIfWonBack">The CLV if the customer is active as of the as-of date (<see cref="PipelineResult.LifetimeValueIfAliveOf"/>): what winning them back is worth, before its cost.</param>
/// <param name="Tier">Gold, regular or drag by CLV (the pipeline's).</param>
/// <param name="ChurnLevel">The pipeline's churn level.</param>
public sealed record WinBackCandidate(
    int Rank,
    string CustomerId,
    double LookbackSpend,
    int LookbackPurchaseDays,
    int ValueRank,
    DateOnly FirstPurchase,
    DateOnly LastPurchase,
    int DaysSilent,
    double? UsualGapDays,
    double ProbabilityAlive,
    double LifetimeValue,
    double ValueIfWonBack,
    GoldDragTier Tier,
    ChurnLevel ChurnLevel)
{
    /// <summary>Days silent over the usual gap (null with a single purchase day): 3 means silent three times as long as usual.</summary>
    public double? SilenceMultiple => UsualGapDays is { } gap && gap > 0 ? DaysSilent / gap : null;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"#{Rank} {CustomerId}: spent {LookbackSpend:0.##} in the look-back window, silent {DaysSilent} days since {LastPurchase:yyyy-MM-dd}, P(alive) {ProbabilityAlive:0.###}, worth {ValueIfWonBack:0.##} if won back");
}

/// <summary>One of last year's biggest customers, followed into this year.</summary>
/// <param name="Rank">1 for last year's biggest spender.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="LastYearSpend">Spend in <see cref="WinBackOptions.LastYear"/>.</param>
/// <param name="ThisYearSpend">Spend in <see cref="WinBackOptions.ThisYear"/> (0 when none).</param>
/// <param name="ThisYearPurchaseDays">Distinct purchase days this year.</param>
/// <param name="LastPurchase">The last purchase day on or before the as-of date.</param>
/// <param name="ProbabilityAlive">The pipeline's P(alive).</param>
/// <param name="LifetimeValue">The pipeline's CLV.</param>
public sealed record LastYearTopCustomer(
    int Rank,
    string CustomerId,
    double LastYearSpend,
    double ThisYearSpend,
    int ThisYearPurchaseDays,
    DateOnly LastPurchase,
    double ProbabilityAlive,
    double LifetimeValue)
{
    /// <summary>Whether the customer has bought this year.</summary>
    public bool StillOrdering => ThisYearPurchaseDays > 0;

    /// <summary>This year's spend against last year's: this / last − 1 (−1 when they stopped).</summary>
    public double Change => LastYearSpend > 0 ? (ThisYearSpend / LastYearSpend) - 1 : 0;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"#{Rank} {CustomerId}: {LastYearSpend:0.##} last year, {ThisYearSpend:0.##} this year ({(StillOrdering ? "still ordering" : "stopped")})");
}

/// <summary>
/// Win-back: the important customers lost recently — the top of the look-back window's buyers by what they spent in
/// it, silent for longer than a limit — ranked by what they were worth, with their last purchase and the value of
/// winning them back; and whether last year's biggest customers still order this year.
/// </summary>
/// <remarks>
/// <para><b>Important.</b> The buyers of the look-back window (default the last 730 days), ranked by their spend in it
/// (ties by id), top <see cref="WinBackOptions.TopShare"/> (rounded up).</para>
/// <para><b>Lost.</b> An important customer whose last purchase is more than <see cref="WinBackOptions.SilentDays"/>
/// before the as-of date. The list is ranked by look-back spend.</para>
/// <para><b>Value if won back.</b> Every customer is valued by the library's one pipeline as of the as-of date, so
/// P(alive), CLV, tier and churn level are exactly what <c>score</c> gives. The value if won back is the CLV of the same
/// customer known to be active on the as-of date: in BG/NBD, MBG/NBD and Pareto/NBD, expected purchases factor as
/// P(alive) × E[purchases | active], so it is CLV / P(alive), computed without dividing small numbers (see
/// <see cref="PipelineResult.LifetimeValueIfAliveOf"/>).</para>
/// <para>Memory: the log up to the as-of date is held once (one <see cref="Transaction"/> per row) beside the
/// pipeline's columns, as in <see cref="TierMigration"/>. Immutable once built.</para>
/// </remarks>
public sealed class WinBack
{
    private WinBack(WinBackOptions options, PipelineResult pipeline, IReadOnlyList<WinBackCandidate> lost, IReadOnlyList<LastYearTopCustomer> lastYearTop, int buyers, int important, long read, long after)
    {
        Options = options;
        Pipeline = pipeline;
        Lost = lost;
        LastYearTop = lastYearTop;
        LookbackBuyers = buyers;
        Important = important;
        RowsRead = read;
        RowsAfterAsOf = after;
    }

    /// <summary>The settings.</summary>
    public WinBackOptions Options { get; }

    /// <summary>The pipeline run as of the as-of date (every customer's scores).</summary>
    public PipelineResult Pipeline { get; }

    /// <summary>The important customers who went silent, ranked by look-back spend.</summary>
    public IReadOnlyList<WinBackCandidate> Lost { get; }

    /// <summary>Last year's top customers by spend, with this year's spend.</summary>
    public IReadOnlyList<LastYearTopCustomer> LastYearTop { get; }

    /// <summary>Customers with a purchase in the look-back window.</summary>
    public int LookbackBuyers { get; }

    /// <summary>The important customers (the top share of <see cref="LookbackBuyers"/>).</summary>
    public int Important { get; }

    /// <summary>Rows read.</summary>
    public long RowsRead { get; }

    /// <summary>Rows dated after the as-of date: counted, not used.</summary>
    public long RowsAfterAsOf { get; }

    /// <summary>The look-back spend of the lost customers.</summary>
    public double LostLookbackSpend => Lost.Sum(c => c.LookbackSpend);

    /// <summary>The value if won back of the lost customers.</summary>
    public double LostValueIfWonBack => Lost.Sum(c => c.ValueIfWonBack);

    /// <summary>How many of <see cref="LastYearTop"/> bought this year.</summary>
    public int LastYearTopStillOrdering => LastYearTop.Count(c => c.StillOrdering);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Win-back as of {Options.AsOf:yyyy-MM-dd}: {Lost.Count} of {Important} important customers silent over {Options.SilentDays} days (spent {LostLookbackSpend:0.##} in the last {Options.LookbackDays} days; worth {LostValueIfWonBack:0.##} if won back); {LastYearTopStillOrdering} of last year's top {LastYearTop.Count} still ordering");

    /// <summary>Builds the win-back list from a transaction log.</summary>
    /// <param name="transactions">The log; rows after the as-of date are counted and skipped.</param>
    /// <param name="options">The settings.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The lost important customers and last year's top customers.</returns>
    /// <exception cref="InvalidOperationException">No purchase on or before the as-of date, or a model the pipeline cannot fit.</exception>
    /// <example>
    /// <code>
    /// var winBack = WinBack.Analyze(SampleData.CdnowTransactions(), new WinBackOptions(new DateOnly(1998, 6, 30)));
    /// foreach (var lost in winBack.Lost.Take(10)) Console.WriteLine(lost);
    /// </code>
    /// </example>
    public static WinBack Analyze(IEnumerable<Transaction> transactions, WinBackOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(options);
        if (options.SilentDays >= options.LookbackDays)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"WinBackOptions: SilentDays ({options.SilentDays}) must be shorter than LookbackDays ({options.LookbackDays}), or no customer of the window can be silent that long."), nameof(options));
        }

        var (rows, read, after) = LogUpTo.Collect(transactions, options.AsOf, "no customers to win back");

        var run = new CustomerBasePipeline(options.Pipeline with { AsOf = options.AsOf, HoldoutEnd = null })
            .Run(rows, options.PurchaseModel, options.SpendModel, null, cancellationToken);
        var index = new Dictionary<string, int>(run.Count, StringComparer.Ordinal);
        for (int i = 0; i < run.Count; i++)
        {
            index.Add(run.Scores.CustomerId(i), i);
        }

        // Each customer's purchase days with the day's spend, in date order (amounts summed in sorted order: the same for any row order).
        var days = new (int Day, double Spend)[run.Count][];
        foreach (var group in rows.GroupBy(r => index[r.CustomerId]))
        {
            days[group.Key] = [.. group.GroupBy(r => r.Date.DayNumber).Select(d => (d.Key, d.Select(r => r.Amount).Order().Sum())).OrderBy(d => d.Key)];
        }

        cancellationToken.ThrowIfCancellationRequested();
        int asOf = options.AsOf.DayNumber, lookback = options.LookbackStart.DayNumber;
        var (thisStart, _) = options.ThisYear;
        var (lastStart, lastEnd) = options.LastYear;
        var lookbackSpend = new double[run.Count];
        var lookbackDays = new int[run.Count];
        var lastYear = new double[run.Count];
        var thisYear = new double[run.Count];
        var thisYearDays = new int[run.Count];
        var lastYearDays = new int[run.Count];
        for (int c = 0; c < run.Count; c++)
        {
            foreach (var (day, spend) in days[c])
            {
                if (day >= lookback)
                {
                    lookbackSpend[c] += spend;
                    lookbackDays[c]++;
                }

                if (day >= thisStart.DayNumber)
                {
                    thisYear[c] += spend;
                    thisYearDays[c]++;
                }
                else if (day >= lastStart.DayNumber && day <= lastEnd.DayNumber)
                {
                    lastYear[c] += spend;
                    lastYearDays[c]++;
                }
            }
        }

        var ids = new string[run.Count];
        for (int c = 0; c < ids.Length; c++)
        {
            ids[c] = run.Scores.CustomerId(c);
        }

        var buyers = Enumerable.Range(0, run.Count).Where(c => lookbackDays[c] > 0)
            .OrderByDescending(c => lookbackSpend[c]).ThenBy(c => ids[c], StringComparer.Ordinal).ToArray();
        int important = (int)Math.Min(buyers.Length, Math.Ceiling(options.TopShare * buyers.Length - 1e-9));
        var lost = new List<WinBackCandidate>();
        for (int k = 0; k < important; k++)
        {
            int c = buyers[k];
            var d = days[c];
            int silent = asOf - d[^1].Day;
            if (silent <= options.SilentDays)
            {
                continue;
            }

            double? gap = d.Length > 1 ? (d[^1].Day - d[0].Day) / (double)(d.Length - 1) : null;
            lost.Add(new WinBackCandidate(
                lost.Count + 1,
                ids[c],
                lookbackSpend[c],
                lookbackDays[c],
                k + 1,
                DateOnly.FromDayNumber(d[0].Day),
                DateOnly.FromDayNumber(d[^1].Day),
                silent,
                gap,
                run.Scores.ProbabilityAlive[c],
                run.Scores.LifetimeValue[c],
                run.LifetimeValueIfAliveOf(c),
                run.Scores.Tier[c],
                run.Scores.ChurnLevel[c]));
        }

        var top = Enumerable.Range(0, run.Count).Where(c => lastYearDays[c] > 0)
            .OrderByDescending(c => lastYear[c]).ThenBy(c => ids[c], StringComparer.Ordinal).Take(options.LastYearTop)
            .Select((c, k) => new LastYearTopCustomer(k + 1, ids[c], lastYear[c], thisYear[c], thisYearDays[c], DateOnly.FromDayNumber(days[c][^1].Day), run.Scores.ProbabilityAlive[c], run.Scores.LifetimeValue[c]))
            .ToArray();
        return new WinBack(options, run, lost, top, buyers.Length, important, read, after);
    }
}
