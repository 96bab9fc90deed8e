using System.Buffers;

namespace CustomerValue.Segmentation;

/// <summary>
/// Order statistics by selection (no full sort): the values that would sit at given positions of the ascending sort.
/// </summary>
/// <remarks>
/// <para><b>Algorithm.</b> Multi-quickselect with a three-way (less / equal / greater) partition around a
/// median-of-three pivot, recursing only into the parts that still hold a wanted position: O(n log r) expected for
/// r wanted positions. Runs of equal values (common in frequency counts) collapse in one pass. When the recursion
/// gets deeper than 2·log2(n) + 8 levels (an adversarial input), the remaining range is sorted instead, so the worst
/// case is O(n log n). Deterministic: the pivot depends only on the data, never on a random source.</para>
/// <para><b>Large inputs</b> (<see cref="SelectLarge"/>): a Floyd-Rivest style bracket. A fixed-stride sample of
/// 32·√n values (32,768 to 131,072) is sorted; for each wanted position p the sample gives a bracket [lo, hi] that holds the value at p
/// with overwhelming probability (±4 binomial standard deviations). One pass over the data counts the values below
/// lo, equal to lo, equal to hi, up to hi and strictly between; the answer is lo, hi, or the right order statistic of
/// the values strictly between, which a second pass copies into a buffer from <see cref="ArrayPool{T}.Shared"/> (sized
/// by the counts, so nothing is allocated in proportion to the input). When a bracket misses (never seen in practice, but possible),
/// that position falls back to the quickselect on a copy, so the result is always exact.</para>
/// <para>Internal; callers pass a scratch copy, which is reordered.</para>
/// </remarks>
internal static class OrderStatistics
{

    /// <summary>The threshold above which <see cref="SelectLarge"/> samples instead of copying and partitioning.</summary>
    public const int LargeInput = 1 << 17;

