namespace CustomerValue.Lifetime.Fitting;

/// <summary>
/// Deterministic parallel summation for log-likelihoods: the rows are cut into fixed-size chunks, each chunk is summed
/// in row order (in parallel across chunks), and the chunk totals are added in chunk order. The result is bitwise the
/// same for any number of threads, which keeps fits reproducible ("same data, same answer").
/// </summary>
internal static class ChunkedSum
{
    /// <summary>Rows per chunk. Fixed (never derived from the core count) so that the summation order is fixed.</summary>
    public const int ChunkSize = 4096;

    /// <summary>Sums rows [start, end) and, when <paramref name="gradient"/> is not empty, adds their gradient into it (it arrives zeroed).</summary>
    public delegate double ChunkEvaluator(int start, int end, Span<double> gradient);

    /// <summary>
    /// Σ over chunks of <paramref name="evaluator"/>; when <paramref name="gradient"/> is not empty it receives the
    /// summed gradient (overwritten, not accumulated).
    /// </summary>
    public static double Run(int length, Span<double> gradient, ChunkEvaluator evaluator)
    {
        int k = gradient.Length;
        int chunks = (length + ChunkSize - 1) / ChunkSize;
        gradient.Clear();
        if (chunks <= 1)
        {
            return evaluator(0, length, gradient);
        }

        var values = new double[chunks];
        var gradients = new double[chunks * k];
        Parallel.For(0, chunks, c =>
        {
            int start = c * ChunkSize;
            int end = Math.Min(length, start + ChunkSize);
            values[c] = evaluator(start, end, gradients.AsSpan(c * k, k));
        });

        double total = 0;
        for (int c = 0; c < chunks; c++)
        {
            total += values[c];
            for (int j = 0; j < k; j++)
            {
                gradient[j] += gradients[(c * k) + j];
            }
        }

        return total;
    }
}
