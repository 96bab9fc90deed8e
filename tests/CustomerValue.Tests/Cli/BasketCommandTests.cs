namespace CustomerValue.Tests.Cli;

public sealed class BasketCommandTests
{
    private static string TempDir() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"cv-basket-{Guid.NewGuid():N}")).FullName;

    [Fact]
    public void Basket_writes_the_contract_columns_with_hand_counted_rules()
    {
        string dir = TempDir();
        try
        {
            // Orders 1: bread, milk; 2: bread, butter, milk; 3: bread; 4: milk, butter (see the library test for the counts).
            string log = Path.Combine(dir, "log.csv");
            File.WriteAllText(log, "customer_id,date,amount,order_id,item\na,2020-01-01,1,1,bread\na,2020-01-01,1,1,milk\nb,2020-01-02,1,2,bread\nb,2020-01-02,1,2,butter\nb,2020-01-02,1,2,milk\nc,2020-01-03,1,3,bread\nd,2020-01-04,1,4,milk\nd,2020-01-04,1,4,butter\n");
            string output = Path.Combine(dir, "rules.csv");
            var (code, stdout, error) = SummarizeCommandTests.Run("basket", "--transactions", log, "--min-support", "0.5", "--min-confidence", "0.6", "--output", output);
            Assert.Equal(0, code);
            Assert.Equal(string.Empty, stdout);
            Assert.Equal(string.Empty, error);
            var lines = File.ReadAllLines(output);
            Assert.Equal("antecedent,consequent,antecedent_support,consequent_support,support,confidence,lift,orders", lines[0]);
            Assert.Equal(5, lines.Length);

            // butter -> milk: 2 of 2 butter orders hold milk; milk is in 3 of 4 orders: lift 1 / 0.75.
            Assert.Equal($"butter,milk,0.5,0.75,0.5,1,{1 / 0.75},2", lines[1]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Without_an_order_column_a_customer_day_is_one_order_and_that_is_announced()
    {
        string dir = TempDir();
        try
        {
            string log = Path.Combine(dir, "log.csv");
            File.WriteAllText(log, "customer_id,date,amount,item\na,2020-01-01,1,x\na,2020-01-01,1,y\na,2020-01-05,1,x\nb,2020-01-01,1,x\nb,2020-01-01,1,y\n");
            var (code, stdout, error) = SummarizeCommandTests.Run("basket", "--transactions", log, "--min-support", "0.5");
            Assert.Equal(0, code);
            Assert.Contains("no order id column", error, StringComparison.Ordinal);

            // Orders a@01-01 {x,y}, a@01-05 {x}, b@01-01 {x,y}: x -> y has confidence 2/3, y -> x 1; both lift 1 and
            // support 2/3, so the antecedent's name breaks the tie.
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, lines.Length);
            Assert.StartsWith("x,y,", lines[1], StringComparison.Ordinal);
            Assert.StartsWith("y,x,", lines[2], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_named_item_column_that_is_missing_and_bad_thresholds_are_one_line_errors()
    {
        string dir = TempDir();
        try
        {
            string log = Path.Combine(dir, "log.csv");
            File.WriteAllText(log, "customer_id,date,amount,product\na,2020-01-01,1,x\n");
            var (code, _, error) = SummarizeCommandTests.Run("basket", "--transactions", log);
            Assert.Equal(2, code);
            Assert.Contains("no column 'item'", error, StringComparison.Ordinal);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            (code, _, error) = SummarizeCommandTests.Run("basket", "--transactions", log, "--item-column", "product", "--min-support", "0");
            Assert.Equal(2, code);
            Assert.Contains("--min-support", error, StringComparison.Ordinal);

            (code, _, error) = SummarizeCommandTests.Run("basket", "--transactions", log, "--item-column", "sku");
            Assert.Equal(2, code);
            Assert.Contains("no column 'sku'", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
