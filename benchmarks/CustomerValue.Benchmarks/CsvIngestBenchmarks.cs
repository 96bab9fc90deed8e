using BenchmarkDotNet.Attributes;
using CustomerValue.Summaries;
using CustomerValue.Transactions;

namespace CustomerValue.Benchmarks;

/// <summary>A CSV file on disk → customer summaries (read, parse, validate, summarise).</summary>
[MemoryDiagnoser]
public class CsvIngestBenchmarks
{
    private string _path = string.Empty;
    private SummaryOptions _options = null!;

    /// <summary>Rows in the file.</summary>
    [Params(1_000_000, 10_000_000)]
    public int Rows { get; set; }

    /// <summary>Writes the seeded file once (kept in the temp folder between runs).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _path = SyntheticLogs.WriteCsv(Rows);
        _options = new SummaryOptions(SyntheticLogs.CalibrationEnd, TimeUnit.Week, SyntheticLogs.HoldoutEnd);
    }

    /// <summary>Streams rows one by one into one accumulator.</summary>
    [Benchmark(Baseline = true)]
    public CustomerSummaries Streaming()
    {
        var accumulator = new SummaryAccumulator(_options);
        var report = new IngestReportBuilder();
        foreach (var t in TransactionCsvReader.ReadFile(_path, TransactionCsvOptions.Default with { ObservationEnd = _options.ObservationEnd }, report))
        {
            accumulator.Add(t);
        }

        return accumulator.ToSummaries();
    }

    /// <summary>Parses blocks of lines in parallel into per-thread accumulators and merges them.</summary>
    [Benchmark]
    public CustomerSummaries Parallel() =>
        TransactionSummarizer.SummarizeFile(_path, TransactionCsvOptions.Default, _options, new IngestReportBuilder(), Environment.ProcessorCount);
}
