namespace CustomerValue.Segmentation;

/// <summary>The default <see cref="IValueTierClassifier"/>.</summary>
/// <remarks>
/// <para><b>Rank rule</b> (as for RFM scores: ties are never split, a tie group at a boundary falls out of the
/// extreme class): a customer is in the <i>top p</i> of a measure when at least (1 − p)·N customers have a strictly
/// smaller value, and in the <i>bottom p</i> when at least (1 − p)·N have a strictly larger one. So the top 5% never
/// holds more than 5% of customers.</para>
/// <list type="bullet">
/// <item><b>Gold</b>: top <see cref="ValueTierOptions.GoldShare"/> by value, value &gt; 0.</item>
/// <item><b>Drag</b>: bottom <see cref="ValueTierOptions.DragShare"/> by value, plus every customer whose value is
/// below zero ("costs more than they bring"), as the source documents mean it: about the bottom 20 %. Not buying for
/// more than <see cref="ValueTierOptions.DragInactiveDays"/> is the typical <i>reason</i> (see
/// <see cref="ValueTierReasons"/>), not a condition. Gold and drag never overlap.</item>
/// <item><b>BZ</b>: value &lt; 0. <b>MVC</b>: not BZ, top <see cref="ValueTierOptions.MostValuableShare"/> by value,
/// value &gt; 0. <b>MGC</b> (needs potential value): neither, top <see cref="ValueTierOptions.MostGrowableShare"/> by
/// potential, potential &gt; 0. Everyone else: other.</item>
/// <item><b>MVC kinds</b>: big when share of wallet ≥ <see cref="ValueTierOptions.BigShareOfWallet"/>; else steady
/// when tenure ≥ <see cref="ValueTierOptions.SteadyMinimumTenureDays"/> and purchases per year of tenure
/// (purchases ÷ (tenure / 365.25)) ≥ <see cref="ValueTierOptions.SteadyMinimumPurchasesPerYear"/>; else seasonal;
/// unspecified when neither share of wallet nor purchases and tenure say which.</item>
/// <item><b>Value matrix</b> (needs purchases and average amounts): split at the means over all customers, a value
/// equal to the mean counting as high (means are summed in sorted order, so they do not depend on row order).</item>
/// </list>
/// <para>Thread-safe and immutable; usable without DI.</para>
/// </remarks>
public sealed class ValueTierClassifier : IValueTierClassifier
{
    private const double RankSlack = 1e-9;

    /// <summary>Creates a classifier.</summary>
    /// <param name="options">Thresholds; null for <see cref="ValueTierOptions.Default"/>.</param>
    public ValueTierClassifier(ValueTierOptions? options = null) => Options = options ?? ValueTierOptions.Default;

    /// <inheritdoc/>
    public ValueTierOptions Options { get; }

    /// <inheritdoc/>
    public ValueTiers Classify(CustomerValueMeasures measures)
    {
        ArgumentNullException.ThrowIfNull(measures);
        int n = measures.Count;
        var o = Options;
        var value = measures.Value;
        var sortedValue = Sorted(value);
        var sortedPotential = measures.HasPotential ? Sorted(measures.PotentialValue) : [];

        var tiers = new GoldDragTier[n];
        var groups = new ValueGroup[n];
        var types = new MvcType[n];
        var matrix = new ValueMatrixCell[n];
        double meanPurchases = 0, meanAverage = 0;
        if (measures.HasPurchases)
        {
            meanPurchases = SortedMean(measures.Purchases);
            meanAverage = SortedMean(measures.AveragePurchase);
        }

        for (int i = 0; i < n; i++)
        {
            double v = value[i];
            int below = LowerBound(sortedValue, v);
            int above = n - UpperBound(sortedValue, v);
            bool top(double share) => below + RankSlack >= (1 - share) * n;

            if (v > 0 && top(o.GoldShare))
            {
                tiers[i] = GoldDragTier.Gold;
            }
            else if (v < 0 || above + RankSlack >= (1 - o.DragShare) * n)
            {
                tiers[i] = GoldDragTier.Drag;
            }

            if (v < 0)
            {
                groups[i] = ValueGroup.BelowZero;
            }
            else if (v > 0 && top(o.MostValuableShare))
            {
                groups[i] = ValueGroup.MostValuable;
                types[i] = MvcTypeOf(measures, i);
            }
            else if (measures.HasPotential)
            {
                double p = measures.PotentialValue[i];
                if (p > 0 && LowerBound(sortedPotential, p) + RankSlack >= (1 - o.MostGrowableShare) * n)
                {
                    groups[i] = ValueGroup.MostGrowable;
                }
            }

            if (measures.HasPurchases)
            {
                bool frequent = AtLeast(measures.Purchases[i], meanPurchases);
                bool spender = AtLeast(measures.AveragePurchase[i], meanAverage);
                matrix[i] = frequent ? (spender ? ValueMatrixCell.Best : ValueMatrixCell.Frequent) : (spender ? ValueMatrixCell.Spenders : ValueMatrixCell.Uncertain);
            }
        }

        return new ValueTiers(o, measures.CustomerIds, tiers, groups, types, matrix, meanPurchases, meanAverage);
    }

    private MvcType MvcTypeOf(CustomerValueMeasures measures, int i)
    {
        if (measures.HasShareOfWallet && measures.ShareOfWallet[i] >= Options.BigShareOfWallet)
        {
            return MvcType.Big;
        }

        if (!measures.HasPurchases || !measures.HasTenure)
        {
            return MvcType.Unspecified;
        }

        double tenure = measures.TenureDays[i];
        bool steady = tenure >= Options.SteadyMinimumTenureDays && tenure > 0
            && measures.Purchases[i] / (tenure / 365.25) >= Options.SteadyMinimumPurchasesPerYear;
        return steady ? MvcType.Steady : MvcType.Seasonal;
    }

    private static bool AtLeast(double x, double mean) => x >= mean - (1e-12 * Math.Abs(mean));

    private static double[] Sorted(ReadOnlySpan<double> values)
    {
        var copy = values.ToArray();
        Array.Sort(copy);
        return copy;
    }

    private static double SortedMean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return 0;
        }

        var sorted = Sorted(values);
        double sum = 0;
        foreach (double v in sorted)
        {
            sum += v;
        }

        return sum / sorted.Length;
    }

    /// <summary>The number of sorted values strictly below <paramref name="v"/>.</summary>
    private static int LowerBound(double[] sorted, double v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v)
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

    /// <summary>The number of sorted values at or below <paramref name="v"/>.</summary>
    private static int UpperBound(double[] sorted, double v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v)
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
}
