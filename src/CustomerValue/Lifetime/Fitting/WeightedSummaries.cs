using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CustomerValue.Lifetime.Fitting;

/// <summary>
/// Customer summaries compressed for fitting: rows with identical (x, t_x, T) are grouped into one row whose weight
/// is the number of customers (or the sum of their weights) sharing it, in ascending order of (x, t_x, T).
/// </summary>
/// <remarks>
/// The likelihood of a data set depends on each customer only through (x, t_x, T), so grouping is exact and makes every
/// likelihood evaluation cost one term per distinct row: the CDNOW calibration summary has 2,357 customers but far
/// fewer distinct rows (every x = 0 customer with the same first-purchase day is one row). Rows are compared bitwise
/// (−0 equals +0) and sorted by x, then t_x, then T (the order of <see cref="double.CompareTo(double)"/>; NaN is
/// rejected), so rows of one frequency are contiguous (the likelihoods use that) and the data fingerprint can hash the
/// rows in order. Within a group the weights are added in input order, so compression is deterministic. Whole x below
/// 2¹⁶ with t_x, T ≥ 0 (every summary) take a counting sort on x and stable radix sorts within each x, in parallel;
/// anything else a comparison sort on two threads (two halves, then a merge). Both give the same order and sums, and
/// neither depends on the thread count. The folded rows keep the columns they were sorted in (<see cref="Count"/> of
/// them are the data), so the columns are exposed as spans. Models
/// with other sufficient statistics reuse the three columns (Gamma-Gamma passes (x, m̄, 0)).
/// </remarks>
internal sealed class WeightedSummaries
{
    /// <summary>Inputs shorter than this are sorted on one thread.</summary>
    private const int ParallelThreshold = 1 << 15;

    private readonly double[] _frequency;
    private readonly double[] _recency;
    private readonly double[] _age;
    private readonly double[] _weight;

    /// <summary>The columns hold at least <paramref name="count"/> rows; only the first <paramref name="count"/> are the data.</summary>
    private WeightedSummaries(double[] frequency, double[] recency, double[] age, double[] weight, int count, double totalWeight)
    {
        _frequency = frequency;
        _recency = recency;
        _age = age;
        _weight = weight;
        Count = count;
        TotalWeight = totalWeight;
    }

    /// <summary>x per distinct row (ascending).</summary>
    public ReadOnlySpan<double> Frequency => _frequency.AsSpan(0, Count);

    /// <summary>t_x per distinct row (ascending within one x).</summary>
    public ReadOnlySpan<double> Recency => _recency.AsSpan(0, Count);

    /// <summary>T per distinct row (ascending within one (x, t_x)).</summary>
    public ReadOnlySpan<double> Age => _age.AsSpan(0, Count);

    /// <summary>The number of customers (or their total weight) in each distinct row.</summary>
    public ReadOnlySpan<double> Weight => _weight.AsSpan(0, Count);

    /// <summary>Distinct rows.</summary>
    public int Count { get; }

    /// <summary>The sum of all weights: the customer count.</summary>
    public double TotalWeight { get; }

    /// <summary>Groups identical rows. <paramref name="weights"/> empty means weight 1 per row.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a value is NaN, or a weight is negative, NaN or infinite.</exception>
    public static WeightedSummaries Compress(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> weights = default)
    {
        int n = frequency.Length;
        if (recency.Length != n || age.Length != n || (!weights.IsEmpty && weights.Length != n))
        {
            throw new ArgumentException($"All columns must have one value per row ({n}); got recency {recency.Length}, T {age.Length}, weights {weights.Length}.");
        }

        double total = 0;
        bool radix = true;
        for (int i = 0; i < n; i++)
        {
            double weight = weights.IsEmpty ? 1 : weights[i];
            if (!(weight >= 0 && double.IsFinite(weight)))
            {
                throw new ArgumentException($"Row {i + 1}: the weight must be finite and >= 0.", nameof(weights));
            }

            if (double.IsNaN(frequency[i]) || double.IsNaN(recency[i]) || double.IsNaN(age[i]))
            {
                throw new ArgumentException($"Row {i + 1}: a value is NaN.", nameof(frequency));
            }

            // The radix path: x a whole number below 2¹⁶, t_x and T not negative (−0 counts as 0).
            radix &= frequency[i] >= 0 && frequency[i] < MaxBucket && frequency[i] == Math.Floor(frequency[i]) && recency[i] >= 0 && age[i] >= 0;
            total += weight;
        }

        return radix ? CompressByRadix(frequency, recency, age, weights, total) : CompressByComparison(frequency, recency, age, weights, total);
    }

