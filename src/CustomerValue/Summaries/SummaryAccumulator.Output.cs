using System.Runtime.CompilerServices;

namespace CustomerValue.Summaries;

/// <summary>From accumulators to summaries: the kept customers of every part in id order, then the columns filled on every core.</summary>
public sealed partial class SummaryAccumulator
{
    /// <summary>Customers per chunk of <see cref="CombineChunks"/>: small enough to be a constant next to millions of customers, large enough to format on every core.</summary>
    internal const int OutputChunk = 1 << 18;

    private const int FillRange = 1 << 14;

    /// <summary>
    /// The summaries of accumulators that hold disjoint sets of customers (for example one per hash partition), without
    /// merging them: each part is sorted on its own thread, the parts are interleaved in id order and the columns are
    /// filled on every core.
    /// </summary>
    /// <param name="parts">The accumulators.</param>
    /// <param name="release">Drop each part's id table once its ids are sorted (the parts are not used again): lowers the peak memory of a large summary.</param>
    internal static CustomerSummaries Combine(SummaryAccumulator[] parts, bool release = false)
    {
        var order = MergedOrder.Of(parts, release);
        var columns = new Columns(order.Count, parts[0].Options.HoldoutEnd is not null);
        var numbers = order.Ids is null ? order.AllNumbers ?? new long[order.Count] : null;
        order.Window(parts, 0, order.Count, numbers);
        columns.FillFrom(parts, order, 0, order.Count);
        return columns.ToSummaries(parts[0].Options, numbers is not null ? CustomerIdList.FromNumbers(numbers) : CustomerIdList.FromStrings(order.Ids!), order);
    }

    /// <summary>
    /// As <see cref="Combine"/>, but hands the summaries over in id order a chunk at a time (<see cref="OutputChunk"/>
    /// customers; the column arrays are reused, so <paramref name="write"/> must not keep a chunk): the whole table of
    /// summaries never exists at once, so the peak memory is the accumulators' state and the sorted ids.
    /// </summary>
    /// <param name="parts">The accumulators (disjoint customers).</param>
    /// <param name="write">Receives each chunk, in order; at least one (empty when no customer is kept).</param>
    /// <param name="chunk">Customers per chunk.</param>
    /// <returns>The customers handed over.</returns>
    internal static int CombineChunks(SummaryAccumulator[] parts, Action<CustomerSummaries> write, int chunk = OutputChunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);

        // Collections between the steps pay for themselves only when the steps drop hundreds of megabytes.
        bool collect = parts.Sum(p => (long)p.CustomerCount) >= 4 * OutputChunk;
        if (collect)
        {
            Collect();
        }

        var order = MergedOrder.Of(parts, release: true, collect);
        if (collect)
        {
            Collect();
        }

        bool holdout = parts[0].Options.HoldoutEnd is not null;
        Columns? columns = null;
        long[] numberIds = [];
        for (int start = 0, written = 0; start == 0 || start < order.Count; start += chunk, written++)
        {
            int count = Math.Min(chunk, order.Count - start);
            if (columns is null || columns.Length != count)
            {
                columns = new Columns(count, holdout);
                numberIds = order.Ids is not null ? [] : new long[count];
            }

            order.Window(parts, start, count, order.Ids is null ? numberIds : null);
            columns.FillFrom(parts, order, start, count);
            CustomerIdList ids;
            if (order.Ids is null)
            {
                ids = CustomerIdList.FromNumbers(numberIds);
            }
            else
            {
                ids = CustomerIdList.FromStrings(order.Ids.AsSpan(start, count).ToArray());
            }

            write(columns.ToSummaries(parts[0].Options, ids, order));
            if (collect && written % 4 == 3)
            {
                Collect();
            }
        }

