namespace CustomerValue.Churn;

/// <summary>One customer's warning: level, risk, the reasons with their explanations, the priority and the expected next purchase.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ChurnWarning
{
    internal ChurnWarning(string customerId, ChurnLevel level, double risk, ChurnReasonCodes reasons, IReadOnlyList<ChurnReason> explanations, double priority, double nextPurchaseInDays)
    {
        CustomerId = customerId;
        Level = level;
        Risk = risk;
        Reasons = reasons;
        Explanations = explanations;
        Priority = priority;
        NextPurchaseInDays = nextPurchaseInDays;
    }

    /// <summary>The customer.</summary>
    public string CustomerId { get; }

    /// <summary>The level (exactly one per customer).</summary>
    public ChurnLevel Level { get; }

    /// <summary>The risk that the customer is gone, in [0, 1]: 1 − P(alive) with a model, otherwise the model-free estimate (see <see cref="ChurnWarningPolicy"/>).</summary>
    public double Risk { get; }

    /// <summary>The reasons raised, as flags.</summary>
    public ChurnReasonCodes Reasons { get; }

    /// <summary>Each reason with its measured value, its limit and a plain-language message, in code order.</summary>
    public IReadOnlyList<ChurnReason> Explanations { get; }

    /// <summary>Risk × the customer's value: sort by it, descending, to see the most valuable customers at risk first.</summary>
    public double Priority { get; }

    /// <summary>Days from the as-of date to the expected next purchase (negative when it is overdue); NaN when unknown.</summary>
    public double NextPurchaseInDays { get; }

    /// <summary>The expected date of the next purchase, or null when unknown.</summary>
    public DateOnly? NextPurchaseExpected(DateOnly asOf) => ChurnWarningPolicy.NextDate(asOf, NextPurchaseInDays);
}
