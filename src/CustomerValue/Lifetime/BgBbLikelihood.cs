using CustomerValue.Lifetime.Fitting;

namespace CustomerValue.Lifetime;

/// <summary>The BG/BB log-likelihood of weighted opportunity patterns, with its analytic gradient (see <see cref="BgBbKernel"/>).</summary>
/// <remarks>
/// Identical patterns are grouped into one weighted row first (one row per customer becomes at most one row per
/// distinct (x, t_x, n)), in order of first appearance; patterns are then few (the donations data has 22), so rows are
/// summed serially in a fixed order. Thread-safe.
/// </remarks>
internal sealed class BgBbLikelihood : ILogLikelihood
{
    private readonly int[] _frequency;
    private readonly int[] _recency;
    private readonly int[] _opportunities;
    private readonly double[] _weight;

    public BgBbLikelihood(OpportunityPatterns data)
    {
        var index = new Dictionary<(int, int, int), int>();
        var f = new List<int>();
        var r = new List<int>();
        var o = new List<int>();
        var w = new List<double>();
        for (int i = 0; i < data.Count; i++)
        {
            var key = (data.Frequency[i], data.Recency[i], data.Opportunities[i]);
            if (index.TryGetValue(key, out int slot))
            {
                w[slot] += data.Weight[i];
            }
            else
            {
                index.Add(key, w.Count);
                f.Add(key.Item1);
                r.Add(key.Item2);
                o.Add(key.Item3);
                w.Add(data.Weight[i]);
            }
        }

        _frequency = [.. f];
        _recency = [.. r];
        _opportunities = [.. o];
        _weight = [.. w];
        CustomerCount = data.TotalWeight;
    }

    public string[] ParameterNames => [.. LifetimeModelCatalog.BgBb.ParameterNames];

    public double CustomerCount { get; }

    public int DistinctRows => _weight.Length;

    public bool HasGradient => true;

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        var kernel = new BgBbKernel(parameters[0], parameters[1], parameters[2], parameters[3]);
        gradient.Clear();
        double sum = 0;
        for (int i = 0; i < _weight.Length; i++)
        {
            double w = _weight[i];
            if (w == 0)
            {
                continue;
            }

            sum += w * kernel.LogLikelihood(_frequency[i], _recency[i], _opportunities[i], w, gradient);
        }

        return sum;
    }
}
