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
/// <para>Internal; callers pass a scratch copy, which is reordered.</para>
/// </remarks>
internal static class OrderStatistics
{
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
