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
/// rows in order. Within a group the weights are added in input order, so compression is deterministic. The sort runs
/// on two threads (two halves sorted at once, then merged); the result does not depend on the thread count. Models
/// with other sufficient statistics reuse the three columns (Gamma-Gamma passes (x, m̄, 0)).
/// </remarks>
internal sealed class WeightedSummaries
{
    /// <summary>Inputs shorter than this are sorted on one thread.</summary>
    private const int ParallelThreshold = 1 << 15;

    private WeightedSummaries(double[] frequency, double[] recency, double[] age, double[] weight, double totalWeight)
    {
        Frequency = frequency;
        Recency = recency;
        Age = age;
        Weight = weight;
        TotalWeight = totalWeight;
    }

    /// <summary>x per distinct row (ascending).</summary>
    public double[] Frequency { get; }

    /// <summary>t_x per distinct row (ascending within one x).</summary>
    public double[] Recency { get; }

    /// <summary>T per distinct row (ascending within one (x, t_x)).</summary>
    public double[] Age { get; }

    /// <summary>The number of customers (or their total weight) in each distinct row.</summary>
    public double[] Weight { get; }

    /// <summary>Distinct rows.</summary>
    public int Count => Weight.Length;

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

        var rows = new Row[n];
        double total = 0;
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

            rows[i] = new Row(SortKey(frequency[i]), SortKey(recency[i]), SortKey(age[i]), i);
            total += weight;
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

        return new WeightedSummaries(x, tx, t, w, total);
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
