using System.Globalization;
using System.Text;
using CustomerValue.Samples;
using CustomerValue.Summaries;
using CustomerValue.Transactions;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Summaries;

public sealed class ParallelSummaryTests
{
    private static readonly SummaryOptions Cdnow = new(SampleData.CdnowCalibrationEnd, TimeUnit.Week, SampleData.CdnowHoldoutEnd);

    private static Transaction[] BigLog(int rows, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows)
            .Select(_ => new Transaction((random.Next(5000) + 1).ToString(CultureInfo.InvariantCulture), new DateTime(1997, 1, 1).AddDays(random.Next(546)), random.Next(0, 100000) / 100.0))
            .ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Parallel_in_memory_summary_equals_the_single_thread_summary(int threads)
    {
        var log = BigLog(300_000, 7);
        var single = SummaryAccumulator.Summarize(log, Cdnow);
        var parallel = SummaryAccumulator.Summarize(log.AsMemory(), Cdnow, threads);
        Assert.True(SummaryAccumulatorTests.SameSummaries(single, parallel));
    }

    [Fact]
    public void Parallel_csv_summary_of_the_sample_equals_the_streaming_summary()
    {
        using var reader = SampleData.OpenCdnowCsv();
        var report = new IngestReportBuilder();
        var parallel = TransactionSummarizer.Summarize(reader, TransactionCsvOptions.Default, Cdnow, report, 2);
        Assert.True(SummaryAccumulatorTests.SameSummaries(CdnowFidelityTests.Summary, parallel));
        Assert.Equal(6919, report.Build().Accepted);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Parallel_csv_summary_of_a_large_file_with_bad_rows_equals_streaming_and_reports_in_line_order(int threads)
    {
        var log = BigLog(200_000, 11);
        var csv = new StringBuilder("customer_id,date,amount\r\n");
        var expectedBad = new List<long>();
        for (int i = 0; i < log.Length; i++)
        {
            if (i % 9973 == 5)
            {
                csv.Append("x,not-a-date,1\r\n");
                expectedBad.Add(i + 2);
            }
            else
            {
                csv.Append(log[i].CustomerId).Append(',').Append(log[i].Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                    .Append(log[i].Amount.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            }
        }

        var options = TransactionCsvOptions.Default with { BadRows = BadRowPolicy.CollectAndReport, ObservationEnd = Cdnow.ObservationEnd };
        var streamingReport = new IngestReportBuilder(BadRowPolicy.CollectAndReport);
        var streaming = new SummaryAccumulator(Cdnow);
        foreach (var t in TransactionCsvReader.Read(new StringReader(csv.ToString()), options, streamingReport))
        {
            streaming.Add(t);
        }

        var parallelReport = new IngestReportBuilder(BadRowPolicy.CollectAndReport);
        var parallel = TransactionSummarizer.Summarize(new StringReader(csv.ToString()), options, Cdnow, parallelReport, threads);
        Assert.True(SummaryAccumulatorTests.SameSummaries(streaming.ToSummaries(), parallel));
        var a = streamingReport.Build();
        var b = parallelReport.Build();
        Assert.Equal(a.Accepted, b.Accepted);
        Assert.Equal(expectedBad, b.Rejected.Select(r => r.LineNumber));
        Assert.Equal(a.Rejected.Select(r => r.LineNumber), b.Rejected.Select(r => r.LineNumber));

        var failFast = Assert.Throws<TransactionLogException>(() =>
            TransactionSummarizer.Summarize(new StringReader(csv.ToString()), TransactionCsvOptions.Default, Cdnow, new IngestReportBuilder(), threads));
        Assert.Equal(expectedBad[0], failFast.Row.LineNumber);
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 100)]
    public bool Parallel_csv_equals_streaming_for_any_log(TransactionLog log)
    {
        var options = new SummaryOptions(new DateOnly(2020, 9, 30), TimeUnit.Day, new DateOnly(2020, 12, 31));
        var csv = new StringBuilder("customer_id,date,amount\n");
        foreach (var t in log.Rows)
        {
            csv.Append(t.CustomerId).Append(',').Append(t.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',').Append(t.Amount.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        var parallel = TransactionSummarizer.Summarize(new StringReader(csv.ToString()), TransactionCsvOptions.Default, options, new IngestReportBuilder(), 2);
        return SummaryAccumulatorTests.SameSummaries(SummaryAccumulator.Summarize(log.Rows, options), parallel);
    }
}
