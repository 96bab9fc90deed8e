namespace CustomerValue.Wallet;

/// <summary>Where the relationship with a customer stands, judged by share of wallet (the source documents' stages, plus the early warning).</summary>
public enum RelationshipStage
{
    /// <summary>Little or no share of the customer's spend yet: share below <see cref="RelationshipStageOptions.PursuitBelow"/>.</summary>
    Pursuit,

    /// <summary>Between pursuit and won, and not falling: the share is being built.</summary>
    Growth,

    /// <summary>We are the first supplier the customer thinks of: share at or above <see cref="RelationshipStageOptions.WonFrom"/>.</summary>
    Won,

    /// <summary>The share fell by at least <see cref="RelationshipStageOptions.DeclineFromPoints"/> percentage points since the previous period: an early warning, whatever the level.</summary>
    Declining,
}

/// <summary>The thresholds that place a customer in a <see cref="RelationshipStage"/>.</summary>
/// <remarks>
/// Rules, in order, on the latest period: a fall of at least <see cref="DeclineFromPoints"/> points → declining;
/// else share ≥ <see cref="WonFrom"/> → won; else share &lt; <see cref="PursuitBelow"/> → pursuit; else growth.
/// Immutable; <see cref="Validate"/> reports every invalid field at once.
/// </remarks>
public sealed record RelationshipStageOptions
{
    /// <summary>The defaults: pursuit below 10%, won from 50% (a majority share makes us the first supplier), declining after a fall of 5 points.</summary>
    public static RelationshipStageOptions Default { get; } = new();

    /// <summary>Share below which a customer is still being pursued. In [0, 1); default 0.10.</summary>
    public double PursuitBelow { get; init; } = 0.10;

    /// <summary>Share from which the customer is won. In (0, 1], above <see cref="PursuitBelow"/>; default 0.50.</summary>
    public double WonFrom { get; init; } = 0.50;

    /// <summary>A fall of at least this many percentage points between consecutive periods means declining. In (0, 100]; default 5.</summary>
    public double DeclineFromPoints { get; init; } = 5.0;

    /// <summary>
    /// The early warning "share of wallet stalled, then fell": this many consecutive period-to-period changes within
    /// <see cref="StallWithinPoints"/> before a fall of at least <see cref="DeclineFromPoints"/>. At least 1; default 2
    /// (with quarters, about six months of stall, as the source documents put it).
    /// </summary>
    public int StallPeriods { get; init; } = 2;

    /// <summary>A change smaller than this many percentage points (either way) counts as stalled. In (0, 100]; default 2.</summary>
    public double StallWithinPoints { get; init; } = 2.0;

    /// <summary>
    /// True when the share at <paramref name="index"/> fell by at least <see cref="DeclineFromPoints"/> points from the
    /// period before, and the <see cref="StallPeriods"/> changes before that fall were each within
    /// <see cref="StallWithinPoints"/> points (shares are fractions 0..1, oldest first).
    /// </summary>
    public bool StalledThenFell(ReadOnlySpan<double> shares, int index)
    {
        if (index < StallPeriods + 1 || index >= shares.Length || (shares[index - 1] - shares[index]) * 100.0 < DeclineFromPoints)
        {
            return false;
        }

        for (int i = index - StallPeriods; i < index; i++)
        {
            if (Math.Abs(shares[i] - shares[i - 1]) * 100.0 >= StallWithinPoints)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">One or more fields are invalid; the message lists them all.</exception>
    public void Validate() =>
        new OptionErrors(nameof(RelationshipStageOptions))
            .Range(PursuitBelow, nameof(PursuitBelow), 0, 1, maxInclusive: false)
            .Range(WonFrom, nameof(WonFrom), 0, 1, minInclusive: false)
            .Check(!(PursuitBelow >= WonFrom), nameof(WonFrom), $"must be above {nameof(PursuitBelow)} ({WonFrom} vs {PursuitBelow})")
            .Range(DeclineFromPoints, nameof(DeclineFromPoints), 0, 100, minInclusive: false)
            .Range(StallWithinPoints, nameof(StallWithinPoints), 0, 100, minInclusive: false)
            .Check(StallPeriods >= 1, nameof(StallPeriods), $"must be at least 1, got {StallPeriods}")
            .ThrowIfAny();

    /// <summary>The stage of a customer whose share moved from <paramref name="previousShare"/> (NaN when there is no previous period) to <paramref name="share"/>.</summary>
    public RelationshipStage Classify(double previousShare, double share)
    {
        if (double.IsFinite(previousShare) && (previousShare - share) * 100.0 >= DeclineFromPoints)
        {
            return RelationshipStage.Declining;
        }

        if (share >= WonFrom)
        {
            return RelationshipStage.Won;
        }

        return share < PursuitBelow ? RelationshipStage.Pursuit : RelationshipStage.Growth;
    }
}
