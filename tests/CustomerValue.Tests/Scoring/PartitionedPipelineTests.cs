using CustomerValue.Parquet;
using CustomerValue.Samples;
using CustomerValue.Scoring;
using CustomerValue.Summaries;
using CustomerValue.Tests.Parquet;

namespace CustomerValue.Tests.Scoring;

/// <summary>The recipe of docs/scaling.md in miniature: 8 partitions summarised apart, merged, fitted, scored — equal to one pass.</summary>
public sealed class PartitionedPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-partitions-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Eight_partitions_summarised_merged_fitted_and_scored_equal_the_single_pass()
    {
        var rows = SampleData.CdnowTransactions().ToArray();
        var asOf = SampleData.CdnowCalibrationEnd;
        var options = new SummaryOptions(asOf, TimeUnit.Week, SampleData.CdnowHoldoutEnd);

        // Partition rows the way an engine might: by row, so one customer's purchases land in several partitions.
        var paths = new string[8];
        for (int p = 0; p < 8; p++)
        {
            paths[p] = Path.Combine(_dir, $"part-{p:D5}.parquet");
            await ParquetTestFiles.WriteTransactionsAsync(paths[p], rows.Where((_, i) => i % 8 == p).ToArray(), 2);
        }

        // Map: one accumulator per partition, on parallel workers. Reduce: an exact merge.
        var parts = await Task.WhenAll(paths.Select(async path =>
        {
            var accumulator = new SummaryAccumulator(options);
            await TransactionParquet.AddToAsync(path, accumulator);
            return accumulator;
        }));
        int merged = 0;
        var partitioned = SummaryAccumulator.MergeAll(parts, new SynchronousProgress(m => merged = m)).ToSummaries();
        Assert.Equal(8, merged);
        var single = SummaryAccumulator.Summarize(rows, options);
        Assert.Equal(single.CustomerIds, partitioned.CustomerIds);
        Assert.True(single.Frequency.SequenceEqual(partitioned.Frequency) && single.Recency.SequenceEqual(partitioned.Recency)
            && single.Age.SequenceEqual(partitioned.Age) && single.MonetaryValue.SequenceEqual(partitioned.MonetaryValue)
            && single.LastPurchase.SequenceEqual(partitioned.LastPurchase) && single.TotalSpend.SequenceEqual(partitioned.TotalSpend));

        // Fit on the compressed statistics (one node): the same parameters, from far fewer rows than customers.
        var models = ScoringModels.FitMissing(partitioned);
        var singleModels = ScoringModels.FitMissing(single);
        Assert.Equal(singleModels.PurchaseModel.Parameters, models.PurchaseModel.Parameters);
        Assert.Equal(singleModels.SpendModel.Parameters, models.SpendModel.Parameters);
        Assert.True(models.PurchaseFitRows < partitioned.Count / 2, $"{models.PurchaseFitRows} distinct rows for {partitioned.Count} customers");

        // Score: the whole base at once equals the single pass in every column.
        var scorer = new CustomerBaseScorer(models.PurchaseModel, models.SpendModel, new ScoringOptions(52));
        var all = scorer.Score(partitioned, asOf);
        var reference = new CustomerBaseScorer(singleModels.PurchaseModel, singleModels.SpendModel, new ScoringOptions(52)).Score(single, asOf);
        Assert.True(all.LifetimeValue.SequenceEqual(reference.LifetimeValue) && all.Segment.SequenceEqual(reference.Segment)
            && all.Tier.SequenceEqual(reference.Tier) && all.ChurnLevel.SequenceEqual(reference.ChurnLevel));

        // Scored per customer partition (one worker each): the per-customer scores are the same, bit for bit.
        var input = ScoringInput.FromSummaries(partitioned, asOf);
        for (int p = 0; p < 8; p++)
        {
            int[] members = [.. Enumerable.Range(0, partitioned.Count).Where(i => i % 8 == p)];
            var part = scorer.Score(ScoringInput.FromSummaries(partitioned.Select(members), asOf));
            for (int j = 0; j < members.Length; j++)
            {
                int i = members[j];
                Assert.Equal(reference.ProbabilityAlive[i], part.ProbabilityAlive[j]);
                Assert.Equal(reference.ExpectedPurchases[i], part.ExpectedPurchases[j]);
                Assert.Equal(reference.LifetimeValue[i], part.LifetimeValue[j]);
                Assert.Equal(reference.ChurnLevel[i], part.ChurnLevel[j]);
                Assert.Equal(reference.ChurnRisk[i], part.ChurnRisk[j]);
            }
        }

        Assert.Equal(partitioned.Count, input.Count);
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
