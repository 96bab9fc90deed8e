using System.Globalization;
using CustomerValue.Summaries;
using CustomerValue.Transactions;

namespace CustomerValue.Churn;

/// <summary>
/// Measures each customer's churn signals from a stream of transactions, as of a date: first and last purchase,
/// purchase days, spend, and purchase days and spend in two equal windows before the as-of date.
/// </summary>
/// <remarks>
/// <para><b>Order-free</b>: the table does not depend on the order of the rows. Purchases on the same calendar day are
/// one purchase occasion (the convention of <see cref="SummaryAccumulator"/>) wherever the rows of that day appear in
/// the log; amounts are added as whole micro-units (each rounded to 6 decimals) in 64-bit integers, so sums do not
/// depend on the order of addition; customers come out in the order of <see cref="SummaryAccumulator.ToSummaries"/>
/// (by id: numerically when every id is a whole number, otherwise ordinally).</para>
/// <para><b>Memory</b>: per customer a handful of numbers and the set of distinct purchase days (as
/// <see cref="SummaryAccumulator"/> keeps), nothing per row.</para>
/// <para>Transactions after the as-of date are not part of the signals; they are counted in
/// <see cref="IgnoredAfterAsOf"/>. Not thread-safe while adding.</para>
/// </remarks>
public sealed class ChurnSignalAccumulator
{
    private const double FixedScale = 1e6;

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly int _asOf;
    private readonly int _recentStart;
    private readonly int _previousStart;
    private string[] _ids = new string[16];
    private int[][] _days = new int[16][];
    private int[] _dayCount = new int[16];
    private long[] _spend = new long[16];
    private long[] _previousSpend = new long[16];
    private long[] _recentSpend = new long[16];
    private int _count;

