using CustomerValue.Profitability;
using CustomerValue.Transactions;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Profitability;

public sealed class CustomerProfitabilityTests
{
    private static ItemTransaction Line(string customer, string date, double amount, double profit, double discount = 0, string item = "i", string category = "k") =>
        new(customer, DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture), amount, null, item, category, Profit: profit, Discount: discount);

    [Fact]
    public void A_hand_computed_base()
    {
        var lines = new[]
        {
            // big: 1000 sales, 300 profit, all at full price; bought more last year than this year.
            Line("big", "2019-06-01", 700, 210), Line("big", "2020-06-01", 300, 90),
            // deal: 100 sales, 80 of them discounted, loses 5: price-only.
            Line("deal", "2020-03-01", 80, -10, 0.3), Line("deal", "2020-03-02", 20, 5),
            // loss: 50 sales, -20 profit, no discount: below zero.
            Line("loss", "2020-04-01", 50, -20, 0, "j", "m"),
            // small: 10 sales, 1 profit.
            Line("small", "2020-05-01", 10, 1),
            // late: after the as-of date, ignored.
            Line("small", "2021-05-01", 10, 1),
        };
        var a = CustomerProfitability.Analyze(lines, new ProfitabilityOptions(new DateOnly(2020, 12, 31)));
        Assert.Equal(4, a.Count);
        Assert.Equal(1, a.LinesAfterAsOf);
        int deal = 1, loss = 2;
        Assert.Equal(0.8, a.DiscountShare[deal]!.Value, 15);
        Assert.True(a.PriceOnly[deal]);
        Assert.Equal(-0.05, a.MarginRate[deal]!.Value, 15);
        Assert.Equal(ProfitGroup.PriceOnly, a.Groups[deal]);
        Assert.Equal(ProfitGroup.BelowZero, a.Groups[loss]);
        Assert.Equal(2, a.BelowZeroCustomers);
        Assert.Equal(1, a.PriceOnlyCustomers);

        // Ranked without "deal": big (1000), loss (50), small (10); big starts at share 0 < 0.1: top.
        Assert.Equal(ProfitGroup.Top, a.Groups[0]);

        // small starts at 1050/1060 >= 0.5 and had no sales the year before: other.
        Assert.Equal(ProfitGroup.Other, a.Groups[3]);

        // Margins: category k: sales 1110, profit 296 (26.7 %, above 25 %); category m: -40 %, below.
        var k = a.CategoryMargins.Single(m => m.Name == "k");
        Assert.Equal(1110, k.Sales, 10);
        Assert.False(k.BelowLimit);
        Assert.True(a.CategoryMargins.Single(m => m.Name == "m").BelowLimit);
        Assert.NotNull(a.ProfitConcentration);
    }

    [Fact]
    public void A_margin_at_exactly_the_limit_is_not_flagged_despite_binary_rounding()
    {
        // Superstore's OFF-AR-10003829: 23.288 of 93.152 is exactly 25 %, but the double sums give 0.24999999999999997.
        var lines = new[] { Line("a", "2020-01-01", 46.576, 11.644, item: "x"), Line("b", "2020-01-02", 46.576, 11.644, item: "x") };
        var a = CustomerProfitability.Analyze(lines, new ProfitabilityOptions(new DateOnly(2020, 12, 31)));
        Assert.False(a.ItemMargins.Single().BelowLimit);
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public bool Groups_partition_the_base_and_follow_their_definitions(ItemLog log)
    {
        var a = CustomerProfitability.Analyze(log.Lines, new ProfitabilityOptions(new DateOnly(2020, 12, 31)) { TrendDays = 30 });
        bool ok = a.Count == log.Lines.Select(l => l.CustomerId).Distinct().Count();
        for (int i = 0; i < a.Count; i++)
        {
            var g = a.Groups[i];
            ok &= a.PriceOnly[i] == (g == ProfitGroup.PriceOnly);
            ok &= g != ProfitGroup.BelowZero || a.Profit[i] < 0;
            ok &= g is not (ProfitGroup.Top or ProfitGroup.Core or ProfitGroup.Declining) || a.Profit[i] > 0;
            ok &= a.MarginRate[i] is null || double.IsFinite(a.MarginRate[i]!.Value);
            ok &= a.DiscountShare[i] is null || a.DiscountShare[i] is >= 0 and <= 1.0000000001;
        }

        ok &= a.BelowZeroCustomers == a.Profit.Count(p => p < 0);
        ok &= Enum.GetValues<ProfitGroup>().Sum(a.CountOf) == a.Count;
        return ok;
    }
}
