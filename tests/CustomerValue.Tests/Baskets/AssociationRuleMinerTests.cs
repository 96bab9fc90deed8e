using CustomerValue.Baskets;
using CustomerValue.Transactions;
using FsCheck;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Baskets;

/// <summary>
/// The miner against a brute-force counter written here (every subset of every order counted in a dictionary, every
/// rule enumerated from it): the two must list the same rules with the same counts.
/// </summary>
public sealed class AssociationRuleMinerTests
{
    private static ItemTransaction Line(string order, string item) => new("c", new DateTime(2020, 1, 1), 1, order, item);

    /// <summary>Every rule by brute force: antecedent text, consequent, orders, antecedent orders, consequent orders.</summary>
    internal static List<(string Antecedent, string Consequent, long Orders, long AntecedentOrders, long ConsequentOrders)> BruteForce(
        IEnumerable<(string Order, string Item)> lines, double minSupport, double minConfidence, int maxItems, out int orders)
    {
        var baskets = lines.GroupBy(l => l.Order).Select(g => g.Select(l => l.Item).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToArray()).ToList();
        orders = baskets.Count;
        var counts = new Dictionary<string, long>();
        foreach (var basket in baskets)
        {
            int n = basket.Length;
            for (int mask = 1; mask < (1 << n); mask++)
            {
                int size = System.Numerics.BitOperations.PopCount((uint)mask);
                if (size > maxItems)
                {
                    continue;
                }

                var key = string.Join('\u0001', Enumerable.Range(0, n).Where(i => (mask & (1 << i)) != 0).Select(i => basket[i]));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        var rules = new List<(string, string, long, long, long)>();
        foreach (var (key, count) in counts)
        {
            var items = key.Split('\u0001');
            if (items.Length < 2 || (double)count / orders < minSupport)
            {
                continue;
            }

            foreach (var consequent in items)
            {
                var antecedent = items.Where(i => i != consequent).ToArray();
                long a = counts[string.Join('\u0001', antecedent)];
                if ((double)count / a >= minConfidence)
                {
                    rules.Add((string.Join('|', antecedent), consequent, count, a, counts[consequent]));
                }
            }
        }

        return rules;
    }

    [Fact]
    public void A_hand_counted_example()
    {
        // Orders: {bread, milk}, {bread, butter, milk}, {bread}, {milk, butter}. By hand: bread 3, milk 3, butter 2,
        // bread+milk 2, milk+butter 2, bread+butter 1, all three 1 of 4 orders.
        var lines = new[]
        {
            Line("1", "bread"), Line("1", "milk"), Line("2", "bread"), Line("2", "butter"), Line("2", "milk"), Line("2", "milk"),
            Line("3", "bread"), Line("4", "milk"), Line("4", "butter"),
        };
        var set = new AssociationRuleMiner().Mine(OrderBaskets.FromTransactions(lines), new AssociationRuleOptions { MinSupport = 0.5, MinConfidence = 0.6 });
        Assert.Equal(4, set.Orders);
        Assert.Equal(2, set.MinimumOrders);

        // Pairs with 2 orders: bread+milk (conf 2/3 both ways), milk+butter (milk->butter 2/3, butter->milk 1).
        Assert.Equal(4, set.Rules.Count);
        var top = set.Rules[0];
        Assert.Equal("butter", Assert.Single(top.Antecedent));
        Assert.Equal("milk", top.Consequent);
        Assert.Equal(1.0, top.Confidence);
        Assert.Equal(1.0 / 0.75, top.Lift, 14); // confidence 1 over milk's support 3/4
        Assert.Equal(0.5, top.Support);
        Assert.Equal(2, top.Orders);
        var breadMilk = set.Rules.Single(r => r.AntecedentText == "bread" && r.Consequent == "milk");
        Assert.Equal(2.0 / 3, breadMilk.Confidence, 15);
        Assert.Equal((2.0 / 3) / 0.75, breadMilk.Lift, 14);
    }

    [Fact]
    public void Rules_of_three_items_name_both_antecedent_items_in_ordinal_order()
    {
        var lines = new List<ItemTransaction>();
        for (int o = 0; o < 10; o++)
        {
            lines.Add(Line("o" + o, "b"));
            lines.Add(Line("o" + o, "a"));
            if (o < 5)
            {
                lines.Add(Line("o" + o, "c"));
            }
        }

        var set = new AssociationRuleMiner().Mine(OrderBaskets.FromTransactions(lines), new AssociationRuleOptions { MinSupport = 0.5, MinConfidence = 0.5 });
        // {a,b} -> c (5 of 10), {a,c} -> b and {b,c} -> a (5 of 5).
        Assert.Equal(3, set.Rules.Count(r => r.Antecedent.Count == 2));
        var rule = set.Rules.Single(r => r.Consequent == "c" && r.Antecedent.Count == 2);
        Assert.Equal("a|b", rule.AntecedentText);
        Assert.Equal(0.5, rule.Confidence);
        Assert.Equal(1.0, rule.Lift);
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300)]
    public bool The_miner_finds_exactly_the_brute_force_rules(ItemLog log, byte supportSeed, byte confidenceSeed, bool four)
    {
        double minSupport = 0.05 + (supportSeed % 10) * 0.05;
        double minConfidence = (confidenceSeed % 11) * 0.1;
        int maxItems = four ? 4 : 2 + (supportSeed % 2);
        var expected = BruteForce(log.Lines.Select(l => (l.OrderId!, l.Item!)), minSupport, minConfidence, maxItems, out int orders)
            .OrderBy(r => r.Antecedent, StringComparer.Ordinal).ThenBy(r => r.Consequent, StringComparer.Ordinal).ToList();
        var set = new AssociationRuleMiner().Mine(OrderBaskets.FromTransactions(log.Lines), new AssociationRuleOptions { MinSupport = minSupport, MinConfidence = minConfidence, MaxItems = maxItems });
        var actual = set.Rules.Select(r => (r.AntecedentText, r.Consequent, r.Orders, r.AntecedentOrders, r.ConsequentOrders))
            .OrderBy(r => r.AntecedentText, StringComparer.Ordinal).ThenBy(r => r.Consequent, StringComparer.Ordinal).ToList();
        return set.Orders == orders && expected.SequenceEqual(actual);
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public bool Rules_are_sorted_by_lift_then_support_and_measures_agree(ItemLog log)
    {
        var set = new AssociationRuleMiner().Mine(OrderBaskets.FromTransactions(log.Lines), new AssociationRuleOptions { MinSupport = 0.05, MinConfidence = 0 });
        for (int i = 1; i < set.Rules.Count; i++)
        {
            var (a, b) = (set.Rules[i - 1], set.Rules[i]);
            if (a.Lift < b.Lift || (a.Lift == b.Lift && a.Support < b.Support))
            {
                return false;
            }
        }

        return set.Rules.All(r =>
            r.Confidence > 0 && r.Confidence <= 1 && r.Lift > 0 && double.IsFinite(r.Lift)
            && Math.Abs(r.Confidence - (r.Support / r.AntecedentSupport)) < 1e-12
            && Math.Abs(r.Lift - (r.Confidence / r.ConsequentSupport)) < 1e-9 * r.Lift
            && !r.Antecedent.Contains(r.Consequent));
    }

    [Fact]
    public void The_support_threshold_is_the_same_division_as_the_reported_support()
    {
        // 0.07 * 100 = 7.000000000000001 in doubles: 7 orders of 100 must still reach 7 %.
        var options = new AssociationRuleOptions { MinSupport = 0.07 };
        Assert.Equal(7, options.MinimumOrders(100));
        Assert.True(7.0 / 100 >= 0.07);
        Assert.Equal(1, new AssociationRuleOptions { MinSupport = 1e-9 }.MinimumOrders(3));
        Assert.Equal(3, new AssociationRuleOptions { MinSupport = 1 }.MinimumOrders(3));
    }

    [Fact]
    public void Bad_options_and_lines_are_refused_with_their_names()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AssociationRuleOptions { MinSupport = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new AssociationRuleOptions { MinConfidence = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new AssociationRuleOptions { MaxItems = 1 });
        var e = Assert.Throws<ArgumentException>(() => OrderBaskets.FromTransactions([Line("1", "a"), new ItemTransaction("c", DateTime.MinValue, 1, "2")]));
        Assert.Contains("Transaction 2, field 'item'", e.Message, StringComparison.Ordinal);
        var empty = new AssociationRuleMiner().Mine(OrderBaskets.FromTransactions([]));
        Assert.Equal(0, empty.Orders);
        Assert.Empty(empty.Rules);
    }

    [Fact]
    public void Orders_that_come_back_later_are_one_basket_and_repeats_count_once()
    {
        var baskets = OrderBaskets.FromTransactions([Line("1", "a"), Line("2", "b"), Line("1", "a"), Line("1", "c"), Line("1", "a")]);
        Assert.Equal(2, baskets.OrderCount);
        Assert.Equal(3, baskets.PairCount);
        Assert.Equal(new[] { "a", "c" }, baskets.ItemsOf(0).ToArray().Select(i => baskets.Items[i]));
    }
}
