using CustomerValue.Segmentation;

namespace CustomerValue.Scoring;

/// <summary>
/// The gold / drag rule of <see cref="ValueTierClassifier"/> evaluated with two order statistics instead of a sort and
/// a binary search per customer, so it runs in O(N) and in parallel.
/// </summary>
/// <remarks>
/// The classifier puts a customer in the top share p when count(values &lt; v) + 1e-9 ≥ (1 − p)·N, and in the bottom
/// share when count(values &gt; v) + 1e-9 ≥ (1 − p)·N. With k the least whole number meeting that bound and s the values
/// in ascending order, count(&lt; v) ≥ k exactly when k = 0 or s[k−1] &lt; v, and count(&gt; v) ≥ k exactly when k = 0 or
/// s[N−k] &gt; v: so one selection of s[k_gold − 1] and s[N − k_drag] decides every customer, with the classifier's ties
/// (never split) and its extra conditions (gold needs v &gt; 0; every v &lt; 0 is drag, whatever its rank; gold wins).
/// Inactivity is a reason given for a drag customer, not a condition. Tests compare this with the classifier on random
/// bases.
/// </remarks>
internal readonly struct ValueTierRanks
{
    private const double RankSlack = 1e-9;
    private readonly double _goldCut;
    private readonly double _dragCut;

    private ValueTierRanks(double goldCut, double dragCut)
    {
        _goldCut = goldCut;
        _dragCut = dragCut;
    }

    /// <summary>Finds the two cut values: by the sampled bracket selection for large bases (values read, not copied), else on a copy in <paramref name="scratch"/> (reordered).</summary>
    public static ValueTierRanks Create(ReadOnlySpan<double> values, Span<double> scratch, ValueTierOptions options)
    {
        int n = values.Length;
        int kGold = LeastRank(options.GoldShare, n);
        int kDrag = LeastRank(options.DragShare, n);
        double goldCut = double.NegativeInfinity, dragCut = double.PositiveInfinity;
        if (n > 0 && (kGold > 0 || kDrag > 0))
        {
            Span<int> positions = stackalloc int[2];
            Span<double> cuts = stackalloc double[2];
            int goldPosition = kGold > 0 ? kGold - 1 : 0;
            int dragPosition = kDrag > 0 ? n - kDrag : 0;
            bool ordered = goldPosition <= dragPosition;
            positions[0] = ordered ? goldPosition : dragPosition;
            positions[1] = ordered ? dragPosition : goldPosition;
            if (n >= OrderStatistics.LargeInput)
            {
                OrderStatistics.SelectLarge(values, positions, cuts);
            }
            else
            {
                values.CopyTo(scratch);
                OrderStatistics.Select(scratch[..n], positions, cuts);
            }
            if (kGold > 0)
            {
                goldCut = ordered ? cuts[0] : cuts[1];
            }

            if (kDrag > 0)
            {
                dragCut = ordered ? cuts[1] : cuts[0];
            }
        }

        return new ValueTierRanks(goldCut, dragCut);
    }

    /// <summary>The tier of every customer in a chunk.</summary>
    public void Classify(ReadOnlySpan<double> values, Span<GoldDragTier> tiers)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            tiers[i] = v > 0 && v > _goldCut
                ? GoldDragTier.Gold
                : v < _dragCut || v < 0 ? GoldDragTier.Drag : GoldDragTier.Regular;
        }
    }

    /// <summary>The least k ≥ 0 with k + 1e-9 ≥ (1 − share)·n (the classifier's bound, evaluated the same way).</summary>
    private static int LeastRank(double share, int n)
    {
        double bound = (1 - share) * n;
        int k = Math.Max(0, (int)Math.Ceiling(bound - RankSlack));
        while (k > 0 && (k - 1) + RankSlack >= bound)
        {
            k--;
        }

        while (k + RankSlack < bound)
        {
            k++;
        }

        return k;
    }
}
