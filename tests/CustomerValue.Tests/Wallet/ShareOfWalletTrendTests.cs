using CustomerValue.Samples;
using CustomerValue.Wallet;

namespace CustomerValue.Tests.Wallet;

public class ShareOfWalletTrendTests
{
    [Fact]
    public void Stages_follow_the_share_from_pursuit_through_growth_to_won_and_a_decline()
    {
        var trend = ShareOfWalletTrend.Create("c", [5, 20, 40, 60, 50], [100, 100, 100, 100, 100]);
        Assert.Equal([RelationshipStage.Pursuit, RelationshipStage.Growth, RelationshipStage.Growth, RelationshipStage.Won, RelationshipStage.Declining], trend.Stages);
        Assert.Equal(-10, trend.ChangePoints[4], 9);
        Assert.True(double.IsNaN(trend.ChangePoints[0]));
        Assert.Equal(RelationshipStage.Declining, trend.Stage);
    }

    [Fact]
    public void Stalled_then_fell_needs_two_flat_changes_then_a_fall_of_five_points()
    {
        // Shares 30, 31, 30, 22 %: changes +1 and -1 (within 2 points, so stalled for two periods), then -8: flagged.
        Assert.Equal([false, false, false, true], ShareOfWalletTrend.Create("c", [30, 31, 30, 22], [100, 100, 100, 100]).StalledThenFell);

        // +4 is not a stall; a fall of 3 is not a fall; a fall right after one flat change is too early.
        Assert.False(ShareOfWalletTrend.Create("c", [30, 34, 30, 22], [100, 100, 100, 100]).StalledThenFell[3]);
        Assert.False(ShareOfWalletTrend.Create("c", [30, 31, 30, 27], [100, 100, 100, 100]).StalledThenFell[3]);
        Assert.Equal([false, false, false], ShareOfWalletTrend.Create("c", [30, 31, 22], [100, 100, 100]).StalledThenFell);
        var one = new RelationshipStageOptions { StallPeriods = 1 };
        Assert.True(ShareOfWalletTrend.Create("c", [30, 31, 22], [100, 100, 100], one).StalledThenFell[2]);
        Assert.Throws<ArgumentException>(() => new RelationshipStageOptions { StallPeriods = 0 }.Validate());
    }

    [Fact]
    public void A_small_fall_is_not_a_decline_and_the_threshold_is_configurable()
    {
        Assert.Equal(RelationshipStage.Won, ShareOfWalletTrend.Create("c", [60, 57], [100, 100]).Stage);
        var strict = new RelationshipStageOptions { DeclineFromPoints = 2 };
        Assert.Equal(RelationshipStage.Declining, ShareOfWalletTrend.Create("c", [60, 57], [100, 100], strict).Stage);
    }

    [Fact]
    public void Invalid_stage_thresholds_report_every_problem_at_once()
    {
        var e = Assert.Throws<ArgumentException>(() => new RelationshipStageOptions { PursuitBelow = 0.6, WonFrom = 0.5, DeclineFromPoints = 0 }.Validate());
        Assert.Contains("WonFrom", e.Message);
        Assert.Contains("DeclineFromPoints", e.Message);
    }

    [Fact]
    public void A_bad_period_names_the_customer() =>
        Assert.Contains("'k9'", Assert.Throws<ArgumentException>(() => ShareOfWalletTrend.Create("k9", [1, 200], [100, 100])).Message);

    [Fact]
    public void Quarterly_spend_from_the_cdnow_log_adds_up_per_quarter()
    {
        var acc = new PeriodSpendAccumulator(CalendarPeriod.Quarter, new DateOnly(1997, 1, 1), new DateOnly(1997, 12, 31));
        foreach (var t in SampleData.CdnowTransactions())
        {
            acc.Add(t);
        }

        Assert.Equal(4, acc.PeriodCount);
        Assert.Equal("1997-Q3", acc.PeriodLabel(2));
        int c1 = acc.CustomerIds.ToList().IndexOf("1");
        // Customer 1: 29.33 + 29.73 (Q1), 14.96 (Q3), 26.48 (Q4).
        Assert.Equal([59.06, 0, 14.96, 26.48], acc.SpendOf(c1).ToArray().Select(v => Math.Round(v, 2)));
        Assert.True(acc.Skipped > 0);
    }

    [Theory]
    [InlineData(CalendarPeriod.Month, "1997-09")]
    [InlineData(CalendarPeriod.Quarter, "1997-Q3")]
    [InlineData(CalendarPeriod.Year, "1997")]
    public void Period_labels_and_starts_round_trip(CalendarPeriod period, string label)
    {
        int index = period.IndexOf(new DateOnly(1997, 9, 30));
        Assert.Equal(label, period.Label(index));
        Assert.Equal(index, period.IndexOf(period.StartOf(index)));
        Assert.Equal(index + 1, period.IndexOf(period.StartOf(index + 1)));
    }
}
