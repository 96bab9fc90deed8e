using System.Globalization;
using CustomerValue.Segmentation;

namespace CustomerValue.Tests.Segmentation;

/// <summary>Gold and drag, MVC / MGC / BZ and MVC kinds, the value matrix; below-zero customers of the Superstore data.</summary>
public sealed class ValueTierTests
{
    // Customers 1..20 with value = their number.
    private static readonly double[] Twenty = [.. Enumerable.Range(1, 20).Select(i => (double)i)];

    [Fact]
    public void Gold_is_the_top_five_percent_and_drag_the_inactive_bottom_twenty_percent()
    {
        var days = Twenty.Select(v => v <= 3 ? 400.0 : v == 4 ? 365 : 10).ToArray();
        var tiers = new ValueTierClassifier().Classify(CustomerValueMeasures.Create(Twenty).WithDaysSinceLastPurchase(days));
        Assert.Equal(GoldDragTier.Gold, tiers.Tiers[19]);
        Assert.Equal(1, tiers.CountOf(GoldDragTier.Gold));

        // Values 1..4 are the bottom 20%: all four are drag, whether or not they bought in the last 365 days (inactivity
        // is the reason given, not a condition: the source's "about the bottom 20 %").
        Assert.Equal([GoldDragTier.Drag, GoldDragTier.Drag, GoldDragTier.Drag, GoldDragTier.Drag, GoldDragTier.Regular], tiers.Tiers[..5].ToArray());
        Assert.Equal("low_value;inactive", ValueTierReasons.Of(tiers.Tiers[0], 1, days[0]));
        Assert.Equal("low_value", ValueTierReasons.Of(tiers.Tiers[3], 4, days[3]));

        // Thresholds are configurable.
        var wider = new ValueTierClassifier(new ValueTierOptions { GoldShare = 0.2, DragInactiveDays = 300 })
            .Classify(CustomerValueMeasures.Create(Twenty).WithDaysSinceLastPurchase(days));
        Assert.Equal(4, wider.CountOf(GoldDragTier.Gold));
        Assert.Equal(4, wider.CountOf(GoldDragTier.Drag));
    }

    [Fact]
    public void A_tie_group_at_the_gold_boundary_is_not_split_and_stays_out()
    {
        // 20 customers: 18 at value 1, two at value 5. Top 5% = 1 customer, but the two 5s are tied: neither is gold.
        double[] values = [.. Enumerable.Repeat(1.0, 18), 5, 5];
        var tiers = new ValueTierClassifier().Classify(CustomerValueMeasures.Create(values));
        Assert.Equal(0, tiers.CountOf(GoldDragTier.Gold));
        Assert.Equal(ValueGroup.MostValuable, tiers.Groups[18]);
        Assert.Equal(tiers.Groups[18], tiers.Groups[19]);
    }

    [Fact]
    public void Below_zero_customers_are_bz_and_drag_even_when_recently_active()
    {
        double[] values = [.. Twenty.Select(v => v - 3)]; // -2, -1, 0, 1, ...
        var tiers = new ValueTierClassifier().Classify(CustomerValueMeasures.Create(values).WithDaysSinceLastPurchase(new double[20]));
        Assert.Equal([ValueGroup.BelowZero, ValueGroup.BelowZero, ValueGroup.Other], tiers.Groups[..3].ToArray());
        // -2, -1, 0, 1 are the bottom 20% (4 of 20): drag; below zero is drag whatever the rank.
        Assert.Equal([GoldDragTier.Drag, GoldDragTier.Drag, GoldDragTier.Drag, GoldDragTier.Drag, GoldDragTier.Regular], tiers.Tiers[..5].ToArray());
        Assert.Equal("below_zero", ValueTierReasons.Of(tiers.Tiers[0], -2, 0));
    }

    [Fact]
    public void Mvc_is_the_top_twenty_percent_by_value_and_mgc_the_top_by_potential_among_the_rest()
    {
        var potential = new double[20];
        potential[0] = 500; // a small customer with a big wallet headroom
        potential[1] = 400;
        potential[19] = 900; // already MVC: stays MVC
        var tiers = new ValueTierClassifier().Classify(CustomerValueMeasures.Create(Twenty).WithPotentialValue(potential));
        Assert.Equal(4, tiers.CountOf(ValueGroup.MostValuable));
        Assert.All(tiers.Groups[16..].ToArray(), g => Assert.Equal(ValueGroup.MostValuable, g));
        Assert.Equal([ValueGroup.MostGrowable, ValueGroup.MostGrowable], tiers.Groups[..2].ToArray());
        Assert.Equal(2, tiers.CountOf(ValueGroup.MostGrowable));

        // Potential from headroom x margin rate: negative headroom counts as none.
        var fromHeadroom = CustomerValueMeasures.Create([1.0, 2]).WithPotentialFromHeadroom([1000.0, -50], 0.25);
        Assert.Equal([250.0, 0], fromHeadroom.PotentialValue.ToArray());

        // Without potential there are no MGC.
        Assert.Equal(0, new ValueTierClassifier().Classify(CustomerValueMeasures.Create(Twenty)).CountOf(ValueGroup.MostGrowable));
    }

