using CustomerValue.Lifetime;
using CustomerValue.Samples;
using CustomerValue.Scoring;
using CustomerValue.Summaries;
using CustomerValue.Transactions;

namespace CustomerValue.Tests.Api;

/// <summary>
/// The .NET face of the results: rows as records by index, by id and by foreach (equal to the columns, without
/// allocation), readable <c>ToString</c>s, and decimal amounts at the edge.
/// </summary>
public sealed class RowsAndTextTests
{
    private static readonly Lazy<(CustomerSummaries Summaries, CustomerScores Scores)> Sample = new(() =>
    {
        var summaries = SummaryAccumulator.Summarize(SampleData.CdnowTransactions(), new SummaryOptions(SampleData.CdnowCalibrationEnd, TimeUnit.Week, SampleData.CdnowHoldoutEnd));
        var models = ScoringModels.FitMissing(summaries);
        var scores = new CustomerBaseScorer(models.PurchaseModel, models.SpendModel, new ScoringOptions(horizon: 52)).Score(summaries, asOf: SampleData.CdnowCalibrationEnd);
        return (summaries, scores);
    });

    [Fact]
    public void Score_rows_are_the_columns_read_across()
    {
        var scores = Sample.Value.Scores;
        int i = 0;
        foreach (var row in scores.Rows)
        {
            Assert.Equal(scores.CustomerId(i), row.CustomerId);
            Assert.Equal(scores.ProbabilityAlive[i], row.ProbabilityAlive);
            Assert.Equal(scores.ExpectedPurchases[i], row.ExpectedPurchases);
            Assert.Equal(scores.ExpectedSpend[i], row.ExpectedSpend);
            Assert.Equal(scores.LifetimeValue[i], row.LifetimeValue);
            Assert.Equal((scores.RecencyScore[i], scores.FrequencyScore[i], scores.MonetaryScore[i]), (row.RecencyScore, row.FrequencyScore, row.MonetaryScore));
            Assert.Equal(scores.SegmentName(i), row.Segment);
            Assert.Equal((scores.Tier[i], scores.ChurnLevel[i], scores.ChurnRisk[i], scores.ChurnReasons[i]), (row.Tier, row.ChurnLevel, row.ChurnRisk, row.ChurnReasons));
            Assert.Equal(row, scores.Row(row.CustomerId));
            i++;
        }

        Assert.Equal(scores.Count, i);
        Assert.Equal(scores.Count, ((IEnumerable<CustomerScoreRow>)scores.Rows).Select(r => r.CustomerId).Distinct().Count());
    }

    [Fact]
    public void Summary_rows_are_the_columns_read_across()
    {
        var summaries = Sample.Value.Summaries;
        for (int i = 0; i < summaries.Count; i += 97)
        {
            var row = summaries.Rows[i];
            Assert.Equal(summaries.CustomerIds[i], row.CustomerId);
            Assert.Equal((summaries.Frequency[i], summaries.Recency[i], summaries.Age[i], summaries.MonetaryValue[i]), (row.Frequency, row.Recency, row.Age, row.MonetaryValue));
            Assert.Equal(summaries.TotalSpend[i], row.TotalSpend);
            Assert.Equal(summaries.TransactionCount[i], row.TransactionCount);
            Assert.Equal(summaries.FirstPurchase[i], row.FirstPurchase);
            Assert.Equal(summaries.LastPurchase[i], row.LastPurchase);
            Assert.Equal(summaries.FrequencyHoldout[i], row.FrequencyHoldout);
            Assert.Equal(row, summaries.Row(row.CustomerId));
        }

        // Customer 1 of CDNOW bought on 1997-01-01, 01-18 and 08-02 (read off the sample file): 2 repeat purchase days.
        var first = summaries.Row("1");
        Assert.Equal((2, new DateOnly(1997, 1, 1), new DateOnly(1997, 8, 2)), (first.Frequency, first.FirstPurchase!.Value, first.LastPurchase!.Value));
    }

