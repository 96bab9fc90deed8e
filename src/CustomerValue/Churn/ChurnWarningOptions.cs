using CustomerValue.Wallet;

namespace CustomerValue.Churn;

/// <summary>The limits of the churn-warning policy: which signal values raise a reason, and which risk or number of reasons raises each level.</summary>
/// <remarks>
/// <para>Defaults: P(alive) below 0.5; a hiatus of 270 days (nine months, the managers' rule reported by Wübben &amp;
/// von Wangenheim 2008); overdue from 2 mean gaps (a gap that long has probability e^−2 ≈ 0.135 for an active Poisson
/// buyer); a fall of 50% in purchase days or spend between the two windows, counted only when the earlier window had
/// at least 2 purchase days; a fall of 10 points in share of wallet; a margin below 25% (the source documents'
/// limit). Levels: watch from risk 0.3 or 1 reason, warning from risk 0.6 or 2 reasons, critical from risk 0.85 or
/// 3 reasons.</para>
/// <para>Immutable. <see cref="Validate"/> reports every invalid field in one exception.</para>
/// </remarks>
public sealed record ChurnWarningOptions
{
    /// <summary>The default limits.</summary>
    public static ChurnWarningOptions Default { get; } = new();

    /// <summary>Raise <c>p_alive</c> when P(alive) is below this. In (0, 1]; default 0.5.</summary>
    public double ProbabilityAliveBelow { get; init; } = 0.5;

    /// <summary>Raise <c>hiatus</c> after this many days without a purchase. Positive; default 270.</summary>
    public double HiatusDays { get; init; } = 270;

    /// <summary>
    /// The buying cycle assumed for a customer with a single purchase day when there is no P(alive): their model-free
    /// risk is 1 − e^(−days/cycle), as if they were overdue against this cycle (no <c>overdue</c> reason is raised for
    /// them). Positive; default 90 days, a third of the default hiatus, so the risk reaches 0.95 at the hiatus limit.
    /// </summary>
    public double SinglePurchaseCycleDays { get; init; } = 90;

    /// <summary>Raise <c>overdue</c> when days since the last purchase ÷ mean gap reaches this. Positive; default 2.</summary>
    public double OverdueRatio { get; init; } = 2.0;

    /// <summary>Raise <c>frequency_decline</c> when purchase days fell by at least this fraction between the windows. In (0, 1]; default 0.5.</summary>
    public double FrequencyDeclineFrom { get; init; } = 0.5;

    /// <summary>Raise <c>spend_decline</c> when spend fell by at least this fraction between the windows. In (0, 1]; default 0.5.</summary>
    public double SpendDeclineFrom { get; init; } = 0.5;

    /// <summary>Judge declines only when the earlier window had at least this many purchase days. At least 1; default 2.</summary>
    public double MinimumPreviousWindowPurchases { get; init; } = 2;

    /// <summary>Raise <c>sow_drop</c> when share of wallet fell by at least this many percentage points. In (0, 100]; default 10.</summary>
    public double ShareOfWalletDropPoints { get; init; } = 10;

    /// <summary>Raise <c>margin</c> when the margin rate is below this fraction. In [−1, 1]; default 0.25.</summary>
    public double MarginBelow { get; init; } = 0.25;

    /// <summary>Risk from which a customer is at least on watch. In (0, 1]; default 0.3.</summary>
    public double WatchRisk { get; init; } = 0.3;

    /// <summary>Risk from which a customer is at least at warning. In [<see cref="WatchRisk"/>, 1]; default 0.6.</summary>
    public double WarningRisk { get; init; } = 0.6;

    /// <summary>Risk from which a customer is critical. In [<see cref="WarningRisk"/>, 1]; default 0.85.</summary>
    public double CriticalRisk { get; init; } = 0.85;

    /// <summary>Reasons from which a customer is at least on watch. In 1..8 (8 = never by count); default 1.</summary>
    public int WatchReasons { get; init; } = 1;

    /// <summary>Reasons from which a customer is at least at warning. In [<see cref="WatchReasons"/>, 8]; default 2.</summary>
    public int WarningReasons { get; init; } = 2;

    /// <summary>Reasons from which a customer is critical. In [<see cref="WarningReasons"/>, 8]; default 3.</summary>
    public int CriticalReasons { get; init; } = 3;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">One or more fields are invalid; the message lists them all.</exception>
    public void Validate() =>
        new OptionErrors(nameof(ChurnWarningOptions))
            .Range(ProbabilityAliveBelow, nameof(ProbabilityAliveBelow), 0, 1, minInclusive: false)
            .Range(HiatusDays, nameof(HiatusDays), 0, 1e6, minInclusive: false)
            .Range(SinglePurchaseCycleDays, nameof(SinglePurchaseCycleDays), 0, 1e6, minInclusive: false)
            .Range(OverdueRatio, nameof(OverdueRatio), 0, 1e6, minInclusive: false)
            .Range(FrequencyDeclineFrom, nameof(FrequencyDeclineFrom), 0, 1, minInclusive: false)
            .Range(SpendDeclineFrom, nameof(SpendDeclineFrom), 0, 1, minInclusive: false)
            .Range(MinimumPreviousWindowPurchases, nameof(MinimumPreviousWindowPurchases), 1, 1e9)
            .Range(ShareOfWalletDropPoints, nameof(ShareOfWalletDropPoints), 0, 100, minInclusive: false)
            .Range(MarginBelow, nameof(MarginBelow), -1, 1)
            .Range(WatchRisk, nameof(WatchRisk), 0, 1, minInclusive: false)
            .Range(WarningRisk, nameof(WarningRisk), 0, 1, minInclusive: false)
            .Range(CriticalRisk, nameof(CriticalRisk), 0, 1, minInclusive: false)
            .Check(!(WarningRisk < WatchRisk), nameof(WarningRisk), $"must not be below {nameof(WatchRisk)} ({WarningRisk} < {WatchRisk})")
            .Check(!(CriticalRisk < WarningRisk), nameof(CriticalRisk), $"must not be below {nameof(WarningRisk)} ({CriticalRisk} < {WarningRisk})")
            .Check(WatchReasons is >= 1 and <= 8, nameof(WatchReasons), $"must be in 1..8 (got {WatchReasons})")
            .Check(WarningReasons >= WatchReasons && WarningReasons <= 8, nameof(WarningReasons), $"must be in {WatchReasons}..8 (got {WarningReasons})")
            .Check(CriticalReasons >= WarningReasons && CriticalReasons <= 8, nameof(CriticalReasons), $"must be in {WarningReasons}..8 (got {CriticalReasons})")
            .ThrowIfAny();
}
