using CustomerValue.Churn;
using CustomerValue.Samples;

namespace CustomerValue.Tests.Churn;

/// <summary>
/// The CDNOW back-test kept as a test: signals as of 1997-09-30, outcome "no purchase from 1997-10-01 to 1998-06-30".
/// The figures are in docs/wallet-and-churn.md; each was checked against a brute-force pair count or hand count.
/// </summary>
public class CdnowChurnBacktestTests
{
    private static readonly Lazy<IReadOnlyList<ChurnBacktestRow>> ModelFree = new(() =>
        ChurnBacktest.Run(SampleData.CdnowTransactions(), SampleData.CdnowCalibrationEnd, SampleData.CdnowHoldoutEnd, new ChurnWarningPolicy()));

    private static ClassificationMetrics Row(string signal, string population) =>
        ModelFree.Value.Single(r => r.Signal == signal && r.Population == population).Metrics;

    [Fact]
    public void The_populations_and_outcomes_match_the_cdnow_split()
    {
        var all = Row("hiatus", "all");
        Assert.Equal(2357, all.Customers);
        Assert.Equal(1673, all.Positives);   // 684 customers bought again in the holdout
        var repeat = Row("overdue", "repeat");
        Assert.Equal(946, repeat.Customers); // the 946 repeat buyers of Fader, Hardie & Lee
        Assert.Equal(455, repeat.Positives);
    }

    [Fact]
    public void Days_since_the_last_purchase_ranks_churners_with_auc_0_771()
    {
        var m = Row("hiatus", "all");
        Assert.Equal(0.77144, m.Auc, 4);
        Assert.Equal(1.2731, m.TopDecileLift, 3);
        // The 270-day hiatus barely applies 39 weeks after the first purchases: 37 flagged, 31 of them gone.
        Assert.Equal(37, m.Flagged);
        Assert.Equal(31, m.TruePositives);
    }

    [Fact]
    public void The_overdue_ratio_on_repeat_buyers_has_precision_0_62_recall_0_60_auc_0_669()
    {
        var m = Row("overdue", "repeat");
        Assert.Equal(442, m.Flagged);
        Assert.Equal(275, m.TruePositives);
        Assert.Equal(0.66903, m.Auc, 4);
        Assert.Equal(1.6484, m.TopDecileLift, 3);
        Assert.Equal(0.71209, Row("hiatus", "repeat").Auc, 4);
    }

    [Fact]
    public void The_model_free_policy_flags_93_percent_of_churners_at_warning_or_above()
    {
        var m = Row("policy", "all");
        Assert.Equal(2016, m.Flagged);
        Assert.Equal(1561, m.TruePositives);
        Assert.Equal(0.66599, m.Auc, 4);
    }

    [Fact]
    public void The_auc_agrees_with_a_brute_force_count_of_ordered_pairs()
    {
        var table = ChurnSignalAccumulator.Measure(SampleData.CdnowTransactions(), new ChurnSignalOptions(SampleData.CdnowCalibrationEnd));
        var bought = SampleData.CdnowTransactions().Where(t => t.Date > SampleData.CdnowCalibrationEnd).Select(t => t.CustomerId).ToHashSet();
        var churner = new List<double>();
        var stayer = new List<double>();
        for (int i = 0; i < table.Count; i++)
        {
            (bought.Contains(table.CustomerIds[i]) ? stayer : churner).Add(table.DaysSinceLastPurchase[i]);
        }

        double pairs = 0;
        foreach (double c in churner)
        {
            foreach (double s in stayer)
            {
                pairs += c > s ? 1 : c == s ? 0.5 : 0;
            }
        }

        Assert.Equal(pairs / (churner.Count * (double)stayer.Count), Row("hiatus", "all").Auc, 12);
    }
}
