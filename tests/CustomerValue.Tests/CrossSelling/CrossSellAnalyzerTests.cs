using CustomerValue.Baskets;
using CustomerValue.CrossSelling;
using CustomerValue.Transactions;

namespace CustomerValue.Tests.CrossSelling;

public sealed class CrossSellAnalyzerTests
{
    private static ItemTransaction Line(string customer, string order, string item, string? category, double amount) =>
        new(customer, new DateTime(2020, 1, 1), amount, order, item, category);

    [Fact]
    public void A_hand_counted_base_with_targets_and_suggestions()
    {
        var lines = new[]
        {
            // wide: 3 categories, 2 orders. narrow_rich: 1 category, high value. narrow_poor: 1 category, low value.
            Line("wide", "o1", "tv", "video", 500), Line("wide", "o1", "speakers", "audio", 200), Line("wide", "o2", "cable", "parts", 10),
            Line("narrow_rich", "o3", "tv", "video", 900),
            Line("narrow_poor", "o4", "cable", "parts", 5),
            Line("x", "o5", "tv", "video", 1), Line("x", "o5", "speakers", "audio", 1),
        };
        var baskets = OrderBaskets.FromTransactions(lines);
        var rules = new AssociationRuleMiner().Mine(baskets, new AssociationRuleOptions { MinSupport = 0.2, MinConfidence = 0.5 });
        var result = CrossSellAnalyzer.Analyze(lines, new CrossSellOptions(new DateOnly(2020, 12, 31)), rules);
        var byId = result.Customers.ToDictionary(c => c.CustomerId);

        Assert.Equal((2, 3, 3), (byId["wide"].Orders, byId["wide"].Items, byId["wide"].Categories));
        Assert.False(byId["wide"].IsTarget); // 3 categories

        // Sales sorted: 2 (x), 5, 710, 900; the median (lower, at ceil(0.5 * 4) = 2) is 5.
        Assert.Equal(5, result.ValueThreshold);
        Assert.True(byId["narrow_rich"].IsTarget);
        Assert.True(byId["narrow_poor"].IsTarget);
        Assert.False(byId["x"].IsTarget); // 2 categories but below the median

        // tv -> speakers (2 of 3 tv orders): narrow_rich has tv, not speakers.
        Assert.Equal(["speakers"], byId["narrow_rich"].SuggestedNext);
        Assert.Empty(byId["wide"].SuggestedNext.Intersect(["tv", "speakers", "cable"]));
        Assert.Equal(2, result.SingleCategoryCustomers);
        Assert.Equal((3 + 1 + 1 + 2) / 4.0, result.ItemsPerCustomer);
    }
}
