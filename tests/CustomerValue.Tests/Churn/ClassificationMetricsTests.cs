using CustomerValue.Churn;

namespace CustomerValue.Tests.Churn;

public class ClassificationMetricsTests
{
    [Fact]
    public void Precision_recall_auc_and_lift_on_a_hand_checked_example()
    {
        // 10 customers; the score ranks churners 1st, 2nd and 4th; flags go to the top 3.
        double[] score = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
        bool[] churned = [true, true, false, true, false, false, false, false, false, false];
        bool[] flagged = [true, true, true, false, false, false, false, false, false, false];
        var m = ClassificationMetrics.Evaluate(score, flagged, churned);
        Assert.Equal(2.0 / 3, m.Precision, 12);
        Assert.Equal(2.0 / 3, m.Recall, 12);
        // Pairs (churner, stayer) ranked correctly: 7 + 7 + 6 = 20 of 21.
        Assert.Equal(20.0 / 21, m.Auc, 12);
        // Top decile = the first customer, a churner: rate 1 ÷ base rate 0.3.
        Assert.Equal(1 / 0.3, m.TopDecileLift, 12);
        Assert.Equal(0.3, m.BaseRate, 12);
    }

    [Fact]
    public void Ties_count_half_in_the_auc_and_pro_rata_in_the_lift()
    {
        double[] score = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        bool[] churned = [true, false, true, false, true, false, true, false, true, false];
        var m = ClassificationMetrics.Evaluate(score, new bool[10], churned);
        Assert.Equal(0.5, m.Auc, 12);
        Assert.Equal(1, m.TopDecileLift, 12);
        Assert.Equal(0, m.Precision);
    }

    [Fact]
    public void A_perfect_score_has_auc_one_and_a_reversed_one_auc_zero()
    {
        double[] score = [3, 2, 1, 0];
        bool[] churned = [true, true, false, false];
        Assert.Equal(1, ClassificationMetrics.AreaUnderCurve(score, churned));
        Assert.Equal(0, ClassificationMetrics.AreaUnderCurve(score.Select(s => -s).ToArray(), churned));
        Assert.Equal(0.5, ClassificationMetrics.AreaUnderCurve(score, new bool[4]));
    }

    [Fact]
    public void NaN_scores_are_rejected_by_row() =>
        Assert.Contains("Row 1", Assert.Throws<ArgumentException>(() => ClassificationMetrics.Evaluate([0, double.NaN], new bool[2], new bool[2])).Message);
}
