namespace CustomerValue.Lifetime;

/// <summary>The span-based batch paths of BG/NBD and MBG/NBD.</summary>
internal static class BgNbdBatch
{
    public static void CheckLengths(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        int n = frequency.Length;
        if (recency.Length != n || age.Length != n || destination.Length != n)
        {
            throw new ArgumentException(
                $"frequency, recency, age and destination must have the same length; got {n}, {recency.Length}, {age.Length} and {destination.Length}.");
        }
    }

    public static void ProbabilityAlive(BgNbdKernel kernel, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        CheckLengths(frequency, recency, age, destination);
        for (int i = 0; i < frequency.Length; i++)
        {
            destination[i] = kernel.ProbabilityAlive(frequency[i], recency[i], age[i]);
        }
    }

    public static void ExpectedPurchases(BgNbdKernel kernel, double horizon, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        CheckLengths(frequency, recency, age, destination);
        for (int i = 0; i < frequency.Length; i++)
        {
            destination[i] = kernel.ExpectedPurchases(horizon, frequency[i], recency[i], age[i]);
        }
    }
}
