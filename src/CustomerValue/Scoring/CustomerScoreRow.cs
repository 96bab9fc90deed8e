using System.Collections;
using CustomerValue.Churn;
using CustomerValue.Segmentation;

namespace CustomerValue.Scoring;

/// <summary>Every score of one customer, read from the columns of <see cref="CustomerScores"/>.</summary>
/// <param name="CustomerId">The customer's id (its 1-based row number when the scores were made without ids).</param>
/// <param name="ProbabilityAlive">P(alive) at the as-of date.</param>
/// <param name="ExpectedPurchases">Expected purchases over the horizon.</param>
/// <param name="ExpectedSpend">Expected spend per purchase.</param>
/// <param name="LifetimeValue">CLV over the horizon, discounted.</param>
/// <param name="RecencyScore">RFM recency score (1 = least recent).</param>
/// <param name="FrequencyScore">RFM frequency score.</param>
/// <param name="MonetaryScore">RFM monetary score.</param>
/// <param name="Segment">The segment name.</param>
/// <param name="Tier">The gold / drag value tier.</param>
/// <param name="ChurnLevel">The churn warning level.</param>
/// <param name="ChurnRisk">Churn risk in [0, 1].</param>
/// <param name="ChurnReasons">The churn warning reasons, as flags.</param>
public readonly record struct CustomerScoreRow(
    string CustomerId, double ProbabilityAlive, double ExpectedPurchases, double ExpectedSpend, double LifetimeValue,
    byte RecencyScore, byte FrequencyScore, byte MonetaryScore, string Segment, GoldDragTier Tier,
    ChurnLevel ChurnLevel, double ChurnRisk, ChurnReasonCodes ChurnReasons);

/// <summary>
/// The rows of a <see cref="CustomerScores"/> as a read-only list of <see cref="CustomerScoreRow"/>: each row is made
/// when it is read, so the columns cost nothing extra, and <c>foreach</c> over it allocates nothing.
/// </summary>
public readonly struct CustomerScoreRows : IReadOnlyList<CustomerScoreRow>
{
    private readonly CustomerScores _scores;

    internal CustomerScoreRows(CustomerScores scores) => _scores = scores;

    /// <summary>The number of customers.</summary>
    public int Count => _scores.Count;

    /// <summary>Row <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public CustomerScoreRow this[int index] => _scores.Row(index);

    /// <summary>An allocation-free enumerator over the rows.</summary>
    public Enumerator GetEnumerator() => new(_scores);

    IEnumerator<CustomerScoreRow> IEnumerable<CustomerScoreRow>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the rows in order.</summary>
    public struct Enumerator : IEnumerator<CustomerScoreRow>
    {
        private readonly CustomerScores _scores;
        private int _index;

        internal Enumerator(CustomerScores scores)
        {
            _scores = scores;
            _index = -1;
        }

        /// <inheritdoc/>
        public readonly CustomerScoreRow Current => _scores.Row(_index);

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc/>
        public bool MoveNext() => ++_index < _scores.Count;

        /// <inheritdoc/>
        public void Reset() => _index = -1;

        /// <inheritdoc/>
        public readonly void Dispose()
        {
        }
    }
}
