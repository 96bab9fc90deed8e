namespace CustomerValue.Scoring;

/// <summary>The stages of a scoring run, in order.</summary>
public enum ScoringStage
{
    /// <summary>Reading and summarising the transactions (units: bytes of the input file).</summary>
    Reading,
    /// <summary>Fitting the models that were not given (units: models).</summary>
    Fitting,
    /// <summary>P(alive), expected purchases, expected spend and CLV (units: customers).</summary>
    Lifetime,
    /// <summary>RFM scores, segments and value tiers (units: customers).</summary>
    Segmentation,
    /// <summary>Churn warnings (units: customers).</summary>
    Churn,
    /// <summary>Writing the scores (units: customers).</summary>
    Writing,
}

/// <summary>How far a scoring run has come: <see cref="Completed"/> of <see cref="Total"/> units of <see cref="Stage"/>.</summary>
/// <param name="Stage">The stage in progress.</param>
/// <param name="Completed">Units done so far in this stage.</param>
/// <param name="Total">Units in this stage (0 when not known in advance).</param>
public readonly record struct ScoringProgress(ScoringStage Stage, long Completed, long Total)
{
    /// <summary>The fraction of the stage done, in [0, 1] (0 when the total is unknown).</summary>
    public double Fraction => Total > 0 ? Math.Clamp((double)Completed / Total, 0, 1) : 0;
}