    /// <summary>Creates an empty accumulator.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ChurnSignalAccumulator(ChurnSignalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _asOf = options.AsOf.DayNumber;
        _recentStart = _asOf - options.WindowDays + 1;
        _previousStart = _recentStart - options.WindowDays;
    }

    /// <summary>The as-of date and windows.</summary>
    public ChurnSignalOptions Options { get; }

    /// <summary>Customers seen so far (with at least one purchase up to the as-of date).</summary>
    public int CustomerCount => _count;

    /// <summary>Transactions dated after the as-of date (not part of the signals).</summary>
    public long IgnoredAfterAsOf { get; private set; }

    /// <summary>
    /// Rows dated before their customer's latest purchase day so far. They are measured exactly like any other row (the
    /// table does not depend on row order); the count only describes the log.
    /// </summary>
    public long OutOfOrderRows { get; private set; }

    /// <summary>Adds one transaction.</summary>
    /// <exception cref="ArgumentException">The id is empty or the amount is not finite.</exception>
    public void Add(in Transaction transaction) => Add(transaction.CustomerId, transaction.Date, transaction.Amount);

    /// <summary>Adds one purchase.</summary>
    /// <exception cref="ArgumentException">The id is empty or the amount is not finite.</exception>
    /// <exception cref="OverflowException">The amount is beyond ±9.2e12.</exception>
    public void Add(string customerId, DateOnly date, double amount)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        if (!double.IsFinite(amount))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Customer '{customerId}', {date:yyyy-MM-dd}: the amount must be finite (got {amount})."), nameof(amount));
        }

        int day = date.DayNumber;
        if (day > _asOf)
        {
            IgnoredAfterAsOf++;
            return;
        }

        long fixedAmount = ToFixed(amount);
        if (!_index.TryGetValue(customerId, out int c))
        {
            c = NewCustomer(customerId);
        }

        InsertDay(c, day);
        _spend[c] = checked(_spend[c] + fixedAmount);
        if (day >= _recentStart)
        {
            _recentSpend[c] = checked(_recentSpend[c] + fixedAmount);
        }
        else if (day >= _previousStart)
        {
            _previousSpend[c] = checked(_previousSpend[c] + fixedAmount);
        }
    }

    /// <summary>The signals of every customer seen, ordered by customer id like <see cref="SummaryAccumulator.ToSummaries"/>.</summary>
    public ChurnSignalTable ToTable()
    {
        int n = _count;
        var ids = _ids.AsSpan(0, n).ToArray();
        var order = new int[n];
        for (int c = 0; c < n; c++)
        {
            order[c] = c;
        }

        CustomerIdComparer.Sort(ids, order);
        var days = new double[n];
        var gap = new double[n];
        var first = new DateOnly[n];
        var last = new DateOnly[n];
        var purchaseDays = new int[n];
        var spend = new double[n];
        var previousDays = new double[n];
        var recentDays = new double[n];
        var previousSpend = new double[n];
        var recentSpend = new double[n];
        for (int k = 0; k < n; k++)
        {
            int c = order[k];
            var own = _days[c].AsSpan(0, _dayCount[c]);
            int firstDay = own[0], lastDay = own[^1];
            days[k] = _asOf - lastDay;
            gap[k] = own.Length > 1 ? (lastDay - firstDay) / (double)(own.Length - 1) : double.NaN;
            first[k] = DateOnly.FromDayNumber(firstDay);
            last[k] = DateOnly.FromDayNumber(lastDay);
            purchaseDays[k] = own.Length;
            spend[k] = _spend[c] / FixedScale;
            previousSpend[k] = _previousSpend[c] / FixedScale;
            recentSpend[k] = _recentSpend[c] / FixedScale;
            foreach (int d in own)
            {
                if (d >= _recentStart)
                {
                    recentDays[k]++;
                }
                else if (d >= _previousStart)
                {
                    previousDays[k]++;
                }
            }
        }

        return new ChurnSignalTable(Options, ids, first, last, purchaseDays, days, gap, spend, previousDays, recentDays, previousSpend, recentSpend);
    }

    /// <summary>Measures the signals of a whole log in one call.</summary>
    /// <example>
    /// <code>
    /// var asOf = new DateOnly(1997, 9, 30);
    /// ChurnSignalTable signals = ChurnSignalAccumulator.Measure(SampleData.CdnowTransactions().Where(t =&gt; t.Date &lt;= asOf), new ChurnSignalOptions(asOf));
    /// </code>
    /// </example>
    public static ChurnSignalTable Measure(IEnumerable<Transaction> transactions, ChurnSignalOptions options)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var accumulator = new ChurnSignalAccumulator(options);
        foreach (var t in transactions)
        {
            accumulator.Add(t);
        }

        return accumulator.ToTable();
    }

    private static long ToFixed(double amount)
    {
        double scaled = Math.Round(amount * FixedScale);
        return scaled is >= -9.2e18 and <= 9.2e18
            ? (long)scaled
            : throw new OverflowException($"The amount {amount.ToString(CultureInfo.InvariantCulture)} is too large (the limit is ±9.2e12).");
    }

    /// <summary>Adds a day to the customer's sorted set of distinct purchase days (appending is the common case).</summary>
    private void InsertDay(int c, int day)
    {
        int count = _dayCount[c];
        var own = _days[c];
        if (count > 0 && own[count - 1] >= day)
        {
            if (own[count - 1] > day)
            {
                OutOfOrderRows++;
            }

            int at = Array.BinarySearch(own, 0, count, day);
            if (at >= 0)
            {
                return;
            }

            at = ~at;
            if (count == own.Length)
            {
                Array.Resize(ref _days[c], count * 2);
                own = _days[c];
            }

            Array.Copy(own, at, own, at + 1, count - at);
            own[at] = day;
            _dayCount[c] = count + 1;
            return;
        }

        if (count == own.Length)
        {
            Array.Resize(ref _days[c], count * 2);
            own = _days[c];
        }

        own[count] = day;
        _dayCount[c] = count + 1;
    }

    private int NewCustomer(string id)
    {
        if (_count == _ids.Length)
        {
            int size = _count * 2;
            Array.Resize(ref _ids, size);
            Array.Resize(ref _days, size);
            Array.Resize(ref _dayCount, size);
            Array.Resize(ref _spend, size);
            Array.Resize(ref _previousSpend, size);
            Array.Resize(ref _recentSpend, size);
        }

        int c = _count++;
        _index.Add(id, c);
        _ids[c] = id;
        _days[c] = new int[2];
        return c;
    }
}
