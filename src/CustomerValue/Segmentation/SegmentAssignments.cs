namespace CustomerValue.Segmentation;

/// <summary>The segment of every customer, with the count per segment.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SegmentAssignments
{
    private readonly byte[] _segments;
    private readonly int[] _counts;

    internal SegmentAssignments(ISegmentMap map, IReadOnlyList<string>? customerIds, byte[] segments)
    {
        Map = map;
        CustomerIds = customerIds;
        _segments = segments;
        _counts = new int[map.Segments.Count];
        foreach (byte s in segments)
        {
            _counts[s]++;
        }
    }

    /// <summary>The map used.</summary>
    public ISegmentMap Map { get; }

    /// <summary>The number of customers.</summary>
    public int Count => _segments.Length;

    /// <summary>Customer ids, or null when the input had none.</summary>
    public IReadOnlyList<string>? CustomerIds { get; }

    /// <summary>The segment id of every customer (index into <see cref="ISegmentMap.Segments"/>).</summary>
    public ReadOnlySpan<byte> SegmentIds => _segments;

    /// <summary>The number of customers in each segment, by segment id; sums to <see cref="Count"/>.</summary>
    public IReadOnlyList<int> Counts => _counts;

    /// <summary>The segment name of row <paramref name="index"/>.</summary>
    public string SegmentName(int index) => Map.Segments[_segments[index]];
}
