using BenchmarkDotNet.Attributes;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Fitting;
using CustomerValue.Summaries;

namespace CustomerValue.Benchmarks;

/// <summary>
/// Fitting BG/NBD by maximum likelihood on a million seeded synthetic customers (CDNOW's parameters, day-level times),
/// including the grouping of identical rows.
/// </summary>
[MemoryDiagnoser]
public class BgNbdFitBenchmarks
{
    private CustomerSummaries _summaries = null!;

    /// <summary>Customers fitted.</summary>
    [Params(1_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (frequency, recency, age) = SyntheticSummaries.BgNbd(Customers, seed: 20260102);
        var ids = new string[Customers];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _summaries = CustomerSummaries.FromColumns(ids, frequency, recency, age, [], TimeUnit.Week);
    }

    [Benchmark]
    public FitResult<BgNbdParameters> Fit() => BgNbdModel.Fit(_summaries);
}
