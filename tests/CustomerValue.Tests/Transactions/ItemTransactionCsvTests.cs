using CustomerValue.Summaries;
using CustomerValue.Transactions;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Transactions;

/// <summary>The item-level columns on the CSV reader: same rows, same rejections as the summary path, plus the optional fields.</summary>
public sealed class ItemTransactionCsvTests
{
    private static (List<ItemTransaction> Rows, IngestReport Report) ReadItems(string csv, TransactionCsvOptions? options = null)
    {
        options ??= TransactionCsvOptions.Default with { BadRows = BadRowPolicy.CollectAndReport };
        var report = new IngestReportBuilder(options.BadRows);
        var rows = TransactionCsvReader.ReadItems(new StringReader(csv), options, report).ToList();
        return (rows, report.Build());
    }

    [Fact]
    public void Default_names_are_read_when_present_and_empty_fields_are_unknown()
    {
        var (rows, report) = ReadItems("customer_id,date,amount,order_id,item,category,profit,discount\na,2020-01-02,10,o1,apple,fruit,2.5,0.2\nb,2020-01-03,4,,pear,,,\n");
        Assert.True(report.IsClean);
        Assert.Equal(new ItemTransaction("a", new DateTime(2020, 1, 2), 10, "o1", "apple", "fruit", null, null, 2.5, 0.2), rows[0]);
        Assert.Equal(new ItemTransaction("b", new DateTime(2020, 1, 3), 4, null, "pear"), rows[1]);
        Assert.Equal("b@2020-01-03", rows[1].OrderKey);
        Assert.True(rows[0].IsDiscounted);
        Assert.False(rows[1].IsDiscounted);
    }

    [Fact]
    public void Quantity_times_price_is_the_amount_and_cost_gives_the_profit()
    {
        var options = TransactionCsvOptions.Default with { AmountColumn = "absent", QuantityColumn = "qty", UnitPriceColumn = "price", CostColumn = "cost" };
        var (rows, report) = ReadItems("customer_id,date,qty,price,cost\na,2020-01-02,3,2.5,5\n", options);
        Assert.True(report.IsClean);
        var row = Assert.Single(rows);
        Assert.Equal(7.5, row.Amount);
        Assert.Equal(2.5, row.Profit);
        Assert.Equal(3, row.Quantity);
        Assert.Equal(2.5, row.UnitPrice);

        // The summary path uses the same amount.
        var summaries = CustomerValue.Summaries.TransactionSummarizer.Summarize(new StringReader("customer_id,date,qty,price\na,2020-01-02,3,2.5\na,2020-01-05,1,1\n"), options with { CostColumn = null }, new SummaryOptions(new DateOnly(2020, 2, 1), TimeUnit.Day), new IngestReportBuilder(), 1);
        Assert.Equal(1.0, summaries.MonetaryValue[0]);
    }

    [Theory]
    [InlineData("a,2020-01-02,1,o,,x", "item", RejectReason.MissingField)]
    [InlineData("a,2020-01-02,1,o,i,abc", "profit", RejectReason.UnparsableAmount)]
    [InlineData("a,2020-01-02,1,o,i,NaN", "profit", RejectReason.NonFiniteAmount)]
    [InlineData("a,2020-01-02,1,o", "item", RejectReason.MissingField)]
    [InlineData("NA,2020-01-02,1,o,i,1", "customer_id", RejectReason.MissingField)]
    [InlineData("a,2020-01-02,1,o,NA,1", "item", RejectReason.MissingField)]
    public void Bad_item_fields_are_rejected_with_line_field_and_reason(string row, string field, RejectReason reason)
    {
        var options = TransactionCsvOptions.Default with { BadRows = BadRowPolicy.CollectAndReport, RequiredItemFields = ItemFields.Item, MissingValue = "NA" };
        var (rows, report) = ReadItems("customer_id,date,amount,order_id,item,profit\n" + row + "\n", options);
        Assert.Empty(rows);
        var bad = Assert.Single(report.Rejected);
        Assert.Equal((2L, field, reason), (bad.LineNumber, bad.Field, bad.Reason));
    }

    [Fact]
    public void Named_columns_must_exist_and_quantity_needs_price()
    {
        var e = Assert.Throws<FormatException>(() => ReadItems("customer_id,date,amount\n", TransactionCsvOptions.Default with { RequiredItemFields = ItemFields.Item }));
        Assert.Contains("no column 'item'", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<FormatException>(() => ReadItems("customer_id,date,amount,q\n", TransactionCsvOptions.Default with { QuantityColumn = "q" }));
        Assert.Contains("go together", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<FormatException>(() => ReadItems("customer_id,date,amount\n", TransactionCsvOptions.Default with { RequiredItemFields = ItemFields.Profit }));
        Assert.Contains("no profit column", e.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public bool Item_reading_accepts_and_rejects_exactly_the_rows_the_plain_reader_does(byte[] seeds)
    {
        // Rows mixing good lines, bad amounts, bad dates, short rows and bad profits.
        string[] variants = ["a,2020-01-02,1,o1,x,1", "b,2020-01-03,-1,o2,y,1", "c,nope,1,o3,z,1", "d,2020-01-04,2", "e,2020-01-05,3,o4,w,oops", "f,2020-01-06,4,o5,v,"];
        var csv = "customer_id,date,amount,order_id,item,profit\n" + string.Concat((seeds ?? []).Take(30).Select(s => variants[s % variants.Length] + "\n"));
        var options = TransactionCsvOptions.Default with { BadRows = BadRowPolicy.CollectAndReport };
        var plain = new IngestReportBuilder(options.BadRows);
        var plainRows = TransactionCsvReader.Read(new StringReader(csv), options, plain).ToList();
        var (itemRows, itemReport) = ReadItems(csv, options);

        // Every row the plain reader rejects, the item reader rejects the same way; the item reader rejects in addition
        // only the unparsable profits and the short rows that lack the (present) item columns.
        var plainBad = plain.Build().Rejected.Select(r => (r.LineNumber, r.Field, r.Reason)).ToHashSet();
        var itemBad = itemReport.Rejected.Select(r => (r.LineNumber, r.Field, r.Reason)).ToList();
        bool sameOrMore = plainBad.All(itemBad.Contains);
        bool extraAreItemFields = itemBad.Where(r => !plainBad.Contains(r)).All(r => r.Field is "profit" or "order_id");
        bool countsAdd = itemReport.RowsRead == plain.Build().RowsRead;
        bool sameValues = itemRows.Select(r => r.ToTransaction()).All(plainRows.Contains);
        return sameOrMore && extraAreItemFields && countsAdd && sameValues;
    }
}
