using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;

namespace CustomerValue.Tests.Scoring;

/// <summary>Compares a scoring run with the one-customer calculators, row by row.</summary>
internal static class ScoreChecks
{
    /// <summary>|a − b| ≤ 1e-12·max(|a|, |b|), or both below 1e-300 (subnormal results lose relative precision in any implementation).</summary>
    public static bool Close(double a, double b) =>
        a == b || Math.Abs(a - b) <= 1e-12 * Math.Max(Math.Abs(a), Math.Abs(b)) || (Math.Abs(a) < 1e-300 && Math.Abs(b) < 1e-300);

    /// <summary>The first disagreement between the scores and the one-customer calculators, or null.</summary>
    public static string? FirstMismatch(IRepeatPurchaseModel model, ISpendModel spend, ScoringOptions options, ScoringInput input, CustomerScores scores)
    {
        int n = input.Count;
        var x = input.Frequency.Span;
        var tx = input.Recency.Span;
        var t = input.Age.Span;
        var m = input.MonetaryValue.Span;
        var clv = new CustomerLifetimeValueCalculator(model, spend, options.EffectiveLifetimeValue);
        double unit = input.TimeUnit.DaysPerUnit();
        var days = new double[n];
        var purchases = new double[n];
        var total = new double[n];
        for (int i = 0; i < n; i++)
        {
            days[i] = input.DaysSinceLastPurchase.IsEmpty ? Math.Max(0, (t[i] - tx[i]) * unit) : input.DaysSinceLastPurchase.Span[i];
            purchases[i] = input.Purchases.IsEmpty ? x[i] + 1 : input.Purchases.Span[i];
            total[i] = input.TotalSpend.IsEmpty ? x[i] * m[i] : input.TotalSpend.Span[i];
        }

        var rfm = new RfmScorer(options.Rfm).Score(RfmInput.FromColumns(days, purchases, total));
        var tiers = new ValueTierClassifier(options.ValueTiers).Classify(CustomerValueMeasures.Create(scores.LifetimeValue).WithDaysSinceLastPurchase(days));
        var policy = new ChurnWarningPolicy(options.Churn);
        for (int i = 0; i < n; i++)
        {
            string at = $"row {i} (x={x[i]}, t_x={tx[i]}, T={t[i]}, m={m[i]})";
            double alive = model.ProbabilityAlive(x[i], tx[i], t[i]);
            if (!Close(alive, scores.ProbabilityAlive[i]))
            {
                return $"{at}: P(alive) {scores.ProbabilityAlive[i]:R} vs {alive:R}";
            }

            double expected = model.ExpectedPurchases(options.Horizon, x[i], tx[i], t[i]);
            if (!Close(expected, scores.ExpectedPurchases[i]))
            {
                return $"{at}: expected purchases {scores.ExpectedPurchases[i]:R} vs {expected:R}";
            }

            double s = spend.ExpectedSpend(x[i], m[i]);
            if (s != scores.ExpectedSpend[i])
            {
                return $"{at}: expected spend {scores.ExpectedSpend[i]:R} vs {s:R}";
            }

            double value = clv.LifetimeValue(x[i], tx[i], t[i], m[i]);
            if (!Close(value, scores.LifetimeValue[i]))
            {
                return $"{at}: CLV {scores.LifetimeValue[i]:R} vs {value:R}";
            }

            var score = rfm[i];
            if (score.Recency != scores.RecencyScore[i] || score.Frequency != scores.FrequencyScore[i] || score.Monetary != scores.MonetaryScore[i])
            {
                return $"{at}: RFM {scores.RecencyScore[i]}{scores.FrequencyScore[i]}{scores.MonetaryScore[i]} vs {score}";
            }

            if (options.SegmentMap.SegmentOf(score) != scores.Segment[i])
            {
                return $"{at}: segment {scores.Segment[i]} vs {options.SegmentMap.SegmentOf(score)}";
            }

            if (tiers.Tiers[i] != scores.Tier[i])
            {
                return $"{at}: tier {scores.Tier[i]} vs {tiers.Tiers[i]} (CLV {scores.LifetimeValue[i]:R})";
            }

            var warning = policy.Evaluate(CustomerBaseScorer.ChurnSignalsOf(model, input, scores, i));
            if (warning.Level != scores.ChurnLevel[i] || warning.Risk != scores.ChurnRisk[i] || warning.Reasons != scores.ChurnReasons[i])
            {
                return $"{at}: churn {scores.ChurnLevel[i]} {scores.ChurnRisk[i]:R} {scores.ChurnReasons[i]} vs {warning.Level} {warning.Risk:R} {warning.Reasons}";
            }
        }

        return null;
    }
}
