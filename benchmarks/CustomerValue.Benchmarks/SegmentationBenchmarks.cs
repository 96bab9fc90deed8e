using BenchmarkDotNet.Attributes;
using CustomerValue.Segmentation;

namespace CustomerValue.Benchmarks;

/// <summary>
/// RFM quintile scoring plus grid segment assignment over seeded columns (recency 0..730 days, 1..~40 purchases,
/// log-normal spend with cents): the span batch path against a scalar path that sorts for the cut points and scores
/// customer by customer.
/// </summary>
[MemoryDiagnoser]
public class SegmentationBenchmarks
{
    private double[] _recency = [];
    private double[] _frequency = [];
    private double[] _monetary = [];
    private byte[] _r = [];
    private byte[] _f = [];
    private byte[] _m = [];
    private byte[] _segments = [];
    private readonly RfmScorer _scorer = new();
    private readonly SegmentMap _map = SegmentMap.RecencyFrequencyGrid;

    /// <summary>Customers.</summary>
    [Params(1_000_000, 10_000_000)]
    public int Customers { get; set; }

    /// <summary>Builds the seeded columns and the destinations.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20260101);
        int n = Customers;
        _recency = new double[n];
        _frequency = new double[n];
        _monetary = new double[n];
        for (int i = 0; i < n; i++)
        {
            _recency[i] = random.Next(0, 731);
            _frequency[i] = 1 + Math.Floor(-Math.Log(1 - random.NextDouble()) * 4);
            double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            _monetary[i] = Math.Round(Math.Exp(4 + (1.2 * normal)), 2);
        }

        _r = new byte[n];
        _f = new byte[n];
        _m = new byte[n];
        _segments = new byte[n];
    }

    /// <summary>Scalar path: full sorts for the cut points, then one customer at a time.</summary>
    [Benchmark(Baseline = true)]
    public byte[] SortAndScoreEachCustomer()
    {
        int n = Customers;
        var cuts = new RfmCutPoints(5, RfmBinning.Independent, SortedCuts(_recency, true), SortedCuts(_frequency, false), SortedCuts(_monetary, false));
        for (int i = 0; i < n; i++)
        {
            _segments[i] = (byte)_map.SegmentOf(cuts.Score(_recency[i], _frequency[i], _monetary[i]));
        }

        return _segments;
    }

    /// <summary>Batch path: cut points by selection, parallel chunked scoring and table lookup.</summary>
    [Benchmark]
    public byte[] ScoreAndSegment()
    {
        _scorer.Score(_recency, _frequency, _monetary, _r, _f, _m);
        _map.Assign(_r, _f, _m, _segments);
        return _segments;
    }

    private static double[] SortedCuts(double[] values, bool descending)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        Span<int> positions = stackalloc int[4];
        RfmScorer.CutPositions(sorted.Length, 5, descending, positions);
        var cuts = new double[4];
        for (int k = 0; k < 4; k++)
        {
            cuts[k] = sorted[positions[k]];
        }

        // Positions come ascending; recency cut k is the (4 - k)-th of them.
        if (descending)
        {
            Array.Reverse(cuts);
        }

        return cuts;
    }
}
