using CustomerValue.Segmentation;

namespace CustomerValue.Tests.Segmentation;

/// <summary>k-means on standardised log RFM: recovers separated groups, is seeded, deterministic and order-independent.</summary>
public sealed class RfmKMeansTests
{
    /// <summary>Three well separated groups of 200: recent heavy buyers, lapsed small buyers, middling ones.</summary>
    private static (RfmInput Input, int[] Truth) ThreeGroups(int seed)
    {
        var random = new Random(seed);
        var r = new List<double>();
        var f = new List<double>();
        var m = new List<double>();
        var truth = new List<int>();
        (double R, double F, double M)[] centres = [(3, 40, 5000), (400, 1, 20), (60, 6, 300)];
        for (int g = 0; g < 3; g++)
        {
            for (int i = 0; i < 200; i++)
            {
                double jitter() => Math.Exp((random.NextDouble() - 0.5) * 0.4);
                r.Add(Math.Round(centres[g].R * jitter()));
                f.Add(Math.Max(1, Math.Round(centres[g].F * jitter())));
                m.Add(Math.Round(centres[g].M * jitter(), 2));
                truth.Add(g);
            }
        }

        return (RfmInput.FromColumns([.. r], [.. f], [.. m]), [.. truth]);
    }

    [Fact]
    public void Three_separated_groups_are_recovered_and_numbered_best_first()
    {
        var (input, truth) = ThreeGroups(11);
        var result = new RfmKMeans(3, seed: 4).Cluster(input);
        Assert.True(result.Converged);
        Assert.Equal(3, result.Clusters.Count);
        Assert.Equal([200, 200, 200], result.Clusters.Select(c => c.Customers));

        // Cluster 0 is the recent heavy group, then the middling one, then the lapsed one.
        int[] expectedLabel = [0, 2, 1];
        for (int i = 0; i < truth.Length; i++)
        {
            Assert.Equal(expectedLabel[truth[i]], result.Assignments[i]);
        }

        Assert.True(result.Clusters[0].MeanMonetary > result.Clusters[1].MeanMonetary);
        Assert.True(result.Clusters[2].MeanRecencyDays > result.Clusters[1].MeanRecencyDays);
        Assert.True(result.Inertia > 0 && double.IsFinite(result.Inertia));
    }

    [Fact]
    public void The_same_seed_gives_the_same_clusters_whatever_the_row_order()
    {
        var (input, _) = ThreeGroups(12);
        var first = new RfmKMeans(5, seed: 9).Cluster(input);
        var again = new RfmKMeans(5, seed: 9).Cluster(input);
        Assert.Equal(first.Assignments.ToArray(), again.Assignments.ToArray());

        var order = Enumerable.Range(0, input.Count).OrderBy(i => (i * 7919) % input.Count).ToArray();
        var shuffled = RfmInput.FromColumns(
            [.. order.Select(i => input.RecencyDays[i])], [.. order.Select(i => input.Frequency[i])], [.. order.Select(i => input.Monetary[i])]);
        var permuted = new RfmKMeans(5, seed: 9).Cluster(shuffled);
        for (int k = 0; k < order.Length; k++)
        {
            Assert.Equal(first.Assignments[order[k]], permuted.Assignments[k]);
        }
    }

    [Fact]
    public void Bad_requests_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RfmKMeans(0));
        var tiny = RfmInput.FromColumns([1.0, 1, 2], [1.0, 1, 2], [5.0, 5, 6]);
        var e = Assert.Throws<ArgumentException>(() => new RfmKMeans(3).Cluster(tiny));
        Assert.Contains("only 2 distinct", e.Message, StringComparison.Ordinal);
        var negative = RfmInput.FromColumns([1.0, 2], [1.0, 2], [5.0, -1], ["a", "b"]);
        e = Assert.Throws<ArgumentException>(() => new RfmKMeans(1).Cluster(negative));
        Assert.Contains("customer 'b'", e.Message, StringComparison.Ordinal);
        Assert.Equal([2, 1], new RfmKMeans(2).Cluster(tiny).Clusters.Select(c => c.Customers).OrderDescending());
    }
}
