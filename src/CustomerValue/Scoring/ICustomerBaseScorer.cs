using CustomerValue.Segmentation;

namespace CustomerValue.Scoring;

/// <summary>
/// Scores a whole customer base in one call: P(alive), expected purchases over a horizon, expected spend, CLV, RFM
/// scores and segment, value tier, churn level and risk.
/// </summary>
/// <remarks>
/// Implementations are immutable and thread-safe. Each score equals (bit for bit, or within 1e-12 relative) what the
/// one-customer calculator gives for the same customer: the repeat-purchase model, the spend model, the lifetime-value
/// calculator, the RFM scorer and segment map, the value-tier classifier (ranked by CLV) and the churn-warning policy.
/// Long work is parallel over chunks of customers, reports progress and honours cancellation; the destination
/// overload allocates nothing per customer.
/// </remarks>
public interface ICustomerBaseScorer
{
    /// <summary>The options every run uses.</summary>
    ScoringOptions Options { get; }

    /// <summary>Scores every customer of <paramref name="input"/> into newly allocated columns.</summary>
    /// <exception cref="ArgumentException">A column has the wrong length, a row is invalid (the message names the row, customer and field), or the input's time unit is not the model's.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    CustomerScores Score(ScoringInput input, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Scores every customer of <paramref name="input"/> into caller-owned columns (reusable; nothing is allocated per customer).</summary>
    /// <returns>The RFM cut points the scores came from.</returns>
    /// <exception cref="ArgumentException">A column has the wrong length, a row is invalid, or the input's time unit is not the model's.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    RfmCutPoints Score(ScoringInput input, CustomerScoreColumns destination, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default);
}
