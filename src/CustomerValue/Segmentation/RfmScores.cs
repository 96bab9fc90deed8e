namespace CustomerValue.Segmentation;

/// <summary>The RFM scores of a customer base, as columns: one recency, frequency and monetary score per customer.</summary>
/// <remarks>Immutable and thread-safe. Row i belongs to row i of the <see cref="RfmInput"/> that was scored.</remarks>
public sealed class RfmScores
{
    private readonly byte[] _recency;
    private readonly byte[] _frequency;
    private readonly byte[] _monetary;

    internal RfmScores(RfmOptions options, RfmCutPoints cutPoints, IReadOnlyList<string>? customerIds, byte[] recency, byte[] frequency, byte[] monetary)
    {
        Options = options;
        CutPoints = cutPoints;
        CustomerIds = customerIds;
        _recency = recency;
        _frequency = frequency;
        _monetary = monetary;
    }

    /// <summary>The options the scores were computed with.</summary>
    public RfmOptions Options { get; }

    /// <summary>The bin boundaries (to score further customers the same way).</summary>
    public RfmCutPoints CutPoints { get; }

    /// <summary>The number of customers.</summary>
    public int Count => _recency.Length;

    /// <summary>The number of bins n.</summary>
    public int Bins => Options.Bins;

    /// <summary>Customer ids of the input, or null when it had none.</summary>
    public IReadOnlyList<string>? CustomerIds { get; }

    /// <summary>Recency scores, 1..n (n = most recent).</summary>
    public ReadOnlySpan<byte> Recency => _recency;

    /// <summary>Frequency scores, 1..n (n = most frequent).</summary>
    public ReadOnlySpan<byte> Frequency => _frequency;

    /// <summary>Monetary scores, 1..n (n = highest value).</summary>
    public ReadOnlySpan<byte> Monetary => _monetary;

    /// <summary>The scores of row <paramref name="index"/>.</summary>
    /// <exception cref="IndexOutOfRangeException">The index is out of range.</exception>
    public RfmScore this[int index] => new(_recency[index], _frequency[index], _monetary[index]);

    /// <summary>The weighted score of row <paramref name="index"/>, per <see cref="RfmOptions.Weighted"/>.</summary>
    public double Weighted(int index) => Options.Weighted(this[index]);

    /// <summary>Writes every customer's weighted score.</summary>
    /// <param name="destination">One slot per customer.</param>
    /// <exception cref="ArgumentException">The destination has the wrong length.</exception>
    /// <exception cref="InvalidOperationException">All weights are zero.</exception>
    public void CopyWeightedTo(Span<double> destination)
    {
        if (destination.Length != Count)
        {
            throw new ArgumentException($"RfmScores.CopyWeightedTo: the destination needs {Count} slots, got {destination.Length}.", nameof(destination));
        }

        double wr = Options.RecencyWeight, wf = Options.FrequencyWeight, wm = Options.MonetaryWeight;
        double total = wr + wf + wm;
        if (total <= 0)
        {
            throw new InvalidOperationException("RfmOptions: at least one weight must be positive to form a weighted score.");
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ((wr * _recency[i]) + (wf * _frequency[i]) + (wm * _monetary[i])) / total;
        }
    }
}
