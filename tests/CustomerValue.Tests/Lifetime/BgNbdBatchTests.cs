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
}
