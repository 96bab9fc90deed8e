using System.Globalization;

namespace CustomerValue.Churn;

/// <summary>How well a warning signal predicted the outcome (for example "no purchase in the holdout").</summary>
/// <param name="Customers">Customers evaluated.</param>
/// <param name="Positives">Customers with the outcome (churned).</param>
/// <param name="Flagged">Customers the signal flagged.</param>
/// <param name="TruePositives">Flagged customers with the outcome.</param>
/// <param name="Precision">TruePositives ÷ Flagged (0 when nothing is flagged).</param>
/// <param name="Recall">TruePositives ÷ Positives (0 when there are no positives).</param>
/// <param name="Auc">Area under the ROC curve of the score (0.5 = no better than chance; ties count half; 0.5 when one class is absent).</param>
/// <param name="TopDecileLift">The outcome rate among the 10% highest scores ÷ the overall rate (ties at the cut share it pro rata; 1 when the rate is 0).</param>
/// <param name="BaseRate">Positives ÷ Customers.</param>
public readonly record struct ClassificationMetrics(int Customers, int Positives, int Flagged, int TruePositives, double Precision, double Recall, double Auc, double TopDecileLift, double BaseRate)
{
    /// <summary>Scores a signal: <paramref name="score"/> ranks customers (higher = more likely churned), <paramref name="flagged"/> is the signal's yes/no, <paramref name="outcome"/> what happened.</summary>
    /// <exception cref="ArgumentException">The spans are empty or differ in length, or a score is NaN.</exception>
    public static ClassificationMetrics Evaluate(ReadOnlySpan<double> score, ReadOnlySpan<bool> flagged, ReadOnlySpan<bool> outcome)
    {
        int n = score.Length;
        if (n == 0 || flagged.Length != n || outcome.Length != n)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Evaluation needs equal, non-empty columns (scores {score.Length}, flags {flagged.Length}, outcomes {outcome.Length})."), nameof(score));
        }

        int positives = 0;
        int flaggedCount = 0;
        int truePositives = 0;
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(score[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {i}: the score is NaN."), nameof(score));
            }

            positives += outcome[i] ? 1 : 0;
            flaggedCount += flagged[i] ? 1 : 0;
            truePositives += flagged[i] && outcome[i] ? 1 : 0;
        }

        double baseRate = positives / (double)n;
        return new ClassificationMetrics(
            n, positives, flaggedCount, truePositives,
            flaggedCount == 0 ? 0 : truePositives / (double)flaggedCount,
            positives == 0 ? 0 : truePositives / (double)positives,
            AreaUnderCurve(score, outcome),
            Lift(score, outcome, 0.1, baseRate),
            baseRate);
    }

    /// <summary>The area under the ROC curve (Mann–Whitney U with average ranks for ties).</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static double AreaUnderCurve(ReadOnlySpan<double> score, ReadOnlySpan<bool> outcome)
    {
        if (score.Length != outcome.Length)
        {
            throw new ArgumentException("Scores and outcomes must have the same length.", nameof(outcome));
        }

        int n = score.Length;
        var order = Order(score, ascending: true);
        double rankSumPositives = 0;
        long positives = 0;
        int i = 0;
        while (i < n)
        {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]])
            {
                j++;
            }

            double averageRank = ((i + 1) + (j + 1)) / 2.0;
            for (int k = i; k <= j; k++)
            {
                if (outcome[order[k]])
                {
                    rankSumPositives += averageRank;
                    positives++;
                }
            }

            i = j + 1;
        }

        long negatives = n - positives;
        return positives == 0 || negatives == 0 ? 0.5 : (rankSumPositives - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    private static double Lift(ReadOnlySpan<double> score, ReadOnlySpan<bool> outcome, double fraction, double baseRate)
    {
        if (baseRate <= 0)
        {
            return 1;
        }

        int n = score.Length;
        double take = n * fraction;
        var order = Order(score, ascending: false);
        double taken = 0;
        double hits = 0;
        int i = 0;
        while (i < n && taken < take)
        {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]])
            {
                j++;
            }

            int group = j - i + 1;
            int groupHits = 0;
            for (int k = i; k <= j; k++)
            {
                groupHits += outcome[order[k]] ? 1 : 0;
            }

            double share = Math.Min(1.0, (take - taken) / group);
            taken += share * group;
            hits += share * groupHits;
            i = j + 1;
        }

        return taken > 0 ? hits / taken / baseRate : 1;
    }

    private static int[] Order(ReadOnlySpan<double> score, bool ascending)
    {
        var keys = score.ToArray();
        var order = new int[keys.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
            if (!ascending)
            {
                keys[i] = -keys[i];
            }
        }

        Array.Sort(keys, order);
        return order;
    }
}
