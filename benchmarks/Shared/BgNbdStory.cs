using MathNet.Numerics.Distributions;

namespace CustomerValue.BenchmarkData;

/// <summary>
/// One customer of the BG/NBD story, drawn with the caller's <see cref="Random"/>: a purchase rate λ ~ Gamma(r, α) and a
/// drop-out probability p ~ Beta(a, b); exponential gaps between purchases, and after each purchase the customer drops
/// out with probability p. Shared by the BenchmarkDotNet data (<c>SyntheticSummaries</c>) and the scale run so both
/// draw the same story the same way (same draws in the same order for the same seed).
/// </summary>
internal static class BgNbdStory
{
    /// <summary>The purchases after the first within <paramref name="observed"/> weeks, and the time of the last one (0 when none).</summary>
    public static (int Purchases, double Last) Customer(Random random, double r, double alpha, double a, double b, double observed)
    {
        double lambda = Gamma.Sample(random, r, alpha);
        double dropout = Beta.Sample(random, a, b);
        double time = 0, last = 0;
        int purchases = 0;
        while (true)
        {
            time += -Math.Log(1 - random.NextDouble()) / lambda;
            if (time > observed)
            {
                break;
            }

            purchases++;
            last = time;
            if (random.NextDouble() < dropout)
            {
                break;
            }
        }

        return (purchases, last);
    }
}
