using CustomerValue.Lifetime.Fitting;

namespace CustomerValue.Lifetime;

/// <summary>The BG/BB log-likelihood of weighted opportunity patterns, with its analytic gradient (see <see cref="BgBbKernel"/>).</summary>
/// <remarks>Patterns are few (the donations data has 22), so rows are summed serially in a fixed order. Thread-safe.</remarks>
internal sealed class BgBbLikelihood(OpportunityPatterns data) : ILogLikelihood
{
    public string[] ParameterNames => ["alpha", "beta", "gamma", "delta"];

    public double CustomerCount => data.TotalWeight;

    public int DistinctRows => data.Count;

    public bool HasGradient => true;

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        var kernel = new BgBbKernel(parameters[0], parameters[1], parameters[2], parameters[3]);
        gradient.Clear();
        double sum = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double w = data.Weight[i];
            if (w == 0)
            {
                continue;
            }

            sum += w * kernel.LogLikelihood(data.Frequency[i], data.Recency[i], data.Opportunities[i], w, gradient);
        }

        return sum;
    }
}
