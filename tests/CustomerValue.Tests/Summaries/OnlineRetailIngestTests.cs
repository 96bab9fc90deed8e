using System.Globalization;
using CustomerValue.Summaries;
using CustomerValue.Transactions;

namespace CustomerValue.Tests.Summaries;

/// <summary>The raw UCI Online Retail CSV summarises straight from the file with the right options, no pre-cleaning.</summary>
public sealed class OnlineRetailIngestTests
{
    [Fact]
    public void The_raw_online_retail_file_summarises_to_the_independently_derived_customers()
    {
        // Expected: online_retail_customers.csv, derived by derive_segmentation_extracts.py (exact decimal sums) after
        // dropping the cancellation lines and the lines without a CustomerID. Our reader rejects exactly those: an empty id
        // (MissingField) and a negative quantity x price (NegativeAmount, returns not allowed).
        var options = TransactionCsvOptions.Default with
        {
            CustomerIdColumn = "CustomerID", DateColumn = "InvoiceDate", AmountColumn = null,
            QuantityColumn = "Quantity", UnitPriceColumn = "UnitPrice", BadRows = BadRowPolicy.CollectAndReport,
            OrderIdColumn = null, ItemColumn = null,
        };
        var report = new IngestReportBuilder(BadRowPolicy.CollectAndReport);
        var summaries = TransactionSummarizer.SummarizeFile(TestFiles.Path("online_retail.csv.gz"), options,
            new SummaryOptions(new DateOnly(2011, 12, 9), TimeUnit.Day), report, 2);
        var built = report.Build();
        Assert.Equal(541_909, built.RowsRead);

        var expected = File.ReadAllLines(TestFiles.Path("online_retail_customers.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(expected.Length, summaries.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            var row = expected[i];
            Assert.Equal(row[0], summaries.CustomerIds[i]);
            Assert.Equal(DateOnly.Parse(row[1], CultureInfo.InvariantCulture), summaries.FirstPurchase[i]);
            Assert.Equal(DateOnly.Parse(row[2], CultureInfo.InvariantCulture), summaries.LastPurchase[i]);
            Assert.Equal(int.Parse(row[3], CultureInfo.InvariantCulture) - 1, summaries.Frequency[i]);
            // The expected revenue is rounded to cents (a few unit prices have three decimals).
            Assert.True(Math.Abs(double.Parse(row[5], CultureInfo.InvariantCulture) - summaries.TotalSpend[i]) <= 0.005 + 1e-9, $"customer {row[0]}");
        }
    }
}
