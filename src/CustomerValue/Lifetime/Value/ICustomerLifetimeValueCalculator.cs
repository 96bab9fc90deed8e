namespace CustomerValue.Lifetime;

/// <summary>
/// Customer lifetime value: the discounted expected purchases of a customer over a horizon, times the expected spend
/// per purchase, times the margin rate.
/// </summary>
/// <remarks>
/// Implementations are immutable and thread-safe. Times are in <see cref="TimeUnit"/>. The span overload allocates
/// nothing per customer, checks lengths once and gives the same values as the scalar one (as exactly as the underlying
/// model's span path matches its scalar path). See
/// <see cref="CustomerLifetimeValueCalculator"/> for the default implementation and
/// <see cref="CustomerEquity"/> for the sum over a customer base.
/// </remarks>
public interface ICustomerLifetimeValueCalculator
{
    /// <summary>The unit of recency, age and the horizon.</summary>
    TimeUnit TimeUnit { get; }

    /// <summary>The discounted expected number of purchases over the horizon of a customer with summary (x, t_x, T).</summary>
    /// <exception cref="ArgumentException">A value is NaN, negative or inconsistent (t_x &gt; T).</exception>
    double DiscountedExpectedPurchases(double frequency, double recency, double age);

    /// <summary>The lifetime value of a customer with summary (x, t_x, T) and mean repeat spend m̄.</summary>
    /// <exception cref="ArgumentException">A value is NaN, negative or inconsistent (t_x &gt; T).</exception>
    double LifetimeValue(double frequency, double recency, double age, double monetaryValue);

    /// <summary>The lifetime values of many customers at once.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    void LifetimeValue(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> monetaryValue, Span<double> destination);
}
