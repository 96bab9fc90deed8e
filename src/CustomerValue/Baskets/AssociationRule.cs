using System.Globalization;

namespace CustomerValue.Baskets;

/// <summary>
/// One association rule "orders holding <see cref="Antecedent"/> also hold <see cref="Consequent"/>", with exact counts.
/// </summary>
/// <remarks>
/// Supports are fractions of all orders. <see cref="Confidence"/> = orders / antecedent orders (= support / antecedent
/// support); <see cref="Lift"/> = confidence / consequent support. Both are computed from the exact integer counts, each
/// with one rounding. Immutable.
/// </remarks>
public sealed class AssociationRule
{
    internal AssociationRule(IReadOnlyList<string> antecedent, string consequent, long orders, long antecedentOrders, long consequentOrders, long totalOrders)
    {
        Antecedent = antecedent;
        Consequent = consequent;
        Orders = orders;
        AntecedentOrders = antecedentOrders;
        ConsequentOrders = consequentOrders;
        Support = (double)orders / totalOrders;
        AntecedentSupport = (double)antecedentOrders / totalOrders;
        ConsequentSupport = (double)consequentOrders / totalOrders;
        Confidence = (double)orders / antecedentOrders;
        Lift = (double)orders * totalOrders / ((double)antecedentOrders * consequentOrders);
    }

    /// <summary>The items on the left, in ordinal order (at least one).</summary>
    public IReadOnlyList<string> Antecedent { get; }

    /// <summary>The one item on the right (not among the antecedent's).</summary>
    public string Consequent { get; }

    /// <summary>Orders holding every item of the antecedent and the consequent.</summary>
    public long Orders { get; }

    /// <summary>Orders holding every item of the antecedent.</summary>
    public long AntecedentOrders { get; }

    /// <summary>Orders holding the consequent.</summary>
    public long ConsequentOrders { get; }

    /// <summary>Share of all orders holding the antecedent and the consequent.</summary>
    public double Support { get; }

    /// <summary>Share of all orders holding the antecedent.</summary>
    public double AntecedentSupport { get; }

    /// <summary>Share of all orders holding the consequent.</summary>
    public double ConsequentSupport { get; }

    /// <summary>Share of the antecedent's orders that also hold the consequent, in (0, 1].</summary>
    public double Confidence { get; }

    /// <summary>Confidence over the consequent's support: above 1, the items go together more often than by chance.</summary>
    public double Lift { get; }

    /// <summary>The antecedent's items joined by <c>|</c>, as in the CLI's <c>antecedent</c> column.</summary>
    public string AntecedentText => string.Join('|', Antecedent);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{AntecedentText} => {Consequent}: support {Support:0.####}, confidence {Confidence:0.###}, lift {Lift:0.##} ({Orders} orders)");
}

/// <summary>Every association rule above the thresholds, and what they were mined from.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class AssociationRuleSet
{
    internal AssociationRuleSet(AssociationRuleOptions options, long orders, int items, int frequentItems, long frequentItemsets, long minimumOrders, IReadOnlyList<AssociationRule> rules)
    {
        Options = options;
        Orders = orders;
        Items = items;
        FrequentItems = frequentItems;
        FrequentItemsets = frequentItemsets;
        MinimumOrders = minimumOrders;
        Rules = rules;
    }

    /// <summary>The thresholds used.</summary>
    public AssociationRuleOptions Options { get; }

    /// <summary>The number of orders (the denominator of every support).</summary>
    public long Orders { get; }

    /// <summary>The number of distinct items.</summary>
    public int Items { get; }

    /// <summary>Items held by at least <see cref="MinimumOrders"/> orders.</summary>
    public int FrequentItems { get; }

    /// <summary>Item sets of 1 to <see cref="AssociationRuleOptions.MaxItems"/> items held by at least <see cref="MinimumOrders"/> orders.</summary>
    public long FrequentItemsets { get; }

    /// <summary>The least number of orders a rule must cover to reach the minimum support.</summary>
    public long MinimumOrders { get; }

    /// <summary>
    /// The rules, sorted by lift, then support, descending (then by antecedent and consequent, ordinal, so the order is
    /// deterministic).
    /// </summary>
    public IReadOnlyList<AssociationRule> Rules { get; }
}
