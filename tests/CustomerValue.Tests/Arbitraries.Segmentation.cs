using FsCheck;
using FsCheck.Fluent;

namespace CustomerValue.Tests;

public static partial class Arbitraries
{
    /// <summary>
    /// RFM columns for 0..120 customers, drawn from small ranges so that ties are common: recency 0..40 days,
    /// frequency 1..12, monetary 0..30 in steps of 0.5 (sometimes a few large spenders).
    /// </summary>
    public static Arbitrary<RfmColumns> RfmColumnsArbitrary() =>
        Gen.Choose(0, 120).SelectMany(n =>
            Gen.ArrayOf(Gen.Choose(0, 40), n).SelectMany(r =>
                Gen.ArrayOf(Gen.Choose(1, 12), n).SelectMany(f =>
                    Gen.ArrayOf(Gen.Frequency((9, Gen.Choose(0, 60)), (1, Gen.Choose(60, 5000))), n).Select(m =>
                        new RfmColumns(
                            [.. r.Select(x => (double)x)],
                            [.. f.Select(x => (double)x)],
                            [.. m.Select(x => x / 2.0)])))))
        .ToArbitrary();

    /// <summary>1..150 non-negative values with ties (0..200 in steps of 1, a few up to 20,000), at least one positive.</summary>
    public static Arbitrary<ValueColumn> ValueColumnArbitrary() =>
        Gen.Choose(1, 150).SelectMany(n =>
            Gen.ArrayOf(Gen.Frequency((8, Gen.Choose(0, 200)), (1, Gen.Choose(200, 20000))), n)
                .Where(v => v.Any(x => x > 0))
                .Select(v => new ValueColumn([.. v.Select(x => (double)x)])))
        .ToArbitrary();
}

/// <summary>Generated RFM columns (days since last purchase, purchases, monetary value).</summary>
public sealed record RfmColumns(double[] Recency, double[] Frequency, double[] Monetary)
{
    /// <summary>The number of customers.</summary>
    public int Count => Recency.Length;

    /// <summary>The rows in the order <paramref name="order"/> gives.</summary>
    public RfmColumns Permute(int[] order) =>
        new([.. order.Select(i => Recency[i])], [.. order.Select(i => Frequency[i])], [.. order.Select(i => Monetary[i])]);

    /// <inheritdoc/>
    public override string ToString() => string.Join("; ", Enumerable.Range(0, Count).Select(i => $"({Recency[i]},{Frequency[i]},{Monetary[i]})"));
}

/// <summary>A generated column of non-negative values, at least one positive.</summary>
public sealed record ValueColumn(double[] Values)
{
    /// <inheritdoc/>
    public override string ToString() => string.Join(",", Values);
}
