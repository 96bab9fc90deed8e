namespace CustomerValue.Churn;

/// <summary>
/// One customer's measured churn signals as of a date: the input of <see cref="IChurnWarningPolicy"/>. Optional
/// signals are NaN when unknown (no fitted model, no wallet data, no margin data, fewer than two purchase days).
/// </summary>
/// <remarks>
/// Build one by hand, or get them for a whole customer base from <see cref="ChurnSignalAccumulator"/>. Days count
/// calendar days; windows are two equal spans just before the as-of date (the recent one ends on the as-of date).
/// </remarks>
public readonly record struct ChurnSignals
{
    /// <summary>Creates signals with only the required recency measure; set the others with <c>init</c>.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="daysSinceLastPurchase">Days from the last purchase to the as-of date (≥ 0).</param>
    public ChurnSignals(string customerId, double daysSinceLastPurchase)
    {
        CustomerId = customerId;
        DaysSinceLastPurchase = daysSinceLastPurchase;
    }

    /// <summary>The customer.</summary>
    public string CustomerId { get; init; }

    /// <summary>Days from the last purchase to the as-of date (≥ 0).</summary>
    public double DaysSinceLastPurchase { get; init; }

    /// <summary>The customer's mean gap between purchase days, in days: (last − first) ÷ (purchase days − 1). NaN with fewer than two purchase days.</summary>
    public double MeanGapDays { get; init; } = double.NaN;

    /// <summary>P(alive) from a fitted lifetime model, in [0, 1]; NaN without a model.</summary>
    public double ProbabilityAlive { get; init; } = double.NaN;

    /// <summary>Expected purchases per day of this customer while active (from a model); used for the next-purchase date when there is no mean gap. NaN when unknown.</summary>
    public double PurchaseRatePerDay { get; init; } = double.NaN;

    /// <summary>Purchase days in the earlier of the two windows (NaN when not measured).</summary>
    public double PreviousWindowPurchases { get; init; } = double.NaN;

    /// <summary>Purchase days in the recent window that ends on the as-of date (NaN when not measured).</summary>
    public double RecentWindowPurchases { get; init; } = double.NaN;

    /// <summary>Spend in the earlier window (NaN when not measured).</summary>
    public double PreviousWindowSpend { get; init; } = double.NaN;

    /// <summary>Spend in the recent window (NaN when not measured).</summary>
    public double RecentWindowSpend { get; init; } = double.NaN;

    /// <summary>The window length in days, for messages (NaN when not measured).</summary>
    public double WindowDays { get; init; } = double.NaN;

    /// <summary>Change in share of wallet between the two latest periods, in percentage points (negative = a drop); NaN when unknown.</summary>
    public double ShareOfWalletChangePoints { get; init; } = double.NaN;

    /// <summary>Whether the share of wallet stalled, then fell in the latest period (ShareOfWalletTrend.StalledThenFell in the Wallet part); false when unknown.</summary>
    public bool ShareOfWalletStalledThenFell { get; init; }

    /// <summary>The customer's margin rate (margin ÷ revenue) as a fraction; NaN when unknown.</summary>
    public double MarginRate { get; init; } = double.NaN;

    /// <summary>The customer's value, which weights the priority (for example CLV or trailing spend); NaN counts as 1.</summary>
    public double Value { get; init; } = double.NaN;
}
