using System.Globalization;

namespace CustomerValue.Segmentation;

/// <summary>The default <see cref="IValueConcentrationAnalyzer"/>: one sort of the values, then every measure from the running total.</summary>
/// <remarks>
/// <para><b>Rules</b> (N customers, values sorted descending, S_j = the sum of the top j values, S = S_N):</para>
/// <list type="bullet">
/// <item><b>Ties are never split</b>: equal values form one group, and every per-customer class is decided at the
/// group's first position g (the number of customers with a strictly larger value).</item>
/// <item><b>ABC</b>: A when S_g / S &lt; A threshold, B when &lt; B threshold, else C. So A is the customers who start
/// before 80% of the value (the customer who crosses 80% is in A).</item>
/// <item><b>Quantile (decile)</b>: 1 + ⌊q·g / N⌋ (1 = top): equal-count groups, up to ties.</item>
/// <item><b>Purchase quantiles</b>: slice k ends at the smallest j with S_j ≥ (k/q)·S.</item>
/// <item><b>Top share</b> of a fraction p of customers: S_⌈pN⌉ / S. <b>Customers for share</b> s: the smallest j with S_j ≥ s·S.</item>
/// <item><b>Lorenz curve</b>: the ascending cumulative share at population shares 0, 1/L, …, 1, linear between customers.</item>
/// <item><b>Gini</b> = 2 Σ i·x_(i) / (N Σ x) − (N + 1)/N on ascending values; in [0, (N−1)/N] for non-negative values.</item>
/// </list>
/// <para>Negative values (a margin, net of returns) are allowed as long as the total is positive; cumulative shares
/// can then exceed 1 before falling back (the "whale curve"), and the Gini coefficient can exceed 1.</para>
/// <para>The results depend only on the multiset of values, not on row order. Thread-safe and immutable; usable without DI.</para>
/// </remarks>
public sealed class ValueConcentrationAnalyzer : IValueConcentrationAnalyzer
{
    /// <summary>Creates an analyzer.</summary>
    /// <param name="options">Thresholds and resolutions; null for <see cref="ConcentrationOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">The A threshold is not below the B threshold.</exception>
    public ValueConcentrationAnalyzer(ConcentrationOptions? options = null)
    {
        Options = options ?? ConcentrationOptions.Default;
        Options.Validate();
    }

    /// <inheritdoc/>
    public ConcentrationOptions Options { get; }

    /// <inheritdoc/>
    /// <example>
    /// <code>
    /// ValueConcentration c = new ValueConcentrationAnalyzer().Analyze(summaries.TotalSpend, summaries.CustomerIds);
    /// Console.WriteLine($"Gini {c.Gini:0.00}; the top 20% bring {c.TopShare(0.2).ValueShare:P0}");
    /// </code>
    /// </example>
    public ValueConcentration Analyze(ReadOnlySpan<double> values, IReadOnlyList<string>? customerIds = null)
    {
        int n = values.Length;
        if (customerIds is not null && customerIds.Count != n)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Value concentration: {n} values but {customerIds.Count} customer ids."), nameof(customerIds));
        }

        bool nonNegative = true;
        for (int i = 0; i < n; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{RfmInput.Describe(customerIds, i)}: value must be finite, got {v}."), nameof(values));
            }

            nonNegative &= v >= 0;
        }

        // Sort descending with the original rows alongside (ties in any order: nothing below depends on it).
        var sorted = new double[n];
        var rows = new int[n];
        for (int i = 0; i < n; i++)
        {
            sorted[i] = -values[i];
            rows[i] = i;
        }

        Array.Sort(sorted, rows);
        var cumulative = new double[n + 1];
        for (int j = 0; j < n; j++)
        {
            sorted[j] = -sorted[j];
            cumulative[j + 1] = cumulative[j] + sorted[j];
        }

        double total = cumulative[n];
        if (!(total > 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Value concentration: the total value must be positive to form shares, got {total} over {n} customers."), nameof(values));
        }

        var classes = new AbcClass[n];
        var quantiles = new byte[n];
        int q = Options.Quantiles;
        double a = Options.AThreshold, b = Options.BThreshold;
        int groupStart = 0;
        for (int j = 0; j < n; j++)
        {
            if (j > 0 && sorted[j] != sorted[j - 1])
            {
                groupStart = j;
            }

            double before = cumulative[groupStart] / total;
            classes[rows[j]] = before < a ? AbcClass.A : before < b ? AbcClass.B : AbcClass.C;
            quantiles[rows[j]] = (byte)(1 + (int)((long)q * groupStart / n));
        }

        return new ValueConcentration(Options, customerIds, sorted, cumulative, classes, quantiles, nonNegative);
    }
}
