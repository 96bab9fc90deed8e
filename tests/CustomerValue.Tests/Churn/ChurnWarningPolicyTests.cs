using CustomerValue.Churn;

namespace CustomerValue.Tests.Churn;

public class ChurnWarningPolicyTests
{
    private readonly ChurnWarningPolicy _policy = new();

    [Fact]
    public void The_overdue_message_reads_like_the_issue_example()
    {
        var w = _policy.Evaluate(new ChurnSignals("acme", 96) { MeanGapDays = 30 });
        var overdue = Assert.Single(w.Explanations, r => r.Code == "overdue");
        Assert.Equal(3.2, overdue.Measured, 12);
        Assert.Equal(2.0, overdue.Threshold);
        Assert.StartsWith("96 days since the last order, 3.2 times this customer's usual 30-day cycle", overdue.Message);
        Assert.Contains("probability 0.041", overdue.Message);
    }

    [Fact]
    public void Model_free_risk_is_the_chance_an_active_poisson_buyer_would_have_bought_already()
    {
        Assert.Equal(1 - Math.Exp(-96 / 30.0), _policy.Evaluate(new ChurnSignals("c", 96) { MeanGapDays = 30 }).Risk, 12);
        // A one-time buyer is judged against the assumed 90-day cycle: risk 1 − e^−3 ≈ 0.95 at the 270-day hiatus.
        Assert.Equal(1 - Math.Exp(-3), _policy.Evaluate(new ChurnSignals("c", 270)).Risk, 12);
        var slower = new ChurnWarningPolicy(new ChurnWarningOptions { SinglePurchaseCycleDays = 270 });
        Assert.Equal(1 - Math.Exp(-1), slower.Evaluate(new ChurnSignals("c", 270)).Risk, 12);
    }

    [Fact]
    public void With_a_model_the_risk_is_one_minus_p_alive() =>
        Assert.Equal(0.73, _policy.Evaluate(new ChurnSignals("c", 10) { MeanGapDays = 30, ProbabilityAlive = 0.27 }).Risk, 12);

