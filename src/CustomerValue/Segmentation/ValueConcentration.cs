using System.Globalization;

namespace CustomerValue.Segmentation;

/// <summary>How value is spread over a customer base (see <see cref="ValueConcentrationAnalyzer"/> for the rules).</summary>
/// <remarks>Immutable and thread-safe. Per-customer columns are in input row order.</remarks>
public sealed class ValueConcentration
{
    private readonly double[] _sorted;
    private readonly double[] _cumulative;
    private readonly AbcClass[] _classes;
    private readonly byte[] _quantiles;
    private readonly bool _nonNegative;

    internal ValueConcentration(ConcentrationOptions options, IReadOnlyList<string>? customerIds, double[] sortedDescending, double[] cumulative, AbcClass[] classes, byte[] quantiles, bool nonNegative)
    {
        Options = options;
        CustomerIds = customerIds;
        _sorted = sortedDescending;
        _cumulative = cumulative;
        _classes = classes;
        _quantiles = quantiles;
        _nonNegative = nonNegative;
        Gini = ComputeGini();
        AbcGroups = ComputeAbc();
        Quantiles = ComputeQuantiles();
        PurchaseQuantiles = ComputePurchaseQuantiles();
        LorenzCurve = ComputeLorenz();
    }

    /// <summary>The options used.</summary>
    public ConcentrationOptions Options { get; }

    /// <summary>Customer ids, or null.</summary>
    public IReadOnlyList<string>? CustomerIds { get; }

    /// <summary>The number of customers.</summary>
    public int Count => _sorted.Length;

    /// <summary>The total value.</summary>
    public double TotalValue => _cumulative[^1];

    /// <summary>The Gini coefficient of the values (0 = everyone equal).</summary>
    public double Gini { get; }

    /// <summary>The ABC class of every customer.</summary>
    public ReadOnlySpan<AbcClass> Classes => _classes;

    /// <summary>The value quantile (decile) of every customer, 1 = top.</summary>
    public ReadOnlySpan<byte> QuantileOf => _quantiles;

    /// <summary>Customers and value per ABC class (A, B, C).</summary>
    public IReadOnlyList<AbcGroup> AbcGroups { get; }

    /// <summary>The monetary quantile table (deciles by default), top first.</summary>
    public IReadOnlyList<ValueQuantile> Quantiles { get; }

    /// <summary>The purchase quantile table: how many customers make each successive slice of value.</summary>
    public IReadOnlyList<PurchaseQuantile> PurchaseQuantiles { get; }

    /// <summary>The Lorenz curve at <see cref="ConcentrationOptions.LorenzSegments"/> + 1 points, from (0, 0) to (1, 1).</summary>
    public IReadOnlyList<LorenzPoint> LorenzCurve { get; }

    /// <summary>"The top p of customers bring s of the value": the top ⌈p·N⌉ customers and their share.</summary>
    /// <param name="fractionOfCustomers">p in [0, 1] (0.2 for the top 20%).</param>
    /// <exception cref="ArgumentOutOfRangeException">p outside [0, 1].</exception>
    public ConcentrationPoint TopShare(double fractionOfCustomers)
    {
        if (!(fractionOfCustomers >= 0 && fractionOfCustomers <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fractionOfCustomers), fractionOfCustomers, "The fraction of customers must be in [0, 1] (0.2 for the top 20%).");
        }

