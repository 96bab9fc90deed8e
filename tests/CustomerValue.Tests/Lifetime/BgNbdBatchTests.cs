using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime;

/// <summary>The vectorised, parallel batch path equals the scalar path on a large simulated customer base.</summary>
public sealed class BgNbdBatchTests
{
    public static TheoryData<double> Horizons => [0, 1, 39, 500, 5000];

    [Theory]
    [MemberData(nameof(Horizons))]
    public void Batch_equals_scalar_for_40k_customers_across_parallel_chunks(double horizon)
    {
        var truth = BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426);
        var data = BgNbdSimulator.Simulate(truth, 40_003, 7);
        IRepeatPurchaseModel[] models =
        [
            new BgNbdModel(truth, TimeUnit.Week),
            new ModifiedBgNbdModel(ModifiedBgNbdParameters.Create(0.525, 6.183, 0.891, 1.614), TimeUnit.Week),
            new BgNbdModel(BgNbdParameters.Create(2, 3, 1, 5), TimeUnit.Week),
        ];
        var alive = new double[data.Count];
        var expected = new double[data.Count];
        foreach (var model in models)
        {
            model.ProbabilityAlive(data.Frequency, data.Recency, data.Age, alive);
            model.ExpectedPurchases(horizon, data.Frequency, data.Recency, data.Age, expected);
            for (int i = 0; i < data.Count; i++)
            {
                double x = data.Frequency[i], tx = data.Recency[i], t = data.Age[i];
                Assert.True(RepeatPurchasePropertyTests.Close(alive[i], model.ProbabilityAlive(x, tx, t)), $"{model.Kind} P(alive) row {i}");
                Assert.True(RepeatPurchasePropertyTests.Close(expected[i], model.ExpectedPurchases(horizon, x, tx, t)), $"{model.Kind} E row {i}: {expected[i]:R} vs {model.ExpectedPurchases(horizon, x, tx, t):R}");
            }
        }
    }

    /// <summary>
    /// Large bases go through the per-(x, T) table when ages sit on a day grid (few pairs) and through the per-customer
    /// lanes when every age is its own (too many pairs): both must equal the scalar path and each other (to 1e-12: the
    /// same operations, but the vector exp and log may round differently before and after the JIT optimises them).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Large_bases_equal_scalar_whether_pairs_repeat_or_not(bool dayGrid)
    {
        int n = BgNbdBatch.DistinctPairsThreshold + 4_001;
        var data = BgNbdSimulator.Simulate(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), n, 11);
        var x = data.Frequency.ToArray();
        var tx = data.Recency.ToArray();
        var t = data.Age.ToArray();
        if (dayGrid)
        {
            for (int i = 0; i < n; i++)
            {
                t[i] = Math.Round(t[i] * 7) / 7;
                tx[i] = Math.Min(Math.Floor(tx[i] * 7) / 7, t[i]);
            }
        }

        IRepeatPurchaseModel[] models =
        [
            new BgNbdModel(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), TimeUnit.Week),
            new ModifiedBgNbdModel(ModifiedBgNbdParameters.Create(0.525, 6.183, 0.891, 1.614), TimeUnit.Week),
        ];
        var expected = new double[n];
        var small = new double[1000];
        foreach (var model in models)
        {
            model.ExpectedPurchases(39, x, tx, t, expected);
            model.ExpectedPurchases(39, x.AsSpan(0, 1000), tx.AsSpan(0, 1000), t.AsSpan(0, 1000), small);
            for (int i = 0; i < 1000; i++)
            {
                Assert.True(RepeatPurchasePropertyTests.Close(small[i], expected[i]), $"{model.Kind} small base row {i}: {small[i]:R} vs {expected[i]:R}");
            }

            for (int i = 0; i < n; i++)
            {
                double scalar = model.ExpectedPurchases(39, x[i], tx[i], t[i]);
                Assert.True(RepeatPurchasePropertyTests.Close(expected[i], scalar), $"{model.Kind} E row {i}: {expected[i]:R} vs {scalar:R}");
            }
        }
    }

    [Fact]
    public void One_time_buyers_are_certainly_alive_among_repeat_buyers_in_any_mix()
    {
        var model = new BgNbdModel(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), TimeUnit.Week);
        var random = new Random(3);
        foreach (double share in new[] { 0.0, 0.1, 0.6, 0.95, 1.0 })
        {
            int n = 5_003;
            var x = new double[n];
            var tx = new double[n];
            var t = new double[n];
            for (int i = 0; i < n; i++)
            {
                t[i] = 1 + (random.NextDouble() * 38);
                bool once = random.NextDouble() < share;
                x[i] = once ? 0 : random.Next(1, 30);
                tx[i] = once ? 0 : t[i] * random.NextDouble();
            }

            var alive = new double[n];
            model.ProbabilityAlive(x, tx, t, alive);
            for (int i = 0; i < n; i++)
            {
                double scalar = model.ProbabilityAlive(x[i], tx[i], t[i]);
                Assert.True(RepeatPurchasePropertyTests.Close(alive[i], scalar), $"share {share} row {i}: {alive[i]:R} vs {scalar:R}");
                if (x[i] == 0)
                {
                    Assert.Equal(1.0, alive[i]);
                }
            }
        }
    }

    /// <summary>Heavy buyers whose power term leaves the fast exponential's range (e^700) take the scalar kernel, lane by lane, beside ordinary lanes.</summary>
    [Fact]
    public void Lanes_beyond_the_fast_exponential_fall_back_to_the_scalar_kernel()
    {
        var model = new BgNbdModel(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), TimeUnit.Week);
        double[] x = [10_000, 2, 5_000, 0, 300, 1, 250, 3, 100_000];
        double[] tx = [1, 10, 0.5, 0, 2, 30, 39, 20, 0.1];
        double[] t = [39, 39, 39, 39, 39, 39, 39, 39, 1e6];
        var alive = new double[x.Length];
        model.ProbabilityAlive(x, tx, t, alive);
        for (int i = 0; i < x.Length; i++)
        {
            double scalar = model.ProbabilityAlive(x[i], tx[i], t[i]);
            Assert.True(double.IsFinite(alive[i]) && RepeatPurchasePropertyTests.Close(alive[i], scalar), $"row {i}: {alive[i]:R} vs {scalar:R}");
        }

        Assert.Equal(0.0, alive[0]);
    }

    /// <summary>
    /// The batch writes whole blocks with aligned streaming stores once the destination reaches a 32-byte boundary: every
    /// starting offset (so every alignment) and length must still give each customer its own scalar P(alive).
    /// </summary>
    [Fact]
    public void Every_alignment_and_length_of_the_destination_gives_the_scalar_values()
    {
        var model = new BgNbdModel(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), TimeUnit.Week);
        var data = BgNbdSimulator.Simulate(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), 2 * 16_384 + 777, 5);
        var x = data.Frequency.ToArray();
        var tx = data.Recency.ToArray();
        var t = data.Age.ToArray();
        var destination = new double[x.Length + 8];
        foreach (int length in new[] { 1, 3, 255, 256, 300, 1_000, x.Length - 4 })
        {
            for (int offset = 0; offset < 4; offset++)
            {
                Array.Fill(destination, double.NaN);
                var target = destination.AsSpan(offset, length);
                model.ProbabilityAlive(x.AsSpan(0, length), tx.AsSpan(0, length), t.AsSpan(0, length), target);
                for (int i = 0; i < length; i++)
                {
                    double scalar = model.ProbabilityAlive(x[i], tx[i], t[i]);
                    Assert.True(RepeatPurchasePropertyTests.Close(target[i], scalar), $"length {length} offset {offset} row {i}: {target[i]:R} vs {scalar:R}");
                }

                Assert.True(double.IsNaN(destination[offset + length]), $"length {length} offset {offset}: wrote past the end");
                if (offset > 0)
                {
                    Assert.True(double.IsNaN(destination[offset - 1]), $"length {length} offset {offset}: wrote before the start");
                }
            }
        }
    }

    [Theory]
    [InlineData(0.243, 4.414, 0.793, 2.426, false)]
    [InlineData(0.525, 6.183, 0.891, 1.614, true)]
    [InlineData(2, 3, 1.5, 5, false)]
    public void Ordinary_customers_stay_on_the_four_lane_path(double r, double alpha, double a, double b, bool modified)
    {
        // The batch forecast must not silently fall back to the scalar path for every lane (a mask compared as doubles
        // once did: all-bits-set is NaN, so "all lanes accepted" was never true). For ordinary customers, z well below
        // the series limit and short series, the four-lane h is accepted and equals the scalar kernel's h to 1e-13.
        var kernel = new BgNbdKernel(r, alpha, a, b, modified);
        double[] x = [0, 1, 3, 12];
        double[] t = [0.5, 20, 38.5, 70];
        foreach (double horizon in new[] { 1.0, 39, 52 })
        {
            var lanes = BgNbdBatch.VectorFactor(kernel, horizon, x, t);
            if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
            {
                Assert.Null(lanes);
                continue;
            }

            Assert.NotNull(lanes);
            for (int i = 0; i < 4; i++)
            {
                double scalar = kernel.RecencyFreeFactor(horizon, x[i], t[i]);
                Assert.True(Math.Abs(lanes[i] - scalar) <= 1e-13 * scalar, $"horizon {horizon}, x {x[i]}, T {t[i]}: {lanes[i]:R} vs {scalar:R}");
            }
        }
    }
}
