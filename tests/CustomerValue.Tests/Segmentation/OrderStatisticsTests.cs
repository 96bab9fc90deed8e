using CustomerValue.Segmentation;

namespace CustomerValue.Tests.Segmentation;

/// <summary>Selection finds the same order statistics as a full sort, on ties, sorted and adversarial inputs.</summary>
public sealed class OrderStatisticsTests
{
    public static TheoryData<string> Shapes => ["random", "sorted", "reversed", "few-distinct", "constant", "organ-pipe"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Selection_equals_the_sorted_values_at_the_wanted_positions(string shape)
    {
        var random = new Random(3);
        foreach (int n in new[] { 1, 2, 5, 17, 100, 1000, 50_000 })
        {
            var values = shape switch
            {
                "random" => Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray(),
                "sorted" => Enumerable.Range(0, n).Select(i => (double)i).ToArray(),
                "reversed" => Enumerable.Range(0, n).Select(i => (double)(n - i)).ToArray(),
                "few-distinct" => Enumerable.Range(0, n).Select(_ => (double)random.Next(3)).ToArray(),
                "constant" => Enumerable.Repeat(4.5, n).ToArray(),
                _ => Enumerable.Range(0, n).Select(i => (double)Math.Min(i, n - i)).ToArray(),
            };
            var sorted = (double[])values.Clone();
            Array.Sort(sorted);
            int[] positions = [0, n / 5, n / 5, (2 * n) / 5, n / 2, (4 * n) / 5, n - 1];
            var result = new double[positions.Length];
            OrderStatistics.Select((double[])values.Clone(), positions, result);
            Assert.Equal(positions.Select(p => sorted[p]), result);
        }
    }

    [Theory]
    [InlineData("random")]
    [InlineData("few-distinct")]
    [InlineData("stride-trap")]
    public void Large_input_selection_by_sampled_brackets_is_exact_even_when_the_sample_misleads(string shape)
    {
        var random = new Random(8);
        int n = 400_000;
        int sampleSize = (int)Math.Clamp(32 * Math.Sqrt(n), 1 << 15, 1 << 17);
        var sampled = new HashSet<int>(Enumerable.Range(0, sampleSize).Select(j => (int)((long)j * n / sampleSize)));
        var values = shape switch
        {
            "random" => Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * 1000, 2)).ToArray(),
            "few-distinct" => Enumerable.Range(0, n).Select(_ => (double)random.Next(4)).ToArray(),

            // Every sampled position holds 0, every other one 1: the sample brackets every cut point at [0, 0] and
            // misses, so the exact fallback must answer.
            _ => Enumerable.Range(0, n).Select(i => sampled.Contains(i) ? 0.0 : 1.0).ToArray(),
        };
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int[] positions = [n / 5, (2 * n) / 5, (3 * n) / 5, (4 * n) / 5 - 1];
        var result = new double[positions.Length];
        OrderStatistics.SelectLarge(values, positions, result);
        Assert.Equal(positions.Select(p => sorted[p]), result);
    }
}
