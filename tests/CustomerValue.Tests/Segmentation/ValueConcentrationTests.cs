using CustomerValue.Segmentation;

namespace CustomerValue.Tests.Segmentation;

/// <summary>ABC classes, deciles, purchase deciles, Lorenz curve, Gini and top shares on hand-worked examples.</summary>
public sealed class ValueConcentrationTests
{
    // Sorted descending 50, 30, 10, 5, 4, 1 (total 100); running totals 0, 50, 80, 90, 95, 99, 100.
    private static readonly double[] Six = [5, 50, 1, 10, 30, 4];

    private static ValueConcentration Analyze(double[] values, ConcentrationOptions? options = null) =>
        new ValueConcentrationAnalyzer(options).Analyze(values);

    [Fact]
    public void Abc_classes_follow_the_share_of_value_before_each_customer()
    {
        var c = Analyze(Six);
        Assert.Equal([AbcClass.B, AbcClass.A, AbcClass.C, AbcClass.B, AbcClass.A, AbcClass.C], c.Classes.ToArray());
        Assert.Equal(new AbcGroup(AbcClass.A, 2, 80, 0.8), c.AbcGroups[0]);
        Assert.Equal(new AbcGroup(AbcClass.B, 2, 15, 0.15), c.AbcGroups[1]);
        Assert.Equal(new AbcGroup(AbcClass.C, 2, 5, 0.05), c.AbcGroups[2]);
        Assert.Equal("B", c.AbcName(0));

        // Thresholds are configurable: A up to 50%, B up to 90%.
        var custom = Analyze(Six, new ConcentrationOptions { AThreshold = 0.5, BThreshold = 0.9 });
        Assert.Equal([1, 2, 3], custom.AbcGroups.Select(g => g.Customers));
        Assert.Throws<ArgumentException>(() => new ValueConcentrationAnalyzer(new ConcentrationOptions { AThreshold = 0.9, BThreshold = 0.85 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConcentrationOptions { AThreshold = 1 });
    }

    [Fact]
    public void Ties_at_a_class_boundary_take_the_class_of_the_group_start()
    {
        // 60, then four 10s: the 10s start at 60% of value, so all four are A although the last ones end at 100%.
        var c = Analyze([10, 60, 10, 10, 10]);
        Assert.All(c.Classes.ToArray(), x => Assert.Equal(AbcClass.A, x));
    }

    [Fact]
    public void Monetary_quantiles_give_count_value_share_cumulative_share_and_lift()
    {
        var c = Analyze(Six, new ConcentrationOptions { Quantiles = 3 });
        Assert.Equal([2, 1, 3, 2, 1, 3], c.QuantileOf.ToArray().Select(x => (int)x));
        var top = c.Quantiles[0];
        Assert.Equal((1, 2, 80.0, 0.8, 0.8, 30.0, 50.0), (top.Quantile, top.Customers, top.Value, top.Share, top.CumulativeShare, top.MinimumValue, top.MaximumValue));
        Assert.Equal(2.4, top.Lift, 12);
        Assert.Equal(0.45, c.Quantiles[1].Lift, 12);
        Assert.Equal(0.95, c.Quantiles[1].CumulativeShare, 12);
        Assert.Equal(1.0, c.Quantiles[2].CumulativeShare);
        Assert.Equal(0.15, c.Quantiles[2].Lift, 12);
    }

    [Fact]
    public void Purchase_quantiles_count_the_customers_making_each_slice_of_value()
    {
        var c = Analyze(Six, new ConcentrationOptions { Quantiles = 3 });
        Assert.Equal([1, 1, 4], c.PurchaseQuantiles.Select(p => p.Customers));
        Assert.Equal([1, 2, 6], c.PurchaseQuantiles.Select(p => p.CumulativeCustomers));
        Assert.Equal(1.0, c.PurchaseQuantiles[^1].ShareOfValue);
    }

    [Fact]
    public void Top_shares_and_customers_for_a_share_read_the_running_total()
    {
        var c = Analyze(Six);
        Assert.Equal(new ConcentrationPoint(3, 0.5, 0.9), c.TopShare(0.5));
        Assert.Equal(2, c.TopShare(0.2).Customers); // ceil(1.2)
        Assert.Equal(0.0, c.TopShare(0).ValueShare);
        Assert.Equal(1.0, c.TopShare(1).ValueShare);
        Assert.Equal(2, c.CustomersForShare(0.8).Customers);
        Assert.Equal(3, c.CustomersForShare(0.81).Customers);
        Assert.Equal(6, c.CustomersForShare(1).Customers);
        Assert.Throws<ArgumentOutOfRangeException>(() => c.TopShare(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.CustomersForShare(double.NaN));
    }

    [Fact]
    public void Gini_matches_the_formula_on_known_distributions()
    {
        Assert.Equal(0.25, Analyze([1, 2, 3, 4]).Gini, 12);
        Assert.Equal(328.0 / 600, Analyze(Six).Gini, 12);
        Assert.Equal(0.0, Analyze([7, 7, 7]).Gini);
        Assert.Equal(0.75, Analyze([0, 10, 0, 0]).Gini, 12); // (N - 1) / N: one customer holds everything
        Assert.Equal(0.0, Analyze([3]).Gini);
    }

    [Fact]
    public void The_lorenz_curve_runs_from_zero_to_one_and_interpolates_within_a_customer()
    {
        var c = Analyze(Six, new ConcentrationOptions { LorenzSegments = 4 });
        Assert.Equal(5, c.LorenzCurve.Count);
        Assert.Equal(new LorenzPoint(0, 0), c.LorenzCurve[0]);
        Assert.Equal(0.03, c.LorenzCurve[1].ValueShare, 12); // 1.5 customers: 1 + half of 4
        Assert.Equal(0.10, c.LorenzCurve[2].ValueShare, 12); // 1 + 4 + 5
        Assert.Equal(new LorenzPoint(1, 1), c.LorenzCurve[4]);
    }

    [Fact]
    public void Negative_values_are_allowed_when_the_total_is_positive()
    {
        var c = Analyze([100, -50, 10]);
        Assert.Equal(60, c.TotalValue);
        Assert.Equal([AbcClass.A, AbcClass.C, AbcClass.C], c.Classes.ToArray());
        Assert.Equal(1.0, c.AbcGroups.Sum(g => g.Share), 12);
        Assert.Equal(1, c.CustomersForShare(1).Customers); // the top customer alone brings more than the whole
        Assert.True(double.IsFinite(c.Gini));
    }

    [Fact]
    public void Bad_values_are_rejected_naming_the_row_and_customer()
    {
        var analyzer = new ValueConcentrationAnalyzer();
        var e = Assert.Throws<ArgumentException>(() => analyzer.Analyze([1, double.NaN], ["a", "b"]));
        Assert.Contains("customer 'b'", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => analyzer.Analyze([0, 0]));
        Assert.Contains("total value must be positive", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => analyzer.Analyze([1, 2], ["a"]));
    }
}
