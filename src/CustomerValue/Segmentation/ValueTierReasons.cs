using System.Globalization;

namespace CustomerValue.Segmentation;

/// <summary>Why a customer is gold or drag, as codes: the tier rule explains itself.</summary>
/// <remarks>Static and thread-safe.</remarks>
public static class ValueTierReasons
{
    /// <summary>Gold: in the top share by value.</summary>
    public const string TopValue = "top_value";

    /// <summary>Drag: in the bottom share by value (and not below zero).</summary>
    public const string LowValue = "low_value";

    /// <summary>Drag: value below zero (costs more than they bring).</summary>
    public const string BelowZero = "below_zero";

    /// <summary>Drag: no purchase for more than <see cref="ValueTierOptions.DragInactiveDays"/> days.</summary>
    public const string Inactive = "inactive";

    /// <summary>The reason codes of one customer, joined by <c>;</c> (empty for a regular customer).</summary>
    /// <param name="tier">The customer's tier.</param>
    /// <param name="value">The customer's value.</param>
    /// <param name="daysSinceLastPurchase">Days since the last purchase (NaN when unknown).</param>
    /// <param name="options">The thresholds; null for <see cref="ValueTierOptions.Default"/>.</param>
    public static string Of(GoldDragTier tier, double value, double daysSinceLastPurchase, ValueTierOptions? options = null)
    {
        var o = options ?? ValueTierOptions.Default;
        return tier switch
        {
            GoldDragTier.Gold => TopValue,
            GoldDragTier.Drag => (value < 0 ? BelowZero : LowValue) + (daysSinceLastPurchase > o.DragInactiveDays ? ";" + Inactive : string.Empty),
            _ => string.Empty,
        };
    }

    /// <summary>One plain sentence for people, e.g. "bottom 20 % by CLV; no purchase for 400 days".</summary>
    /// <param name="tier">The customer's tier.</param>
    /// <param name="value">The customer's value.</param>
    /// <param name="daysSinceLastPurchase">Days since the last purchase (NaN when unknown).</param>
    /// <param name="basis">The name of the value measure (for example "CLV" or "profit").</param>
    /// <param name="options">The thresholds; null for <see cref="ValueTierOptions.Default"/>.</param>
    public static string Describe(GoldDragTier tier, double value, double daysSinceLastPurchase, string basis, ValueTierOptions? options = null)
    {
        var o = options ?? ValueTierOptions.Default;
        var ci = CultureInfo.InvariantCulture;
        return tier switch
        {
            GoldDragTier.Gold => string.Create(ci, $"top {o.GoldShare * 100:0.#} % by {basis}"),
            GoldDragTier.Drag => (value < 0 ? string.Create(ci, $"{basis} below zero") : string.Create(ci, $"bottom {o.DragShare * 100:0.#} % by {basis}"))
                + (daysSinceLastPurchase > o.DragInactiveDays ? string.Create(ci, $"; no purchase for {daysSinceLastPurchase:0} days") : string.Empty),
            _ => string.Empty,
        };
    }
}
