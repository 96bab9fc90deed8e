namespace CustomerValue.Churn;

/// <summary>How urgently a customer needs attention. Every customer gets exactly one level; the order is the severity.</summary>
public enum ChurnLevel
{
    /// <summary>No signal: nothing to do.</summary>
    None = 0,

    /// <summary>One signal or a moderate risk: keep an eye on the customer.</summary>
    Watch = 1,

    /// <summary>Several signals or a high risk: contact the customer.</summary>
    Warning = 2,

    /// <summary>Many signals or a very high risk: the customer is probably slipping away now.</summary>
    Critical = 3,
}

/// <summary>The signals that raised a warning, as flags (the allocation-free form used by batch scoring).</summary>
/// <remarks>Each flag has a stable code (<see cref="ChurnReasonCodesExtensions.Code"/>) written by the command line.</remarks>
[Flags]
public enum ChurnReasonCodes
{
    /// <summary>No reason.</summary>
    None = 0,

    /// <summary><c>p_alive</c>: the fitted model's P(alive) is below the limit.</summary>
    ProbabilityAliveLow = 1,

    /// <summary><c>hiatus</c>: no purchase for at least the hiatus limit (default 270 days).</summary>
    Hiatus = 2,

    /// <summary><c>overdue</c>: days since the last purchase ÷ the customer's mean gap between purchases is at or above the limit.</summary>
    Overdue = 4,

    /// <summary><c>frequency_decline</c>: fewer purchase days in the recent window than in the equal window before it, by at least the limit.</summary>
    FrequencyDecline = 8,

    /// <summary><c>spend_decline</c>: less spend in the recent window than in the equal window before it, by at least the limit.</summary>
    SpendDecline = 16,

    /// <summary><c>sow_drop</c>: share of wallet fell by at least the limit in percentage points.</summary>
    ShareOfWalletDrop = 32,

    /// <summary><c>margin</c>: the customer's margin rate is below the limit (default 25%).</summary>
    MarginBelowLimit = 64,

    /// <summary>
    /// <c>risk</c>: the risk itself reached the watch limit; its explanation says where the risk comes from (P(alive),
    /// or the customer's buying rhythm). It makes every level above none explainable; it is not counted towards the
    /// reason-count limits, since it restates the other signals.
    /// </summary>
    RiskHigh = 128,

    /// <summary>
    /// <c>sow_stalled_then_fell</c>: share of wallet stalled (changes within the stall limit for the stall periods),
    /// then fell by at least the decline limit in the latest period — the source documents' early sign of a customer
    /// moving spend elsewhere (the rule of RelationshipStageOptions.StalledThenFell in the Wallet part).
    /// </summary>
    ShareOfWalletStalledThenFell = 256,
}

/// <summary>Codes of <see cref="ChurnReasonCodes"/>.</summary>
public static class ChurnReasonCodesExtensions
{
    /// <summary>Every single reason, in the order codes are written.</summary>
    public static IReadOnlyList<ChurnReasonCodes> All { get; } =
    [
        ChurnReasonCodes.RiskHigh, ChurnReasonCodes.ProbabilityAliveLow, ChurnReasonCodes.Hiatus, ChurnReasonCodes.Overdue, ChurnReasonCodes.FrequencyDecline,
        ChurnReasonCodes.SpendDecline, ChurnReasonCodes.ShareOfWalletDrop, ChurnReasonCodes.ShareOfWalletStalledThenFell, ChurnReasonCodes.MarginBelowLimit,
    ];

    /// <summary>The stable code of one reason (<c>risk</c>, <c>p_alive</c>, <c>hiatus</c>, <c>overdue</c>, <c>frequency_decline</c>, <c>spend_decline</c>, <c>sow_drop</c>, <c>sow_stalled_then_fell</c>, <c>margin</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not exactly one reason.</exception>
    public static string Code(this ChurnReasonCodes reason) => reason switch
    {
        ChurnReasonCodes.ProbabilityAliveLow => "p_alive",
        ChurnReasonCodes.Hiatus => "hiatus",
        ChurnReasonCodes.Overdue => "overdue",
        ChurnReasonCodes.FrequencyDecline => "frequency_decline",
        ChurnReasonCodes.SpendDecline => "spend_decline",
        ChurnReasonCodes.ShareOfWalletDrop => "sow_drop",
        ChurnReasonCodes.ShareOfWalletStalledThenFell => "sow_stalled_then_fell",
        ChurnReasonCodes.MarginBelowLimit => "margin",
        ChurnReasonCodes.RiskHigh => "risk",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Expected exactly one reason."),
    };

    /// <summary>The codes of all reasons in <paramref name="reasons"/> joined by <c>;</c> (empty for none).</summary>
    public static string ToCodes(this ChurnReasonCodes reasons)
    {
        if (reasons == ChurnReasonCodes.None)
        {
            return string.Empty;
        }

        var parts = new List<string>(8);
        foreach (var r in All)
        {
            if ((reasons & r) != 0)
            {
                parts.Add(r.Code());
            }
        }

        return string.Join(';', parts);
    }

    /// <summary>The number of reasons set.</summary>
    public static int Count(this ChurnReasonCodes reasons) => System.Numerics.BitOperations.PopCount((uint)reasons);

    /// <summary>The lower-case name of a level: <c>none</c>, <c>watch</c>, <c>warning</c>, <c>critical</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined level.</exception>
    public static string ToName(this ChurnLevel level) => level switch
    {
        ChurnLevel.None => "none",
        ChurnLevel.Watch => "watch",
        ChurnLevel.Warning => "warning",
        ChurnLevel.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown level."),
    };
}
