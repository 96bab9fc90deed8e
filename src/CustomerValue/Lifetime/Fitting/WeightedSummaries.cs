using System.Runtime.InteropServices;

namespace CustomerValue.Lifetime.Fitting;

/// <summary>
/// Customer summaries compressed for fitting: rows with identical (x, t_x, T) are grouped into one row whose weight
/// is the number of customers (or the sum of their weights) sharing it.
/// </summary>
/// <remarks>
/// The likelihood of a data set depends on each customer only through (x, t_x, T), so grouping is exact and makes every
/// likelihood evaluation cost one term per distinct row: the CDNOW calibration summary has 2,357 customers but far
/// fewer distinct rows (every x = 0 customer with the same first-purchase day is one row). Rows are compared bitwise
/// (−0 equals +0); the output keeps the order of first appearance, so compression is deterministic. Models with other
/// sufficient statistics reuse the three columns (Gamma-Gamma passes (x, m̄, 0)).
/// </remarks>
internal sealed class WeightedSummaries
{
    private WeightedSummaries(double[] frequency, double[] recency, double[] age, double[] weight, double totalWeight)
    {
        Frequency = frequency;
        Recency = recency;
        Age = age;
        Weight = weight;
        TotalWeight = totalWeight;
    }

    /// <summary>x per distinct row.</summary>
    public double[] Frequency { get; }

    /// <summary>t_x per distinct row.</summary>
    public double[] Recency { get; }

    /// <summary>T per distinct row.</summary>
    public double[] Age { get; }

    /// <summary>The number of customers (or their total weight) in each distinct row.</summary>
    public double[] Weight { get; }

    /// <summary>Distinct rows.</summary>
    public int Count => Weight.Length;

    /// <summary>The sum of all weights: the customer count.</summary>
    public double TotalWeight { get; }

    /// <summary>Groups identical rows. <paramref name="weights"/> empty means weight 1 per row.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or a weight is negative, NaN or infinite.</exception>
    public static WeightedSummaries Compress(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> weights = default)
    {
        int n = frequency.Length;
        if (recency.Length != n || age.Length != n || (!weights.IsEmpty && weights.Length != n))
        {
            throw new ArgumentException($"All columns must have one value per row ({n}); got recency {recency.Length}, T {age.Length}, weights {weights.Length}.");
        }

        var index = new Dictionary<RowKey, int>(Math.Min(n, 1 << 16));
        var f = new List<double>();
        var r = new List<double>();
        var t = new List<double>();
        var w = new List<double>();
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double weight = weights.IsEmpty ? 1 : weights[i];
            if (!(weight >= 0 && double.IsFinite(weight)))
            {
                throw new ArgumentException($"Row {i + 1}: the weight must be finite and >= 0.", nameof(weights));
            }

            var key = new RowKey(frequency[i] + 0.0, recency[i] + 0.0, age[i] + 0.0);
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(index, key, out bool exists);
            if (exists)
            {
                CollectionsMarshal.AsSpan(w)[slot] += weight;
            }
            else
            {
                slot = w.Count;
                f.Add(key.Frequency);
                r.Add(key.Recency);
                t.Add(key.Age);
                w.Add(weight);
            }

            total += weight;
        }

        return new WeightedSummaries([.. f], [.. r], [.. t], [.. w], total);
    }

    private readonly record struct RowKey(double Frequency, double Recency, double Age);
}