    /// <summary>
    /// Like <see cref="Select"/> but reads <paramref name="values"/> without copying or reordering it (for inputs
    /// of at least <see cref="LargeInput"/> values; smaller ones are copied and partitioned).
    /// </summary>
    public static void SelectLarge(ReadOnlySpan<double> values, ReadOnlySpan<int> positions, Span<double> result)
    {
        int n = values.Length;
        int k = positions.Length;
        if (k == 0)
        {
            return;
        }

        if (n < LargeInput)
        {
            var copy = values.ToArray();
            Select(copy, positions, result);
            return;
        }

        // 32·√n values (32,768 to 131,072): the bracket, and so the values collected in it, shrinks as 1/√sample.
        int sampleSize = (int)Math.Clamp(32 * Math.Sqrt(n), 1 << 15, 1 << 17);
        var rentedSample = ArrayPool<double>.Shared.Rent(sampleSize);
        var sample = rentedSample.AsSpan(0, sampleSize);
        for (int j = 0; j < sampleSize; j++)
        {
            sample[j] = values[(int)((long)j * n / sampleSize)];
        }

        sample.Sort();
        double[] lo = new double[k];
        double[] hi = new double[k];
        for (int t = 0; t < k; t++)
        {
            double q = (positions[t] + 0.5) / n;
            double center = q * sampleSize;
            double delta = (4 * Math.Sqrt(sampleSize * q * (1 - q))) + 8;
            lo[t] = sample[(int)Math.Clamp(Math.Floor(center - delta), 0, sampleSize - 1)];
            hi[t] = sample[(int)Math.Clamp(Math.Ceiling(center + delta), 0, sampleSize - 1)];
        }

        ArrayPool<double>.Shared.Return(rentedSample);

        var counts = CountAll(values, lo, hi);
        var below = counts.Below;
        var atLo = counts.AtLo;
        var atHi = counts.AtHi;
        var upToHi = counts.UpToHi;

        // Positions strictly inside their bracket need the values there: one more pass copies exactly those into a
        // pooled buffer (sized by the counts), so nothing is allocated in proportion to the input.
        Span<bool> wanted = stackalloc bool[k];
        long insideTotal = 0;
        for (int t = 0; t < k; t++)
        {
            long p = positions[t];
            wanted[t] = p >= below[t] + atLo[t] && p < upToHi[t] - atHi[t];
            insideTotal += wanted[t] ? counts.Inside[t] : 0;
        }

        double[]? buffer = null;
        try
        {
            long[] regions = new long[k];
            if (insideTotal > 0)
            {
                buffer = ArrayPool<double>.Shared.Rent((int)Math.Min(insideTotal, int.MaxValue));
                CollectAll(values, lo, hi, wanted, counts.Inside, regions, buffer);
            }

            for (int t = 0; t < k; t++)
            {
                long p = positions[t];
                if (p >= below[t] && p < below[t] + atLo[t])
                {
                    result[t] = lo[t];
                }
                else if (p < upToHi[t] && p >= upToHi[t] - atHi[t])
                {
                    result[t] = hi[t];
                }
                else if (wanted[t])
                {
                    int size = (int)counts.Inside[t];
                    int start = (int)(regions[t] - size);
                    Span<int> one = [(int)(p - below[t] - atLo[t])];
                    Select(buffer.AsSpan(start, size), one, result.Slice(t, 1));
                }
                else
                {
                    // The bracket missed: exact fallback for this position, on a pooled copy.
                    var copy = ArrayPool<double>.Shared.Rent(n);
                    try
                    {
                        values.CopyTo(copy);
                        Span<int> one = [positions[t]];
                        Select(copy.AsSpan(0, n), one, result.Slice(t, 1));
                    }
                    finally
                    {
                        ArrayPool<double>.Shared.Return(copy);
                    }
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<double>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Copies the values strictly inside each wanted bracket into consecutive regions of <paramref name="buffer"/>, in
    /// parallel chunks. On return, <paramref name="regions"/>[t] is the end of bracket t's region (its start plus its count).
    /// </summary>
    private static unsafe void CollectAll(ReadOnlySpan<double> values, double[] lo, double[] hi, ReadOnlySpan<bool> wanted, long[] inside, long[] regions, double[] buffer)
    {
        const int Chunk = 1 << 16;
        int n = values.Length;
        int k = lo.Length;
        long offset = 0;
        bool[] want = wanted.ToArray();
        for (int t = 0; t < k; t++)
        {
            regions[t] = offset;
            offset += want[t] ? inside[t] : 0;
        }

        fixed (double* p = values)
        {
            nint address = (nint)p;
            Parallel.For(0, (n + Chunk - 1) / Chunk, c =>
            {
                int start = c * Chunk;
                int length = Math.Min(Chunk, n - start);
                RfmKernels.CollectInside(new ReadOnlySpan<double>((void*)(address + ((nint)start * sizeof(double))), length), lo, hi, want, regions, buffer);
            });
        }
    }

    /// <summary>The bracket pass over all values, in parallel chunks with per-thread counters merged at the end.</summary>
    private static unsafe BracketCounts CountAll(ReadOnlySpan<double> values, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi)
    {
        const int Chunk = 1 << 16;
        int n = values.Length;
        int k = lo.Length;
        double[] los = lo.ToArray(), his = hi.ToArray();
        var total = new BracketCounts(k);
        var gate = new object();
        fixed (double* p = values)
        {
            nint address = (nint)p;
            Parallel.For(
                0,
                (n + Chunk - 1) / Chunk,
                () => new BracketCounts(k),
                (c, _, local) =>
                {
                    int start = c * Chunk;
                    int length = Math.Min(Chunk, n - start);
                    RfmKernels.CountBrackets(new ReadOnlySpan<double>((void*)(address + ((nint)start * sizeof(double))), length), los, his, local);
                    return local;
                },
                local =>
                {
                    lock (gate)
                    {
                        total.Add(local);
                    }
                });
        }

        return total;
    }

    /// <summary>Writes to <paramref name="result"/>[j] the value at ascending position <paramref name="positions"/>[j].</summary>
    /// <param name="scratch">The values (reordered in place); no NaN.</param>
    /// <param name="positions">Wanted positions, ascending (repeats allowed), each in [0, scratch.Length).</param>
    /// <param name="result">One value per position.</param>
    public static void Select(Span<double> scratch, ReadOnlySpan<int> positions, Span<double> result)
    {
        if (positions.IsEmpty)
        {
            return;
        }

        int depthLimit = (2 * (int)Math.Log2(Math.Max(scratch.Length, 1))) + 8;
        SelectCore(scratch, 0, positions, result, depthLimit);
    }

    private static void SelectCore(Span<double> values, int offset, ReadOnlySpan<int> positions, Span<double> result, int depth)
    {
        while (!positions.IsEmpty)
        {
            int n = values.Length;
            if (n <= 16 || depth-- <= 0)
            {
                values.Sort();
                for (int j = 0; j < positions.Length; j++)
                {
                    result[j] = values[positions[j] - offset];
                }

                return;
            }

            double pivot = MedianOfThree(values[0], values[n / 2], values[n - 1]);
            Partition(values, pivot, out int lessEnd, out int greaterStart);

            // positions (relative) < lessEnd go left, in [lessEnd, greaterStart) equal the pivot, >= greaterStart go right.
            int leftCount = 0;
            while (leftCount < positions.Length && positions[leftCount] - offset < lessEnd)
            {
                leftCount++;
            }

            int rightStart = leftCount;
            while (rightStart < positions.Length && positions[rightStart] - offset < greaterStart)
            {
                result[rightStart] = pivot;
                rightStart++;
            }

            if (leftCount > 0)
            {
                SelectCore(values[..lessEnd], offset, positions[..leftCount], result[..leftCount], depth);
            }

            values = values[greaterStart..];
            offset += greaterStart;
            positions = positions[rightStart..];
            result = result[rightStart..];
        }
    }

    private static double MedianOfThree(double a, double b, double c) =>
        a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));

    /// <summary>Dijkstra's three-way partition: [0, lt) &lt; pivot, [lt, gt) = pivot, [gt, n) &gt; pivot.</summary>
    private static void Partition(Span<double> values, double pivot, out int lessEnd, out int greaterStart)
    {
        int lt = 0, i = 0, gt = values.Length;
        while (i < gt)
        {
            double v = values[i];
            if (v < pivot)
            {
                values[i] = values[lt];
                values[lt] = v;
                lt++;
                i++;
            }
            else if (v > pivot)
            {
                gt--;
                values[i] = values[gt];
                values[gt] = v;
            }
            else
            {
                i++;
            }
        }

        lessEnd = lt;
        greaterStart = gt;
    }
}
