using CustomerValue.Churn;
using CustomerValue.Samples;
using CustomerValue.Summaries;
using CustomerValue.Transactions;

namespace CustomerValue.Tests.Churn;

public class ChurnSignalAccumulatorTests
{
    private static DateTime D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void It_measures_recency_gap_and_two_equal_windows_before_the_as_of_date()
    {
        var asOf = new DateOnly(2024, 12, 31);
        Transaction[] log =
        [
            new("a", D(2024, 1, 10), 100), new("a", D(2024, 1, 10), 50), // same day: one purchase day
            new("a", D(2024, 5, 1), 80), new("a", D(2024, 6, 1), 70), new("a", D(2024, 10, 1), 20),
            new("a", D(2025, 1, 5), 999), // after the as-of date: ignored
        ];
        var table = ChurnSignalAccumulator.Measure(log, new ChurnSignalOptions(asOf) { WindowDays = 120 });
        Assert.Equal(1, table.Count);
        Assert.Equal(4, table.PurchaseDays[0]);
        Assert.Equal(91, table.DaysSinceLastPurchase[0]);
        Assert.Equal((new DateOnly(2024, 10, 1).DayNumber - new DateOnly(2024, 1, 10).DayNumber) / 3.0, table.MeanGapDays[0], 12);
        Assert.Equal(320, table.TotalSpend[0]);
        // Recent window: 2024-09-03..2024-12-31 → one day (20); previous: 2024-05-06..2024-09-02 → one day (70).
        Assert.Equal(1, table.RecentWindowPurchases[0]);
        Assert.Equal(20, table.RecentWindowSpend[0]);
        Assert.Equal(1, table.PreviousWindowPurchases[0]);
        Assert.Equal(70, table.PreviousWindowSpend[0]);
    }

    [Fact]
    public void Ignored_and_out_of_order_rows_are_counted()
    {
        var acc = new ChurnSignalAccumulator(new ChurnSignalOptions(new DateOnly(2024, 6, 30)));
        acc.Add(new Transaction("a", D(2024, 3, 1), 1));
        acc.Add(new Transaction("a", D(2024, 2, 1), 1));
        acc.Add(new Transaction("a", D(2024, 7, 1), 1));
        Assert.Equal(1, acc.OutOfOrderRows);
        Assert.Equal(1, acc.IgnoredAfterAsOf);
        Assert.Equal(new DateOnly(2024, 2, 1), acc.ToTable().FirstPurchase[0]);
    }

    [Fact]
    public void On_cdnow_frequency_recency_and_age_equal_the_summary_accumulator()
    {
        var transactions = SampleData.CdnowTransactions();
        var table = ChurnSignalAccumulator.Measure(transactions, new ChurnSignalOptions(SampleData.CdnowCalibrationEnd));
        var summaries = SummaryAccumulator.Summarize(transactions, new SummaryOptions(SampleData.CdnowCalibrationEnd, TimeUnit.Week, SampleData.CdnowHoldoutEnd));
        Assert.Equal(2357, table.Count);
        int n = table.Count;
        var x = new double[n];
        var tx = new double[n];
        var t = new double[n];
        table.ToSummaryColumns(TimeUnit.Week, x, tx, t);
        var byId = Enumerable.Range(0, n).ToDictionary(i => table.CustomerIds[i]);
        for (int s = 0; s < summaries.Count; s++)
        {
            int i = byId[summaries.CustomerIds[s]];
            Assert.Equal(summaries.Frequency[s], x[i]);
            Assert.Equal(summaries.Recency[s], tx[i], 12);
            Assert.Equal(summaries.Age[s], t[i], 12);
        }
    }

    [Fact]
    public void Bad_options_are_rejected_by_name() =>
        Assert.Contains("WindowDays", Assert.Throws<ArgumentException>(() => new ChurnSignalAccumulator(new ChurnSignalOptions(new DateOnly(2024, 1, 1)) { WindowDays = 0 })).Message);
}
