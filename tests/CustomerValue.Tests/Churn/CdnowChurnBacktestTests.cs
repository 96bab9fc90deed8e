using CustomerValue.Churn;
using CustomerValue.Lifetime;
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

    private static readonly Lazy<IReadOnlyList<ChurnBacktestRow>> WithBgNbd = new(() =>
    {
        var transactions = SampleData.CdnowTransactions();
        var table = ChurnSignalAccumulator.Measure(transactions, new ChurnSignalOptions(SampleData.CdnowCalibrationEnd));
        var fit = BgNbdModel.Fit(table.ToSummaries(TimeUnit.Week));
        Assert.True(fit.Converged);
        // The published CDNOW estimates (Fader, Hardie & Lee 2005): the signals table gives the same summaries.
        Assert.Equal(0.243, fit.Parameters.R, 3);
        Assert.Equal(4.414, fit.Parameters.Alpha, 3);
        Assert.Equal(0.793, fit.Parameters.A, 3);
        Assert.Equal(2.426, fit.Parameters.B, 3);
        return ChurnBacktest.Run(transactions, SampleData.CdnowCalibrationEnd, SampleData.CdnowHoldoutEnd, new ChurnWarningPolicy(), new BgNbdModel(fit.Parameters, TimeUnit.Week));
    });

    private static ClassificationMetrics Row(string signal, string population) =>
        ModelFree.Value.Single(r => r.Signal == signal && r.Population == population).Metrics;

    private static ClassificationMetrics ModelRow(string signal, string population) =>
        WithBgNbd.Value.Single(r => r.Signal == signal && r.Population == population).Metrics;

    [Fact]
    public void Bg_nbd_p_alive_on_repeat_buyers_ranks_about_as_well_as_the_hiatus_auc_0_698_against_0_712()
    {
        var m = ModelRow("p_alive", "repeat");
        Assert.Equal(0.69836, m.Auc, 4);
        Assert.Equal(393, m.Flagged);
        Assert.Equal(254, m.TruePositives);
        Assert.Equal(1.3758, m.TopDecileLift, 3);
        Assert.True(ModelRow("hiatus", "repeat").Auc > m.Auc);
    }

    [Fact]
    public void Raw_bg_nbd_p_alive_misranks_one_time_buyers_which_the_policy_corrects()
    {
        // BG/NBD gives every one-time buyer P(alive) = 1, yet 86% of them do not come back: on all customers the raw
        // score is worse than chance. The policy uses the model-free risk for them and reaches AUC 0.766.
        Assert.Equal(0.31579, ModelRow("p_alive", "all").Auc, 4);
        var policy = ModelRow("policy", "all");
        Assert.Equal(0.76589, policy.Auc, 4);
        Assert.Equal(1843, policy.Flagged);
        Assert.Equal(1491, policy.TruePositives);
        Assert.Equal(1.2355, policy.TopDecileLift, 3);
    }

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

