using CustomerValue.Lifetime.Fitting;

namespace CustomerValue.Tests.Lifetime.Fitting;

public sealed class WeightedSummariesTests
{
    [Fact]
    public void Identical_rows_are_grouped_in_ascending_order()
    {
        double[] x = [0, 2, 0, 2, 1, -0.0];
        double[] tx = [0, 5, 0, 5, 1, 0];
        double[] t = [10, 10, 10, 10, 10, 10];
        var compressed = WeightedSummaries.Compress(x, tx, t);
        Assert.Equal(3, compressed.Count);
        Assert.Equal([0.0, 1, 2], compressed.Frequency);
        Assert.Equal([3.0, 1, 2], compressed.Weight);
        Assert.Equal(6, compressed.TotalWeight);
    }

    [Fact]
    public void A_large_input_sorted_on_two_threads_groups_like_linq()
    {
        // 100,000 rows (above the parallel threshold) with many duplicates and negative values; the expected grouping
        // comes from LINQ's GroupBy and OrderBy, an independent route.
        var random = new Random(7);
        int n = 100_000;
        var x = new double[n];
        var tx = new double[n];
        var t = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.Next(0, 5);
            tx[i] = random.Next(-3, 40) * 0.5;
            t[i] = random.Next(0, 30);
            w[i] = random.Next(1, 4);
        }

        var expected = Enumerable.Range(0, n)
            .GroupBy(i => (x[i], tx[i], t[i]))
            .OrderBy(g => g.Key.Item1).ThenBy(g => g.Key.Item2).ThenBy(g => g.Key.Item3)
            .Select(g => (g.Key, Weight: g.Sum(i => w[i])))
            .ToArray();
        var compressed = WeightedSummaries.Compress(x, tx, t, w);
        Assert.Equal(expected.Length, compressed.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Key, (compressed.Frequency[i], compressed.Recency[i], compressed.Age[i]));
            Assert.Equal(expected[i].Weight, compressed.Weight[i]);
        }

        Assert.Equal(w.Sum(), compressed.TotalWeight);
    }

    [Fact]
    public void Given_weights_are_summed()
    {
        var compressed = WeightedSummaries.Compress([1, 1, 2], [1, 1, 1], [3, 3, 3], [2.5, 0.5, 4]);
        Assert.Equal([3.0, 4], compressed.Weight);
        Assert.Equal(7, compressed.TotalWeight);
    }

    [Fact]
    public void Bad_weights_and_lengths_are_rejected()
    {
        Assert.Contains("Row 2", Assert.Throws<ArgumentException>(() => WeightedSummaries.Compress([1, 1], [1, 1], [3, 3], [1, double.NaN])).Message);
        Assert.Throws<ArgumentException>(() => WeightedSummaries.Compress([1, 1], [1], [3, 3]));
    }
}
