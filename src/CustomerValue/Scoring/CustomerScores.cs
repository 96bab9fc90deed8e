using System.Globalization;
using CustomerValue.Churn;
using CustomerValue.Segmentation;

namespace CustomerValue.Scoring;

/// <summary>
/// Every score of every customer of a base, as columns (struct of arrays): P(alive), expected purchases over the
/// horizon, expected spend per purchase, CLV, RFM scores and segment, value tier, churn level, risk and reasons.
/// </summary>
/// <remarks>Immutable and thread-safe. Row i belongs to row i of the <see cref="ScoringInput"/> that was scored.</remarks>
public sealed partial class CustomerScores
{
    private readonly double[] _alive;
    private readonly double[] _expected;
    private readonly double[] _spend;
    private readonly double[] _value;
    private readonly byte[] _recency;
    private readonly byte[] _frequency;
    private readonly byte[] _monetary;
    private readonly byte[] _segment;
    private readonly GoldDragTier[] _tier;
    private readonly ChurnLevel[] _level;
    private readonly double[] _risk;
    private readonly ChurnReasonCodes[] _reasons;

    /// <summary>Wraps columns allocated by <see cref="CustomerScoreColumns.Allocate"/> (ownership passes to this instance).</summary>
    internal CustomerScores(CustomerScoreColumns columns, IReadOnlyList<string>? customerIds, IReadOnlyList<string> segmentNames, double horizon, TimeUnit timeUnit, RfmCutPoints cutPoints)
    {
        CustomerIds = customerIds;
        SegmentNames = segmentNames;
        Horizon = horizon;
        TimeUnit = timeUnit;
        CutPoints = cutPoints;
        _alive = WholeArray(columns.ProbabilityAlive);
        _expected = WholeArray(columns.ExpectedPurchases);
        _spend = WholeArray(columns.ExpectedSpend);
        _value = WholeArray(columns.LifetimeValue);
        _recency = WholeArray(columns.RecencyScore);
        _frequency = WholeArray(columns.FrequencyScore);
        _monetary = WholeArray(columns.MonetaryScore);
        _segment = WholeArray(columns.Segment);
        _tier = WholeArray(columns.Tier);
        _level = WholeArray(columns.ChurnLevel);
        _risk = WholeArray(columns.ChurnRisk);
        _reasons = WholeArray(columns.ChurnReasons);
    }

    /// <summary>The number of customers.</summary>
    public int Count => _alive.Length;

    /// <summary>Customer ids, or null when the input had none.</summary>
    public IReadOnlyList<string>? CustomerIds { get; }

    /// <summary>The segment names; <see cref="Segment"/> holds indices into this list.</summary>
    public IReadOnlyList<string> SegmentNames { get; }

    /// <summary>The horizon of <see cref="ExpectedPurchases"/>, in <see cref="TimeUnit"/>.</summary>
    public double Horizon { get; }

    /// <summary>The time unit of the repeat-purchase model.</summary>
    public TimeUnit TimeUnit { get; }

    /// <summary>The RFM cut points the scores came from (to score further customers the same way).</summary>
    public RfmCutPoints CutPoints { get; }

    /// <summary>P(alive) at the as-of date.</summary>
    public ReadOnlySpan<double> ProbabilityAlive => _alive;

    /// <summary>Expected purchases over <see cref="Horizon"/>.</summary>
    public ReadOnlySpan<double> ExpectedPurchases => _expected;

    /// <summary>Expected spend per future purchase (the spend model's E[M | x, m̄]).</summary>
    public ReadOnlySpan<double> ExpectedSpend => _spend;

    /// <summary>Customer lifetime value (discounted expected purchases × expected spend × margin).</summary>
    public ReadOnlySpan<double> LifetimeValue => _value;

    /// <summary>RFM recency score, 1..n (n = most recent).</summary>
    public ReadOnlySpan<byte> RecencyScore => _recency;

    /// <summary>RFM frequency score, 1..n.</summary>
    public ReadOnlySpan<byte> FrequencyScore => _frequency;

    /// <summary>RFM monetary score, 1..n.</summary>
    public ReadOnlySpan<byte> MonetaryScore => _monetary;

    /// <summary>Segment id per customer (an index into <see cref="SegmentNames"/>).</summary>
    public ReadOnlySpan<byte> Segment => _segment;

    /// <summary>Gold / drag / regular, ranked by lifetime value.</summary>
    public ReadOnlySpan<GoldDragTier> Tier => _tier;

    /// <summary>Churn warning level.</summary>
    public ReadOnlySpan<ChurnLevel> ChurnLevel => _level;

    /// <summary>Churn risk in [0, 1] (1 − P(alive) with a model).</summary>
    public ReadOnlySpan<double> ChurnRisk => _risk;

    /// <summary>Churn warning reasons as flags (see <see cref="ChurnReasonCodesExtensions.ToCodes"/>).</summary>
    public ReadOnlySpan<ChurnReasonCodes> ChurnReasons => _reasons;

    /// <summary>The id of row <paramref name="index"/>, or its 1-based row number when there are no ids.</summary>
    public string CustomerId(int index) => CustomerIds is { } ids ? ids[index] : (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>The segment name of row <paramref name="index"/>.</summary>
    public string SegmentName(int index) => SegmentNames[_segment[index]];

    private static T[] WholeArray<T>(Memory<T> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<T>(memory, out var segment) && segment.Offset == 0 && segment.Array!.Length == segment.Count
            ? segment.Array
            : memory.ToArray();
}
