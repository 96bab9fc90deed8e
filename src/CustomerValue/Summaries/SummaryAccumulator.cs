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
/// <para><b>Exact merging.</b> Amounts are added as whole micro-units (each amount rounded to 6 decimals, so currency
/// amounts are exact) in 64-bit integers, with overflow checked (a customer's total may reach ±9.2e12): integer
/// addition is associative, so the sum does not depend on how the log was split or ordered. Customers come out ordered by id (numerically when both ids are whole numbers, otherwise ordinally),
/// so the output does not depend on input order either.</para>
/// <para>Not thread-safe: give each thread its own accumulator and <see cref="Merge"/> them.</para>
/// </remarks>
public sealed class SummaryAccumulator
{
    private const double FixedScale = 1e6; // amounts are kept as whole micro-units

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly int _calibrationEndDay;
    private readonly int _observationEndDay;
    private string[] _ids = new string[16];
    private CustomerState[] _state = new CustomerState[16];
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
            ref readonly var theirs = ref other._state[o];
            foreach (int day in other._days.AsSpan(theirs.DayOffset, theirs.DayCount))
            {
                InsertDay(c, day);
            }

            ref var mine = ref _state[c];
            if (mine.IsEmpty || theirs.FirstDay < mine.FirstDay)
            {
                mine.FirstDay = theirs.FirstDay;
                mine.FirstDaySpend = theirs.FirstDaySpend;
            }
            else if (theirs.FirstDay == mine.FirstDay)
            {
                mine.FirstDaySpend = checked(mine.FirstDaySpend + theirs.FirstDaySpend);
            }

