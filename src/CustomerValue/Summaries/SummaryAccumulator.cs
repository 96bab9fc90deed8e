using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CustomerValue.Transactions;

namespace CustomerValue.Summaries;

/// <summary>
/// Builds customer summaries from transactions, one at a time, and merges with other accumulators: summarise disjoint
/// chunks of a log anywhere (other threads, other machines, another engine), merge the partial results, and the
/// outcome equals, exactly, the summary of the whole log in one pass.
/// </summary>
/// <remarks>
/// <para><b>What it keeps.</b> Per customer 32 bytes (plus 12 with a holdout period, and the table slot): the first and
/// last purchase day, the sorted days between them (only for customers with three or more purchase days), the spend on
/// the first day, calibration (and holdout) spend and row counts. Memory grows with customers and their distinct purchase days, never
/// with rows (duplicate rows and same-day rows cost nothing). Canonical whole-number ids (1 to 18 digits, no leading
/// zero) are kept as numbers, with no string per customer; other ids as strings.</para>
/// <para><b>Exact merging.</b> Amounts are added as whole micro-units (each amount rounded to 6 decimals, so currency
/// amounts are exact) in 128-bit integers (64 bits per customer, the rare carries beyond them kept aside), so no
/// customer's total can overflow: integer addition is associative, so
/// the sum does not depend on how the log was split or ordered. Customers come out ordered by id (numerically when both
/// ids are whole numbers, otherwise ordinally), so the output does not depend on input order either.</para>
/// <para><b>Returns</b> (negative amounts, when the reader allows them) are netted with the same customer's purchases
/// on the same day; a day with only returns is not a purchase occasion.</para>
/// <para>Not thread-safe: give each thread its own accumulator and <see cref="Merge"/> them.</para>
/// </remarks>
public sealed partial class SummaryAccumulator
{
    private const double FixedScale = 1e6; // amounts are kept as whole micro-units
    private const int SegmentBits = 16;
    private const int SegmentSize = 1 << SegmentBits;
    private const int FirstDaySum = 0;
    private const int CalibrationSum = 1;
    private const int HoldoutSum = 2;

    private NumericIdTable _numeric = new();
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
    private readonly int _calibrationEndDay;
    private readonly int _observationEndDay;
    private CustomerState[][] _segments = new CustomerState[4][];
    private HoldoutState[][]? _holdout;
    private int _count;

    // The high 64 bits of the few sums that left the range of a long, by customer and sum (Key); absent means zero.
    private Dictionary<long, long>? _carries;

    // Days strictly between a customer's first and last purchase day, for customers with three or more.
    private int[] _middlePool = new int[256];
    private int _middleUsed;
    private MiddleList[] _middle = new MiddleList[64];
    private int _middleCount;

    // Returns, kept to net them with the first day's spend once the first day is known for sure.
    private List<ReturnRow>? _returns;

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

    /// <summary>True when every whole-number id sits in the id table's direct pages (for tests of the paged order).</summary>
    internal bool KeepsIdsInPages => _numeric.IsDirect;

    /// <summary>Customers seen so far (including those first seen in the holdout).</summary>
    public int CustomerCount => _count;

    /// <summary>Adds one valid transaction.</summary>
    /// <exception cref="ArgumentException">The id is empty, the amount is not finite or beyond ±9.2e12, or the date is after the end of observation.</exception>
    public void Add(in Transaction transaction) => Add(transaction.CustomerId, transaction.Date, transaction.Amount);

    /// <summary>Adds one valid purchase (or return: a negative amount).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="date">The purchase date.</param>
    /// <param name="amount">The amount (finite, at most ±9.2e12).</param>
    /// <exception cref="ArgumentException">The id is empty, the amount is not finite or beyond ±9.2e12, or the date is after the end of observation.</exception>
    public void Add(string customerId, DateOnly date, double amount)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        if (!double.IsFinite(amount) || Math.Abs(amount) > TransactionRules.MaxAmount)
        {
            throw new ArgumentException($"Customer '{customerId}', {date:yyyy-MM-dd}: the amount must be finite and within ±9.2e12.", nameof(amount));
        }

        int day = date.DayNumber;
        if (day > _observationEndDay)
        {
            throw new ArgumentException($"Customer '{customerId}': the date {date:yyyy-MM-dd} is after the end of observation {Options.ObservationEnd:yyyy-MM-dd}.", nameof(date));
        }

