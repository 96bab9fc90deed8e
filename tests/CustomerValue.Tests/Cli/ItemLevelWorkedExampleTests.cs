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

    internal static readonly string[] Superstore =
    [
        "--transactions", TestFiles.Path("superstore.csv.gz"), "--customer-column", "Customer ID", "--date-column", "Order Date",
        "--amount-column", "Sales", "--order-column", "Order ID", "--item-column", "Product ID", "--category-column", "Sub-Category",
        "--profit-column", "Profit", "--discount-column", "Discount",
    ];

    [Fact]
    public void Online_retail_sequence_and_cross_sell_figures()
    {
        var (code, output, error) = SummarizeCommandTests.Run(["sequences", .. OnlineRetail, "--within-days", "90"]);
        Assert.Equal(0, code);
        Assert.Contains("taken to end on its last date, 2011-12-09", error, StringComparison.Ordinal);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("first_item,then_item,customers_first,customers_then_within,probability,lift", lines[0]);

        // The script: 23208 -> 23209 within 90 days: 124 customers first, 56 then; base rate of 23209 62/3307.
        var top = lines[1].Split(',');
        Assert.Equal(("23208", "23209", "124", "56"), (top[0], top[1], top[2], top[3]));
        Assert.Equal(56.0 / 124, double.Parse(top[4], CultureInfo.InvariantCulture), 15);
        Assert.Equal(24.088449531737773, double.Parse(top[5], CultureInfo.InvariantCulture), 11);

        string stats = Path.Combine(Path.GetTempPath(), $"cv-cross-{Guid.NewGuid():N}.json");
        try
        {
            (code, output, _) = SummarizeCommandTests.Run(["cross-sell", .. OnlineRetail, "--as-of", "2011-12-09", "--stats", stats]);
            Assert.Equal(0, code);
            Assert.Equal("customer_id,orders,items,categories,cross_sell_target,suggested_next,sales,wallet_headroom", output[..output.IndexOf('\n', StringComparison.Ordinal)]);
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(stats));
            var root = json.RootElement;

            // The script: 4,339 customers, 266,802 / 4,339 stock codes per customer, 92 single-item customers (no category
            // column: categories are items), 20 targets (at most 2 items, sales at or above the median).
            Assert.Equal(4339, root.GetProperty("customers").GetInt32());
            Assert.Equal(266802.0 / 4339, root.GetProperty("itemsPerCustomer").GetDouble(), 12);
            Assert.Equal(266802.0 / 4339, root.GetProperty("categoriesPerCustomer").GetDouble(), 12);
            Assert.Equal(92, root.GetProperty("singleCategoryCustomers").GetInt32());
            Assert.Equal(20, root.GetProperty("valueTargets").GetInt32());

            // Targets by wallet headroom too (issue 14.4): recounted here from the written columns with the documented rule —
            // at most 2 categories, sales > 0, and sales >= the median sales (lower order statistic at ceil(n/2)) or
            // headroom > 0 and >= the median headroom (same order statistic).
            var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray();
            double Median(IEnumerable<double> values)
            {
                var v = values.Order().ToArray();
                return v[(int)Math.Ceiling(0.5 * v.Length) - 1];
            }

            double P(string s) => double.Parse(s, CultureInfo.InvariantCulture);
            double salesMedian = Median(rows.Select(r => P(r[^2]))), headroomMedian = Median(rows.Select(r => P(r[^1])));
            Assert.Equal(salesMedian, root.GetProperty("valueThreshold").GetDouble());
            Assert.Equal(headroomMedian, root.GetProperty("headroomThreshold").GetDouble());
            var expected = rows.Select(r => int.Parse(r[3], CultureInfo.InvariantCulture) <= 2 && P(r[^2]) > 0 && (P(r[^2]) >= salesMedian || (P(r[^1]) > 0 && P(r[^1]) >= headroomMedian))).ToArray();
            Assert.Equal(expected, rows.Select(r => r[4] == "true").ToArray());
            Assert.Equal(expected.Count(t => t), root.GetProperty("targets").GetInt32());
            Assert.True(root.GetProperty("headroomTargets").GetInt32() > 0);
        }
        finally
        {
            File.Delete(stats);
        }
    }

    [Fact]
    public void Superstore_profit_groups_below_zero_customers_and_margin_warnings()
    {
        string dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"cv-profit-{Guid.NewGuid():N}")).FullName;
        try
        {
            string stats = Path.Combine(dir, "stats.json");
            string margins = Path.Combine(dir, "margins.csv");
            var (code, output, error) = SummarizeCommandTests.Run(["profit", .. Superstore, "--as-of", "2017-12-31", "--stats", stats, "--margins", margins]);
            Assert.Equal(0, code);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("customer_id,sales,profit,margin_rate,discount_share,price_only,profit_group", lines[0]);
            Assert.Equal(793 + 1, lines.Length);

            // The script (exact decimal sums): 155 of 793 customers below zero, 140 price-only, groups as below; 11 of 17
            // sub-categories and 1,019 of 1,862 products under a 25 % margin.
            Assert.Contains("11 of 17 categories, 1019 of 1862 items", error, StringComparison.Ordinal);
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(stats));
            var root = json.RootElement;
            Assert.Equal(793, root.GetProperty("customers").GetInt32());
            Assert.Equal(155, root.GetProperty("belowZeroCustomers").GetInt32());
            Assert.Equal(140, root.GetProperty("priceOnlyCustomers").GetInt32());
            var groups = root.GetProperty("profitGroups");
            var expected = new Dictionary<string, int> { ["price_only"] = 140, ["below_zero"] = 15, ["top"] = 15, ["core"] = 126, ["declining"] = 209, ["other"] = 288 };
            foreach (var (name, customers) in expected)
            {
                Assert.Equal(customers, groups.GetProperty(name).GetProperty("customers").GetInt32());
            }

            Assert.Equal(10, root.GetProperty("salesDeciles").GetArrayLength());
            Assert.Equal(10, root.GetProperty("profitDeciles").GetArrayLength());
            var below = root.GetProperty("marginWarnings").GetProperty("categoriesBelow").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray();
            Assert.Equal(["Appliances", "Art", "Binders", "Bookcases", "Chairs", "Furnishings", "Machines", "Phones", "Storage", "Supplies", "Tables"], below);
            Assert.Equal("level,name,sales,profit,margin_rate,below_limit", File.ReadLines(margins).First());
            Assert.Equal(17 + 1862 + 1, File.ReadLines(margins).Count());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Superstore_sub_category_sequences()
    {
        var (code, output, _) = SummarizeCommandTests.Run(["sequences", .. Superstore, "--by", "category", "--within-days", "90", "--as-of", "2017-12-31"]);
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // The script: 13 sub-category pairs with at least 20 customers; the first Storage -> Binders (21 of 228), lift 1.7054...
        Assert.Equal(13 + 1, lines.Length);
        var top = lines[1].Split(',');
        Assert.Equal(("Storage", "Binders", "228", "21"), (top[0], top[1], top[2], top[3]));
        Assert.Equal(1.7054329371816639, double.Parse(top[5], CultureInfo.InvariantCulture), 12);
        Assert.StartsWith("Paper,Binders,295,26,", lines[2], StringComparison.Ordinal);
    }
}
