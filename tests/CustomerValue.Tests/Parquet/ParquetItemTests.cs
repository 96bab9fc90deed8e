using CustomerValue.Parquet;
using CustomerValue.Tests.Cli;
using CustomerValue.Transactions;
using Parquet;
using Parquet.Schema;

namespace CustomerValue.Tests.Parquet;

/// <summary>
/// The Parquet reader reads the item-level columns the CSV reader reads (issue 14.1): the Superstore log, read from its
/// CSV and written to Parquet by the test itself with Parquet.Net (the columns Superstore has, in three row groups,
/// nullable profit and discount as another engine would write them), gives the same lines and the same
/// profit, basket, sequences and cross-sell outputs, byte for byte.
/// </summary>
public sealed class ParquetItemTests : IDisposable
{
    private static readonly TransactionCsvOptions Columns = new()
    {
        CustomerIdColumn = "Customer ID",
        DateColumn = "Order Date",
        AmountColumn = "Sales",
        OrderIdColumn = "Order ID",
        ItemColumn = "Product ID",
        CategoryColumn = "Sub-Category",
        ProfitColumn = "Profit",
        DiscountColumn = "Discount",
    };

    private readonly string _path = ParquetTestFiles.TempPath(".parquet");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Superstore_from_csv_and_parquet_gives_the_same_lines_and_the_same_item_level_outputs()
    {
        var csv = TransactionCsvReader.ReadItemsFile(TestFiles.Path("superstore.csv.gz"), Columns, new IngestReportBuilder(BadRowPolicy.FailFast, 10)).ToList();
        Assert.Equal(9994, csv.Count);
        await WriteAsync(_path, csv, rowGroups: 3);

        var parquet = TransactionParquet.ReadItems(_path, Columns).ToList();
        Assert.Equal(csv, parquet);
        Assert.Equal(ItemFields.OrderId | ItemFields.Item | ItemFields.Category | ItemFields.Profit | ItemFields.Discount, TransactionParquet.ItemFieldsOf(_path, Columns));

        string[] csvLog = ItemLevelWorkedExampleTests.Superstore;
        string[] parquetLog = [.. csvLog];
        parquetLog[1] = _path;
        foreach (string[] command in new[]
        {
            new[] { "profit", "--as-of", "2017-12-31" },
            ["basket", "--min-support", "0.0003", "--min-confidence", "0.05"],
            ["sequences", "--within-days", "90", "--by", "category", "--min-customers", "5"],
            ["cross-sell", "--as-of", "2017-12-31"],
        })
        {
            var fromCsv = SummarizeCommandTests.Run([command[0], .. csvLog, .. command[1..]]);
            var fromParquet = SummarizeCommandTests.Run([command[0], .. parquetLog, .. command[1..]]);
            Assert.True(fromCsv.Code == 0, command[0] + ": " + fromCsv.Err);
            Assert.Equal(0, fromParquet.Code);
            Assert.True(fromCsv.Out.Split('\n').Length > 2, command[0]);
            Assert.Equal(fromCsv.Out, fromParquet.Out);
        }
    }

    [Fact]
    public async Task A_cost_column_gives_profit_and_a_missing_required_field_rejects_the_row()
    {
        var lines = new[]
        {
            new ItemTransaction("a", new DateTime(2024, 1, 2), 10, "o1", "x", "c", Profit: 7, Discount: 0),
            new ItemTransaction("b", new DateTime(2024, 1, 3), 20, "o2", "y", "c", Profit: null, Discount: 0.2),
        };
        await WriteAsync(_path, lines, rowGroups: 1);
        var columns = Columns with { CostColumn = "Profit" };
        var report = new IngestReportBuilder(BadRowPolicy.CollectAndReport, 10);
        var read = TransactionParquet.ReadItems(_path, columns, report).ToList();

        // Cost 7 on sales 10 is profit 3; row 2 has no cost, which a named cost column requires.
        Assert.Equal(3, Assert.Single(read).Profit);
        Assert.Equal(1, report.Build().RejectedCount);
        Assert.Throws<FormatException>(() => TransactionParquet.ReadItems(_path, Columns with { ItemColumn = "SKU", RequiredItemFields = ItemFields.Item }).ToList());
    }

    private static async Task WriteAsync(string path, IReadOnlyList<ItemTransaction> rows, int rowGroups)
    {
        var id = new DataField<string>("Customer ID", false);
        var date = new DataField<DateOnly>("Order Date", false);
        var amount = new DataField<double>("Sales", false);
        var order = new DataField<string>("Order ID", true);
        var item = new DataField<string>("Product ID", true);
        var category = new DataField<string>("Sub-Category", true);
        var profit = new DataField<double?>("Profit");
        var discount = new DataField<double?>("Discount");
        var schema = new ParquetSchema(id, date, amount, order, item, category, profit, discount);
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        int size = Math.Max(1, (rows.Count + rowGroups - 1) / rowGroups);
        for (int start = 0; start < rows.Count; start += size)
        {
            var part = rows.Skip(start).Take(size).ToArray();
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(id, part.Select(t => t.CustomerId).ToArray(), null);
            await group.WriteAsync<DateOnly>(date, part.Select(t => t.Date).ToArray().AsMemory(), null, null, default);
            await group.WriteAsync<double>(amount, part.Select(t => t.Amount).ToArray().AsMemory(), null, null, default);
            await group.WriteAsync(order, part.Select(t => t.OrderId).ToArray(), null);
            await group.WriteAsync(item, part.Select(t => t.Item).ToArray(), null);
            await group.WriteAsync(category, part.Select(t => t.Category).ToArray(), null);
            await group.WriteAsync<double>(profit, part.Select(t => t.Profit).ToArray().AsMemory(), null, null, default);
            await group.WriteAsync<double>(discount, part.Select(t => t.Discount).ToArray().AsMemory(), null, null, default);
        }
    }
}
