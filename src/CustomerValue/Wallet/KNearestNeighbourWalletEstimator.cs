using System.Globalization;

namespace CustomerValue.Wallet;

/// <summary>
/// The realistic wallet as the high quantile of spend among each customer's k nearest neighbours in feature space
/// (Perlich, Rosset et al., KDD 2007), never below the customer's own spend.
/// </summary>
/// <remarks>
/// <para>Distance: Euclidean over the (by default standardised) features. The customer itself is not its own
/// neighbour; among equally distant candidates the earlier row wins, so results do not depend on thread timing.
/// The quantile is type 7 (linear interpolation, see <see cref="Quantiles.QuantileInPlace"/>).</para>
/// <para>Cost: an exact search, O(n² · features) time, parallel over customers, O(n · k) working memory. Suitable for
/// up to some hundred thousand customers; beyond that, estimate per segment.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class KNearestNeighbourWalletEstimator : IWalletEstimator
{
    /// <summary>Creates the estimator (default settings: <see cref="KNearestNeighbourWalletOptions.Default"/>).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public KNearestNeighbourWalletEstimator(KNearestNeighbourWalletOptions? options = null)
    {
        Options = options ?? KNearestNeighbourWalletOptions.Default;
        Options.Validate();
    }

    /// <summary>The settings in use.</summary>
    public KNearestNeighbourWalletOptions Options { get; }

    /// <inheritdoc/>
    public WalletEstimates Estimate(WalletEstimationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input.Count;
        int k = Options.Neighbours;
        if (n - 1 < k)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"k-nearest-neighbour wallets: {n} customers give each at most {n - 1} neighbours; {k} were asked for."), nameof(input));
        }

        int d = input.FeatureCount;
        double[] x = Scaled(input, Options.Standardize);
        double[] spend = input.OurSpend.ToArray();
        double[] wallet = new double[n];
        double q = Options.Quantile;
        Parallel.For(
            0,
            n,
            () => (Distance: new double[k], Index: new int[k], Values: new double[k]),
            (i, _, buffers) =>
            {
                wallet[i] = Math.Max(spend[i], NeighbourQuantile(x, spend, d, i, q, buffers.Distance, buffers.Index, buffers.Values));
                return buffers;
            },
            _ => { });
        return new WalletEstimates(string.Create(CultureInfo.InvariantCulture, $"knn(k={k}, q={q})"), q, [.. input.CustomerIds], spend, wallet);
    }

    private static double NeighbourQuantile(double[] x, double[] spend, int d, int self, double q, double[] heapDistance, int[] heapIndex, double[] values)
    {
        // A max-heap of the k best (smallest distance) candidates seen so far; the root is the worst of them.
        int k = heapDistance.Length;
        int size = 0;
        var row = x.AsSpan(self * d, d);
        int n = spend.Length;
        for (int j = 0; j < n; j++)
        {
            if (j == self)
            {
                continue;
            }

            var other = x.AsSpan(j * d, d);
            double dist = 0;
            for (int f = 0; f < d; f++)
            {
                double diff = row[f] - other[f];
                dist += diff * diff;
            }

            if (size < k)
            {
                heapDistance[size] = dist;
                heapIndex[size] = j;
                size++;
                SiftUp(heapDistance, heapIndex, size - 1);
            }
            else if (dist < heapDistance[0])
            {
                heapDistance[0] = dist;
                heapIndex[0] = j;
                SiftDown(heapDistance, heapIndex, size);
            }
        }

        for (int m = 0; m < k; m++)
        {
            values[m] = spend[heapIndex[m]];
        }

        return Quantiles.QuantileInPlace(values.AsSpan(0, k), q);
    }

    // Heap order: larger distance first; at equal distance the later row is "larger", so earlier rows are kept.
    private static bool Above(double[] dist, int[] idx, int a, int b) => dist[a] > dist[b] || (dist[a] == dist[b] && idx[a] > idx[b]);

    private static void SiftUp(double[] dist, int[] idx, int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!Above(dist, idx, i, parent))
            {
                return;
            }

            Swap(dist, idx, i, parent);
            i = parent;
        }
    }

    private static void SiftDown(double[] dist, int[] idx, int size)
    {
        int i = 0;
        while (true)
        {
            int l = (2 * i) + 1;
            int r = l + 1;
            int top = i;
            if (l < size && Above(dist, idx, l, top))
            {
                top = l;
            }

            if (r < size && Above(dist, idx, r, top))
            {
                top = r;
            }

            if (top == i)
            {
                return;
            }

            Swap(dist, idx, i, top);
            i = top;
        }
    }

    private static void Swap(double[] dist, int[] idx, int a, int b)
    {
        (dist[a], dist[b]) = (dist[b], dist[a]);
        (idx[a], idx[b]) = (idx[b], idx[a]);
    }

    private static double[] Scaled(WalletEstimationInput input, bool standardize)
    {
        double[] x = input.Features.ToArray();
        if (!standardize)
        {
            return x;
        }

        int n = input.Count;
        int d = input.FeatureCount;
        for (int f = 0; f < d; f++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++)
            {
                mean += x[(i * d) + f];
            }

            mean /= n;
            double variance = 0;
            for (int i = 0; i < n; i++)
            {
                double z = x[(i * d) + f] - mean;
                variance += z * z;
            }

            double sd = Math.Sqrt(variance / n);
            double scale = sd > 0 && double.IsFinite(1 / sd) ? 1 / sd : 1;
            for (int i = 0; i < n; i++)
            {
                x[(i * d) + f] = (x[(i * d) + f] - mean) * scale;
            }
        }

        return x;
    }
}
