using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CustomerValue.Lifetime;

namespace CustomerValue.Benchmarks;

/// <summary>
/// BG/NBD scoring of a whole customer base: P(alive) and expected purchases in the next 39 weeks, scalar loop
/// (baseline) against the span batch (vectorised, parallel chunks). Seeded synthetic summaries from CDNOW's parameters.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class BgNbdBenchmarks
{
    private BgNbdModel _model = null!;
    private double[] _frequency = [];
    private double[] _recency = [];
    private double[] _age = [];
    private double[] _destination = [];

    /// <summary>Customers scored: a cache-sized base and a memory-bound one.</summary>
    [Params(1_000_000, 10_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_frequency, _recency, _age) = SyntheticSummaries.BgNbd(Customers, seed: 20260101);
        _destination = new double[Customers];
        var (r, alpha, a, b) = SyntheticSummaries.Cdnow;
        _model = new BgNbdModel(BgNbdParameters.Create(r, alpha, a, b), TimeUnit.Week);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ProbabilityAlive")]
    public double[] ProbabilityAliveScalar()
    {
        for (int i = 0; i < _frequency.Length; i++)
        {
            _destination[i] = _model.ProbabilityAlive(_frequency[i], _recency[i], _age[i]);
        }

        return _destination;
    }

    [Benchmark, BenchmarkCategory("ProbabilityAlive")]
    public double[] ProbabilityAliveBatch()
    {
        _model.ProbabilityAlive(_frequency, _recency, _age, _destination);
        return _destination;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ExpectedPurchases")]
    public double[] ExpectedPurchasesScalar()
    {
        for (int i = 0; i < _frequency.Length; i++)
        {
            _destination[i] = _model.ExpectedPurchases(39, _frequency[i], _recency[i], _age[i]);
        }

        return _destination;
    }

    [Benchmark, BenchmarkCategory("ExpectedPurchases")]
    public double[] ExpectedPurchasesBatch()
    {
        _model.ExpectedPurchases(39, _frequency, _recency, _age, _destination);
        return _destination;
    }
}
