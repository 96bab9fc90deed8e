namespace CustomerValue.Churn;

/// <summary>One explained reason for a warning: what was measured, against which limit, in words a salesperson can act on.</summary>
/// <param name="Reason">The reason flag.</param>
/// <param name="Code">Its stable code (for example <c>overdue</c>).</param>
/// <param name="Measured">The measured value (days, ratio, probability, fraction or points, as the code implies).</param>
/// <param name="Threshold">The limit it crossed.</param>
/// <param name="Message">A plain-language explanation.</param>
public readonly record struct ChurnReason(ChurnReasonCodes Reason, string Code, double Measured, double Threshold, string Message);
