using CustomerValue.Lifetime.Fitting;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

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

    [Fact]
    public void The_radix_path_groups_continuous_rows_like_linq()
    {
        // 200,000 rows on the radix path (whole x below 2^16, t_x and T >= 0): continuous t_x and T with planted
        // duplicates, -0 among the zeros, x = 0 rows with t_x = 0, a few large x. The expected grouping and order come
        // from LINQ's GroupBy and OrderBy (an independent route); integer weights make the sums exact in any order.
        var random = new Random(11);
        int n = 200_000;
        var x = new double[n];
        var tx = new double[n];
        var t = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.Next(10) < 6 ? 0 : random.Next(10) < 9 ? random.Next(1, 8) : random.Next(8, 60_000);
            t[i] = random.Next(5) == 0 ? Math.Round(random.NextDouble() * 10) : random.NextDouble() * 78;
            tx[i] = x[i] == 0 ? (random.Next(2) == 0 ? -0.0 : 0.0) : random.Next(4) == 0 ? Math.Round(t[i] * random.NextDouble()) : t[i] * random.NextDouble();
            w[i] = random.Next(1, 4);
        }

        for (int i = 0; i < n / 10; i++)
        {
            int from = random.Next(n), to = random.Next(n);
            (x[to], tx[to], t[to]) = (x[from], tx[from], t[from]);
        }

        var expected = Enumerable.Range(0, n)
            .GroupBy(i => (x[i] + 0.0, tx[i] + 0.0, t[i] + 0.0))
            .OrderBy(g => g.Key.Item1).ThenBy(g => g.Key.Item2).ThenBy(g => g.Key.Item3)
            .Select(g => (g.Key, Weight: g.Sum(i => w[i])))
            .ToArray();
        var compressed = WeightedSummaries.Compress(x, tx, t, w);
        Assert.Equal(expected.Length, compressed.Count);
        Assert.True(expected.Length < n * 0.95, "the data should hold duplicates");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Key, (compressed.Frequency[i], compressed.Recency[i], compressed.Age[i]));
            Assert.False(double.IsNegative(compressed.Recency[i]), "-0 is grouped with +0 and written as +0");
            Assert.Equal(expected[i].Weight, compressed.Weight[i]);
        }
    }

    [Property(MaxTest = 300)]
    public Property The_radix_and_comparison_paths_agree_bit_for_bit(int seed, bool negative)
    {
        // Small random tables from a handful of values (so rows repeat), with fractional weights: the radix path (all
        // values >= 0) must give exactly the comparison path's rows, order and weight sums (added in input order).
        // With a negative t_x planted, the comparison path runs; both are checked against LINQ's grouping.
        var random = new Random(seed);
        int n = random.Next(0, 300);
        double[] pool = [0, -0.0, 0.5, 1, 1.25, 3, 7.75, 1e-300, 52];
        var x = new double[n];
        var tx = new double[n];
        var t = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.Next(0, 4);
            tx[i] = pool[random.Next(pool.Length)];
            t[i] = pool[random.Next(pool.Length)];
            w[i] = random.NextDouble();
        }

        if (negative && n > 0)
        {
            tx[random.Next(n)] = -2;
        }

        var compressed = WeightedSummaries.Compress(x, tx, t, w);
        var expected = Enumerable.Range(0, n)
            .GroupBy(i => (x[i] + 0.0, tx[i] + 0.0, t[i] + 0.0))
            .OrderBy(g => g.Key.Item1).ThenBy(g => g.Key.Item2).ThenBy(g => g.Key.Item3)
            .Select(g => (g.Key, Weight: g.Aggregate(0.0, (sum, i) => sum + w[i])))
            .ToArray();
        bool same = compressed.Count == expected.Length;
        for (int i = 0; same && i < expected.Length; i++)
        {
            same = expected[i].Key == (compressed.Frequency[i], compressed.Recency[i], compressed.Age[i])
                && BitConverter.DoubleToInt64Bits(expected[i].Weight) == BitConverter.DoubleToInt64Bits(compressed.Weight[i]);
        }

        return same.Label($"n = {n}, distinct {expected.Length}, got {compressed.Count}");
    }
}
