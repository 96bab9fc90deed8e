using System.Runtime.InteropServices;
using CustomerValue.Transactions;

namespace CustomerValue.Summaries;

/// <summary>
/// Builds customer summaries from transactions, one at a time, and merges with other accumulators: summarise disjoint
/// chunks of a log anywhere (other threads, other machines, another engine), merge the partial results, and the
/// outcome equals, exactly, the summary of the whole log in one pass.
/// </summary>
/// <remarks>
/// <para><b>What it keeps.</b> Per customer: the sorted set of distinct purchase days, the spend on the first day,
/// calibration and holdout spend and transaction counts. Memory grows with customers × distinct purchase days,
/// never with rows (duplicate rows and same-day rows cost nothing).</para>
/// <para><b>Exact merging.</b> Amounts are added as whole multiples of 1e-9 in an <see cref="Int128"/> (each amount
/// rounded to 9 decimals, so currency amounts are exact): integer addition is associative, so the sum does not depend
/// on how the log was split or ordered. Customers come out ordered by id (numerically when both ids are whole numbers, otherwise ordinally),
/// so the output does not depend on input order either.</para>
/// <para>Not thread-safe: give each thread its own accumulator and <see cref="Merge"/> them.</para>
/// </remarks>
public sealed class SummaryAccumulator
{
    private const double FixedScale = 1e9; // amounts are kept in units of 1e-9

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly int _calibrationEndDay;
    private readonly int _observationEndDay;
    private string[] _ids = new string[16];
    private int[] _firstDay = new int[16];
    private Int128[] _firstDaySpend = new Int128[16];
    private Int128[] _calibrationSpend = new Int128[16];
    private Int128[] _holdoutSpend = new Int128[16];
    private int[] _calibrationRows = new int[16];
    private int[] _holdoutRows = new int[16];
    private int[] _dayOffset = new int[16];
    private int[] _dayCount = new int[16];
    private int[] _dayCapacity = new int[16];
    private int[] _days = new int[64];
    private int _daysUsed;
    private int _count;

    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="options">The window and time unit.</param>
    public SummaryAccumulator(SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _calibrationEndDay = options.CalibrationEnd.DayNumber;
        _observationEndDay = options.ObservationEnd.DayNumber;
    }

    /// <summary>The window and time unit.</summary>
    public SummaryOptions Options { get; }

    /// <summary>Customers seen so far (including those first seen in the holdout).</summary>
    public int CustomerCount => _count;

    /// <summary>Adds one valid transaction.</summary>
    /// <exception cref="ArgumentException">The id is empty, the amount is not finite, or the date is after the end of observation.</exception>
    public void Add(in Transaction transaction) => Add(transaction.CustomerId, transaction.Date, transaction.Amount);

    /// <summary>Adds one valid purchase.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="date">The purchase date.</param>
    /// <param name="amount">The amount (finite).</param>
    /// <exception cref="ArgumentException">The id is empty, the amount is not finite, or the date is after the end of observation.</exception>
    public void Add(string customerId, DateOnly date, double amount)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        if (!double.IsFinite(amount))
        {
            throw new ArgumentException($"Customer '{customerId}', {date:yyyy-MM-dd}: the amount must be finite.", nameof(amount));
        }

        int day = date.DayNumber;
        if (day > _observationEndDay)
        {
            throw new ArgumentException($"Customer '{customerId}': the date {date:yyyy-MM-dd} is after the end of observation {Options.ObservationEnd:yyyy-MM-dd}.", nameof(date));
        }

