using CustomerValue.Lifetime;

namespace CustomerValue.Scoring;

public sealed partial class PipelineResult
{
    private CustomerLifetimeValueCalculator? _ifAlive;

    /// <summary>
    /// Row <paramref name="index"/>'s CLV if the customer is known to be active on the as-of date: what winning them
    /// back (or keeping them) is worth, before its cost. Equal to CLV / P(alive) for the continuous-time models
    /// (expected purchases factor as P(alive) × E[purchases | active], and the active customer's forecast depends only
    /// on frequency and age), computed at recency = age, where P(alive) is bounded away from zero, so no small number is
    /// divided. Same horizon, discounting, spend and margin as <see cref="CustomerScores.LifetimeValue"/>; finite (the CLV
    /// itself when the model gives an active customer no chance).
    /// </summary>
    /// <param name="index">The row.</param>
    /// <returns>The CLV conditional on being active.</returns>
    public double LifetimeValueIfAliveOf(int index)
    {
        var calculator = _ifAlive ??= new CustomerLifetimeValueCalculator(Models.PurchaseModel, Models.SpendModel, ScoringOptions.EffectiveLifetimeValue);
        double x = Input.Frequency.Span[index], t = Input.Age.Span[index];
        double clv = Scores.LifetimeValue[index];
        double alive = Models.PurchaseModel.ProbabilityAlive(x, t, t);
        if (!(alive > 0) || !double.IsFinite(alive))
        {
            return clv;
        }

        double value = calculator.DiscountedExpectedPurchases(x, t, t) / alive * Scores.ExpectedSpend[index] * (Input.MarginRate.IsEmpty ? ScoringOptions.EffectiveLifetimeValue.MarginRate : Input.MarginRate.Span[index]);
        return double.IsFinite(value) ? value : clv;
    }
}