    [Fact]
    public void Each_signal_raises_its_own_reason_with_measured_value_and_threshold()
    {
        var s = new ChurnSignals("big-co", 300)
        {
            MeanGapDays = 100,
            ProbabilityAlive = 0.2,
            PreviousWindowPurchases = 6,
            RecentWindowPurchases = 2,
            PreviousWindowSpend = 1000,
            RecentWindowSpend = 300,
            WindowDays = 180,
            ShareOfWalletChangePoints = -15,
            MarginRate = 0.18,
            Value = 5000,
        };
        var w = _policy.Evaluate(s);
        Assert.Equal("risk;p_alive;hiatus;overdue;frequency_decline;spend_decline;sow_drop;margin", w.Reasons.ToCodes());
        Assert.Equal(ChurnLevel.Critical, w.Level);
        Assert.Equal(0.8 * 5000, w.Priority, 9);
        var byCode = w.Explanations.ToDictionary(r => r.Code);
        Assert.Equal(300, byCode["hiatus"].Measured);
        Assert.Equal(270, byCode["hiatus"].Threshold);
        Assert.Equal(2.0 / 3, byCode["frequency_decline"].Measured, 12);
        Assert.Equal(0.7, byCode["spend_decline"].Measured, 12);
        Assert.Equal(15, byCode["sow_drop"].Measured, 12);
        Assert.Equal(0.25, byCode["margin"].Threshold);
        Assert.Contains("2 purchase days in the last 180 days against 6", byCode["frequency_decline"].Message);
        Assert.Contains("18.0%", byCode["margin"].Message);
        Assert.All(w.Explanations, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
    }

    [Theory]
    [InlineData(10, double.NaN, ChurnLevel.None)]       // one purchase, 90-day cycle: risk 0.105, no reason
    [InlineData(40, double.NaN, ChurnLevel.Watch)]      // risk 0.36
    [InlineData(100, double.NaN, ChurnLevel.Warning)]   // risk 0.67
    [InlineData(200, double.NaN, ChurnLevel.Critical)]  // risk 0.89
    [InlineData(10, 0.1, ChurnLevel.Critical)]          // P(alive) 0.1: risk 0.9
    [InlineData(10, 0.45, ChurnLevel.Watch)]            // risk 0.55 and the p_alive reason
    public void Levels_follow_risk_and_reason_count(double days, double alive, ChurnLevel expected) =>
        Assert.Equal(expected, _policy.Evaluate(new ChurnSignals("c", days) { ProbabilityAlive = alive }).Level);

    [Fact]
    public void A_level_raised_by_risk_alone_is_explained_by_the_risk_reason()
    {
        var oneTime = _policy.Evaluate(new ChurnSignals("c", 183));
        Assert.Equal(ChurnLevel.Critical, oneTime.Level);
        var risk = Assert.Single(oneTime.Explanations);
        Assert.Equal("risk", risk.Code);
        Assert.Equal(1 - Math.Exp(-183 / 90.0), risk.Measured, 12);
        Assert.Contains("183 days since the only order", risk.Message);
        Assert.Contains("90-day cycle assumed for one-time buyers", risk.Message);
        var model = _policy.Evaluate(new ChurnSignals("c", 10) { ProbabilityAlive = 0.62 });
        Assert.Equal(ChurnLevel.Watch, model.Level);
        Assert.Contains("P(alive) 0.62", Assert.Single(model.Explanations).Message);
    }

    [Fact]
    public void The_risk_reason_does_not_count_twice_towards_the_level()
    {
        // Risk 0.55 (watch) plus the p_alive reason: one counted reason, so watch, not warning.
        Assert.Equal(ChurnLevel.Watch, _policy.Evaluate(new ChurnSignals("c", 10) { ProbabilityAlive = 0.45 }).Level);
    }

    [Fact]
    public void Declines_are_judged_only_after_enough_purchases_in_the_earlier_window()
    {
        var one = _policy.Evaluate(new ChurnSignals("c", 5) { PreviousWindowPurchases = 1, RecentWindowPurchases = 0, PreviousWindowSpend = 10, RecentWindowSpend = 0 });
        Assert.Equal(ChurnReasonCodes.None, one.Reasons);
    }

    [Fact]
    public void The_next_purchase_is_one_usual_cycle_after_the_last_or_from_the_model_rate()
    {
        var asOf = new DateOnly(2024, 3, 31);
        Assert.Equal(new DateOnly(2024, 4, 10), _policy.Evaluate(new ChurnSignals("c", 20) { MeanGapDays = 30 }).NextPurchaseExpected(asOf));
        Assert.Equal(new DateOnly(2024, 4, 30), _policy.Evaluate(new ChurnSignals("c", 0) { PurchaseRatePerDay = 1 / 30.0 }).NextPurchaseExpected(asOf));
        Assert.Null(_policy.Evaluate(new ChurnSignals("c", 0)).NextPurchaseExpected(asOf));
    }

    [Fact]
    public void Bad_signals_name_the_customer_and_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => _policy.Evaluate(new ChurnSignals("c-42", 3) { ProbabilityAlive = 1.2 }));
        Assert.Contains("c-42", e.Message);
        Assert.Contains("ProbabilityAlive", e.Message);
        Assert.Throws<ArgumentException>(() => _policy.Evaluate(new ChurnSignals("c", -1)));
        Assert.Throws<ArgumentException>(() => _policy.Evaluate(new ChurnSignals("c", 5) { MeanGapDays = 0 }));
    }

    [Fact]
    public void The_batch_path_names_the_first_bad_row_and_field()
    {
        var days = new double[200_000];
        var alive = new double[days.Length];
        alive[150_001] = double.PositiveInfinity;
        alive[199_999] = -1;
        var e = Assert.Throws<ArgumentException>(() => _policy.Evaluate(new ChurnSignalColumns(days) { ProbabilityAlive = alive }, ChurnWarningDestination.Allocate(days.Length)));
        Assert.Contains("Row 150001", e.Message);
        Assert.Contains("ProbabilityAlive", e.Message);
    }

    [Fact]
    public void Batch_columns_of_the_wrong_length_are_rejected_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => _policy.Evaluate(new ChurnSignalColumns(new double[3]) { MarginRate = new double[2] }, ChurnWarningDestination.Allocate(3)));
        Assert.Contains("MarginRate", e.Message);
        Assert.Throws<ArgumentException>(() => _policy.Evaluate(new ChurnSignalColumns(new double[3]), ChurnWarningDestination.Allocate(4)));
    }

    [Fact]
    public void Invalid_options_report_every_error_at_once()
    {
        var e = Assert.Throws<ArgumentException>(() => new ChurnWarningPolicy(new ChurnWarningOptions { HiatusDays = 0, WatchRisk = 0.7, WarningRisk = 0.6, CriticalReasons = 1, MarginBelow = double.NaN }));
        foreach (var field in new[] { "HiatusDays", "WarningRisk", "CriticalReasons", "MarginBelow" })
        {
            Assert.Contains(field, e.Message);
        }
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        var lenient = new ChurnWarningPolicy(new ChurnWarningOptions { HiatusDays = 400, OverdueRatio = 5, WatchRisk = 0.96, WarningRisk = 0.97, CriticalRisk = 0.98 });
        var signals = new ChurnSignals("c", 300) { MeanGapDays = 100 };
        Assert.Equal(ChurnReasonCodes.None, lenient.Evaluate(signals).Reasons);
        Assert.Equal(ChurnLevel.None, lenient.Evaluate(signals).Level);
        Assert.Equal(ChurnReasonCodes.RiskHigh | ChurnReasonCodes.Hiatus | ChurnReasonCodes.Overdue, _policy.Evaluate(signals).Reasons);
    }

    [Fact]
    public void Extreme_valid_inputs_give_finite_results()
    {
        var w = _policy.Evaluate(new ChurnSignals("c", 1e9) { MeanGapDays = 1e-300, Value = double.MaxValue / 2, PurchaseRatePerDay = 1e-300 });
        Assert.Equal(1, w.Risk);
        Assert.True(double.IsFinite(w.Priority));
        Assert.True(double.IsNaN(w.NextPurchaseInDays));
    }
}
