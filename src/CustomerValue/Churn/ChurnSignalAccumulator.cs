using System.Globalization;
using CustomerValue.Transactions;

namespace CustomerValue.Churn;

/// <summary>
/// Measures each customer's churn signals from a stream of transactions, as of a date: first and last purchase,
/// purchase days, spend, and purchase days and spend in two equal windows before the as-of date.
/// </summary>
/// <remarks>
/// <para><b>Memory</b>: a fixed handful of numbers per customer, nothing per transaction, so logs of any length stream
/// through.</para>
/// <para><b>Purchase days</b>: purchases on the same calendar day are one purchase occasion (the convention of
/// <see cref="Summaries.SummaryOptions"/>). To stay within constant memory per customer, a same-day purchase is
/// recognised when it arrives after that customer's latest purchase day so far; this is exact for logs ordered by
/// date or grouped by customer and date (the usual export orders, and the embedded CDNOW sample). A row dated before
/// its customer's latest purchase day is counted as its own occasion and in <see cref="OutOfOrderRows"/>; when that
/// count is not 0, sort the log or summarise it with <see cref="Summaries.SummaryAccumulator"/> instead.</para>
/// <para>Transactions after the as-of date are ignored and counted in <see cref="IgnoredAfterAsOf"/>.
/// Not thread-safe while adding.</para>
/// </remarks>
public sealed class ChurnSignalAccumulator
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly int _asOf;
    private readonly int _recentStart;
    private readonly int _previousStart;
    private string[] _ids = new string[16];
    private int[] _first = new int[16];
    private int[] _last = new int[16];
    private int[] _latestAdded = new int[16];
    private int[] _purchaseDays = new int[16];
    private int[] _previousDays = new int[16];
    private int[] _recentDays = new int[16];
    private double[] _spend = new double[16];
    private double[] _previousSpend = new double[16];
    private double[] _recentSpend = new double[16];
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

    /// <summary>Transactions dated after the as-of date (ignored).</summary>
    public long IgnoredAfterAsOf { get; private set; }

    /// <summary>Rows dated before their customer's latest purchase day so far (see the remarks).</summary>
    public long OutOfOrderRows { get; private set; }

    /// <summary>Adds one transaction.</summary>
    /// <exception cref="ArgumentException">The id is empty or the amount is not finite.</exception>
    public void Add(in Transaction transaction) => Add(transaction.CustomerId, transaction.Date, transaction.Amount);

    /// <summary>Adds one purchase.</summary>
    /// <exception cref="ArgumentException">The id is empty or the amount is not finite.</exception>
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

        if (!_index.TryGetValue(customerId, out int c))
        {
            c = NewCustomer(customerId, day);
        }

        bool newDay = day != _latestAdded[c] || _purchaseDays[c] == 0;
        if (newDay)
        {
            if (day < _latestAdded[c])
            {
                OutOfOrderRows++;
            }
            else
            {
                _latestAdded[c] = day;
            }

            _purchaseDays[c]++;
            _first[c] = Math.Min(_first[c], day);
            _last[c] = Math.Max(_last[c], day);
        }

        _spend[c] += amount;
        if (day >= _recentStart)
        {
            _recentSpend[c] += amount;
            _recentDays[c] += newDay ? 1 : 0;
        }
        else if (day >= _previousStart)
        {
            _previousSpend[c] += amount;
            _previousDays[c] += newDay ? 1 : 0;
        }
    }

    /// <summary>The signals of every customer seen, in order of first appearance.</summary>
    public ChurnSignalTable ToTable()
    {
        int n = _count;
        var days = new double[n];
        var gap = new double[n];
        var first = new DateOnly[n];
        var last = new DateOnly[n];
        var purchaseDays = new int[n];
        for (int c = 0; c < n; c++)
        {
            days[c] = _asOf - _last[c];
            gap[c] = _purchaseDays[c] > 1 && _last[c] > _first[c] ? (_last[c] - _first[c]) / (double)(_purchaseDays[c] - 1) : double.NaN;
            first[c] = DateOnly.FromDayNumber(_first[c]);
            last[c] = DateOnly.FromDayNumber(_last[c]);
            purchaseDays[c] = _purchaseDays[c];
        }

        return new ChurnSignalTable(
            Options, _ids.AsSpan(0, n).ToArray(), first, last, purchaseDays, days, gap, _spend.AsSpan(0, n).ToArray(),
            ToDouble(_previousDays, n), ToDouble(_recentDays, n), _previousSpend.AsSpan(0, n).ToArray(), _recentSpend.AsSpan(0, n).ToArray());
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

    private static double[] ToDouble(int[] values, int n)
    {
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    private int NewCustomer(string id, int day)
    {
        if (_count == _ids.Length)
        {
            int size = _count * 2;
            Array.Resize(ref _ids, size);
            Array.Resize(ref _first, size);
            Array.Resize(ref _last, size);
            Array.Resize(ref _latestAdded, size);
            Array.Resize(ref _purchaseDays, size);
            Array.Resize(ref _previousDays, size);
            Array.Resize(ref _recentDays, size);
            Array.Resize(ref _spend, size);
            Array.Resize(ref _previousSpend, size);
            Array.Resize(ref _recentSpend, size);
        }

        int c = _count++;
        _index.Add(id, c);
        _ids[c] = id;
        _first[c] = day;
        _last[c] = day;
        _latestAdded[c] = day;
        return c;
    }
}
