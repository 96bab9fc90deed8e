using CustomerValue.Summaries;
using CustomerValue.Transactions;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Summaries;

public sealed class SummaryAccumulatorTests
{
    private static readonly SummaryOptions Options = new(new DateOnly(2020, 9, 30), TimeUnit.Week, new DateOnly(2020, 12, 31));

    private static Transaction T(string id, int month, int day, double amount) => new(id, new DateTime(2020, month, day), amount);

    [Fact]
    public void Same_day_purchases_merge_and_monetary_value_excludes_the_first_day()
    {
        var s = SummaryAccumulator.Summarize(
            [T("a", 1, 1, 10), T("a", 1, 1, 5), T("a", 1, 8, 20), T("a", 1, 8, 4), T("a", 1, 15, 30), T("a", 10, 5, 7), T("a", 10, 6, 9)], Options);
        Assert.Equal(1, s.Count);
        Assert.Equal(2, s.Frequency[0]);
        Assert.Equal(2.0, s.Recency[0], 12);
        Assert.Equal((new DateOnly(2020, 9, 30).DayNumber - new DateOnly(2020, 1, 1).DayNumber) / 7.0, s.Age[0], 12);
        Assert.Equal((24 + 30) / 2.0, s.MonetaryValue[0], 9);
        Assert.Equal(69, s.TotalSpend[0], 9);
        Assert.Equal(5, s.TransactionCount[0]);
        Assert.Equal(2, s.FrequencyHoldout[0]);
        Assert.Equal(8, s.MonetaryValueHoldout[0], 9);
        Assert.Equal(92 / 7.0, s.DurationHoldout, 12);
    }

    [Fact]
    public void A_one_time_buyer_has_zero_frequency_recency_and_monetary_value()
    {
        var s = SummaryAccumulator.Summarize([T("a", 3, 1, 10)], Options);
        Assert.Equal(0, s.Frequency[0]);
        Assert.Equal(0, s.Recency[0]);
        Assert.Equal(0, s.MonetaryValue[0]);
        Assert.Equal(0, s.FrequencyHoldout[0]);
    }

    [Fact]
    public void Customers_first_seen_in_the_holdout_are_counted_not_summarised()
    {
        var s = SummaryAccumulator.Summarize([T("a", 3, 1, 10), T("b", 11, 1, 10)], Options);
        Assert.Equal(["a"], s.CustomerIds);
        Assert.Equal(1, s.CustomersFirstSeenInHoldout);
    }

    [Fact]
    public void Customers_are_ordered_numerically_when_ids_are_numbers()
    {
        var s = SummaryAccumulator.Summarize([T("10", 1, 1, 1), T("9", 1, 1, 1), T("x", 1, 1, 1), T("100", 1, 1, 1), T("010", 1, 1, 1)], Options);
        Assert.Equal(["9", "010", "10", "100", "x"], s.CustomerIds);
    }

    [Fact]
    public void In_memory_bad_rows_are_rejected_with_position_and_reason()
    {
        var report = new IngestReportBuilder(BadRowPolicy.CollectAndReport);
        var acc = new SummaryAccumulator(Options);
        acc.AddRange([T("a", 1, 1, 1), T("a", 1, 2, double.NaN), T("", 1, 3, 1), T("a", 1, 4, -1), new Transaction("a", new DateTime(2021, 1, 1), 1)], report);
        var r = report.Build();
        Assert.Equal(5, r.RowsRead);
        Assert.Equal(1, r.Accepted);
        Assert.Equal(1, r.AfterObservationEnd); // a cut-off, not a rejection
        Assert.Equal(
            [(2L, RejectReason.NonFiniteAmount), (3L, RejectReason.MissingField), (4L, RejectReason.NegativeAmount)],
            r.Rejected.Select(x => (x.LineNumber, x.Reason)));
    }

