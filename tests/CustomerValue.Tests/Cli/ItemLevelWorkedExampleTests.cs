using System.Globalization;

namespace CustomerValue.Tests.Cli;

/// <summary>
/// The worked examples of docs/items-and-profit.md on the raw Online Retail and Superstore logs. The expected figures were
/// computed by TestData/derive_item_level_figures.py (Python's csv module and brute-force counting, no code shared with
/// the library); run it to reproduce them.
/// </summary>
public sealed class ItemLevelWorkedExampleTests
{
    internal static readonly string[] OnlineRetail =
    [
        "--transactions", TestFiles.Path("online_retail.csv.gz"), "--customer-column", "CustomerID", "--date-column", "InvoiceDate",
        "--order-column", "InvoiceNo", "--item-column", "StockCode", "--quantity-column", "Quantity", "--price-column", "UnitPrice",
        "--missing-value", "NA", "--on-error", "report",
    ];

    [Fact]
    public void Online_retail_baskets_by_invoice_and_stock_code()
    {
        var (code, output, error) = SummarizeCommandTests.Run(["basket", .. OnlineRetail, "--min-support", "0.01", "--min-confidence", "0.5"]);
        Assert.Equal(0, code);

        // 135,080 lines without a customer (NA) and 8,905 returns are rejected; 397,924 lines kept.
        Assert.Contains("541909 rows read, 397924 accepted, 143985 rejected", error, StringComparison.Ordinal);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // The script: 18,536 invoices, 625 stock codes in at least 1 % of them, 305 rules with confidence >= 0.5.
        Assert.Equal(305 + 1, lines.Length);
        var top = lines[1].Split(',');
        Assert.Equal(("23171", "23172", "202"), (top[0], top[1], top[7]));
        Assert.Equal(61.90925925925926, double.Parse(top[6], CultureInfo.InvariantCulture), 12);
        Assert.Equal(270.0 / 18536, double.Parse(top[2], CultureInfo.InvariantCulture), 15);
        Assert.Equal(224.0 / 18536, double.Parse(top[3], CultureInfo.InvariantCulture), 15);
        Assert.Equal(202.0 / 270, double.Parse(top[5], CultureInfo.InvariantCulture), 15);
        var third = lines[3].Split(',');
        Assert.Equal(("22745|22748", "22746", "186"), (third[0], third[1], third[7]));
        Assert.Equal(53.86351706036746, double.Parse(third[6], CultureInfo.InvariantCulture), 12);
    }
}
