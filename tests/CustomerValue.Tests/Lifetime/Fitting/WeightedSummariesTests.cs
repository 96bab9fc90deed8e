using CustomerValue.Lifetime.Fitting;

namespace CustomerValue.Tests.Lifetime.Fitting;

public sealed class WeightedSummariesTests
{
    [Fact]
    public void Identical_rows_are_grouped_in_order_of_first_appearance()
    {
        double[] x = [0, 2, 0, 2, 1, -0.0];
        double[] tx = [0, 5, 0, 5, 1, 0];
        double[] t = [10, 10, 10, 10, 10, 10];
        var compressed = WeightedSummaries.Compress(x, tx, t);
        Assert.Equal(3, compressed.Count);
        Assert.Equal([0.0, 2, 1], compressed.Frequency);
        Assert.Equal([3.0, 2, 1], compressed.Weight);
        Assert.Equal(6, compressed.TotalWeight);
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
