namespace CustomerValue.Lifetime;

/// <summary>
/// A fitted model of spend per purchase (for example Gamma-Gamma): what a customer is expected to spend on each
/// future purchase, given their repeat frequency and mean repeat spend.
/// </summary>
/// <remarks>Implementations are immutable and thread-safe; the span overload allocates nothing and equals the scalar one.</remarks>
public interface ISpendModel
{
    /// <summary>The parameters by their published names (<c>p, q, gamma</c> for Gamma-Gamma), in order.</summary>
    IReadOnlyList<KeyValuePair<string, double>> Parameters { get; }

    /// <summary>E[M | x, m̄]: expected spend per future purchase of a customer with <paramref name="frequency"/> repeat purchases of mean value <paramref name="monetaryValue"/>.</summary>
    double ExpectedSpend(double frequency, double monetaryValue);

    /// <summary>Expected spend per purchase for many customers at once.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    void ExpectedSpend(ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetaryValue, Span<double> destination);
}
