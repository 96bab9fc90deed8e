using CustomerValue.Lifetime;
using CustomerValue.Summaries;
using MathNet.Numerics.Distributions;

namespace CustomerValue.Tests.Lifetime;

/// <summary>A seeded simulator of the BG/NBD story, for recovery tests.</summary>
internal static class BgNbdSimulator
{
    /// <summary>
    /// Customers acquired uniformly over the first <paramref name="acquisition"/> units of a calibration period of
    /// <paramref name="calibration"/> units; each buys at rate λ ~ Gamma(r, α) and drops out after each repeat purchase
    /// with probability p ~ Beta(a, b).
    /// </summary>
    public static CustomerSummaries Simulate(BgNbdParameters parameters, int customers, int seed, double calibration = 39, double acquisition = 12)
    {
        var random = new Random(seed);
        var ids = new string[customers];
        double[] x = new double[customers], tx = new double[customers], age = new double[customers];
        for (int i = 0; i < customers; i++)
        {
            ids[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            double observed = calibration - (acquisition * random.NextDouble());
            double lambda = Gamma.Sample(random, parameters.R, parameters.Alpha);
            double dropout = Beta.Sample(random, parameters.A, parameters.B);
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

            x[i] = purchases;
            tx[i] = last;
            age[i] = observed;
        }

        return CustomerSummaries.FromColumns(ids, x, tx, age, [], TimeUnit.Week);
    }
}
