using CustomerValue.Summaries;

namespace CustomerValue.Tests.Summaries;

public sealed class CustomerSummaryCsvTests
{
    [Fact]
    public void Written_summaries_read_back_bit_for_bit()
    {
        var original = CdnowFidelityTests.Summary;
        var text = new StringWriter();
        CustomerSummaryCsv.Write(text, original);
        var back = CustomerSummaryCsv.Read(new StringReader(text.ToString()), TimeUnit.Week);
        Assert.Equal(original.CustomerIds, back.CustomerIds);
        Assert.True(original.Frequency.SequenceEqual(back.Frequency));
        Assert.True(original.Recency.SequenceEqual(back.Recency));
        Assert.True(original.Age.SequenceEqual(back.Age));
        Assert.True(original.MonetaryValue.SequenceEqual(back.MonetaryValue));
    }

    [Fact]
    public void The_header_is_the_public_contract()
    {
        var text = new StringWriter();
        CustomerSummaryCsv.Write(text, CdnowFidelityTests.Summary);
        var lines = text.ToString().Split('\n');
        Assert.Equal("customer_id,frequency,recency,T,monetary_value,frequency_holdout,monetary_value_holdout,duration_holdout,time_unit", lines[0]);
        Assert.Equal("1,2,30.428571428571427,38.857142857142854,22.345,1,26.48,39,week", lines[1]);
    }

    [Fact]
    public void The_published_summary_file_reads_with_its_aliases()
    {
        var s = CustomerSummaryCsv.ReadFile(TestFiles.Path("cdnow_customers_summary_with_transactions.csv"), TimeUnit.Week);
        Assert.Equal(2357, s.Count);
        Assert.Equal(22.35, s.MonetaryValue[0]);
    }

    [Theory]
    [InlineData("customer_id,frequency,recency,T\na,1,5,4\n", "recency")]
    [InlineData("customer_id,frequency,recency,T\na,-1,0,4\n", "frequency")]
    [InlineData("customer_id,frequency,recency,T\na,1.5,1,4\n", "frequency")]
    [InlineData("customer_id,frequency,recency,T\na,1,x,4\n", "line 2, field 'recency'")]
    [InlineData("customer_id,frequency,recency\na,1,1\n", "no column 'T'")]
    [InlineData("customer_id,frequency,recency,T\na,1,1,4\na,2,1,4\n", "more than once")]
    public void Bad_summaries_name_the_row_and_field(string csv, string expected)
    {
        var e = Assert.ThrowsAny<FormatException>(() => CustomerSummaryCsv.Read(new StringReader(csv), TimeUnit.Week, "s.csv"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("s.csv", e.Message, StringComparison.Ordinal);
    }
}
