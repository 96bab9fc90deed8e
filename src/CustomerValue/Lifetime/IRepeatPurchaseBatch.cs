namespace CustomerValue.Lifetime;

/// <summary>
/// What a repeat-purchase model offers the scorer beyond <see cref="IRepeatPurchaseModel"/> (issue 12, item 4): P(alive)
/// for one chunk on the calling thread (the scorer runs its chunks in parallel itself), and whether expected purchases
/// factorise over recency. The scorer asks for this capability instead of switching on concrete model types.
/// </summary>
internal interface IRepeatPurchaseBatch
{
    /// <summary>
    /// True when E[X(h) | x, t_x, T] = P(alive | x, t_x, T) · g(x, T) for a g that does not depend on t_x (true of
    /// BG/NBD, MBG/NBD and Pareto/NBD), so expected purchases and discounted value can be computed once per distinct
    /// (x, T) pair.
    /// </summary>
    bool FactorisesOverRecency { get; }

    /// <summary>P(alive) of one chunk of customers, on the calling thread, bitwise equal to the scalar path.</summary>
    void ProbabilityAliveChunk(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination);
}