    [Fact]
    public void Direct_add_rejects_invalid_values_with_the_customer_named()
    {
        var acc = new SummaryAccumulator(Options);
        var e = Assert.Throws<ArgumentException>(() => acc.Add("c7", new DateOnly(2021, 1, 1), 1));
        Assert.Contains("c7", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => acc.Add("c7", new DateOnly(2020, 1, 1), double.PositiveInfinity));
    }

    [Fact]
    public void Merging_accumulators_with_different_options_is_refused()
    {
        var a = new SummaryAccumulator(Options);
        var b = new SummaryAccumulator(new SummaryOptions(Options.CalibrationEnd, TimeUnit.Day, Options.HoldoutEnd));
        Assert.Throws<ArgumentException>(() => a.Merge(b));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300)]
    public bool Partial_summaries_of_disjoint_chunks_merge_to_the_whole(TransactionLog log, int seed)
    {
        var whole = SummaryAccumulator.Summarize(log.Rows, Options);

        // Split the rows into 1..4 disjoint chunks at random (a random assignment, not contiguous ranges), summarise each, merge.
        var random = new Random(seed);
        int parts = random.Next(1, 5);
        var chunks = Enumerable.Range(0, parts).Select(_ => new SummaryAccumulator(Options)).ToArray();
        foreach (var row in log.Rows)
        {
            chunks[random.Next(parts)].Add(row);
        }

        var merged = new SummaryAccumulator(Options);
        foreach (int i in Enumerable.Range(0, parts).OrderBy(_ => random.Next()))
        {
            merged.Merge(chunks[i]);
        }

        return SameSummaries(whole, merged.ToSummaries());
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public bool The_summary_does_not_depend_on_row_order(TransactionLog log, int seed)
    {
        var random = new Random(seed);
        var shuffled = log.Rows.OrderBy(_ => random.Next()).ToArray();
        return SameSummaries(SummaryAccumulator.Summarize(log.Rows, Options), SummaryAccumulator.Summarize(shuffled, Options));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public bool Every_customer_is_accounted_for_and_summaries_are_valid(TransactionLog log)
    {
        var s = SummaryAccumulator.Summarize(log.Rows, Options);
        var calibrationCustomers = log.Rows.Where(r => r.Date <= Options.CalibrationEnd).Select(r => r.CustomerId).Distinct().Count();
        var all = log.Rows.Select(r => r.CustomerId).Distinct().Count();
        bool valid = true;
        for (int i = 0; i < s.Count; i++)
        {
            valid &= CustomerSummary.Validate(s.Frequency[i], s.Recency[i], s.Age[i], s.MonetaryValue[i]) is null;
            valid &= s.Frequency[i] + 1 == log.Rows.Where(r => r.CustomerId == s.CustomerIds[i] && r.Date <= Options.CalibrationEnd).Select(r => r.Date).Distinct().Count();
        }

        return valid && s.Count == calibrationCustomers && s.Count + s.CustomersFirstSeenInHoldout == all;
    }

    internal static bool SameSummaries(CustomerSummaries a, CustomerSummaries b) =>
        a.CustomerIds.SequenceEqual(b.CustomerIds)
        && a.Frequency.SequenceEqual(b.Frequency)
        && a.Recency.SequenceEqual(b.Recency)
        && a.Age.SequenceEqual(b.Age)
        && a.MonetaryValue.SequenceEqual(b.MonetaryValue)
        && a.TotalSpend.SequenceEqual(b.TotalSpend)
        && a.TransactionCount.SequenceEqual(b.TransactionCount)
        && a.FirstPurchase.SequenceEqual(b.FirstPurchase)
        && a.LastPurchase.SequenceEqual(b.LastPurchase)
        && a.FrequencyHoldout.SequenceEqual(b.FrequencyHoldout)
        && a.MonetaryValueHoldout.SequenceEqual(b.MonetaryValueHoldout)
        && a.CustomersFirstSeenInHoldout == b.CustomersFirstSeenInHoldout;
}
