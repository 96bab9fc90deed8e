using Apache.Arrow;
using Apache.Arrow.Ipc;
using CustomerValue.Lifetime;
using CustomerValue.Parquet;
using CustomerValue.Samples;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;
using CustomerValue.Summaries;
using CustomerValue.Tests.Lifetime;
using CustomerValue.Transactions;
using Parquet;
using Parquet.Schema;

namespace CustomerValue.Tests.Parquet;

/// <summary>Parquet and Arrow: transactions and summaries in, scores out, each equal to the in-memory path.</summary>
public class ParquetRoundTripTests
{
    private static CustomerScores CdnowScores()
    {
        var summaries = CdnowData.ExactWeeks;
        var model = new BgNbdModel(BgNbdModel.Fit(summaries).Parameters, TimeUnit.Week);
        var spend = new GammaGammaModel(GammaGammaModel.Fit(summaries).Parameters);
        return new CustomerBaseScorer(model, spend, new ScoringOptions(52)).Score(summaries, SampleData.CdnowCalibrationEnd);
    }

    [Fact]
    public async Task Transactions_from_parquet_summarise_exactly_like_the_in_memory_log()
    {
        var rows = SampleData.CdnowTransactions().ToArray();
        string path = ParquetTestFiles.TempPath(".parquet");
        try
        {
            await ParquetTestFiles.WriteTransactionsAsync(path, rows, rowGroups: 3);
            var options = new SummaryOptions(SampleData.CdnowCalibrationEnd, TimeUnit.Week, SampleData.CdnowHoldoutEnd);
            long lastProgress = 0;
            var fromParquet = await TransactionParquet.SummarizeAsync(path, options, progress: new Progress(r => lastProgress = r));
            var inMemory = SummaryAccumulator.Summarize(rows, options);
            Assert.Equal(inMemory.CustomerIds, fromParquet.CustomerIds);
            Assert.True(inMemory.Frequency.SequenceEqual(fromParquet.Frequency));
            Assert.True(inMemory.Recency.SequenceEqual(fromParquet.Recency));
            Assert.True(inMemory.Age.SequenceEqual(fromParquet.Age));
            Assert.True(inMemory.MonetaryValue.SequenceEqual(fromParquet.MonetaryValue));
            Assert.True(inMemory.FrequencyHoldout.SequenceEqual(fromParquet.FrequencyHoldout));
            Assert.Equal(rows.Length, lastProgress);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Bad_parquet_rows_are_reported_with_row_and_field()
    {
        var rows = new[]
        {
            new Transaction("a", new DateTime(2024, 1, 1), 10),
            new Transaction("a", new DateTime(2024, 2, 1), -5),
            new Transaction("b", new DateTime(2024, 9, 1), 7),
        };
        string path = ParquetTestFiles.TempPath(".parquet");
        try
        {
            await ParquetTestFiles.WriteTransactionsAsync(path, rows, 1);
            var options = new SummaryOptions(new DateOnly(2024, 6, 30), TimeUnit.Week);
            var failFast = await Assert.ThrowsAsync<TransactionLogException>(() => TransactionParquet.SummarizeAsync(path, options));
            Assert.Equal(2, failFast.Row.LineNumber);
            Assert.Equal("amount", failFast.Row.Field);
            var report = new IngestReportBuilder(BadRowPolicy.CollectAndReport);
            var summaries = await TransactionParquet.SummarizeAsync(path, options, report: report);
            Assert.Equal(1, summaries.Count);
            var built = report.Build();
            Assert.Equal(1, built.Accepted);
            Assert.Equal(RejectReason.AfterObservationEnd, built.Rejected[1].Reason);
            await Assert.ThrowsAsync<FormatException>(() => TransactionParquet.SummarizeAsync(path, options, new TransactionCsvOptions { AmountColumn = "price" }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Summaries_round_trip_through_parquet_and_arrow()
    {
        var summaries = CdnowData.ExactWeeks;
        string path = ParquetTestFiles.TempPath(".parquet");
        try
        {
            await SummaryParquet.WriteAsync(path, summaries);
            var back = await SummaryParquet.ReadAsync(path);
            Assert.Equal(TimeUnit.Week, back.TimeUnit);
            Assert.Equal(summaries.CustomerIds, back.CustomerIds);
            Assert.True(summaries.Recency.SequenceEqual(back.Recency));
            Assert.True(summaries.MonetaryValue.SequenceEqual(back.MonetaryValue));
        }
        finally
        {
            File.Delete(path);
        }

        using var stream = new MemoryStream();
        await CustomerValueArrow.WriteSummariesAsync(stream, summaries);
        stream.Position = 0;
        var arrow = await CustomerValueArrow.ReadSummariesAsync(stream, TimeUnit.Week);
        Assert.Equal(summaries.CustomerIds, arrow.CustomerIds);
        Assert.True(summaries.Age.SequenceEqual(arrow.Age));
        Assert.True(summaries.Frequency.SequenceEqual(arrow.Frequency));
    }

    [Fact]
    public async Task Scores_written_to_parquet_read_back_equal()
    {
        var scores = CdnowScores();
        using var stream = new MemoryStream();
        await ScoreParquet.WriteAsync(stream, scores);
        stream.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(stream);
        Assert.Equal(CustomerScoresCsv.ColumnNames, reader.Schema.DataFields.Select(f => f.Name));
        using var group = reader.OpenRowGroupReader(0);
        Assert.Equal(scores.Count, group.RowCount);
        var fields = reader.Schema.DataFields;
        var ids = new string?[scores.Count];
        await group.ReadAsync(fields[0], ids.AsMemory());
        var clv = new double[scores.Count];
        await group.ReadAsync<double>(fields[4], clv.AsMemory());
        var recency = new byte[scores.Count];
        await group.ReadAsync<byte>(fields[5], recency.AsMemory());
        var segment = new string?[scores.Count];
        await group.ReadAsync(fields[8], segment.AsMemory());
        var reasons = new string?[scores.Count];
        await group.ReadAsync(fields[12], reasons.AsMemory());
        for (int i = 0; i < scores.Count; i++)
        {
            Assert.Equal(scores.CustomerId(i), ids[i]);
            Assert.Equal(scores.LifetimeValue[i], clv[i]);
            Assert.Equal(scores.RecencyScore[i], recency[i]);
            Assert.Equal(scores.SegmentName(i), segment[i]);
            Assert.Equal(CustomerValue.Churn.ChurnReasonCodesExtensions.ToCodes(scores.ChurnReasons[i]), reasons[i]);
        }
    }

    [Fact]
    public async Task Scores_written_to_arrow_read_back_equal()
    {
        var scores = CdnowScores();
        using var stream = new MemoryStream();
        await CustomerValueArrow.WriteScoresAsync(stream, scores);
        stream.Position = 0;
        using var reader = new ArrowFileReader(stream);
        var batch = await reader.ReadNextRecordBatchAsync();
        Assert.NotNull(batch);
        Assert.Equal(scores.Count, batch.Length);
        var alive = (DoubleArray)batch.Column("p_alive");
        var tier = (StringArray)batch.Column("tier");
        var level = (StringArray)batch.Column("churn_level");
        for (int i = 0; i < scores.Count; i++)
        {
            Assert.Equal(scores.ProbabilityAlive[i], alive.GetValue(i));
            Assert.Equal(ValueTiers.Name(scores.Tier[i]), tier.GetString(i));
            Assert.Equal(CustomerValue.Churn.ChurnReasonCodesExtensions.ToName(scores.ChurnLevel[i]), level.GetString(i));
        }
    }

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
