namespace CustomerValue.Segmentation;

/// <summary>Maps RFM scores to named segments: every combination of scores goes to exactly one segment.</summary>
/// <remarks>Implementations are immutable and thread-safe.</remarks>
public interface ISegmentMap
{
    /// <summary>The map's name.</summary>
    string Name { get; }

    /// <summary>The score scale 1..n the map is defined on.</summary>
    int Bins { get; }

    /// <summary>The segment names; a segment's index in this list is its id.</summary>
    IReadOnlyList<string> Segments { get; }

    /// <summary>The segment id of one combination of scores.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A score is outside 1..<see cref="Bins"/>.</exception>
    int SegmentOf(RfmScore score);

    /// <summary>The batch path: writes the segment id of every customer, without allocating.</summary>
    /// <param name="recency">Recency scores.</param>
    /// <param name="frequency">Frequency scores.</param>
    /// <param name="monetary">Monetary scores.</param>
    /// <param name="segments">Receives the segment ids (indices into <see cref="Segments"/>).</param>
    /// <exception cref="ArgumentException">Lengths differ, or a score is outside 1..<see cref="Bins"/> (the message names the row).</exception>
    void Assign(ReadOnlySpan<byte> recency, ReadOnlySpan<byte> frequency, ReadOnlySpan<byte> monetary, Span<byte> segments);

    /// <summary>Assigns every scored customer to a segment.</summary>
    /// <exception cref="ArgumentException">The scores use a different number of bins than the map.</exception>
    SegmentAssignments Assign(RfmScores scores);
}
