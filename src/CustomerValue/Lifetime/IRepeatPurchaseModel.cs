namespace CustomerValue.Lifetime;

/// <summary>The non-contractual "buy till you die" models this library fits.</summary>
public enum RepeatPurchaseModelKind
{
    /// <summary>BG/NBD: Fader, Hardie &amp; Lee (2005). File name <c>bgnbd</c>.</summary>
    BgNbd,

    /// <summary>MBG/NBD: Batislam, Denizel &amp; Filiztekin (2007). File name <c>mbgnbd</c>.</summary>
    ModifiedBgNbd,

    /// <summary>Pareto/NBD: Schmittlein, Morrison &amp; Colombo (1987). File name <c>pnbd</c>.</summary>
    ParetoNbd,
}

/// <summary>
/// A fitted continuous-time, non-contractual model of repeat purchasing ("buy till you die"): how many purchases a
/// customer will make, and whether the customer is still active.
/// </summary>
/// <remarks>
/// All times (recency t_x, age T, horizons) are in <see cref="TimeUnit"/>. Implementations are immutable and
/// thread-safe; the span overloads allocate nothing, check lengths once, and give the same values as the scalar ones.
/// Inputs are validated on the scalar path (<see cref="ArgumentException"/> for NaN, negative values or t_x &gt; T).
/// </remarks>
public interface IRepeatPurchaseModel
{
    /// <summary>Which model this is.</summary>
    RepeatPurchaseModelKind Kind { get; }

    /// <summary>The unit of every time argument.</summary>
    TimeUnit TimeUnit { get; }

    /// <summary>The parameters by their published names (<c>r, alpha, a, b</c> or <c>r, alpha, s, beta</c>), in order.</summary>
    IReadOnlyList<KeyValuePair<string, double>> Parameters { get; }

    /// <summary>P(alive | x, t_x, T): the probability that the customer is still active at the end of calibration.</summary>
    double ProbabilityAlive(double frequency, double recency, double age);

    /// <summary>E[Y(t) | x, t_x, T]: expected purchases in the next <paramref name="horizon"/> units.</summary>
    double ExpectedPurchases(double horizon, double frequency, double recency, double age);

    /// <summary>E[X(t)]: expected purchases in the first <paramref name="horizon"/> units of a new customer (after the first purchase).</summary>
    double ExpectedPurchasesNewCustomer(double horizon);

    /// <summary>P(X(t) = n): the probability that a new customer makes exactly <paramref name="count"/> repeat purchases in <paramref name="horizon"/> units.</summary>
    double ProbabilityOfPurchases(int count, double horizon);

    /// <summary>P(alive) for many customers at once.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    void ProbabilityAlive(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination);

    /// <summary>Expected purchases in the next <paramref name="horizon"/> units for many customers at once.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    void ExpectedPurchases(double horizon, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination);
}
