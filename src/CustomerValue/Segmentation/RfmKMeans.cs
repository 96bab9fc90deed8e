using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace CustomerValue.Segmentation;

/// <summary>Finds data-driven customer groups in RFM space.</summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IRfmClusterer
{
    /// <summary>Clusters a customer base.</summary>
    /// <param name="input">The RFM columns (monetary ≥ 0).</param>
    /// <exception cref="ArgumentException">A monetary value is negative, or there are fewer distinct customers than clusters.</exception>
    RfmClusters Cluster(RfmInput input);
}

/// <summary>One k-means cluster, described in the original units and in the standardised space.</summary>
/// <param name="Index">0 = the cluster with the highest standardised (−recency + frequency + monetary) centre.</param>
/// <param name="Customers">Members.</param>
/// <param name="MeanRecencyDays">Mean days since the last purchase of the members.</param>
/// <param name="MeanFrequency">Mean number of purchases.</param>
/// <param name="MeanMonetary">Mean monetary value.</param>
/// <param name="CenterRecency">Centre on standardised log(1 + recency days).</param>
/// <param name="CenterFrequency">Centre on standardised log(1 + frequency).</param>
/// <param name="CenterMonetary">Centre on standardised log(1 + monetary).</param>
public readonly record struct RfmCluster(int Index, int Customers, double MeanRecencyDays, double MeanFrequency, double MeanMonetary, double CenterRecency, double CenterFrequency, double CenterMonetary);

/// <summary>The result of k-means on RFM.</summary>
/// <remarks>Immutable and thread-safe. Running out of iterations is reported (<see cref="Converged"/> false), not thrown.</remarks>
public sealed class RfmClusters
{
    private readonly int[] _assignments;

    internal RfmClusters(IReadOnlyList<string>? customerIds, int[] assignments, RfmCluster[] clusters, double inertia, int iterations, bool converged)
    {
        CustomerIds = customerIds;
        _assignments = assignments;
        Clusters = clusters;
        Inertia = inertia;
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>Customer ids, or null.</summary>
    public IReadOnlyList<string>? CustomerIds { get; }

    /// <summary>The number of customers.</summary>
    public int Count => _assignments.Length;

    /// <summary>The cluster index of every customer, in input row order.</summary>
    public ReadOnlySpan<int> Assignments => _assignments;

    /// <summary>The clusters, by index.</summary>
    public IReadOnlyList<RfmCluster> Clusters { get; }

    /// <summary>The sum of squared distances of customers to their centre (standardised space).</summary>
    public double Inertia { get; }

    /// <summary>Lloyd iterations run.</summary>
    public int Iterations { get; }

    /// <summary>True when no customer changed cluster in the last iteration.</summary>
    public bool Converged { get; }
}

/// <summary>
/// k-means on standardised log(1 + recency days), log(1 + frequency), log(1 + monetary), with k-means++ seeding from a
/// fixed seed: the same input gives the same clusters, whatever the row order.
/// </summary>
/// <remarks>
/// <para><b>Algorithm.</b> Each feature is log-transformed and standardised (mean 0, sample standard deviation 1;
/// a constant feature is only centred). Rows are put in a canonical order (by feature values) before seeding, so the
/// result does not depend on input order. Seeds: k-means++ with <see cref="Random"/>(seed). Then Lloyd iterations:
/// distances from the matrix product X·Cᵀ (MathNet.Numerics), nearest centre, centres = member means; an emptied
/// cluster is re-seeded with the point farthest from its centre. Stops when no assignment changes or after
/// <see cref="MaxIterations"/>. Clusters are numbered by their standardised −R + F + M centre, best first.</para>
/// <para>Thread-safe and immutable; usable without DI.</para>
/// </remarks>
public sealed class RfmKMeans : IRfmClusterer
{
    /// <summary>Creates the clusterer.</summary>
    /// <param name="clusters">k, 1..100.</param>
    /// <param name="seed">The seed of the k-means++ initialisation.</param>
    /// <param name="maxIterations">The iteration limit, ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">k or the iteration limit is out of range.</exception>
    public RfmKMeans(int clusters, int seed = 1, int maxIterations = 300)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clusters, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(clusters, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        ClusterCount = clusters;
        Seed = seed;
        MaxIterations = maxIterations;
    }

