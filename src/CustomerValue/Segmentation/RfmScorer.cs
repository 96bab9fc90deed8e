using System.Buffers;
using System.Globalization;

namespace CustomerValue.Segmentation;

/// <summary>
/// The default RFM scorer: n-tile scores by the tie rule of <see cref="RfmCutPoints"/>, with cut points found by
/// selection (not a full sort), independent or nested binning.
/// </summary>
/// <remarks>
/// <para>Thread-safe and immutable; usable without DI: <c>new RfmScorer()</c>.</para>
/// <para><b>Performance.</b> Independent binning: a vectorised validation pass; per dimension, the n − 1 cut points
/// by selection (large inputs: a sorted sample brackets each cut point and one parallel, vectorised counting pass
/// settles it exactly, without copying the column; small inputs: quickselect on a copy); then customers are scored
/// in parallel chunks with vectorised comparisons. Nothing is allocated per customer. Nested binning adds a counting sort of the customers
/// by group and a selection per group.</para>
/// <para>The scores depend only on the multiset of values, never on the order of the rows.</para>
/// </remarks>
public sealed class RfmScorer : IRfmScorer
{
    private const int ChunkSize = 1 << 16;

    /// <summary>Creates a scorer.</summary>
    /// <param name="options">Bins, binning and weights; null for <see cref="RfmOptions.Default"/>.</param>
    public RfmScorer(RfmOptions? options = null) => Options = options ?? RfmOptions.Default;

    /// <inheritdoc/>
    public RfmOptions Options { get; }

    /// <inheritdoc/>
    public RfmScores Score(RfmInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input.Count;
        var r = new byte[n];
        var f = new byte[n];
        var m = new byte[n];
        var cuts = ScoreCore(input.RecencyDays, input.Frequency, input.Monetary, r, f, m);
        return new RfmScores(Options, cuts, input.CustomerIds, r, f, m);
    }