        AddTrusted(customerId.AsSpan(), day, ToFixed(amount));
    }

    /// <summary>Adds a purchase already checked by the caller (non-empty id, amount in range, day within observation), looking the id up without allocating.</summary>
    internal void AddTrusted(ReadOnlySpan<char> customerId, int day, long micros)
    {
        int c = Utf8Values.TryCanonicalId(customerId, out long number) ? IndexOf(number) : IndexOf(customerId);
        AddCore(c, day, micros);
    }

    /// <summary>Adds a purchase of a customer with a canonical whole-number id (checked by the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddTrusted(long customerId, int day, long micros) => AddCore(IndexOf(customerId), day, micros);

    /// <summary>Prefetches the table slot of a numeric id that is about to be added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Prefetch(long customerId) => _numeric.Prefetch(customerId);

    /// <summary>
    /// Adds an in-memory log, checking every transaction like the CSV reader does (empty ids, non-finite, out-of-range or
    /// negative amounts are rejected; dates after the end of observation are counted as a cut-off and left out);
    /// positions in messages are 1-based.
    /// </summary>
    /// <param name="transactions">The log.</param>
    /// <param name="report">Counts accepted, rejected and cut-off transactions; under fail-fast it throws at the first bad one.</param>
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
            var rejected = TransactionRules.Check(position, t.CustomerId, t.Amount, allowReturns);
            if (rejected is not null)
            {
                report.Reject(rejected);
            }
            else if (t.Date.DayNumber > _observationEndDay)
            {
                report.AfterObservationEnd();
            }
            else
            {
                AddTrusted(t.CustomerId.AsSpan(), t.Date.DayNumber, ToFixed(t.Amount));
                report.Accept();
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

        var map = new int[other._count];
        if (other._numeric.Count > 0)
        {
            var keys = new long[other._numeric.Count];
            var indices = new int[keys.Length];
            other._numeric.CopyTo(keys, indices);
            for (int k = 0; k < keys.Length; k++)
            {
                map[indices[k]] = IndexOf(keys[k]);
            }
        }

        foreach (var (id, o) in other._strings)
        {
            map[o] = IndexOf(id.AsSpan());
        }

        var days = new List<int>();
        for (int o = 0; o < other._count; o++)
        {
            int c = map[o];
            ref readonly var theirs = ref other.State(o);
            if (theirs.FirstDay != CustomerState.NoDay)
            {
                days.Clear();
                other.CollectDays(o, days);
                foreach (int day in days)
                {
                    InsertDay(c, day, 0);
                }

                // Their first day's spend counts where that day is (still) this customer's first day.
                ref var first = ref State(c);
                if (first.FirstDay == theirs.FirstDay)
                {
                    AddWide(ref first.FirstDaySpend, c, FirstDaySum, other.Sum(theirs.FirstDaySpend, o, FirstDaySum));
                }
            }

            ref var mine = ref State(c);
            AddWide(ref mine.CalibrationSpend, c, CalibrationSum, other.Sum(theirs.CalibrationSpend, o, CalibrationSum));
            mine.CalibrationRows += theirs.CalibrationRows;
            if (other.HoldoutOf(o) is { Rows: > 0 } theirHoldout)
            {
                ref var myHoldout = ref Holdout(c);
                AddWide(ref myHoldout.Spend, c, HoldoutSum, other.Sum(theirHoldout.Spend, o, HoldoutSum));
                myHoldout.Rows += theirHoldout.Rows;
            }
        }

        if (other._returns is { } returns)
        {
            _returns ??= [];
            foreach (var r in returns)
            {
                _returns.Add(r with { Customer = map[r.Customer] });
            }
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
    public CustomerSummaries ToSummaries() => Combine([this]);

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
    /// customer is split between threads and nothing needs merging): the result equals the single-threaded summary
    /// exactly. Bad transactions are reported in position order; dates after the end of observation are counted as a cut-off.
    /// </summary>
    /// <param name="transactions">The log.</param>
    /// <param name="options">The window and time unit.</param>
    /// <param name="degreeOfParallelism">Threads to use (1 or more).</param>
    /// <param name="report">Receives accepted, rejected and cut-off counts; under fail-fast it throws for the first bad transaction by position.</param>
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
        var afterEnd = new long[parts];
        int observationEnd = options.ObservationEnd.DayNumber;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            var accumulator = new SummaryAccumulator(options);
            var rejected = new List<RejectedRow>();
            var rows = transactions.Span;
            long ok = 0, late = 0;
            for (int i = 0; i < rows.Length; i++)
            {
                ref readonly var t = ref rows[i];
                if (parts > 1 && Partition(t.CustomerId, parts) != p)
                {
                    continue;
                }

                var bad = TransactionRules.Check(i + 1, t.CustomerId, t.Amount, allowReturns);
                if (bad is not null)
                {
                    rejected.Add(bad);
                }
                else if (t.Date.DayNumber > observationEnd)
                {
                    late++;
                }
                else
                {
                    accumulator.AddTrusted(t.CustomerId.AsSpan(), t.Date.DayNumber, ToFixed(t.Amount));
                    ok++;
                }
            }

            accumulators[p] = accumulator;
            rejections[p] = rejected;
            accepted[p] = ok;
            afterEnd[p] = late;
        });

        report.AcceptMany(accepted.Sum());
        report.AfterObservationEnd(afterEnd.Sum());
        foreach (var row in rejections.SelectMany(r => r).OrderBy(r => r.LineNumber))
        {
            report.Reject(row);
        }

        return Combine(accumulators, release: true);
    }

    /// <summary>The partition of a customer id: the same for its numeric and text forms' equal ids, stable across runs.</summary>
    internal static int Partition(string? id, int parts)
    {
        if (string.IsNullOrEmpty(id) || parts == 1)
        {
            return 0;
        }

        return Utf8Values.TryCanonicalId(id.AsSpan(), out long number) ? Partition(number, parts) : Partition(id.AsSpan(), parts);
    }

    /// <summary>
    /// The partition of a numeric id: runs of <see cref="NumericIdTable.PageSize"/> consecutive ids share one, so each
    /// partition's direct pages fill up (a log of few customers with nearby ids uses fewer partitions; that costs little,
    /// as few customers stay in the cache).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Partition(long id, int parts) => (int)((((ulong)(id >> NumericIdTable.PageBits) * 0xD6E8FEB86659FD93UL) >> 32) % (uint)parts);

    /// <summary>The partition of a text id (FNV-1a over the characters).</summary>
    internal static int Partition(ReadOnlySpan<char> id, int parts)
    {
        uint hash = 2166136261;
        foreach (char ch in id)
        {
            hash = (hash ^ ch) * 16777619;
        }

        return (int)(hash % (uint)parts);
    }

    /// <summary>Rounds an amount to whole micro-units (the caller has checked |amount| ≤ 9.2e12).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long ToFixed(double amount) => (long)Math.Round(amount * FixedScale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddCore(int c, int day, long micros)
    {
        if (day <= _calibrationEndDay)
        {
            ref var state = ref State(c);
            AddSum(ref state.CalibrationSpend, c, CalibrationSum, micros);
            state.CalibrationRows++;
        }
        else
        {
            ref var holdout = ref Holdout(c);
            AddSum(ref holdout.Spend, c, HoldoutSum, micros);
            holdout.Rows++;
        }

        if (micros >= 0)
        {
            InsertDay(c, day, micros);
        }
        else
        {
            (_returns ??= []).Add(new ReturnRow(c, day, micros));
        }
    }

    /// <summary>The index of a numeric id, added when new: for callers that look ids up ahead of <see cref="AddCore"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int IndexOfNumber(long id) => IndexOf(id);

    /// <summary>Prefetches the state of customer <paramref name="c"/> (a hint; does nothing where not supported).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal unsafe void PrefetchState(int c)
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref State(c)));
        }
    }

    /// <summary>
    /// Prefetches customer <paramref name="c"/>'s entry in the list of middle days (its state must already be in the
    /// cache, from <see cref="PrefetchState"/> some rows earlier): the next level of a customer with three or more days.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal unsafe void PrefetchMiddle(int c)
    {
        int m = State(c).Middle;
        if (m >= 0 && System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref _middle[m]));
        }
    }

    /// <summary>Prefetches the end of customer <paramref name="c"/>'s middle days, where a later day goes (after <see cref="PrefetchMiddle"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal unsafe void PrefetchMiddleDays(int c)
    {
        int m = State(c).Middle;
        if (m >= 0 && System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            ref readonly var list = ref _middle[m];
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref _middlePool[list.Offset + Math.Max(0, list.Count - 1)]));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref CustomerState State(int c) => ref _segments[c >> SegmentBits][c & (SegmentSize - 1)];

    private ref HoldoutState Holdout(int c)
    {
        _holdout ??= new HoldoutState[_segments.Length][];
        int segment = c >> SegmentBits;
        if (segment >= _holdout.Length)
        {
            Array.Resize(ref _holdout, _segments.Length);
        }

        return ref (_holdout[segment] ??= new HoldoutState[SegmentSize])[c & (SegmentSize - 1)];
    }

    /// <summary>Customer <paramref name="c"/>'s holdout totals without allocating (zero when there are none): safe for concurrent readers.</summary>
    private HoldoutState HoldoutOf(int c)
    {
        int segment = c >> SegmentBits;
        return _holdout is { } holdout && segment < holdout.Length && holdout[segment] is { } part ? part[c & (SegmentSize - 1)] : default;
    }

    private static long Key(int c, int sum) => ((long)c << 2) | (uint)sum;

    /// <summary>Adds <paramref name="value"/> to one of customer <paramref name="c"/>'s sums, carrying into the side table when the long wraps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddSum(ref long sum, int c, int which, long value)
    {
        long result = unchecked(sum + value);
        if (((sum ^ result) & (value ^ result)) < 0)
        {
            Carry(c, which, value < 0 ? -1 : 1);
        }

        sum = result;
    }

    private void AddWide(ref long sum, int c, int which, Int128 value)
    {
        long low = unchecked((long)value);
        long high = (long)((value - low) >> 64);
        AddSum(ref sum, c, which, low);
        if (high != 0)
        {
            Carry(c, which, high);
        }
    }

    private void SetSum(ref long sum, int c, int which, long value)
    {
        sum = value;
        _carries?.Remove(Key(c, which));
    }

    private void Carry(int c, int which, long high)
    {
        _carries ??= [];
        long key = Key(c, which);
        long total = _carries.GetValueOrDefault(key) + high;
        if (total == 0)
        {
            _carries.Remove(key);
        }
        else
        {
            _carries[key] = total;
        }
    }

    /// <summary>The exact value of one of customer <paramref name="c"/>'s sums whose low 64 bits are <paramref name="low"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Int128 Sum(long low, int c, int which) =>
        _carries is { } carries && carries.TryGetValue(Key(c, which), out long high) ? low + ((Int128)high << 64) : low;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int IndexOf(long id)
    {
        int c = _numeric.GetOrAdd(id, _count, out bool added);
        if (added)
        {
            NewCustomer();
        }

        return c;
    }

    private int IndexOf(ReadOnlySpan<char> id)
    {
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(id, out int found))
        {
            return found;
        }

        int c = _count;
        _strings.Add(id.ToString(), c);
        NewCustomer();
        return c;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void NewCustomer()
    {
        int c = _count++;
        int segment = c >> SegmentBits;
        if (segment == _segments.Length)
        {
            Array.Resize(ref _segments, _segments.Length * 2);
        }

        _segments[segment] ??= new CustomerState[SegmentSize];
        ref var s = ref _segments[segment][c & (SegmentSize - 1)];
        s.Middle = -1;
        s.FirstDay = CustomerState.NoDay;
    }

    /// <summary>Records a purchase day (and its spend when it is, or becomes, the first day).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void InsertDay(int c, int day, long spend)
    {
        ref var s = ref State(c);
        if (s.FirstDay == CustomerState.NoDay)
        {
            s.FirstDay = s.LastDay = day;
            SetSum(ref s.FirstDaySpend, c, FirstDaySum, spend);
        }
        else if (day == s.FirstDay)
        {
            AddSum(ref s.FirstDaySpend, c, FirstDaySum, spend);
        }
        else if (day == s.LastDay)
        {
            return;
        }
        else if (day > s.LastDay)
        {
            if (s.LastDay != s.FirstDay)
            {
                AppendMiddle(ref s, s.LastDay);
            }

            s.LastDay = day;
        }
        else if (day < s.FirstDay)
        {
            if (s.LastDay != s.FirstDay)
            {
                InsertMiddle(ref s, s.FirstDay);
            }

            s.FirstDay = day;
            SetSum(ref s.FirstDaySpend, c, FirstDaySum, spend);
        }
        else
        {
            InsertMiddle(ref s, day);
        }
    }

    /// <summary>The distinct purchase days of a customer.</summary>
    private int Days(in CustomerState s) =>
        s.FirstDay == CustomerState.NoDay ? 0 : s.LastDay == s.FirstDay ? 1 : 2 + (s.Middle < 0 ? 0 : _middle[s.Middle].Count);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AppendMiddle(ref CustomerState s, int day)
    {
        if (s.Middle < 0)
        {
            s.Middle = NewMiddle();
        }

        ref var list = ref _middle[s.Middle];
        if (list.Count == list.Capacity)
        {
            Relocate(ref list);
        }

        _middlePool[list.Offset + list.Count++] = day;
    }

    /// <summary>Inserts a day into the sorted middle list; false when it is there already.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool InsertMiddle(ref CustomerState s, int day)
    {
        if (s.Middle < 0)
        {
            s.Middle = NewMiddle();
        }

        ref var list = ref _middle[s.Middle];
        var span = _middlePool.AsSpan(list.Offset, list.Count);
        int at = span.BinarySearch(day);
        if (at >= 0)
        {
            return false;
        }

        at = ~at;
        if (list.Count == list.Capacity)
        {
            Relocate(ref list);
        }

        // A few days each: a loop, not a call to the general copy.
        var all = _middlePool.AsSpan(list.Offset, list.Count + 1);
        for (int k = list.Count; k > at; k--)
        {
            all[k] = all[k - 1];
        }

        all[at] = day;
        list.Count++;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int NewMiddle()
    {
        if (_middleCount == _middle.Length)
        {
            Array.Resize(ref _middle, _middle.Length * 2);
        }

        int m = _middleCount++;
        _middle[m] = new MiddleList { Offset = Reserve(2), Capacity = 2 };
        return m;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Relocate(ref MiddleList list)
    {
        int capacity = list.Capacity * 2;
        int offset = Reserve(capacity);
        var pool = _middlePool;
        for (int k = 0; k < list.Count; k++)
        {
            pool[offset + k] = pool[list.Offset + k];
        }

        list.Offset = offset;
        list.Capacity = capacity;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Reserve(int length)
    {
        if (_middleUsed + length > _middlePool.Length)
        {
            Array.Resize(ref _middlePool, Math.Max(_middlePool.Length * 2, _middleUsed + length));
        }

        int offset = _middleUsed;
        _middleUsed += length;
        return offset;
    }

    /// <summary>All distinct purchase days of customer <paramref name="c"/>, ascending.</summary>
    private void CollectDays(int c, List<int> days)
    {
        ref readonly var s = ref State(c);
        days.Add(s.FirstDay);
        if (s.Middle >= 0)
        {
            var list = _middle[s.Middle];
            foreach (int d in _middlePool.AsSpan(list.Offset, list.Count))
            {
                days.Add(d);
            }
        }

        if (s.LastDay != s.FirstDay)
        {
            days.Add(s.LastDay);
        }
    }

    /// <summary>Nets returns on the first purchase day into that day's spend, now that the first day is final.</summary>
    private void NetReturns()
    {
        if (_returns is { } returns)
        {
            foreach (var r in returns)
            {
                ref var s = ref State(r.Customer);
                if (s.FirstDay != CustomerState.NoDay && r.Day == s.FirstDay)
                {
                    AddSum(ref s.FirstDaySpend, r.Customer, FirstDaySum, r.Micros);
                }
            }

            _returns = null;
        }
    }

    /// <summary>Why customer <paramref name="c"/> is left out of the summaries: 0 it is not, 1 no purchase day (only returns), 2 first seen in the holdout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Exclusion(int c)
    {
        int first = State(c).FirstDay;
        return first == CustomerState.NoDay ? 1 : first > _calibrationEndDay ? 2 : 0;
    }

    private SortedPart SortedCustomers(bool release)
    {
        NetReturns();
        int withoutPurchases = 0, inHoldout = 0;
        bool Keep(int c)
        {
            switch (Exclusion(c))
            {
                case 0:
                    return true;
                case 1:
                    withoutPurchases++;
                    return false;
                default:
                    inHoldout++;
                    return false;
            }
        }

        var numbers = new long[_numeric.Count];
        var numberIndex = new int[numbers.Length];
        _numeric.CopyTo(numbers, numberIndex);
        if (release)
        {
            _numeric = new NumericIdTable();
        }

        int n = 0;
        for (int i = 0; i < numbers.Length; i++)
        {
            if (Keep(numberIndex[i]))
            {
                numbers[n] = numbers[i];
                numberIndex[n++] = numberIndex[i];
            }
        }

        Array.Resize(ref numbers, n);
        Array.Resize(ref numberIndex, n);
        var strings = new List<string>();
        var stringIndex = new List<int>();
        foreach (var (id, c) in _strings)
        {
            if (Keep(c))
            {
                strings.Add(id);
                stringIndex.Add(c);
            }
        }

        if (strings.Count == 0)
        {
            RadixSort.Sort(numbers, numberIndex);
            return new SortedPart(numbers, numberIndex, [], [], withoutPurchases, inHoldout);
        }

        // Text ids present: every id as text, in the comparer's order (digit strings such as "007" sort among the numbers).
        for (int i = 0; i < n; i++)
        {
            strings.Add(numbers[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
            stringIndex.Add(numberIndex[i]);
        }

        var s1 = strings.ToArray();
        var i1 = stringIndex.ToArray();
        CustomerIdComparer.Sort(s1, i1);
        return new SortedPart([], [], s1, i1, withoutPurchases, inHoldout);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fill(int c, int k, double daysPerUnit, double[] frequency, double[] recency, double[] age, double[] monetary,
        double[] total, int[] rows, DateOnly[] first, DateOnly[] last, double[]? frequencyHoldout, double[]? monetaryHoldout)
    {
        ref readonly var s = ref State(c);
        int calibrationDays, lastCalibrationDay;
        if (s.LastDay <= _calibrationEndDay)
        {
            calibrationDays = Days(s);
            lastCalibrationDay = s.LastDay;
        }
        else
        {
            calibrationDays = 1;
            lastCalibrationDay = s.FirstDay;
            if (s.Middle >= 0)
            {
                var list = _middle[s.Middle];
                var middle = _middlePool.AsSpan(list.Offset, list.Count);
                int inside = CountAtMost(middle, _calibrationEndDay);
                calibrationDays += inside;
                if (inside > 0)
                {
                    lastCalibrationDay = middle[inside - 1];
                }
            }
        }

        int x = calibrationDays - 1;
        frequency[k] = x;
        recency[k] = (lastCalibrationDay - s.FirstDay) / daysPerUnit;
        age[k] = (_calibrationEndDay - s.FirstDay) / daysPerUnit;
        Int128 calibrationSpend = Sum(s.CalibrationSpend, c, CalibrationSum);
        monetary[k] = x > 0 ? (double)(calibrationSpend - Sum(s.FirstDaySpend, c, FirstDaySum)) / FixedScale / x : 0.0;
        total[k] = (double)calibrationSpend / FixedScale;
        rows[k] = s.CalibrationRows;
        first[k] = DateOnly.FromDayNumber(s.FirstDay);
        last[k] = DateOnly.FromDayNumber(lastCalibrationDay);
        if (frequencyHoldout is not null)
        {
            int holdoutDays = Days(s) - calibrationDays;
            frequencyHoldout[k] = holdoutDays;
            monetaryHoldout![k] = holdoutDays > 0 ? (double)Sum(HoldoutOf(c).Spend, c, HoldoutSum) / FixedScale / holdoutDays : 0.0;
        }
    }

    private static int CountAtMost(ReadOnlySpan<int> sortedDays, int limit)
    {
        int lo = 0, hi = sortedDays.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (sortedDays[mid] <= limit)
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

    private struct MiddleList
    {
        public int Offset;
        public int Count;
        public int Capacity;
    }

    private readonly record struct ReturnRow(int Customer, int Day, long Micros);

    /// <summary>One accumulator's kept customers in id order: numeric ids, then text ids.</summary>
    private sealed class SortedPart(long[] numbers, int[] numberIndex, string[] strings, int[] stringIndex, int withoutPurchases, int firstSeenInHoldout)
    {
        public long[] Numbers { get; } = numbers;

        public string[] Strings { get; } = strings;

        public int Count => Numbers.Length + Strings.Length;

        public int WithoutPurchases { get; } = withoutPurchases;

        public int FirstSeenInHoldout { get; } = firstSeenInHoldout;

        public int Index(int at) => at < Numbers.Length ? numberIndex[at] : stringIndex[at - Numbers.Length];

        public string Id(int at) => at < Numbers.Length ? Numbers[at].ToString(System.Globalization.CultureInfo.InvariantCulture) : Strings[at - Numbers.Length];

        public int Compare(int at, SortedPart other, int otherAt)
        {
            bool mine = at < Numbers.Length, theirs = otherAt < other.Numbers.Length;
            if (mine && theirs)
            {
                return Numbers[at].CompareTo(other.Numbers[otherAt]);
            }

            return CustomerIdComparer.Instance.Compare(Id(at), other.Id(otherAt));
        }
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