    /// <summary>k.</summary>
    public int ClusterCount { get; }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The iteration limit.</summary>
    public int MaxIterations { get; }

    /// <inheritdoc/>
    public RfmClusters Cluster(RfmInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input.Count;
        int k = ClusterCount;
        for (int i = 0; i < n; i++)
        {
            if (input.Monetary[i] < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{input.Describe(i)}: k-means needs monetary >= 0 for log(1 + monetary), got {input.Monetary[i]}."), nameof(input));
            }
        }

        // Features in canonical row order.
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        double[] lr = new double[n], lf = new double[n], lm = new double[n];
        for (int i = 0; i < n; i++)
        {
            lr[i] = Math.Log(1 + input.RecencyDays[i]);
            lf[i] = Math.Log(1 + input.Frequency[i]);
            lm[i] = Math.Log(1 + input.Monetary[i]);
        }

        Array.Sort(order, (a, b) => lr[a] != lr[b] ? lr[a].CompareTo(lr[b]) : lf[a] != lf[b] ? lf[a].CompareTo(lf[b]) : lm[a].CompareTo(lm[b]));
        var x = Matrix<double>.Build.Dense(n, 3);
        for (int row = 0; row < n; row++)
        {
            int i = order[row];
            x[row, 0] = lr[i];
            x[row, 1] = lf[i];
            x[row, 2] = lm[i];
        }

        Standardise(x);
        int distinct = CountDistinct(x);
        if (distinct < k)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"k-means: {k} clusters requested but only {distinct} distinct customers (in RFM) to form them."), nameof(input));
        }

        var centers = SeedCenters(x, k, new Random(Seed));
        var assignment = new int[n];
        Array.Fill(assignment, -1);
        bool converged = false;
        int iterations = 0;
        var distances = new double[n];
        while (iterations < MaxIterations)
        {
            iterations++;
            bool changed = Assign(x, centers, assignment, distances);
            UpdateCenters(x, centers, assignment, distances);
            if (!changed)
            {
                converged = true;
                break;
            }
        }

        Assign(x, centers, assignment, distances);
        double inertia = 0;
        foreach (double d in distances)
        {
            inertia += d;
        }

        return Describe(input, order, centers, assignment, inertia, iterations, converged);
    }

    private static void Standardise(Matrix<double> x)
    {
        for (int c = 0; c < x.ColumnCount; c++)
        {
            var column = x.Column(c);
            double mean = MathNet.Numerics.Statistics.Statistics.Mean(column);
            double sd = x.RowCount > 1 ? MathNet.Numerics.Statistics.Statistics.StandardDeviation(column) : 0;
            double scale = sd > 1e-12 ? 1 / sd : 1;
            x.SetColumn(c, column.Subtract(mean).Multiply(scale));
        }
    }

    private static int CountDistinct(Matrix<double> x)
    {
        int distinct = x.RowCount > 0 ? 1 : 0;
        for (int row = 1; row < x.RowCount; row++)
        {
            if (x[row, 0] != x[row - 1, 0] || x[row, 1] != x[row - 1, 1] || x[row, 2] != x[row - 1, 2])
            {
                distinct++;
            }
        }

        return distinct;
    }

    private static Matrix<double> SeedCenters(Matrix<double> x, int k, Random random)
    {
        int n = x.RowCount;
        var centers = Matrix<double>.Build.Dense(k, 3);
        centers.SetRow(0, x.Row(random.Next(n)));
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        for (int c = 1; c < k; c++)
        {
            var last = centers.Row(c - 1);
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                double d = SquaredDistance(x, i, last);
                nearest[i] = Math.Min(nearest[i], d);
                total += nearest[i];
            }

            double target = random.NextDouble() * total;
            int pick = -1;
            double running = 0;
            for (int i = 0; i < n; i++)
            {
                running += nearest[i];
                if (nearest[i] > 0 && running >= target)
                {
                    pick = i;
                    break;
                }
            }

            if (pick < 0)
            {
                // Rounding left the target beyond the running total: take the last point not yet a centre.
                for (int i = n - 1; i >= 0 && pick < 0; i--)
                {
                    pick = nearest[i] > 0 ? i : -1;
                }
            }

            centers.SetRow(c, x.Row(pick));
        }

        return centers;
    }

    private static double SquaredDistance(Matrix<double> x, int row, Vector<double> center)
    {
        double d0 = x[row, 0] - center[0], d1 = x[row, 1] - center[1], d2 = x[row, 2] - center[2];
        return (d0 * d0) + (d1 * d1) + (d2 * d2);
    }

    /// <summary>Nearest centre by ‖x‖² − 2·x·c + ‖c‖² from the product X·Cᵀ; returns true when an assignment changed.</summary>
    private static bool Assign(Matrix<double> x, Matrix<double> centers, int[] assignment, double[] distances)
    {
        int n = x.RowCount, k = centers.RowCount;
        var cross = x.TransposeAndMultiply(centers); // n × k
        var centerNorms = centers.RowNorms(2.0).PointwisePower(2.0);
        bool changed = false;
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            double bestScore = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                double score = centerNorms[c] - (2 * cross[i, c]);
                if (score < bestScore)
                {
                    bestScore = score;
                    best = c;
                }
            }

            if (assignment[i] != best)
            {
                assignment[i] = best;
                changed = true;
            }

            distances[i] = SquaredDistance(x, i, centers.Row(best));
        }

        return changed;
    }

    private static void UpdateCenters(Matrix<double> x, Matrix<double> centers, int[] assignment, double[] distances)
    {
        int k = centers.RowCount;
        var sums = Matrix<double>.Build.Dense(k, 3);
        var counts = new int[k];
        for (int i = 0; i < x.RowCount; i++)
        {
            int c = assignment[i];
            counts[c]++;
            sums[c, 0] += x[i, 0];
            sums[c, 1] += x[i, 1];
            sums[c, 2] += x[i, 2];
        }

        for (int c = 0; c < k; c++)
        {
            if (counts[c] > 0)
            {
                centers.SetRow(c, sums.Row(c).Divide(counts[c]));
                continue;
            }

            // An emptied cluster takes the point farthest from its centre (the first such point in canonical order).
            int far = 0;
            for (int i = 1; i < distances.Length; i++)
            {
                far = distances[i] > distances[far] ? i : far;
            }

            centers.SetRow(c, x.Row(far));
            distances[far] = 0;
        }
    }

    private static RfmClusters Describe(RfmInput input, int[] order, Matrix<double> centers, int[] assignment, double inertia, int iterations, bool converged)
    {
        int k = centers.RowCount;
        var rank = Enumerable.Range(0, k)
            .OrderByDescending(c => -centers[c, 0] + centers[c, 1] + centers[c, 2])
            .ThenBy(c => centers[c, 0]).ThenBy(c => centers[c, 1]).ThenBy(c => centers[c, 2])
            .ToArray();
        var label = new int[k];
        for (int r = 0; r < k; r++)
        {
            label[rank[r]] = r;
        }

        var counts = new int[k];
        var sums = new double[k, 3];
        var byRow = new int[order.Length];
        for (int row = 0; row < order.Length; row++)
        {
            int i = order[row];
            int c = label[assignment[row]];
            byRow[i] = c;
            counts[c]++;
            sums[c, 0] += input.RecencyDays[i];
            sums[c, 1] += input.Frequency[i];
            sums[c, 2] += input.Monetary[i];
        }

        var clusters = new RfmCluster[k];
        for (int r = 0; r < k; r++)
        {
            int c = rank[r];
            double m = Math.Max(counts[r], 1);
            clusters[r] = new RfmCluster(r, counts[r], sums[r, 0] / m, sums[r, 1] / m, sums[r, 2] / m, centers[c, 0], centers[c, 1], centers[c, 2]);
        }

        return new RfmClusters(input.CustomerIds, byRow, clusters, inertia, iterations, converged);
    }
}