    [Fact]
    public void Mvc_kinds_are_big_by_share_of_wallet_steady_by_tenure_and_rate_and_otherwise_seasonal()
    {
        var sow = new double[20];
        sow[19] = 0.85;
        var purchases = new double[20];
        var average = new double[20];
        var tenure = new double[20];
        (purchases[18], tenure[18]) = (12, 800); // 5.5 a year over more than a year: steady
        (purchases[17], tenure[17]) = (4, 800);  // 1.8 a year: seasonal
        (purchases[16], tenure[16]) = (20, 200); // frequent but a short relationship: seasonal
        var measures = CustomerValueMeasures.Create(Twenty).WithShareOfWallet(sow).WithPurchases(purchases, average).WithTenureDays(tenure);
        var tiers = new ValueTierClassifier().Classify(measures);
        Assert.Equal([MvcType.Seasonal, MvcType.Seasonal, MvcType.Steady, MvcType.Big], tiers.MvcTypes[16..].ToArray());
        Assert.All(tiers.MvcTypes[..16].ToArray(), t => Assert.Equal(MvcType.None, t));

        var unknown = new ValueTierClassifier().Classify(CustomerValueMeasures.Create(Twenty));
        Assert.Equal(4, unknown.CountOf(MvcType.Unspecified));
    }

    [Fact]
    public void The_value_matrix_splits_purchases_and_average_amount_at_their_means()
    {
        var measures = CustomerValueMeasures.Create([1.0, 1, 1, 1]).WithPurchases([1.0, 10, 1, 10], [100.0, 10, 10, 100]);
        var tiers = new ValueTierClassifier().Classify(measures);
        Assert.Equal([ValueMatrixCell.Spenders, ValueMatrixCell.Frequent, ValueMatrixCell.Uncertain, ValueMatrixCell.Best], tiers.Matrix.ToArray());
        Assert.Equal(5.5, tiers.MeanPurchases);
        Assert.Equal(55, tiers.MeanAveragePurchase);

        // Everyone equal: everyone is at the mean, which counts as high.
        var equal = new ValueTierClassifier().Classify(CustomerValueMeasures.Create([1.0, 1, 1]).WithPurchases([3.0, 3, 3], [0.1, 0.1, 0.1]));
        Assert.All(equal.Matrix.ToArray(), c => Assert.Equal(ValueMatrixCell.Best, c));
        Assert.Equal(ValueMatrixCell.None, new ValueTierClassifier().Classify(CustomerValueMeasures.Create([1.0])).Matrix[0]);
    }

    [Fact]
    public void Measures_are_validated_naming_the_customer_and_field()
    {
        var e = Assert.Throws<ArgumentException>(() => CustomerValueMeasures.Create([1.0, 2], ["a", "b"]).WithShareOfWallet([0.5, 1.2]));
        Assert.Contains("customer 'b'", e.Message, StringComparison.Ordinal);
        Assert.Contains("share of wallet", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CustomerValueMeasures.Create([double.NaN]));
        Assert.Throws<ArgumentException>(() => CustomerValueMeasures.Create([1.0]).WithDaysSinceLastPurchase([-1.0]));
        Assert.Throws<ArgumentException>(() => CustomerValueMeasures.Create([1.0]).WithPurchases([1.0, 2], [1.0, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CustomerValueMeasures.Create([1.0]).WithPotentialFromHeadroom([1.0], 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValueTierOptions { GoldShare = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValueTierOptions { BigShareOfWallet = 0 });
    }

    [Fact]
    public void Superstore_profit_finds_the_155_below_zero_customers()
    {
        var rows = TestFiles.Csv("superstore_customers.csv").ToArray();
        Assert.Equal(793, rows.Length);
        var ids = rows.Select(r => r[0]).ToArray();
        var sales = rows.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).ToArray();
        var profit = rows.Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)).ToArray();
        var orders = rows.Select(r => double.Parse(r[3], CultureInfo.InvariantCulture)).ToArray();
        var average = sales.Zip(orders, (s, o) => s / o).ToArray();

        var tiers = new ValueTierClassifier().Classify(CustomerValueMeasures.Create(profit, ids).WithPurchases(orders, average));
        Assert.Equal(155, tiers.CountOf(ValueGroup.BelowZero));
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(profit[i] < 0, tiers.Groups[i] == ValueGroup.BelowZero);
        }

        // The 155 are the lowest 155 of 793, all inside the bottom 20% (158 customers): all drag, none gold or MVC;
        // drag is the whole bottom 20% (floor(0.2 x 793) = 158, no ties at the cut).
        Assert.Equal(158, tiers.CountOf(GoldDragTier.Drag));
        Assert.All(Enumerable.Range(0, rows.Length).Where(i => profit[i] < 0), i => Assert.Equal(GoldDragTier.Drag, tiers.Tiers[i]));
        Assert.Equal(158, tiers.CountOf(ValueGroup.MostValuable));
        Assert.Equal(39, tiers.CountOf(GoldDragTier.Gold));

        // Profit concentration is a whale curve: fewer than all profitable customers already make 100% of the profit.
        var concentration = new ValueConcentrationAnalyzer().Analyze(profit, ids);
        var whole = concentration.CustomersForShare(1);
        Assert.True(whole.Customers < 793 - 155, $"{whole.Customers} customers reach 100% of profit");
        Assert.Equal(257, whole.Customers);
        Assert.Equal(1.0, concentration.AbcGroups.Sum(g => g.Share), 9);
    }
}