        int c = IndexOf(customerId);
        AddCore(c, day, ToFixed(amount), day <= _calibrationEndDay ? 1 : 0, day <= _calibrationEndDay ? 0 : 1);
    }

    /// <summary>Adds a purchase already checked by the caller (non-empty id, finite amount, day within observation), looking the id up without allocating.</summary>
    internal void AddTrusted(ReadOnlySpan<char> customerId, int day, double amount)
    {
        System.Diagnostics.Debug.Assert(!customerId.IsEmpty && double.IsFinite(amount) && day <= _observationEndDay);
        var lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        int c = lookup.TryGetValue(customerId, out int found) ? found : IndexOf(customerId.ToString());
        AddCore(c, day, ToFixed(amount), day <= _calibrationEndDay ? 1 : 0, day <= _calibrationEndDay ? 0 : 1);
    }

    /// <summary>
    /// Adds an in-memory log, checking every transaction like the CSV reader does (non-finite or negative amounts,
    /// dates after the end of observation); positions in error messages are 1-based.
    /// </summary>
    /// <param name="transactions">The log.</param>
    /// <param name="report">Counts accepted and rejected transactions; under fail-fast it throws at the first bad one.</param>
    /// <param name="allowReturns">Accept negative amounts.</param>
    /// <exception cref="TransactionLogException">A bad transaction under fail-fast.</exception>
    public void AddRange(IEnumerable<Transaction> transactions, IngestReportBuilder report, bool allowReturns = false)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(report);
        long position = 0;
        foreach (var t in transactions)
        {
            position++;
            RejectedRow? rejected = string.IsNullOrEmpty(t.CustomerId)
                ? new RejectedRow(position, "customer_id", RejectReason.MissingField, "the customer id is empty")
                : TransactionRules.Check(position, t.Timestamp, t.Amount, allowReturns, Options.ObservationEnd, "date", "amount");
            if (rejected is null)
            {
                Add(t);
                report.Accept();
            }
            else
            {
                report.Reject(rejected);
            }
        }
    }

    /// <summary>
    /// Adds everything another accumulator holds. The two must have the same options. Afterwards this accumulator
    /// holds the summary of the union of both logs; <paramref name="other"/> is unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The options differ.</exception>
    public void Merge(SummaryAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Options != Options)
        {
            throw new ArgumentException("Only accumulators with the same calibration end, holdout end and time unit can be merged.", nameof(other));
        }

        for (int o = 0; o < other._count; o++)
        {
            int c = IndexOf(other._ids[o]);
            bool isNew = _calibrationRows[c] == 0 && _holdoutRows[c] == 0;
            foreach (int day in other._days.AsSpan(other._dayOffset[o], other._dayCount[o]))
            {
                InsertDay(c, day);
            }

            int otherFirst = other._firstDay[o];
            if (isNew || otherFirst < _firstDay[c])
            {
                _firstDay[c] = otherFirst;
                _firstDaySpend[c] = other._firstDaySpend[o];
            }
            else if (otherFirst == _firstDay[c])
            {
                _firstDaySpend[c] += other._firstDaySpend[o];
            }

            _calibrationSpend[c] += other._calibrationSpend[o];
            _holdoutSpend[c] += other._holdoutSpend[o];
            _calibrationRows[c] += other._calibrationRows[o];
            _holdoutRows[c] += other._holdoutRows[o];
        }
    }

    /// <summary>Builds the summaries of every customer with a calibration purchase, ordered by customer id.</summary>
    public CustomerSummaries ToSummaries()
    {
        var order = new int[_count];
        int kept = 0;
        for (int c = 0; c < _count; c++)
        {
            if (_calibrationRows[c] > 0)
            {
                order[kept++] = c;
            }
        }

        Array.Resize(ref order, kept);
        var keys = new string[kept];
        for (int k = 0; k < kept; k++)
        {
            keys[k] = _ids[order[k]];
        }

        Array.Sort(keys, order, CustomerIdComparer.Instance);

        var unit = Options.TimeUnit;
        double daysPerUnit = unit.DaysPerUnit();
        bool holdout = Options.HoldoutEnd is not null;
        var frequency = new double[kept];
        var recency = new double[kept];
        var age = new double[kept];
        var monetary = new double[kept];
        var total = new double[kept];
        var rows = new int[kept];
        var first = new DateOnly[kept];
        var last = new DateOnly[kept];
        var frequencyHoldout = holdout ? new double[kept] : null;
        var monetaryHoldout = holdout ? new double[kept] : null;
        for (int k = 0; k < kept; k++)
        {
            int c = order[k];
            var days = _days.AsSpan(_dayOffset[c], _dayCount[c]);
            int calibrationDays = CountAtMost(days, _calibrationEndDay);
            int firstDay = days[0];
            int lastDay = days[calibrationDays - 1];
            int x = calibrationDays - 1;
            frequency[k] = x;
            recency[k] = (lastDay - firstDay) / daysPerUnit;
            age[k] = (_calibrationEndDay - firstDay) / daysPerUnit;
            monetary[k] = x > 0 ? FromFixed(_calibrationSpend[c] - _firstDaySpend[c]) / x : 0.0;
            total[k] = FromFixed(_calibrationSpend[c]);
            rows[k] = _calibrationRows[c];
            first[k] = DateOnly.FromDayNumber(firstDay);
            last[k] = DateOnly.FromDayNumber(lastDay);
            if (holdout)
            {
                int holdoutDays = days.Length - calibrationDays;
                frequencyHoldout![k] = holdoutDays;
                monetaryHoldout![k] = holdoutDays > 0 ? FromFixed(_holdoutSpend[c]) / holdoutDays : 0.0;
            }
        }

        return new CustomerSummaries(unit, Options.CalibrationEnd, Options.HoldoutEnd, keys, frequency, recency, age, monetary,
            total, rows, first, last, frequencyHoldout, monetaryHoldout, _count - kept);
    }

    /// <summary>Summarises a whole in-memory log in one call.</summary>
    /// <exception cref="TransactionLogException">A bad transaction under fail-fast.</exception>
    public static CustomerSummaries Summarize(IEnumerable<Transaction> transactions, SummaryOptions options, IngestReportBuilder? report = null)
    {
        var accumulator = new SummaryAccumulator(options);
        accumulator.AddRange(transactions, report ?? new IngestReportBuilder());
        return accumulator.ToSummaries();
    }

    /// <summary>
    /// Summarises an in-memory log on several threads: contiguous chunks are summarised by their own accumulators and
    /// merged, which gives exactly the single-threaded result. Bad transactions are reported in position order.
    /// </summary>
    /// <param name="transactions">The log.</param>
    /// <param name="options">The window and time unit.</param>
    /// <param name="degreeOfParallelism">Threads to use (1 or more).</param>
    /// <param name="report">Receives accepted and rejected counts; under fail-fast it throws for the first bad transaction by position.</param>
    /// <param name="allowReturns">Accept negative amounts.</param>
    /// <exception cref="TransactionLogException">A bad transaction under fail-fast.</exception>
    public static CustomerSummaries Summarize(ReadOnlyMemory<Transaction> transactions, SummaryOptions options, int degreeOfParallelism, IngestReportBuilder? report = null, bool allowReturns = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(degreeOfParallelism, 1);
        report ??= new IngestReportBuilder();
        int parts = Math.Max(1, Math.Min(degreeOfParallelism, transactions.Length / 65536));
        var accumulators = new SummaryAccumulator[parts];
        var rejections = new List<RejectedRow>[parts];
        var accepted = new long[parts];
        System.Threading.Tasks.Parallel.For(0, parts, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            int start = (int)((long)transactions.Length * p / parts);
            int end = (int)((long)transactions.Length * (p + 1) / parts);
            var accumulator = new SummaryAccumulator(options);
            var rejected = new List<RejectedRow>();
            var rows = transactions.Span;
            for (int i = start; i < end; i++)
            {
                ref readonly var t = ref rows[i];
                RejectedRow? bad = string.IsNullOrEmpty(t.CustomerId)
                    ? new RejectedRow(i + 1, "customer_id", RejectReason.MissingField, "the customer id is empty")
                    : TransactionRules.Check(i + 1, t.Timestamp, t.Amount, allowReturns, options.ObservationEnd, "date", "amount");
                if (bad is null)
                {
                    accumulator.AddTrusted(t.CustomerId, DateOnly.FromDateTime(t.Timestamp).DayNumber, t.Amount);
                    accepted[p]++;
                }
                else
                {
                    rejected.Add(bad);
                }
            }

            accumulators[p] = accumulator;
            rejections[p] = rejected;
        });

        for (int p = 0; p < parts; p++)
        {
            report.AcceptMany(accepted[p]);
            foreach (var row in rejections[p])
            {
                report.Reject(row);
            }
        }

        return MergeAll(accumulators).ToSummaries();
    }

    /// <summary>Merges accumulators pairwise (in parallel where there are several) and returns the one holding everything.</summary>
    internal static SummaryAccumulator MergeAll(SummaryAccumulator[] accumulators)
    {
        var level = accumulators;
        while (level.Length > 1)
        {
            var next = new SummaryAccumulator[(level.Length + 1) / 2];
            var current = level;
            System.Threading.Tasks.Parallel.For(0, next.Length, i =>
            {
                var target = current[2 * i];
                if (2 * i + 1 < current.Length)
                {
                    target.Merge(current[2 * i + 1]);
                }

                next[i] = target;
            });
            level = next;
        }

        return level[0];
    }

    private static int CountAtMost(ReadOnlySpan<int> sortedDays, int limit)
    {
        int i = sortedDays.BinarySearch(limit);
        return i >= 0 ? i + 1 : ~i;
    }

    private static Int128 ToFixed(double amount) => (Int128)Math.Round(amount * FixedScale);

    private static double FromFixed(Int128 value) => (double)value / FixedScale;

    private void AddCore(int c, int day, Int128 amount, int calibrationRows, int holdoutRows)
    {
        bool isNew = _calibrationRows[c] == 0 && _holdoutRows[c] == 0;
        InsertDay(c, day);
        if (isNew || day < _firstDay[c])
        {
            _firstDay[c] = day;
            _firstDaySpend[c] = amount;
        }
        else if (day == _firstDay[c])
        {
            _firstDaySpend[c] += amount;
        }

        if (calibrationRows > 0)
        {
            _calibrationSpend[c] += amount;
        }
        else
        {
            _holdoutSpend[c] += amount;
        }

        _calibrationRows[c] += calibrationRows;
        _holdoutRows[c] += holdoutRows;
    }

    private int IndexOf(string customerId)
    {
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, customerId, out bool exists);
        if (exists)
        {
            return slot;
        }

        if (_count == _ids.Length)
        {
            Grow();
        }

        int c = _count++;
        slot = c;
        _ids[c] = customerId;
        _dayOffset[c] = Reserve(2);
        _dayCapacity[c] = 2;
        return c;
    }

    private void InsertDay(int c, int day)
    {
        int offset = _dayOffset[c];
        int count = _dayCount[c];
        var days = _days.AsSpan(offset, count);
        int position;
        if (count == 0 || day > days[count - 1])
        {
            position = count;
        }
        else
        {
            position = days.BinarySearch(day);
            if (position >= 0)
            {
                return;
            }

            position = ~position;
        }

        if (count == _dayCapacity[c])
        {
            int capacity = count * 2;
            int newOffset = Reserve(capacity);
            Array.Copy(_days, offset, _days, newOffset, count);
            _dayOffset[c] = offset = newOffset;
            _dayCapacity[c] = capacity;
        }

        if (position < count)
        {
            Array.Copy(_days, offset + position, _days, offset + position + 1, count - position);
        }

        _days[offset + position] = day;
        _dayCount[c] = count + 1;
    }

    private int Reserve(int length)
    {
        if (_daysUsed + length > _days.Length)
        {
            Array.Resize(ref _days, Math.Max(_days.Length * 2, _daysUsed + length));
        }

        int offset = _daysUsed;
        _daysUsed += length;
        return offset;
    }

    private void Grow()
    {
        int n = _ids.Length * 2;
        Array.Resize(ref _ids, n);
        Array.Resize(ref _firstDay, n);
        Array.Resize(ref _firstDaySpend, n);
        Array.Resize(ref _calibrationSpend, n);
        Array.Resize(ref _holdoutSpend, n);
        Array.Resize(ref _calibrationRows, n);
        Array.Resize(ref _holdoutRows, n);
        Array.Resize(ref _dayOffset, n);
        Array.Resize(ref _dayCount, n);
        Array.Resize(ref _dayCapacity, n);
    }
}

/// <summary>Orders customer ids: numerically when both are whole numbers (digits only), otherwise ordinally; numbers first.</summary>
internal sealed class CustomerIdComparer : IComparer<string>
{
    public static readonly CustomerIdComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        bool xd = IsDigits(x);
        bool yd = IsDigits(y);
        if (xd && yd)
        {
            var xs = x.AsSpan().TrimStart('0');
            var ys = y.AsSpan().TrimStart('0');
            int byLength = xs.Length.CompareTo(ys.Length);
            if (byLength != 0)
            {
                return byLength;
            }

            int byDigits = xs.SequenceCompareTo(ys);
            return byDigits != 0 ? byDigits : string.CompareOrdinal(x, y);
        }

        if (xd != yd)
        {
            return xd ? -1 : 1;
        }

        return string.CompareOrdinal(x, y);
    }

    private static bool IsDigits(string s)
    {
        if (s.Length == 0)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