    [Fact]
    public void Summaries_from_columns_have_no_optional_fields_in_their_rows()
    {
        var summaries = CustomerSummaries.FromColumns(["a", "b"], [0, 3], [0, 10], [20, 30], [0, 12.5], TimeUnit.Week);

        var b = summaries.Row("b");

        Assert.Equal(new CustomerSummaryRow("b", 3, 10, 30, 12.5, null, null, null, null, null, null), b);
        Assert.Equal("2 customers in weeks", summaries.ToString());
    }

    [Fact]
    public void Unknown_ids_and_rows_out_of_range_are_clear_errors()
    {
        var (summaries, scores) = Sample.Value;

        Assert.False(scores.TryGetRow("no-such-customer", out _));
        Assert.False(summaries.TryGetRow("no-such-customer", out _));
        Assert.Contains("no-such-customer", Assert.Throws<KeyNotFoundException>(() => scores.Row("no-such-customer")).Message, StringComparison.Ordinal);
        Assert.Contains("no-such-customer", Assert.Throws<KeyNotFoundException>(() => summaries.Row("no-such-customer")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => scores.Row(scores.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => summaries.Row(-1));
    }

    [Fact]
    public void Walking_the_rows_allocates_nothing()
    {
        var (summaries, scores) = Sample.Value;
        double sum = Walk(scores, summaries);   // once to JIT the loops

        long before = GC.GetAllocatedBytesForCurrentThread();
        sum += Walk(scores, summaries);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }

    [Fact]
    public void Results_read_as_text()
    {
        var (summaries, scores) = Sample.Value;
        var fit = BgNbdModel.Fit(summaries);
        var report = new IngestReportBuilder(BadRowPolicy.CollectAndReport);
        using (var reader = new StringReader("customer_id,date,amount\n1,1997-01-01,10\n2,not-a-date,5\n3,1997-01-02,7\n"))
        {
            foreach (var unused in TransactionCsvReader.Read(reader, TransactionCsvOptions.Default, report, "log.csv"))
            {
            }
        }

        Assert.Equal("2,357 customers in weeks to 1997-09-30, holdout to 1998-06-30", summaries.ToString());
        Assert.Equal("2,357 customers scored over 52 weeks (10 segments)", scores.ToString());
        Assert.Equal("3 rows read: 2 accepted, 1 rejected (1 UnparsableDate)", report.Build().ToString());

        // The published CDNOW fit: r = 0.2426, alpha = 4.414, a = 0.793, b = 2.426 (Fader, Hardie & Lee 2005); G4 shows a as 0.7929 or 0.793.
        Assert.StartsWith("r = 0.2426 (± ", fit.ToString(), StringComparison.Ordinal);
        string text = fit.ToString();
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text, @"alpha = 4\.414 \(± [0-9.]+\), a = 0\.79(29|30|3) \(± [0-9.]+\), b = 2\.426 \(± [0-9.]+\); log-likelihood -9,582\.4\d; 2,357 customers; converged after \d+ iterations"), text);
    }

    [Fact]
    public void Decimal_amounts_become_the_same_doubles_as_parsed_text()
    {
        var fromDecimal = Transaction.Create("c-17", new DateOnly(2024, 3, 1), 19.99m);
        var fromDateTime = Transaction.Create("c-17", new DateTime(2024, 3, 1, 14, 30, 0), 1234567.89m);

        Assert.Equal(new Transaction("c-17", new DateTime(2024, 3, 1), 19.99), fromDecimal);
        Assert.Equal(double.Parse("1234567.89", System.Globalization.CultureInfo.InvariantCulture), fromDateTime.Amount);
        Assert.Throws<ArgumentException>(() => Transaction.Create(string.Empty, new DateOnly(2024, 3, 1), 1m));
    }

    private static double Walk(CustomerScores scores, CustomerSummaries summaries)
    {
        double sum = 0;
        foreach (var row in scores.Rows)
        {
            sum += row.LifetimeValue + row.CustomerId.Length;
        }

        foreach (var row in summaries.Rows)
        {
            sum += row.Frequency + (row.TotalSpend ?? 0);
        }

        return sum;
    }
}
