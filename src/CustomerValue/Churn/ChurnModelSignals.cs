using CustomerValue.Lifetime;

namespace CustomerValue.Churn;

/// <summary>
/// The one place where a fitted lifetime model's numbers become churn signals: which P(alive) the churn policy sees,
/// and the purchase rate behind the next-purchase date. <see cref="ChurnSignalTable.WithModel"/> and
/// <see cref="Scoring.CustomerBaseScorer"/> both use it, so <c>warn</c>, <c>score</c> and the report agree.
/// </summary>
/// <remarks>Static, pure and thread-safe.</remarks>
public static class ChurnModelSignals
{
    /// <summary>
    /// P(alive) as the churn policy sees it: the model's value, except NaN ("the model says nothing") for a customer
    /// without a repeat purchase (x = 0) under BG/NBD, and for a value outside [0, 1].
    /// </summary>
    /// <remarks>
    /// Under BG/NBD a customer can drop out only right after a repeat purchase, so P(alive) = 1 for every one-time buyer
    /// by construction, however long they have been silent. Passing that 1 on would give every one-time buyer churn
    /// risk 0; with NaN the policy falls back on the model-free risk of the customer's silence (1 − e^(−days ÷ cycle),
    /// the cycle assumed for one-time buyers), which is what a manager means by "at risk". MBG/NBD and Pareto/NBD let
    /// one-time buyers drop out, so their P(alive) is used as it is.
    /// </remarks>
    /// <param name="kind">The model's kind.</param>
    /// <param name="frequency">x, the customer's repeat purchases.</param>
    /// <param name="probabilityAlive">The model's P(alive) for the customer.</param>
    public static double PolicyProbabilityAlive(RepeatPurchaseModelKind kind, double frequency, double probabilityAlive) =>
        !(probabilityAlive >= 0 && probabilityAlive <= 1) || (kind == RepeatPurchaseModelKind.BgNbd && frequency == 0)
            ? double.NaN
            : probabilityAlive;

    /// <summary>
    /// Expected purchases per day of this customer while active: E[Y(1 unit) | x, t_x, T] ÷ P(alive) ÷ days per unit
    /// (NaN when P(alive) is at most 1e-12 or the expectation is not finite). The policy uses it for the next-purchase
    /// date of customers without a mean gap between purchases.
    /// </summary>
    /// <param name="model">The fitted model.</param>
    /// <param name="frequency">x.</param>
    /// <param name="recency">t_x, in the model's unit.</param>
    /// <param name="age">T, in the model's unit.</param>
    /// <param name="probabilityAlive">The model's P(alive) for the customer (not the policy's).</param>
    public static double PurchaseRatePerDay(IRepeatPurchaseModel model, double frequency, double recency, double age, double probabilityAlive)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(probabilityAlive > 1e-12))
        {
            return double.NaN;
        }

        double expected = model.ExpectedPurchases(1.0, frequency, recency, age);
        return double.IsFinite(expected) ? Math.Max(0, expected / probabilityAlive / model.TimeUnit.DaysPerUnit()) : double.NaN;
    }
}