    /// <summary>The general path: rows sorted by comparison (any finite or infinite values).</summary>
    private static WeightedSummaries CompressByComparison(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> weights, double total)
    {
        int n = frequency.Length;
        var rows = new Row[n];
        for (int i = 0; i < n; i++)
        {
            rows[i] = new Row(SortKey(frequency[i]), SortKey(recency[i]), SortKey(age[i]), i);
        }

        rows = Sort(rows);

        // One pass over the sorted rows: a new distinct row wherever the key changes.
        int distinct = 0;
        for (int i = 0; i < n; i++)
        {
            if (i == 0 || !rows[i].SameKey(rows[i - 1]))
            {
                distinct++;
            }
        }

        var x = new double[distinct];
        var tx = new double[distinct];
        var t = new double[distinct];
        var w = new double[distinct];
        int d = -1;
        for (int i = 0; i < n; i++)
        {
            ref readonly var row = ref rows[i];
            if (i == 0 || !row.SameKey(rows[i - 1]))
            {
                d++;
                x[d] = FromKey(row.A);
                tx[d] = FromKey(row.B);
                t[d] = FromKey(row.C);
            }

            w[d] += weights.IsEmpty ? 1 : weights[row.Index];
        }

        return new WeightedSummaries(x, tx, t, w, distinct, total);
    }

    /// <summary>Frequencies below this (whole numbers) are bucketed by counting; others take the comparison path.</summary>
    private const int MaxBucket = 1 << 16;

    /// <summary>
    /// The same order as <see cref="CompressByComparison"/> for rows with whole x below 2¹⁶ and t_x, T ≥ 0, in linear
    /// time and a third of the memory: a stable counting sort by x, then, within each x, stable least-significant-digit
    /// radix sorts of the customers' positions by T and then by t_x (the bits of a non-negative double order like the
    /// double), so ties keep input order. Buckets are sorted in parallel, each in its own slice of shared buffers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static WeightedSummaries CompressByRadix(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> weights, double total)
    {
        int n = frequency.Length;
        int buckets = 0;
        for (int i = 0; i < n; i++)
        {
            buckets = Math.Max(buckets, (int)frequency[i] + 1);
        }

        var start = new int[buckets + 1];
        for (int i = 0; i < n; i++)
        {
            start[(int)frequency[i] + 1]++;
        }

        for (int b = 0; b < buckets; b++)
        {
            start[b + 1] += start[b];
        }

        var order = GC.AllocateUninitializedArray<int>(n);
        var next = (int[])start.Clone();
        for (int i = 0; i < n; i++)
        {
            order[next[(int)frequency[i]]++] = i;
        }

        // The output columns double as the sort keys (a non-negative double's bits order like the double): T is sorted
        // in the age column, then t_x in the recency column. Where t_x varies within a bucket, its sort moves rows, so T
        // is gathered again in the final order; where it does not (every x = 0 row has t_x = 0), nothing is gathered.
        var x = GC.AllocateUninitializedArray<double>(n);
        var rx = GC.AllocateUninitializedArray<double>(n);
        var ra = GC.AllocateUninitializedArray<double>(n);
        var w = GC.AllocateUninitializedArray<double>(n);
        var largestFirst = Enumerable.Range(0, buckets).Where(b => start[b + 1] > start[b]).OrderByDescending(b => start[b + 1] - start[b]).ToArray();
        unsafe
        {
            fixed (double* pa = age, pr = recency, pw = weights)
            {
                nint ages = (nint)pa, recencies = (nint)pr, given = (nint)pw;
                bool unit = weights.IsEmpty;
                Parallel.ForEach(largestFirst, new ParallelOptions { MaxDegreeOfParallelism = n < ParallelThreshold ? 1 : -1 }, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (b) =>
                {
                    int lo = start[b], hi = start[b + 1];
                    double* a = (double*)ages, r = (double*)recencies, g = (double*)given;
                    // The bucket's own slices of x and w serve as the sort's scratch until they are filled below.
                    int size = hi - lo;
                    var items = order.AsSpan(lo, size);
                    var keyScratch = MemoryMarshal.Cast<double, long>(x.AsSpan(lo, size));
                    var itemScratch = MemoryMarshal.Cast<double, int>(w.AsSpan(lo, size))[..size];
                    SortBucket(items, MemoryMarshal.Cast<double, long>(ra.AsSpan(lo, size)), keyScratch, itemScratch, a);
                    if (SortBucket(items, MemoryMarshal.Cast<double, long>(rx.AsSpan(lo, size)), keyScratch, itemScratch, r))
                    {
                        for (int k = lo; k < hi; k++)
                        {
                            ra[k] = a[order[k]] + 0.0;
                        }
                    }

                    x.AsSpan(lo, hi - lo).Fill(b);
                    if (unit)
                    {
                        w.AsSpan(lo, hi - lo).Fill(1);
                    }
                    else
                    {
                        for (int k = lo; k < hi; k++)
                        {
                            w[k] = g[order[k]];
                        }
                    }
                });
            }
        }

        int d = 0;
        for (int k = 1; k < n; k++)
        {
            if (x[k] == x[d] && rx[k] == rx[d] && ra[k] == ra[d])
            {
                w[d] += w[k];
            }
            else
            {
                d++;
                x[d] = x[k];
                rx[d] = rx[k];
                ra[d] = ra[k];
                w[d] = w[k];
            }
        }

        // Equal rows folded: the first `distinct` rows of the columns are the data (no copy into shorter arrays).
        int distinct = n == 0 ? 0 : d + 1;
        return new WeightedSummaries(x, rx, ra, w, distinct, total);
    }

