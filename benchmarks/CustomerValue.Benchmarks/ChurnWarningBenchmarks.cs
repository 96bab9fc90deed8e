using BenchmarkDotNet.Attributes;
using CustomerValue.Churn;

namespace CustomerValue.Benchmarks;

/// <summary>
/// Churn warnings for a whole customer base from span columns (the batch path of <see cref="ChurnWarningPolicy"/>):
/// P(alive), recency, mean gap, two windows of purchase days and spend, and value. Target: 10M customers in under 1 s
/// on 2 cores.
/// </summary>
[MemoryDiagnoser]
public class ChurnWarningBenchmarks
{
    private const int Chunk = 1 << 16;
    private readonly ChurnWarningPolicy _policy = new();
    private ChurnSignalColumns _signals;
    private ChurnWarningDestination _destination;

    /// <summary>Customers: a cache-sized and a memory-bound base.</summary>
    [Params(1_000_000, 10_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(20260101);
        int n = Customers;
        var days = new double[n];
        var gap = new double[n];
        var alive = new double[n];
        var rate = new double[n];
        var prevN = new double[n];
        var recN = new double[n];
        var prevS = new double[n];
        var recS = new double[n];
        var value = new double[n];
        for (int i = 0; i < n; i++)
        {
            days[i] = rng.Next(0, 400);
            bool repeat = rng.NextDouble() < 0.6;
            gap[i] = repeat ? 1 + (rng.NextDouble() * 120) : double.NaN;
            alive[i] = repeat ? rng.NextDouble() : double.NaN;
            rate[i] = rng.NextDouble() / 30;
            prevN[i] = rng.Next(0, 8);
            recN[i] = rng.Next(0, 8);
            prevS[i] = prevN[i] * rng.Next(10, 200);
            recS[i] = recN[i] * rng.Next(10, 200);
            value[i] = rng.Next(0, 10_000);
        }

        _signals = new ChurnSignalColumns(days)
        {
            MeanGapDays = gap,
            ProbabilityAlive = alive,
            PurchaseRatePerDay = rate,
            PreviousWindowPurchases = prevN,
            RecentWindowPurchases = recN,
            PreviousWindowSpend = prevS,
            RecentWindowSpend = recS,
            Value = value,
        };
        _destination = ChurnWarningDestination.Allocate(n);
    }

    /// <summary>The same work on one thread: chunk by chunk, each call small enough to stay sequential.</summary>
    [Benchmark(Baseline = true)]
    public ChurnLevel SingleThread()
    {
        int n = Customers;
        for (int start = 0; start < n; start += Chunk)
        {
            int length = Math.Min(Chunk, n - start);
            var s = _signals;
            var slice = s with
            {
                DaysSinceLastPurchase = s.DaysSinceLastPurchase.Slice(start, length),
                MeanGapDays = s.MeanGapDays.Slice(start, length),
                ProbabilityAlive = s.ProbabilityAlive.Slice(start, length),
                PurchaseRatePerDay = s.PurchaseRatePerDay.Slice(start, length),
                PreviousWindowPurchases = s.PreviousWindowPurchases.Slice(start, length),
                RecentWindowPurchases = s.RecentWindowPurchases.Slice(start, length),
                PreviousWindowSpend = s.PreviousWindowSpend.Slice(start, length),
                RecentWindowSpend = s.RecentWindowSpend.Slice(start, length),
                Value = s.Value.Slice(start, length),
            };
            var d = _destination;
            _policy.Evaluate(slice, new ChurnWarningDestination(d.Levels.Slice(start, length), d.Risk.Slice(start, length), d.Reasons.Slice(start, length), d.Priority.Slice(start, length), d.NextPurchaseInDays.Slice(start, length)));
        }

        return _destination.Levels.Span[n - 1];
    }

    /// <summary>One call: the policy scores 64K-row chunks in parallel.</summary>
    [Benchmark]
    public ChurnLevel Parallel()
    {
        _policy.Evaluate(_signals, _destination);
        return _destination.Levels.Span[Customers - 1];
    }
}
