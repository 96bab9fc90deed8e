using BenchmarkDotNet.Attributes;
using CustomerValue.Summaries;
using CustomerValue.Transactions;

namespace CustomerValue.Benchmarks;

/// <summary>Transactions → customer summaries, in memory (10 transactions per customer).</summary>
[MemoryDiagnoser]
public class SummaryBenchmarks
{
    private Transaction[] _log = [];
    private SummaryOptions _options = null!;

    /// <summary>Rows in the log.</summary>
    [Params(1_000_000, 10_000_000)]
    public int Rows { get; set; }

    /// <summary>Builds the seeded log.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _log = SyntheticLogs.Transactions(Rows);
        _options = new SummaryOptions(SyntheticLogs.CalibrationEnd, TimeUnit.Week, SyntheticLogs.HoldoutEnd);
    }

    /// <summary>One accumulator, one thread.</summary>
    [Benchmark(Baseline = true)]
    public CustomerSummaries SingleThread()
    {
        var accumulator = new SummaryAccumulator(_options);
        foreach (ref readonly var t in _log.AsSpan())
        {
            accumulator.Add(t);
        }

        return accumulator.ToSummaries();
    }

    /// <summary>Chunks summarised in parallel and merged.</summary>
    [Benchmark]
    public CustomerSummaries Parallel() => SummaryAccumulator.Summarize(_log, _options, Environment.ProcessorCount);
}
