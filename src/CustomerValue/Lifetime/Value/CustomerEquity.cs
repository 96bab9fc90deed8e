using CustomerValue.Summaries;

namespace CustomerValue.Lifetime;

/// <summary>Customer equity: the sum of the lifetime values of a customer base.</summary>
/// <remarks>Static and thread-safe. Sums with Neumaier's compensated summation, in customer order, so the result does not lose digits on millions of customers.</remarks>
public static class CustomerEquity
{
    private const int ChunkSize = 256;

    /// <summary>The sum of the lifetime values of the customers given as columns.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static double Total(
        this ICustomerLifetimeValueCalculator calculator,
        ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> monetaryValue)
    {
        ArgumentNullException.ThrowIfNull(calculator);
        if (recency.Length != frequency.Length || age.Length != frequency.Length || monetaryValue.Length != frequency.Length)
        {
            throw new ArgumentException("Customer equity: every span must have one value per customer.");
        }

        Span<double> values = stackalloc double[ChunkSize];
        double sum = 0, compensation = 0;
        for (int start = 0; start < frequency.Length; start += ChunkSize)
        {
            int n = Math.Min(ChunkSize, frequency.Length - start);
            var chunk = values[..n];
            calculator.LifetimeValue(frequency.Slice(start, n), recency.Slice(start, n), age.Slice(start, n), monetaryValue.Slice(start, n), chunk);
            foreach (double v in chunk)
            {
                double t = sum + v;
                compensation += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
                sum = t;
            }
        }

        return sum + compensation;
    }

    /// <summary>The sum of the lifetime values of every customer in <paramref name="summaries"/>.</summary>
    /// <exception cref="ArgumentException">The summaries are in another time unit than the calculator.</exception>
    public static double Total(this ICustomerLifetimeValueCalculator calculator, CustomerSummaries summaries)
    {
        ArgumentNullException.ThrowIfNull(calculator);
        ArgumentNullException.ThrowIfNull(summaries);
        CheckUnit(calculator, summaries);
        return calculator.Total(summaries.Frequency, summaries.Recency, summaries.Age, summaries.MonetaryValue);
    }

    /// <summary>The lifetime value of every customer in <paramref name="summaries"/>, in row order.</summary>
    /// <exception cref="ArgumentException">The summaries are in another time unit than the calculator.</exception>
    public static double[] LifetimeValues(this ICustomerLifetimeValueCalculator calculator, CustomerSummaries summaries)
    {
        ArgumentNullException.ThrowIfNull(calculator);
        ArgumentNullException.ThrowIfNull(summaries);
        CheckUnit(calculator, summaries);
        var values = new double[summaries.Count];
        calculator.LifetimeValue(summaries.Frequency, summaries.Recency, summaries.Age, summaries.MonetaryValue, values);
        return values;
    }

    private static void CheckUnit(ICustomerLifetimeValueCalculator calculator, CustomerSummaries summaries)
    {
        if (calculator.TimeUnit != summaries.TimeUnit)
        {
            throw new ArgumentException($"Customer equity: the summaries are in {summaries.TimeUnit.ToName()}s but the model is in {calculator.TimeUnit.ToName()}s; summarise in the model's unit.", nameof(summaries));
        }
    }
}