    /// <inheritdoc/>
    public RfmCutPoints Score(
        ReadOnlySpan<double> recencyDays, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary,
        Span<byte> recencyScores, Span<byte> frequencyScores, Span<byte> monetaryScores)
    {
        int n = recencyDays.Length;
        if (frequency.Length != n || monetary.Length != n || recencyScores.Length != n || frequencyScores.Length != n || monetaryScores.Length != n)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"RfmScorer.Score: every column and destination must have {n} rows; got frequency {frequency.Length}, monetary {monetary.Length}, destinations {recencyScores.Length}, {frequencyScores.Length}, {monetaryScores.Length}."));
        }

        RfmKernels.Validate(recencyDays, nonNegative: true, "recency (days since last purchase)", 0);
        RfmKernels.Validate(frequency, nonNegative: true, "frequency", 0);
        RfmKernels.Validate(monetary, nonNegative: false, "monetary value", 0);
        return ScoreCore(recencyDays, frequency, monetary, recencyScores, frequencyScores, monetaryScores);
    }

    /// <summary>The ascending positions whose values are the cut points (see <see cref="RfmCutPoints"/>).</summary>
    internal static void CutPositions(int count, int bins, bool descending, Span<int> positions)
    {
        for (int k = 1; k < bins; k++)
        {
            int p = (int)((((long)k * count) + bins - 1) / bins); // ceil(k·N/n)
            if (descending)
            {
                positions[bins - 1 - k] = count - p; // ascending order of positions for decreasing k
            }
            else
            {
                positions[k - 1] = p - 1;
            }
        }
    }

    /// <summary>Selects the cut points of one group of values (copied into <paramref name="scratch"/>).</summary>
    internal static void CutPoints(Span<double> scratch, int bins, bool descending, Span<double> cuts)
    {
        int count = scratch.Length;
        if (count == 0)
        {
            cuts.Fill(descending ? double.NegativeInfinity : double.PositiveInfinity);
            return;
        }

        Span<int> positions = stackalloc int[bins - 1];
        Span<double> values = stackalloc double[bins - 1];
        CutPositions(count, bins, descending, positions);
        OrderStatistics.Select(scratch, positions, values);
        if (descending)
        {
            // positions were ascending for k = n-1 .. 1; cut k is at index n-1-k.
            for (int k = 1; k < bins; k++)
            {
                cuts[k - 1] = values[bins - 1 - k];
            }
        }
        else
        {
            values.CopyTo(cuts);
        }
    }

    private unsafe RfmCutPoints ScoreCore(
        ReadOnlySpan<double> recencyDays, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary,
        Span<byte> recencyScores, Span<byte> frequencyScores, Span<byte> monetaryScores)
    {
        int n = recencyDays.Length;
        int bins = Options.Bins;
        if (Options.Binning == RfmBinning.Nested)
        {
            return ScoreNested(recencyDays, frequency, monetary, recencyScores, frequencyScores, monetaryScores);
        }

        // Cut points: each selection runs its counting pass in parallel chunks.
        var rc = new double[bins - 1];
        var fc = new double[bins - 1];
        var mc = new double[bins - 1];
        SelectCuts(recencyDays, bins, true, rc);
        SelectCuts(frequency, bins, false, fc);
        SelectCuts(monetary, bins, false, mc);

        fixed (double* pr = recencyDays, pf = frequency, pm = monetary)
        fixed (byte* sr = recencyScores, sf = frequencyScores, sm = monetaryScores)
        {
            nint ar = (nint)pr, af = (nint)pf, am = (nint)pm, br = (nint)sr, bf = (nint)sf, bm = (nint)sm;
            int chunks = (n + ChunkSize - 1) / ChunkSize;
            Parallel.For(0, chunks, c =>
            {
                int start = c * ChunkSize;
                int length = Math.Min(ChunkSize, n - start);
                nint offset = (nint)start * sizeof(double);
                RfmKernels.Score(new ReadOnlySpan<double>((void*)(ar + offset), length), rc, new Span<byte>((void*)(br + start), length), below: true);
                RfmKernels.Score(new ReadOnlySpan<double>((void*)(af + offset), length), fc, new Span<byte>((void*)(bf + start), length), below: false);
                RfmKernels.Score(new ReadOnlySpan<double>((void*)(am + offset), length), mc, new Span<byte>((void*)(bm + start), length), below: false);
            });
        }

        return new RfmCutPoints(bins, RfmBinning.Independent, rc, fc, mc);
    }

    private static void SelectCuts(ReadOnlySpan<double> values, int bins, bool descending, double[] cuts)
    {
        if (values.Length < OrderStatistics.LargeInput)
        {
            var scratch = values.ToArray();
            CutPoints(scratch, bins, descending, cuts);
            return;
        }

        Span<int> positions = stackalloc int[bins - 1];
        Span<double> selected = stackalloc double[bins - 1];
        CutPositions(values.Length, bins, descending, positions);
        OrderStatistics.SelectLarge(values, positions, selected);
        for (int k = 1; k < bins; k++)
        {
            cuts[k - 1] = descending ? selected[bins - 1 - k] : selected[k - 1];
        }
    }

    private RfmCutPoints ScoreNested(
        ReadOnlySpan<double> recencyDays, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary,
        Span<byte> recencyScores, Span<byte> frequencyScores, Span<byte> monetaryScores)
    {
        int n = recencyDays.Length;
        int bins = Options.Bins;
        int cutsPerGroup = bins - 1;
        var rc = new double[cutsPerGroup];
        var fc = new double[bins * cutsPerGroup];
        var mc = new double[bins * bins * cutsPerGroup];
        var scratch = ArrayPool<double>.Shared.Rent(Math.Max(n, 1));
        var order = ArrayPool<int>.Shared.Rent(Math.Max(n, 1));
        try
        {
            recencyDays.CopyTo(scratch);
            CutPoints(scratch.AsSpan(0, n), bins, true, rc);
            RfmKernels.Score(recencyDays, rc, recencyScores, below: true);

            Span<int> groupStart = stackalloc int[(bins * bins) + 1];

            // Frequency within each recency score.
            GroupBy(recencyScores, null, bins, 1, order.AsSpan(0, n), groupStart[..(bins + 1)]);
            ScoreGroups(frequency, order, groupStart[..(bins + 1)], bins, scratch, fc, frequencyScores);

            // Monetary value within each (recency, frequency) pair.
            GroupBy(recencyScores, frequencyScores, bins, bins, order.AsSpan(0, n), groupStart);
            ScoreGroups(monetary, order, groupStart, bins, scratch, mc, monetaryScores);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
            ArrayPool<int>.Shared.Return(order);
        }

        return new RfmCutPoints(bins, RfmBinning.Nested, rc, fc, mc);
    }

    /// <summary>Counting sort of the rows by group = (first − 1)·width + (second − 1) (second absent: first − 1).</summary>
    private static void GroupBy(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, int bins, int width, Span<int> order, Span<int> groupStart)
    {
        groupStart.Clear();
        bool pair = width > 1;
        for (int i = 0; i < first.Length; i++)
        {
            int g = pair ? ((first[i] - 1) * bins) + second[i] - 1 : first[i] - 1;
            groupStart[g + 1]++;
        }

        for (int g = 1; g < groupStart.Length; g++)
        {
            groupStart[g] += groupStart[g - 1];
        }

        Span<int> next = stackalloc int[groupStart.Length];
        groupStart.CopyTo(next);
        for (int i = 0; i < first.Length; i++)
        {
            int g = pair ? ((first[i] - 1) * bins) + second[i] - 1 : first[i] - 1;
            order[next[g]++] = i;
        }
    }

    private static void ScoreGroups(ReadOnlySpan<double> values, int[] order, ReadOnlySpan<int> groupStart, int bins, double[] scratch, double[] cuts, Span<byte> scores)
    {
        int cutsPerGroup = bins - 1;
        for (int g = 0; g + 1 < groupStart.Length; g++)
        {
            int start = groupStart[g], end = groupStart[g + 1];
            var members = order.AsSpan(start, end - start);
            var groupValues = scratch.AsSpan(0, members.Length);
            for (int j = 0; j < members.Length; j++)
            {
                groupValues[j] = values[members[j]];
            }

            var groupCuts = cuts.AsSpan(g * cutsPerGroup, cutsPerGroup);
            CutPoints(groupValues, bins, false, groupCuts);
            foreach (int i in members)
            {
                scores[i] = RfmCutPoints.ScoreAbove(values[i], groupCuts);
            }
        }
    }
}
