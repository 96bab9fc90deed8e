using System.Globalization;
using CustomerValue.Summaries;

namespace CustomerValue.Scoring;

/// <summary>
/// A customer base as columns (struct of arrays), the input of <see cref="ICustomerBaseScorer"/>: the lifetime-model
/// summary (x, t_x, T, m̄) in <see cref="TimeUnit"/>, and the calendar measures RFM and churn warning need.
/// </summary>
/// <remarks>
/// <para>Row i of every column belongs to the same customer. Memory-backed (not span-backed) so the scorer can split
/// the rows into chunks and score them on several threads. Build it with <see cref="FromSummaries"/> (from
/// <see cref="CustomerSummaries"/> and an as-of date) or directly with <c>new</c> and <c>init</c> from columns you
/// already hold; <see cref="ICustomerBaseScorer"/> validates every row once (the message names the row, customer and
/// field).</para>
/// <para>Immutable; thread-safe as long as the caller does not change the memory it lent.</para>
/// </remarks>
public readonly record struct ScoringInput
{
    /// <summary>Creates input from the four lifetime-model columns; set the calendar columns with <c>init</c>.</summary>
    /// <param name="frequency">x: repeat purchase occasions.</param>
    /// <param name="recency">t_x: time from the first to the last purchase, in <paramref name="timeUnit"/>.</param>
    /// <param name="age">T: time from the first purchase to the as-of date, in <paramref name="timeUnit"/>.</param>
    /// <param name="monetaryValue">m̄: mean value of the repeat purchases (0 when x = 0).</param>
    /// <param name="timeUnit">The unit of recency and age.</param>
    public ScoringInput(ReadOnlyMemory<double> frequency, ReadOnlyMemory<double> recency, ReadOnlyMemory<double> age, ReadOnlyMemory<double> monetaryValue, TimeUnit timeUnit)
    {
        Frequency = frequency;
        Recency = recency;
        Age = age;
        MonetaryValue = monetaryValue;
        TimeUnit = timeUnit;
    }

    /// <summary>The number of customers.</summary>
    public int Count => Frequency.Length;

    /// <summary>The unit of <see cref="Recency"/> and <see cref="Age"/> (it must be the repeat-purchase model's unit).</summary>
    public TimeUnit TimeUnit { get; }

    /// <summary>x: repeat purchase occasions (finite, ≥ 0).</summary>
    public ReadOnlyMemory<double> Frequency { get; }

    /// <summary>t_x: time from the first to the last purchase (0 ≤ t_x ≤ T).</summary>
    public ReadOnlyMemory<double> Recency { get; }

    /// <summary>T: time from the first purchase to the as-of date (finite, ≥ 0).</summary>
    public ReadOnlyMemory<double> Age { get; }

    /// <summary>m̄: mean value of the repeat purchases (finite, ≥ 0).</summary>
    public ReadOnlyMemory<double> MonetaryValue { get; }

    /// <summary>
    /// Days from the last purchase to the as-of date (finite, ≥ 0): RFM recency, churn recency and the drag tier.
    /// Empty means (T − t_x) × days per unit.
    /// </summary>
    public ReadOnlyMemory<double> DaysSinceLastPurchase { get; init; }

    /// <summary>Purchase occasions for RFM frequency (finite, ≥ 0). Empty means x + 1.</summary>
    public ReadOnlyMemory<double> Purchases { get; init; }

    /// <summary>Total spend for RFM monetary value (finite). Empty means x × m̄ (the repeat spend; a summary without purchase details knows no more).</summary>
    public ReadOnlyMemory<double> TotalSpend { get; init; }

    /// <summary>Customer ids, one per row, or null (rows are then named by number in messages and outputs).</summary>
    public IReadOnlyList<string>? CustomerIds { get; init; }

    /// <summary>
    /// Mean days between purchase days (NaN with one purchase day), for the churn policy. Empty means t_x × days per
    /// unit ÷ x (NaN when x = 0 or t_x = 0). Set by <see cref="WithChurnSignals"/> from the calendar dates.
    /// </summary>
    public ReadOnlyMemory<double> MeanGapDays { get; init; }

    /// <summary>Purchase days in the earlier of the two churn windows (empty: not measured). See <see cref="Churn.ChurnSignals.PreviousWindowPurchases"/>.</summary>
    public ReadOnlyMemory<double> PreviousWindowPurchases { get; init; }

    /// <summary>Purchase days in the recent churn window (empty: not measured).</summary>
    public ReadOnlyMemory<double> RecentWindowPurchases { get; init; }

    /// <summary>Spend in the earlier churn window (empty: not measured).</summary>
    public ReadOnlyMemory<double> PreviousWindowSpend { get; init; }

    /// <summary>Spend in the recent churn window (empty: not measured).</summary>
    public ReadOnlyMemory<double> RecentWindowSpend { get; init; }

    /// <summary>The length of each churn window in days, for explanations (NaN when the windows are not measured).</summary>
    public double WindowDays { get; init; } = double.NaN;

    /// <summary>Change of share of wallet in the latest period, in percentage points (empty: not known; NaN: unknown for the customer). See <see cref="Churn.ChurnSignals.ShareOfWalletChangePoints"/>.</summary>
    public ReadOnlyMemory<double> ShareOfWalletChangePoints { get; init; }

    /// <summary>Whether share of wallet stalled, then fell in the latest period (empty: not known). See <see cref="Churn.ChurnSignals.ShareOfWalletStalledThenFell"/>.</summary>
    public ReadOnlyMemory<bool> ShareOfWalletStalledThenFell { get; init; }

    /// <summary>
    /// Each customer's own margin rate (profit ÷ sales, finite; negative for a customer who cost more than they brought),
    /// applied to their CLV instead of the scorer's single <see cref="Lifetime.LifetimeValueOptions.MarginRate"/>; empty (the
    /// default) for the single rate. Set by <see cref="CustomerBasePipeline"/> on the profit value basis.
    /// </summary>
    public ReadOnlyMemory<double> MarginRate { get; init; }

    /// <summary>
    /// This input with the calendar churn signals measured from the log: days since the last purchase, the mean gap
    /// between purchase days, and purchase days and spend in the two windows. The scorer then hands the churn policy
    /// exactly what <see cref="Churn.ChurnSignalTable"/> measured, so a scoring run and a table-based warning agree.
    /// </summary>
    /// <param name="signals">Signals of the same customers in the same order (both <see cref="Summaries.SummaryAccumulator"/> and <see cref="Churn.ChurnSignalAccumulator"/> order customers by id).</param>
    /// <exception cref="ArgumentException">The table holds other customers or another order; the message names the first row that differs.</exception>
    public ScoringInput WithChurnSignals(Churn.ChurnSignalTable signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (signals.Count != Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Scoring input: the churn signals hold {signals.Count} customers, the input {Count}."), nameof(signals));
        }

        if (CustomerIds is { } ids)
        {
            for (int i = 0; i < ids.Count; i++)
            {
                if (!string.Equals(ids[i], signals.CustomerIds[i], StringComparison.Ordinal))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Scoring input: row {i + 1} is customer '{ids[i]}' but the churn signals' row {i + 1} is '{signals.CustomerIds[i]}'; both must list the same customers in the same order."), nameof(signals));
                }
            }
        }

        return this with
        {
            DaysSinceLastPurchase = signals.DaysSinceLastPurchase.ToArray(),
            MeanGapDays = signals.MeanGapDays.ToArray(),
            PreviousWindowPurchases = signals.PreviousWindowPurchases.ToArray(),
            RecentWindowPurchases = signals.RecentWindowPurchases.ToArray(),
            PreviousWindowSpend = signals.PreviousWindowSpend.ToArray(),
            RecentWindowSpend = signals.RecentWindowSpend.ToArray(),
            WindowDays = signals.Options.WindowDays,
        };
    }

    /// <summary>
    /// The columns of <paramref name="summaries"/> scored as of <paramref name="asOf"/>. When the summaries have purchase
    /// dates and totals (<see cref="CustomerSummaries.HasPurchaseDetails"/>), days since the last purchase are counted
    /// from the dates and total spend is the real total; otherwise both are derived from (x, t_x, T, m̄).
    /// </summary>
    /// <param name="summaries">The summaries (calibration columns only; holdout columns are ignored).</param>
    /// <param name="asOf">
    /// The scoring date: on or after the summaries' calibration end (when known). A later date ages every customer:
    /// T grows by the days in between (no purchases are assumed in between, which is what a later as-of date without new
    /// data means).
    /// </param>
    /// <exception cref="ArgumentException">The as-of date is before the calibration end, or a last purchase is after it (the message names the customer).</exception>
    public static ScoringInput FromSummaries(CustomerSummaries summaries, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        int n = summaries.Count;
        double daysPerUnit = summaries.TimeUnit.DaysPerUnit();
        double shiftDays = 0;
        if (summaries.CalibrationEnd is { } end)
        {
            shiftDays = asOf.DayNumber - end.DayNumber;
            if (shiftDays < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Scoring input: the as-of date {asOf:yyyy-MM-dd} is before the summaries' calibration end {end:yyyy-MM-dd}; summarise the log up to the as-of date instead."), nameof(asOf));
            }
        }

        var age = summaries.Age.ToArray();
        if (shiftDays > 0)
        {
            double shift = shiftDays / daysPerUnit;
            for (int i = 0; i < n; i++)
            {
                age[i] += shift;
            }
        }

        var days = new double[n];
        var purchases = new double[n];
        var total = new double[n];
        var x = summaries.Frequency;
        var recency = summaries.Recency;
        var monetary = summaries.MonetaryValue;
        bool details = summaries.HasPurchaseDetails;
        var last = summaries.LastPurchase;
        var spend = summaries.TotalSpend;
        int asOfDay = asOf.DayNumber;
        for (int i = 0; i < n; i++)
        {
            if (details)
            {
                int d = asOfDay - last[i].DayNumber;
                if (d < 0)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"Customer '{summaries.CustomerIds[i]}': last purchase {last[i]:yyyy-MM-dd} is after the as-of date {asOf:yyyy-MM-dd}."), nameof(asOf));
                }

                days[i] = d;
                total[i] = spend[i];
            }
            else
            {
                days[i] = Math.Max(0, (age[i] - recency[i]) * daysPerUnit);
                total[i] = x[i] * monetary[i];
            }

            purchases[i] = x[i] + 1;
        }

        return new ScoringInput(x.ToArray(), recency.ToArray(), age, monetary.ToArray(), summaries.TimeUnit)
        {
            DaysSinceLastPurchase = days,
            Purchases = purchases,
            TotalSpend = total,
            CustomerIds = summaries.CustomerIds,
        };
    }

    /// <summary>Checks that every column has one value per customer (optional columns may be empty).</summary>
    /// <exception cref="ArgumentException">A column has another length; the message names it.</exception>
    public void CheckLengths()
    {
        int n = Count;
        Check(Recency.Length, nameof(Recency), n, required: true);
        Check(Age.Length, nameof(Age), n, required: true);
        Check(MonetaryValue.Length, nameof(MonetaryValue), n, required: true);
        Check(DaysSinceLastPurchase.Length, nameof(DaysSinceLastPurchase), n, required: false);
        Check(Purchases.Length, nameof(Purchases), n, required: false);
        Check(TotalSpend.Length, nameof(TotalSpend), n, required: false);
        Check(MeanGapDays.Length, nameof(MeanGapDays), n, required: false);
        Check(PreviousWindowPurchases.Length, nameof(PreviousWindowPurchases), n, required: false);
        Check(RecentWindowPurchases.Length, nameof(RecentWindowPurchases), n, required: false);
        Check(PreviousWindowSpend.Length, nameof(PreviousWindowSpend), n, required: false);
        Check(RecentWindowSpend.Length, nameof(RecentWindowSpend), n, required: false);
        Check(MarginRate.Length, nameof(MarginRate), n, required: false);
        foreach (double rate in MarginRate.Span)
        {
            if (!double.IsFinite(rate))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Scoring input: a margin rate must be finite, got {rate}."), nameof(MarginRate));
            }
        }
        if (CustomerIds is not null && CustomerIds.Count != n)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Scoring input: {CustomerIds.Count} customer ids for {n} customers."), nameof(CustomerIds));
        }
    }

    /// <summary>The name of row <paramref name="index"/> for messages.</summary>
    internal string Describe(int index) => CustomerIds is { } ids
        ? string.Create(CultureInfo.InvariantCulture, $"Row {index + 1}, customer '{ids[index]}'")
        : string.Create(CultureInfo.InvariantCulture, $"Row {index + 1}");

    private static void Check(int length, string name, int n, bool required)
    {
        if (length != n && (required || length != 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Scoring input: column {name} has {length} rows; {nameof(Frequency)} has {n}.{(required ? string.Empty : " An optional column is empty or full length.")}"), name);
        }
    }
}
