namespace CustomerValue.Lifetime;

/// <summary>
/// P(X(t) = n | history) of a repeat-purchase model, as <c>predict --purchase-counts</c> reaches it (issue 12, item 5)
/// without a switch on model types.
/// </summary>
internal interface IConditionalPurchaseCounts
{
    /// <summary>P(exactly <paramref name="count"/> purchases in the next <paramref name="horizon"/> units | x, t_x, T).</summary>
    double ConditionalProbabilityOfPurchases(int count, double horizon, double frequency, double recency, double age);
}