        int n = Count;
        int k = (int)Math.Min(n, Math.Ceiling((fractionOfCustomers * n) - 1e-9));
        k = Math.Max(k, 0);
        return new ConcentrationPoint(k, n == 0 ? 0 : (double)k / n, _cumulative[k] / TotalValue);
    }

    /// <summary>"n customers bring s of the value": the fewest customers, from the top, whose value reaches the share.</summary>
    /// <param name="shareOfValue">s in [0, 1] (0.8 for 80%).</param>
    /// <exception cref="ArgumentOutOfRangeException">s outside [0, 1].</exception>
    public ConcentrationPoint CustomersForShare(double shareOfValue)
    {
        if (!(shareOfValue >= 0 && shareOfValue <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(shareOfValue), shareOfValue, "The share of value must be in [0, 1] (0.8 for 80%).");
        }

        int k = FirstReaching(shareOfValue == 1 ? TotalValue : shareOfValue * TotalValue, 0);
        return new ConcentrationPoint(k, (double)k / Count, _cumulative[k] / TotalValue);
    }

    /// <summary>The ABC class of row <paramref name="index"/> as a letter.</summary>
    public string AbcName(int index) => _classes[index] switch { AbcClass.A => "A", AbcClass.B => "B", _ => "C" };

    private int FirstReaching(double target, int from)
    {
        if (_nonNegative)
        {
            // The running total never falls: binary search for the first j >= from with cumulative[j] >= target.
            int lo = from, hi = Count;
            while (lo < hi)
            {
                int mid = (int)(((uint)lo + (uint)hi) >> 1);
                if (_cumulative[mid] >= target)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            return lo;
        }

        int j = from;
        while (j < Count && _cumulative[j] < target)
        {
            j++;
        }

        return j;
    }

    private double ComputeGini()
    {
        int n = Count;
        double weighted = 0;
        for (int j = 0; j < n; j++)
        {
            // ascending rank i = n - j (1-based); coefficient 2i - n - 1
            weighted += (double)((2L * (n - j)) - n - 1) * _sorted[j];
        }

        double g = weighted / (n * TotalValue);
        return _nonNegative ? Math.Clamp(g, 0, (n - 1.0) / n) : g;
    }

    private AbcGroup[] ComputeAbc()
    {
        var counts = new int[3];
        var sums = new double[3];
        foreach (var c in _classes)
        {
            counts[(int)c]++;
        }

        // Value per class: the classes are contiguous in the sorted order (the share before a group rises while
        // values are positive and stays >= 1 over the negative tail, so A, B, C never interleave).
        int position = 0;
        for (int c = 0; c < 3; c++)
        {
            sums[c] = _cumulative[position + counts[c]] - _cumulative[position];
            position += counts[c];
        }

        return [.. Enumerable.Range(0, 3).Select(c => new AbcGroup((AbcClass)c, counts[c], sums[c], sums[c] / TotalValue))];
    }

    private ValueQuantile[] ComputeQuantiles()
    {
        int q = Options.Quantiles;
        var counts = new int[q];
        foreach (byte d in _quantiles)
        {
            counts[d - 1]++;
        }

        var table = new ValueQuantile[q];
        int position = 0;
        double total = TotalValue;
        for (int d = 0; d < q; d++)
        {
            int c = counts[d];
            double value = _cumulative[position + c] - _cumulative[position];
            double share = value / total;
            double customerShare = Count == 0 ? 0 : (double)c / Count;
            table[d] = new ValueQuantile(d + 1, c, value, share, _cumulative[position + c] / total, customerShare,
                c == 0 ? 0 : share / customerShare, c == 0 ? 0 : _sorted[position + c - 1], c == 0 ? 0 : _sorted[position]);
            position += c;
        }

        return table;
    }

    private PurchaseQuantile[] ComputePurchaseQuantiles()
    {
        int q = Options.Quantiles;
        var table = new PurchaseQuantile[q];
        int previous = 0;
        for (int k = 1; k <= q; k++)
        {
            double share = (double)k / q;
            int reached = FirstReaching(share * TotalValue, previous);
            table[k - 1] = new PurchaseQuantile(k, share, reached - previous, reached, (double)reached / Count);
            previous = reached;
        }

        return table;
    }

    private LorenzPoint[] ComputeLorenz()
    {
        int segments = Options.LorenzSegments;
        int n = Count;
        double total = TotalValue;
        var points = new LorenzPoint[segments + 1];
        for (int s = 0; s <= segments; s++)
        {
            double population = (double)s / segments;
            double x = population * n;
            int k = Math.Min((int)Math.Floor(x), n);
            double fraction = x - k;

            // ascending sum of the k smallest = total - (sum of the top n - k); the next smallest is sorted[n - 1 - k].
            double ascending = total - _cumulative[n - k];
            if (k < n && fraction > 0)
            {
                ascending += fraction * _sorted[n - 1 - k];
            }

            points[s] = new LorenzPoint(population, s == segments ? 1.0 : ascending / total);
        }

        return points;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Count} customers, total {TotalValue}, Gini {Gini:0.###}");
}
