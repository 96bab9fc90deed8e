using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime;

public sealed class RecencyFreeTableTests
{
    /// <summary>
    /// The keys of a real base: counts 0..119 and ages in whole days over two years, in weeks. Their bit patterns differ
    /// only in a few places, which is what made an earlier hash chain every probe (two seconds for ten million
    /// customers). With a well-mixed hash at load ≤ 1/2, linear probing's longest run grows like log n: about 20 here.
    /// </summary>
    [Fact]
    public void Grid_keys_spread_so_lookups_stay_short()
    {
        using var table = new RecencyFreeTable();
        for (int x = 0; x < 120; x++)
        {
            for (int days = 1; days <= 730; days++)
            {
                table.Add(x, days / 7.0);
            }
        }

        Assert.Equal(120 * 730, table.Count);
        Assert.InRange(table.LongestProbe(), 1, 64);
    }

    [Fact]
    public void Each_pair_is_stored_once_and_found_at_its_index()
    {
        using var table = new RecencyFreeTable(capacity: 4);
        var random = new Random(7);
        var pairs = new List<(double X, double T)>();
        for (int i = 0; i < 5000; i++)
        {
            var pair = ((double)random.Next(50), random.Next(1, 200) / 7.0);
            pairs.Add(pair);
            table.Add(pair.Item1, pair.Item2);
        }

        var distinct = pairs.Distinct().ToList();
        Assert.Equal(distinct.Count, table.Count);
        foreach (var (x, t) in distinct)
        {
            int k = table.Find(x, t);
            Assert.True(k >= 0);
            Assert.Equal(x, table.Frequency[k]);
            Assert.Equal(t, table.Age[k]);
        }

        Assert.Equal(-1, table.Find(1000, 1));
    }

    [Fact]
    public void Merging_tables_keeps_every_pair_once()
    {
        using var left = new RecencyFreeTable();
        using var right = new RecencyFreeTable();
        for (int x = 0; x < 30; x++)
        {
            left.Add(x, 1.0);
            right.Add(x + 15, 1.0);
        }

        left.AddAll(right);
        Assert.Equal(45, left.Count);
        Assert.True(left.Find(44, 1.0) >= 0);
        Assert.True(left.Find(0, 1.0) >= 0);
    }
}