    /// <summary>
    /// Stable sort of <paramref name="order"/> by <paramref name="values"/>[order[k]] (all ≥ 0), 11 bits a pass, passes on
    /// a digit every key shares skipped; afterwards <paramref name="keys"/> holds the sorted values' bits (−0 as +0).
    /// The scratch spans are as long as <paramref name="order"/>. Returns true when the order changed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe bool SortBucket(Span<int> order, Span<long> keys, Span<long> keyScratch, Span<int> itemScratch, double* values)
    {
        const int Bits = 11, Radix = 1 << Bits, Passes = 6;
        int n = order.Length;
        long or = 0, and = -1;
        bool sorted = true;
        long previous = long.MinValue;
        for (int k = 0; k < n; k++)
        {
            long key = BitConverter.DoubleToInt64Bits(values[order[k]] + 0.0);
            keys[k] = key;
            or |= key;
            and &= key;
            sorted &= key >= previous;
            previous = key;
        }

        long varying = or ^ and;
        if (sorted)
        {
            return false;
        }

        if (n <= 32)
        {
            // Insertion sort, stable.
            for (int k = 1; k < n; k++)
            {
                long key = keys[k];
                int item = order[k];
                int j = k - 1;
                while (j >= 0 && keys[j] > key)
                {
                    keys[j + 1] = keys[j];
                    order[j + 1] = order[j];
                    j--;
                }

                keys[j + 1] = key;
                order[j + 1] = item;
            }

            return true;
        }

        var count = new int[Passes * Radix];
        for (int k = 0; k < n; k++)
        {
            ulong key = (ulong)keys[k];
            for (int p = 0; p < Passes; p++)
            {
                count[(p * Radix) + (int)((key >> (p * Bits)) & (Radix - 1))]++;
            }
        }

        bool inKeys = true;
        for (int p = 0; p < Passes; p++)
        {
            int shift = p * Bits;
            if (((ulong)varying >> shift & (Radix - 1)) == 0)
            {
                continue;
            }

            var offsets = count.AsSpan(p * Radix, Radix);
            int sum = 0;
            for (int digit = 0; digit < Radix; digit++)
            {
                int c = offsets[digit];
                offsets[digit] = sum;
                sum += c;
            }

            Span<long> srcK = inKeys ? keys : keyScratch, dstK = inKeys ? keyScratch : keys;
            Span<int> srcI = inKeys ? order : itemScratch, dstI = inKeys ? itemScratch : order;
            for (int k = 0; k < n; k++)
            {
                long key = srcK[k];
                int at = offsets[(int)(((ulong)key >> shift) & (Radix - 1))]++;
                dstK[at] = key;
                dstI[at] = srcI[k];
            }

            inKeys = !inKeys;
        }

        if (!inKeys)
        {
            keyScratch.CopyTo(keys);
            itemScratch.CopyTo(order);
        }

        return true;
    }

    /// <summary>A key whose unsigned order is the order of the doubles (−0 and +0 give the same key).</summary>
    private static ulong SortKey(double value)
    {
        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(value + 0.0);
        return (bits & 0x8000000000000000UL) != 0 ? ~bits : bits | 0x8000000000000000UL;
    }

    private static double FromKey(ulong key) =>
        BitConverter.Int64BitsToDouble((long)((key & 0x8000000000000000UL) != 0 ? key & 0x7FFFFFFFFFFFFFFFUL : ~key));

    /// <summary>Sorts by key, then input position (so the order is total and the result unique): two halves at once, then a merge.</summary>
    private static Row[] Sort(Row[] rows)
    {
        int n = rows.Length;
        if (n < ParallelThreshold)
        {
            rows.AsSpan().Sort(default(RowComparer));
            return rows;
        }

        int half = n / 2;
        Parallel.Invoke(
            () => rows.AsSpan(0, half).Sort(default(RowComparer)),
            () => rows.AsSpan(half).Sort(default(RowComparer)));
        var merged = new Row[n];
        int i = 0, j = half, k = 0;
        var comparer = default(RowComparer);
        while (i < half && j < n)
        {
            merged[k++] = comparer.Compare(rows[i], rows[j]) <= 0 ? rows[i++] : rows[j++];
        }

        rows.AsSpan(i, half - i).CopyTo(merged.AsSpan(k));
        k += half - i;
        rows.AsSpan(j, n - j).CopyTo(merged.AsSpan(k));
        return merged;
    }

    private readonly record struct Row(ulong A, ulong B, ulong C, int Index)
    {
        public bool SameKey(in Row other) => A == other.A && B == other.B && C == other.C;
    }

    private readonly struct RowComparer : IComparer<Row>
    {
        public int Compare(Row x, Row y)
        {
            int c = x.A.CompareTo(y.A);
            if (c != 0)
            {
                return c;
            }

            c = x.B.CompareTo(y.B);
            if (c != 0)
            {
                return c;
            }

            c = x.C.CompareTo(y.C);
            return c != 0 ? c : x.Index.CompareTo(y.Index);
        }
    }
}
