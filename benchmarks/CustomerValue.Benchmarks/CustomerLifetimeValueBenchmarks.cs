using BenchmarkDotNet.Attributes;
using CustomerValue.Lifetime;

namespace CustomerValue.Benchmarks;

/// <summary>
/// Lifetime value of a customer base with the CDNOW BG/NBD and Gamma-Gamma parameters over one year (52 weeks, 10% a
/// year): the scalar path per customer, the span path with discrete (52 evaluations per customer) and with continuous
/// discounting (241 evaluations per customer).
/// </summary>
[MemoryDiagnoser]
public class CustomerLifetimeValueBenchmarks
{
    private double[] _frequency = [];
    private double[] _recency = [];
    private double[] _age = [];
    private double[] _monetary = [];
    private double[] _destination = [];
    private CustomerLifetimeValueCalculator _discrete = null!;
    private CustomerLifetimeValueCalculator _continuous = null!;

    /// <summary>The number of customers.</summary>
    [Params(100_000)]
    public int Customers { get; set; }

    /// <summary>Builds seeded synthetic summaries and the calculators.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _frequency = new double[Customers];
        _recency = new double[Customers];
        _age = new double[Customers];
        _monetary = new double[Customers];
        _destination = new double[Customers];
        for (int i = 0; i < Customers; i++)
        {
            _age[i] = 1 + (random.NextDouble() * 77);
            _frequency[i] = random.NextDouble() < 0.6 ? 0 : random.Next(1, 30);
            _recency[i] = _frequency[i] == 0 ? 0 : random.NextDouble() * _age[i];
            _monetary[i] = _frequency[i] == 0 ? 0 : 5 + (random.NextDouble() * 100);
        }

        var purchases = new BgNbdModel(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), TimeUnit.Week);
        var spend = new GammaGammaModel(GammaGammaParameters.Create(6.25, 3.74, 15.44));
        _discrete = new CustomerLifetimeValueCalculator(purchases, spend, LifetimeValueOptions.Create(52, DiscountRate.PerYear(0.1)));
        _continuous = new CustomerLifetimeValueCalculator(purchases, spend, LifetimeValueOptions.Create(52, DiscountRate.PerYear(0.1), DiscountingMethod.Continuous));
    }

    /// <summary>One scalar call per customer (discrete discounting).</summary>
    [Benchmark(Baseline = true)]
    public double ScalarDiscrete()
    {
        for (int i = 0; i < _frequency.Length; i++)
        {
            _destination[i] = _discrete.LifetimeValue(_frequency[i], _recency[i], _age[i], _monetary[i]);
        }

        return _destination[^1];
    }

    /// <summary>The span path with discrete discounting.</summary>
    [Benchmark]
    public double SpanDiscrete()
    {
        _discrete.LifetimeValue(_frequency, _recency, _age, _monetary, _destination);
        return _destination[^1];
    }

    /// <summary>The span path with continuous discounting.</summary>
    [Benchmark]
    public double SpanContinuous()
    {
        _continuous.LifetimeValue(_frequency, _recency, _age, _monetary, _destination);
        return _destination[^1];
    }
}