            mine.CalibrationSpend = checked(mine.CalibrationSpend + theirs.CalibrationSpend);
            mine.HoldoutSpend = checked(mine.HoldoutSpend + theirs.HoldoutSpend);
            mine.CalibrationRows += theirs.CalibrationRows;
            mine.HoldoutRows += theirs.HoldoutRows;
        }
    }

    /// <summary>
    /// Merges partial accumulators (for example one per file partition, computed on different workers) into a new one
    /// holding the union of their logs; the parts are unchanged. The result equals the one-pass summary of the whole log
    /// exactly, whatever the split and order.
    /// </summary>
    /// <param name="parts">The partial accumulators, all with the same options (at least one).</param>
    /// <param name="progress">Receives the number of parts merged so far; null for none.</param>
    /// <param name="cancellationToken">Stops between parts.</param>
    /// <exception cref="ArgumentException">There are no parts, or their options differ.</exception>
    /// <exception cref="OperationCanceledException">The merge was cancelled.</exception>
    public static SummaryAccumulator MergeAll(IReadOnlyList<SummaryAccumulator> parts, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("SummaryAccumulator.MergeAll: give at least one partial accumulator.", nameof(parts));
        }

        var result = new SummaryAccumulator(parts[0].Options);
        for (int i = 0; i < parts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Merge(parts[i]);
            progress?.Report(i + 1);
        }

        return result;
    }

    /// <summary>Builds the summaries of every customer with a calibration purchase, ordered by customer id.</summary>
    public CustomerSummaries ToSummaries()
    {
        var order = new int[_count];
        int kept = 0;
        for (int c = 0; c < _count; c++)
        {
            if (_state[c].CalibrationRows > 0)
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

        CustomerIdComparer.Sort(keys, order);

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
            ref readonly var state = ref _state[order[k]];
            var days = _days.AsSpan(state.DayOffset, state.DayCount);
            int calibrationDays = CountAtMost(days, _calibrationEndDay);
            int firstDay = days[0];
            int lastDay = days[calibrationDays - 1];
            int x = calibrationDays - 1;
            frequency[k] = x;
            recency[k] = (lastDay - firstDay) / daysPerUnit;
            age[k] = (_calibrationEndDay - firstDay) / daysPerUnit;
            monetary[k] = x > 0 ? FromFixed(state.CalibrationSpend - state.FirstDaySpend) / x : 0.0;
            total[k] = FromFixed(state.CalibrationSpend);
            rows[k] = state.CalibrationRows;
            first[k] = DateOnly.FromDayNumber(firstDay);
            last[k] = DateOnly.FromDayNumber(lastDay);
            if (holdout)
            {
                int holdoutDays = days.Length - calibrationDays;
                frequencyHoldout![k] = holdoutDays;
                monetaryHoldout![k] = holdoutDays > 0 ? FromFixed(state.HoldoutSpend) / holdoutDays : 0.0;
            }
        }

        return new CustomerSummaries(unit, Options.CalibrationEnd, Options.HoldoutEnd, keys, frequency, recency, age, monetary,
            total, rows, first, last, frequencyHoldout, monetaryHoldout, _count - kept);
    }

    /// <summary>Summarises a whole in-memory log in one call.</summary>
    /// <exception cref="TransactionLogException">A bad transaction under fail-fast.</exception>
    /// <example>
    /// <code>
    /// var options = new SummaryOptions(calibrationEnd: new DateOnly(1997, 9, 30), TimeUnit.Week, holdoutEnd: new DateOnly(1998, 6, 30));
    /// CustomerSummaries summaries = SummaryAccumulator.Summarize(SampleData.CdnowTransactions(), options);
    /// CustomerSummaryRow first = summaries.Row("1");       // frequency 2, recency 30.43, T 38.86 weeks
    /// </code>
    /// </example>
    public static CustomerSummaries Summarize(IEnumerable<Transaction> transactions, SummaryOptions options, IngestReportBuilder? report = null)
    {
        var accumulator = new SummaryAccumulator(options);
        accumulator.AddRange(transactions, report ?? new IngestReportBuilder());
        return accumulator.ToSummaries();
    }

    /// <summary>
    /// Summarises an in-memory log on several threads. Each thread takes the customers whose id hashes to it (so no
    /// customer is split between threads), and the per-thread accumulators are combined: the result equals the
    /// single-threaded summary exactly. Bad transactions are reported in position order.
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
            var accumulator = new SummaryAccumulator(options);
            var rejected = new List<RejectedRow>();
            var rows = transactions.Span;
            long ok = 0;
            for (int i = 0; i < rows.Length; i++)
            {
                ref readonly var t = ref rows[i];
                if (parts > 1 && Partition(t.CustomerId, parts) != p)
                {
                    continue;
                }

                RejectedRow? bad = string.IsNullOrEmpty(t.CustomerId)
                    ? new RejectedRow(i + 1, "customer_id", RejectReason.MissingField, "the customer id is empty")
                    : TransactionRules.Check(i + 1, t.Timestamp, t.Amount, allowReturns, options.ObservationEnd, "date", "amount");
                if (bad is null)
                {
                    accumulator.AddTrusted(t.CustomerId, DateOnly.FromDateTime(t.Timestamp).DayNumber, t.Amount);
                    ok++;
                }
                else
                {
                    rejected.Add(bad);
                }
            }

            accumulators[p] = accumulator;
            rejections[p] = rejected;
            accepted[p] = ok;
        });

        report.AcceptMany(accepted.Sum());
        foreach (var row in rejections.SelectMany(r => r).OrderBy(r => r.LineNumber))
        {
            report.Reject(row);
        }

        return MergeAll(accumulators).ToSummaries();
    }

    /// <summary>A cheap, stable partition of customer ids (FNV-1a over the characters); empty ids go to partition 0.</summary>
    private static int Partition(string? id, int parts)
    {
        if (string.IsNullOrEmpty(id))
        {
            return 0;
        }

        uint hash = 2166136261;
        foreach (char ch in id)
        {
            hash = (hash ^ ch) * 16777619;
        }

        return (int)(hash % (uint)parts);
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

    private static int CountAtMost(ReadOnlySpan<int> sortedDays, int limit) => LowerBound(sortedDays, limit + 1);

    /// <summary>The first position whose value is ≥ <paramref name="value"/> in an ascending span (its length when none is).</summary>
    private static int LowerBound(ReadOnlySpan<int> sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static long ToFixed(double amount)
    {
        double scaled = Math.Round(amount * FixedScale);
        return scaled is >= -9.2e18 and <= 9.2e18
            ? (long)scaled
            : throw new OverflowException($"The amount {amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} is too large (the limit is ±9.2e12).");
    }

    private static double FromFixed(long value) => value / FixedScale;

    private void AddCore(int c, int day, long amount, int calibrationRows, int holdoutRows)
    {
        InsertDay(c, day);
        ref var state = ref _state[c];
        if (state.IsEmpty || day < state.FirstDay)
        {
            state.FirstDay = day;
            state.FirstDaySpend = amount;
        }
        else if (day == state.FirstDay)
        {
            state.FirstDaySpend = checked(state.FirstDaySpend + amount);
        }

        if (calibrationRows > 0)
        {
            state.CalibrationSpend = checked(state.CalibrationSpend + amount);
        }
        else
        {
            state.HoldoutSpend = checked(state.HoldoutSpend + amount);
        }

        state.CalibrationRows += calibrationRows;
        state.HoldoutRows += holdoutRows;
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
        _state[c] = new CustomerState { DayOffset = Reserve(2), DayCapacity = 2 };
        return c;
    }

    private void InsertDay(int c, int day)
    {
        ref var state = ref _state[c];
        int offset = state.DayOffset;
        int count = state.DayCount;
        var days = _days.AsSpan(offset, count);
        int position;
        if (count == 0 || day > days[count - 1])
        {
            position = count;
        }
        else
        {
            position = LowerBound(days, day);
            if (position < count && days[position] == day)
            {
                return;
            }
        }

        if (count == state.DayCapacity)
        {
            int capacity = count * 2;
            int newOffset = Reserve(capacity);
            Array.Copy(_days, offset, _days, newOffset, count);
            state.DayOffset = offset = newOffset;
            state.DayCapacity = capacity;
        }

        if (position < count)
        {
            Array.Copy(_days, offset + position, _days, offset + position + 1, count - position);
        }

        _days[offset + position] = day;
        state.DayCount = count + 1;
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
        Array.Resize(ref _state, n);
    }

    /// <summary>One customer's running totals, kept together so that a row touches one cache line.</summary>
    private struct CustomerState
    {
        public long FirstDaySpend;
        public long CalibrationSpend;
        public long HoldoutSpend;
        public int FirstDay;
        public int DayOffset;
        public int DayCount;
        public int DayCapacity;
        public int CalibrationRows;
        public int HoldoutRows;

        public readonly bool IsEmpty => CalibrationRows == 0 && HoldoutRows == 0;
    }
}

/// <summary>Orders customer ids: numerically when both are whole numbers (digits only), otherwise ordinally; numbers first.</summary>
internal sealed class CustomerIdComparer : IComparer<string>
{
    public static readonly CustomerIdComparer Instance = new();

    /// <summary>Sorts ids (and their items) in this order; whole-number ids of up to 18 digits are sorted by their value without string comparisons.</summary>
    public static void Sort(string[] ids, int[] items)
    {
        var numbers = new long[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            if (!IsDigits(ids[i]) || ids[i].Length > 18 || (ids[i].Length > 1 && ids[i][0] == '0'))
            {
                Array.Sort(ids, items, Instance);
                return;
            }

            numbers[i] = long.Parse(ids[i], System.Globalization.CultureInfo.InvariantCulture);
        }

        var order = new int[ids.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(numbers, order);
        var sortedIds = new string[ids.Length];
        var sortedItems = new int[ids.Length];
        for (int i = 0; i < order.Length; i++)
        {
            sortedIds[i] = ids[order[i]];
            sortedItems[i] = items[order[i]];
        }

        sortedIds.CopyTo(ids, 0);
        sortedItems.CopyTo(items, 0);
    }

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
