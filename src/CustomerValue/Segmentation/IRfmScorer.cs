namespace CustomerValue.Segmentation;

/// <summary>Scores customers on recency, frequency and monetary value, 1..n per dimension.</summary>
/// <remarks>Implementations are thread-safe: one instance may score many bases concurrently.</remarks>
public interface IRfmScorer
{
    /// <summary>The bins, binning and weights used.</summary>
    RfmOptions Options { get; }

    /// <summary>Scores a customer base.</summary>
    /// <param name="input">The validated RFM columns.</param>
    /// <returns>The scores and the cut points that produced them.</returns>
    RfmScores Score(RfmInput input);

    /// <summary>
    /// The batch path: scores columns into caller-owned destinations without allocating per customer.
    /// Gives exactly the scores of <see cref="Score(RfmInput)"/> for the same values.
    /// </summary>
    /// <param name="recencyDays">Days since the last purchase (finite, ≥ 0).</param>
    /// <param name="frequency">Number of purchases (finite, ≥ 0).</param>
    /// <param name="monetary">Monetary value (finite).</param>
    /// <param name="recencyScores">Receives the recency scores.</param>
    /// <param name="frequencyScores">Receives the frequency scores.</param>
    /// <param name="monetaryScores">Receives the monetary scores.</param>
    /// <returns>The cut points.</returns>
    /// <exception cref="ArgumentException">Lengths differ or a value is invalid (the message names the row and field).</exception>
    RfmCutPoints Score(
        ReadOnlySpan<double> recencyDays, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary,
        Span<byte> recencyScores, Span<byte> frequencyScores, Span<byte> monetaryScores);
}
