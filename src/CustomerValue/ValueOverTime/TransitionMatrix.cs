namespace CustomerValue.ValueOverTime;

/// <summary>Customers by state in one period (rows) and state in a later period (columns), with row rates.</summary>
/// <remarks>Immutable and thread-safe. Every customer of the analysis is in exactly one cell per pair of periods, so the counts add up to the customers times the pairs.</remarks>
public sealed class TransitionMatrix
{
    private readonly long[] _counts;

    internal TransitionMatrix(MigrationScheme scheme, string fromPeriod, string toPeriod, long[] counts)
    {
        Scheme = scheme;
        FromPeriod = fromPeriod;
        ToPeriod = toPeriod;
        _counts = counts;
    }

    /// <summary>The naming of states.</summary>
    public MigrationScheme Scheme { get; }

    /// <summary>The states, in row and column order.</summary>
    public IReadOnlyList<string> States => MigrationStates.Of(Scheme);

    /// <summary>The label of the starting period, or <c>all</c> when pooled over every consecutive pair.</summary>
    public string FromPeriod { get; }

    /// <summary>The label of the later period, or <c>all</c> when pooled.</summary>
    public string ToPeriod { get; }

    /// <summary>Customers in state <paramref name="from"/> who are in state <paramref name="to"/> in the later period.</summary>
    public long Count(int from, int to) => _counts[(from * States.Count) + to];

    /// <summary>Customers in state <paramref name="from"/> in the starting period.</summary>
    public long FromTotal(int from)
    {
        long sum = 0;
        for (int to = 0; to < States.Count; to++)
        {
            sum += Count(from, to);
        }

        return sum;
    }

    /// <summary>The share of the customers in <paramref name="from"/> who move to <paramref name="to"/>; null when none was in <paramref name="from"/>.</summary>
    public double? Rate(int from, int to)
    {
        long total = FromTotal(from);
        return total > 0 ? (double)Count(from, to) / total : null;
    }

    /// <summary>All customers counted (customers × period pairs).</summary>
    public long Total
    {
        get
        {
            long sum = 0;
            foreach (long c in _counts)
            {
                sum += c;
            }

            return sum;
        }
    }
}
