using System.Globalization;
using CustomerValue.Churn;
using CustomerValue.Segmentation;

namespace CustomerValue.Scoring;

/// <summary>
/// Where <see cref="ICustomerBaseScorer.Score(ScoringInput, CustomerScoreColumns, IProgress{ScoringProgress}?, CancellationToken)"/>
/// writes: one element per customer in each column. Allocate it once and reuse it to score night after night without
/// allocating per customer.
/// </summary>
/// <remarks>Memory-backed so the scorer can fill chunks on several threads. Every column is required.</remarks>
public readonly record struct CustomerScoreColumns
{
    /// <summary>Receives P(alive) at the as-of date, in [0, 1].</summary>
    public Memory<double> ProbabilityAlive { get; init; }

    /// <summary>Receives the expected purchases over the horizon.</summary>
    public Memory<double> ExpectedPurchases { get; init; }

    /// <summary>Receives the expected spend per future purchase.</summary>
    public Memory<double> ExpectedSpend { get; init; }

    /// <summary>Receives the customer lifetime value.</summary>
    public Memory<double> LifetimeValue { get; init; }

    /// <summary>Receives the RFM recency score 1..n.</summary>
    public Memory<byte> RecencyScore { get; init; }

    /// <summary>Receives the RFM frequency score 1..n.</summary>
    public Memory<byte> FrequencyScore { get; init; }

    /// <summary>Receives the RFM monetary score 1..n.</summary>
    public Memory<byte> MonetaryScore { get; init; }

    /// <summary>Receives the segment id (an index into the segment map's names).</summary>
    public Memory<byte> Segment { get; init; }

    /// <summary>Receives the gold / drag / regular value tier.</summary>
    public Memory<GoldDragTier> Tier { get; init; }

    /// <summary>Receives the churn warning level.</summary>
    public Memory<ChurnLevel> ChurnLevel { get; init; }

    /// <summary>Receives the churn risk in [0, 1] (higher = more likely gone).</summary>
    public Memory<double> ChurnRisk { get; init; }

    /// <summary>Receives the churn warning reasons as flags.</summary>
    public Memory<ChurnReasonCodes> ChurnReasons { get; init; }

    /// <summary>Allocates columns for <paramref name="count"/> customers.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public static CustomerScoreColumns Allocate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new CustomerScoreColumns
        {
            ProbabilityAlive = new double[count],
            ExpectedPurchases = new double[count],
            ExpectedSpend = new double[count],
            LifetimeValue = new double[count],
            RecencyScore = new byte[count],
            FrequencyScore = new byte[count],
            MonetaryScore = new byte[count],
            Segment = new byte[count],
            Tier = new GoldDragTier[count],
            ChurnLevel = new ChurnLevel[count],
            ChurnRisk = new double[count],
            ChurnReasons = new ChurnReasonCodes[count],
        };
    }

    /// <summary>Checks that every column holds <paramref name="count"/> rows.</summary>
    /// <exception cref="ArgumentException">A column has another length; the message names it.</exception>
    public void CheckLength(int count)
    {
        Check(ProbabilityAlive.Length, nameof(ProbabilityAlive), count);
        Check(ExpectedPurchases.Length, nameof(ExpectedPurchases), count);
        Check(ExpectedSpend.Length, nameof(ExpectedSpend), count);
        Check(LifetimeValue.Length, nameof(LifetimeValue), count);
        Check(RecencyScore.Length, nameof(RecencyScore), count);
        Check(FrequencyScore.Length, nameof(FrequencyScore), count);
        Check(MonetaryScore.Length, nameof(MonetaryScore), count);
        Check(Segment.Length, nameof(Segment), count);
        Check(Tier.Length, nameof(Tier), count);
        Check(ChurnLevel.Length, nameof(ChurnLevel), count);
        Check(ChurnRisk.Length, nameof(ChurnRisk), count);
        Check(ChurnReasons.Length, nameof(ChurnReasons), count);
    }

    private static void Check(int length, string name, int count)
    {
        if (length != count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Customer scores: destination column {name} holds {length} rows; the input has {count} customers."), name);
        }
    }
}
