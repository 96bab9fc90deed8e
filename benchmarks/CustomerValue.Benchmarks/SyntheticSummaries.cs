using CustomerValue.BenchmarkData;

namespace CustomerValue.Benchmarks;

/// <summary>
/// Seeded synthetic customer summaries drawn from the BG/NBD story, in weeks with day granularity (like summaries built
/// from real transaction logs): customers acquired uniformly over 12 weeks, observed until week 39.
/// </summary>
internal static class SyntheticSummaries
{
    /// <summary>CDNOW's published BG/NBD parameters.</summary>
    public static (double R, double Alpha, double A, double B) Cdnow => (0.243, 4.414, 0.793, 2.426);

    /// <summary>Columns x, t_x, T for <paramref name="customers"/> customers.</summary>
    public static (double[] Frequency, double[] Recency, double[] Age) BgNbd(int customers, int seed)
    {
        var (r, alpha, a, b) = Cdnow;
        var random = new Random(seed);
        var frequency = new double[customers];
        var recency = new double[customers];
        var age = new double[customers];
        for (int i = 0; i < customers; i++)
        {
            int observedDays = 273 - random.Next(84);
            double observed = observedDays / 7.0;
            var (purchases, last) = BgNbdStory.Customer(random, r, alpha, a, b, observed);
            frequency[i] = purchases;
            recency[i] = Math.Floor(last * 7) / 7;
            age[i] = observed;
        }

        return (frequency, recency, age);
    }
}