        return order.Count;
    }

    /// <summary>
    /// Gives back the memory of what the finishing steps have just dropped (id tables, sort buffers, written chunks)
    /// before the next step allocates: the few live objects are large arrays without references, so a full collection
    /// takes milliseconds, and the peak stays near the live state instead of growing with garbage the collector has not
    /// yet been asked to reclaim. Used on the path that writes a large summary in chunks (the command line's).
    /// </summary>
    private static void Collect() => GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);

    /// <summary>The output columns of a range of customers.</summary>
    private sealed class Columns
    {
        private readonly double[] _frequency;
        private readonly double[] _recency;
        private readonly double[] _age;
        private readonly double[] _monetary;
        private readonly double[] _total;
        private readonly int[] _rows;
        private readonly DateOnly[] _first;
        private readonly DateOnly[] _last;
        private readonly double[]? _frequencyHoldout;
        private readonly double[]? _monetaryHoldout;

        public Columns(int length, bool holdout)
        {
            Length = length;
            _frequency = new double[length];
            _recency = new double[length];
            _age = new double[length];
            _monetary = new double[length];
            _total = new double[length];
            _rows = new int[length];
            _first = new DateOnly[length];
            _last = new DateOnly[length];
            _frequencyHoldout = holdout ? new double[length] : null;
            _monetaryHoldout = holdout ? new double[length] : null;
        }

        public int Length { get; }

        /// <summary>Fills the columns with the customers at <paramref name="start"/>.. of the order, on every core.</summary>
        public void FillFrom(SummaryAccumulator[] parts, MergedOrder order, int start, int count)
        {
            double daysPerUnit = parts[0].Options.TimeUnit.DaysPerUnit();
            int ranges = (count + FillRange - 1) / FillRange;
            Parallel.For(0, ranges, r => FillCustomers(parts, order, start, start + (r * FillRange), Math.Min(start + count, start + ((r + 1) * FillRange)), daysPerUnit));
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void FillCustomers(SummaryAccumulator[] parts, MergedOrder order, int start, int from, int to, double daysPerUnit)
        {
            const int Ahead = 16;
            for (int k = from; k < Math.Min(to, from + Ahead); k++)
            {
                var (p, c) = order.Customer(k);
                parts[p].PrefetchState(c);
            }

            for (int k = from; k < to; k++)
            {
                if (k + Ahead < to)
                {
                    var (ahead, aheadC) = order.Customer(k + Ahead);
                    parts[ahead].PrefetchState(aheadC);
                }

                if (k + (Ahead / 2) < to)
                {
                    var (middle, middleC) = order.Customer(k + (Ahead / 2));
                    parts[middle].PrefetchMiddle(middleC);
                }

                var (p, c) = order.Customer(k);
                parts[p].Fill(c, k - start, daysPerUnit, _frequency, _recency, _age, _monetary, _total, _rows, _first, _last, _frequencyHoldout, _monetaryHoldout);
            }
        }

        public CustomerSummaries ToSummaries(SummaryOptions options, CustomerIdList ids, MergedOrder order) =>
            new(options.TimeUnit, options.CalibrationEnd, options.HoldoutEnd, ids, _frequency, _recency, _age, _monetary,
                _total, _rows, _first, _last, _frequencyHoldout, _monetaryHoldout, order.FirstSeenInHoldout, order.WithoutPurchases);
    }

    /// <summary>
    /// The kept customers of disjoint accumulators, in id order: each as its part and its index there. Either whole
    /// (every customer's reference and id in arrays) or, when every part keeps its ids in direct pages, read from the
    /// pages a window at a time (<see cref="Window"/>), so the order of millions of customers costs no array of millions.
    /// </summary>
    private sealed class MergedOrder
    {
        private readonly int[] _partStart;
        private readonly long[]? _numbers;
        private readonly PagedOrder? _paged;
        private int[] _refs;
        private int _refsStart;

        private MergedOrder(long[]? numbers, string[]? ids, int[] refs, int[] partStart, int withoutPurchases, int firstSeenInHoldout)
        {
            _numbers = numbers;
            Ids = ids;
            _refs = refs;
            _partStart = partStart;
            Count = refs.Length;
            WithoutPurchases = withoutPurchases;
            FirstSeenInHoldout = firstSeenInHoldout;
        }

        private MergedOrder(PagedOrder paged, int[] partStart)
        {
            _paged = paged;
            _refs = [];
            _partStart = partStart;
            Count = paged.Count;
            WithoutPurchases = paged.WithoutPurchases;
            FirstSeenInHoldout = paged.FirstSeenInHoldout;
        }

        /// <summary>The ids as text when some are not whole numbers, else null (the ids are numbers: <see cref="Window"/>).</summary>
        public string[]? Ids { get; }

        public int Count { get; }

        public int WithoutPurchases { get; }

        public int FirstSeenInHoldout { get; }

        /// <summary>
        /// Makes customers <paramref name="start"/>.. (<paramref name="count"/> of them) available to <see cref="Customer"/>
        /// and, for whole-number ids, writes their ids to <paramref name="numbers"/>.
        /// </summary>
        public void Window(SummaryAccumulator[] parts, int start, int count, long[]? numbers)
        {
            if (_paged is { } paged)
            {
                if (_refs.Length < count)
                {
                    _refs = new int[count];
                }

                _refsStart = start;
                paged.Window(parts, _partStart, start, count, _refs, numbers!);
                return;
            }

            if (!ReferenceEquals(numbers, _numbers))
            {
                _numbers?.AsSpan(start, count).CopyTo(numbers);
            }
        }

        /// <summary>Every customer's whole-number id when the order keeps them in one array, else null.</summary>
        public long[]? AllNumbers => _numbers;

        /// <summary>The part and the index within it of the <paramref name="k"/>-th customer (within the current <see cref="Window"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (int Part, int Index) Customer(int k)
        {
            int r = _refs[k - _refsStart];
            int p = 0;
            while (r >= _partStart[p + 1])
            {
                p++;
            }

            return (p, r - _partStart[p]);
        }

        public static MergedOrder Of(SummaryAccumulator[] parts, bool release, bool collect = false)
        {
            if (PagedOrder.Of(parts) is { } paged)
            {
                return new MergedOrder(paged, PartStart(parts));
            }

            var sorted = new SortedPart[parts.Length];
            Parallel.For(0, parts.Length, p => sorted[p] = parts[p].SortedCustomers(release));
            if (collect)
            {
                Collect();
            }

            var partStart = PartStart(parts);
            int kept = sorted.Sum(s => s.Count);
            int withoutPurchases = sorted.Sum(s => s.WithoutPurchases);
            int firstSeenInHoldout = sorted.Sum(s => s.FirstSeenInHoldout);
            var refs = new int[kept];
            var heads = new int[parts.Length];
            if (sorted.All(s => s.Strings.Length == 0))
            {
                // Whole-number ids: a merge by value (one part: its sorted ids as they are).
                if (parts.Length == 1)
                {
                    for (int k = 0; k < kept; k++)
                    {
                        refs[k] = sorted[0].Index(k);
                    }

                    return new MergedOrder(sorted[0].Numbers, null, refs, partStart, withoutPurchases, firstSeenInHoldout);
                }

                var numbers = new long[kept];
                for (int k = 0; k < kept; k++)
                {
                    int best = -1;
                    long least = long.MaxValue;
                    for (int p = 0; p < sorted.Length; p++)
                    {
                        var candidates = sorted[p].Numbers;
                        if (heads[p] < candidates.Length && (best < 0 || candidates[heads[p]] < least))
                        {
                            best = p;
                            least = candidates[heads[p]];
                        }
                    }

                    numbers[k] = least;
                    refs[k] = partStart[best] + sorted[best].Index(heads[best]++);
                }

                return new MergedOrder(numbers, null, refs, partStart, withoutPurchases, firstSeenInHoldout);
            }

            // Text ids present: numeric ids first (by value), then text ids by the id comparer.
            var ids = new string[kept];
            for (int k = 0; k < kept; k++)
            {
                int best = -1;
                for (int p = 0; p < sorted.Length; p++)
                {
                    if (heads[p] < sorted[p].Count && (best < 0 || sorted[p].Compare(heads[p], sorted[best], heads[best]) < 0))
                    {
                        best = p;
                    }
                }

                int at = heads[best]++;
                ids[k] = sorted[best].Id(at);
                refs[k] = partStart[best] + sorted[best].Index(at);
            }

            return new MergedOrder(null, ids, refs, partStart, withoutPurchases, firstSeenInHoldout);
        }

        private static int[] PartStart(SummaryAccumulator[] parts)
        {
            var partStart = new int[parts.Length + 1];
            for (int p = 0; p < parts.Length; p++)
            {
                partStart[p + 1] = checked(partStart[p] + parts[p].CustomerCount);
            }

            return partStart;
        }
    }
}
