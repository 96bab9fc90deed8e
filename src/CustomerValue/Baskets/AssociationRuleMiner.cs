namespace CustomerValue.Baskets;

/// <summary>Finds association rules in order baskets.</summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IAssociationRuleMiner
{
    /// <summary>Finds every rule at or above the thresholds of <paramref name="options"/> (complete, exact counts).</summary>
    /// <param name="baskets">The orders' item sets.</param>
    /// <param name="options">The thresholds; null for <see cref="AssociationRuleOptions.Default"/>.</param>
    AssociationRuleSet Mine(OrderBaskets baskets, AssociationRuleOptions? options = null);
}

/// <summary>
/// The default <see cref="IAssociationRuleMiner"/>: FP-growth (Han, Pei &amp; Yin 2000) for the frequent item sets, then
/// every rule with one item on the right.
/// </summary>
/// <remarks>
/// <para><b>What is found.</b> Every rule A → b with |A| + 1 ≤ <see cref="AssociationRuleOptions.MaxItems"/>,
/// support(A ∪ {b}) ≥ <see cref="AssociationRuleOptions.MinSupport"/> and confidence ≥
/// <see cref="AssociationRuleOptions.MinConfidence"/> — complete, with exact counts: FP-growth enumerates every item
/// set whose order count reaches the threshold, and a rule's antecedent is a subset of a frequent set, hence frequent
/// and counted too.</para>
/// <para><b>How.</b> Items below the support threshold are dropped; the rest are ranked by order count (descending, ties by
/// name) and every order is inserted into a prefix tree in that order. Each item's conditional pattern base (the paths
/// above its nodes) gives the counts of the sets that end with it; a conditional tree is built only when longer sets are
/// still allowed, and the last level is counted directly from the pattern base.</para>
/// <para><b>Memory.</b> The tree has at most one node per distinct (order, frequent item) pair (fewer where orders share
/// prefixes); each frequent item set is kept once with its count. Time grows with the frequent item sets found; lower
/// thresholds and a larger <see cref="AssociationRuleOptions.MaxItems"/> find (many) more.</para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
public sealed class AssociationRuleMiner : IAssociationRuleMiner
{
    /// <inheritdoc/>
    public AssociationRuleSet Mine(OrderBaskets baskets, AssociationRuleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        options ??= AssociationRuleOptions.Default;
        int orders = baskets.OrderCount;
        var (names, offsets, flat) = baskets.Raw;
        if (orders == 0)
        {
            return new AssociationRuleSet(options, 0, names.Length, 0, 0, 0, []);
        }

        long minimum = options.MinimumOrders(orders);
        var itemOrders = new int[names.Length];
        foreach (int item in flat)
        {
            itemOrders[item]++;
        }

        // Rank the frequent items: most orders first, ties by ordinal name.
        var frequent = Enumerable.Range(0, names.Length).Where(i => itemOrders[i] >= minimum).ToArray();
        Array.Sort(frequent, (x, y) =>
        {
            int c = itemOrders[y].CompareTo(itemOrders[x]);
            return c != 0 ? c : string.CompareOrdinal(names[x], names[y]);
        });
        int f = frequent.Length;
        var rankOf = new int[names.Length];
        Array.Fill(rankOf, -1);
        for (int r = 0; r < f; r++)
        {
            rankOf[frequent[r]] = r;
        }

        var tree = new FpTree(f);
        var path = new List<int>();
        for (int o = 0; o < orders; o++)
        {
            path.Clear();
            for (int k = offsets[o]; k < offsets[o + 1]; k++)
            {
                int r = rankOf[flat[k]];
                if (r >= 0)
                {
                    path.Add(r);
                }
            }

            if (path.Count > 0)
            {
                path.Sort();
                tree.Insert(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(path), 1);
            }
        }

        // Frequent sets of 2..MaxItems items, keyed by their ranks ascending.
        var sets = new Dictionary<ItemSetKey, int>();
        var identity = Enumerable.Range(0, f).ToArray();
        var prefix = new List<int>();
        Grow(tree, identity, prefix, (int)minimum, options.MaxItems, sets);

        var rules = new List<AssociationRule>();
        var antecedent = new int[options.MaxItems];
        foreach (var (set, count) in sets)
        {
            var ranks = set.Ranks;
            for (int j = 0; j < ranks.Length; j++)
            {
                int n = 0;
                for (int k = 0; k < ranks.Length; k++)
                {
                    if (k != j)
                    {
                        antecedent[n++] = ranks[k];
                    }
                }

                long antecedentCount = n == 1 ? itemOrders[frequent[antecedent[0]]] : sets[new ItemSetKey(antecedent.AsSpan(0, n).ToArray())];
                long consequentCount = itemOrders[frequent[ranks[j]]];
                double confidence = (double)count / antecedentCount;
                if (confidence < options.MinConfidence)
                {
                    continue;
                }

                var left = new string[n];
                for (int k = 0; k < n; k++)
                {
                    left[k] = names[frequent[antecedent[k]]];
                }

                Array.Sort(left, StringComparer.Ordinal);
                rules.Add(new AssociationRule(left, names[frequent[ranks[j]]], count, antecedentCount, consequentCount, orders));
            }
        }

        rules.Sort(static (x, y) =>
        {
            int c = y.Lift.CompareTo(x.Lift);
            if (c == 0)
            {
                c = y.Support.CompareTo(x.Support);
            }

            if (c == 0)
            {
                c = string.CompareOrdinal(x.AntecedentText, y.AntecedentText);
            }

            return c != 0 ? c : string.CompareOrdinal(x.Consequent, y.Consequent);
        });
        return new AssociationRuleSet(options, orders, names.Length, f, f + sets.Count, minimum, rules);
    }

    /// <summary>
    /// Mines <paramref name="tree"/> (whose local item i is global rank <paramref name="globalRank"/>[i]) for the sets that
    /// extend <paramref name="prefix"/> (global ranks), recording those of two or more items.
    /// </summary>
    private static void Grow(FpTree tree, int[] globalRank, List<int> prefix, int minimum, int maxItems, Dictionary<ItemSetKey, int> sets)
    {
        var baseCount = new int[tree.ItemCount];
        var touched = new List<int>();
        var ancestors = new List<int>();
        for (int item = tree.ItemCount - 1; item >= 0; item--)
        {
            int total = tree.Total(item);
            if (total < minimum)
            {
                continue;
            }

            prefix.Add(globalRank[item]);
            if (prefix.Count >= 2)
            {
                sets.Add(ItemSetKey.Of(prefix), total);
            }

            if (prefix.Count < maxItems && item > 0)
            {
                // The conditional pattern base of this item: item counts above its nodes.
                touched.Clear();
                for (int node = tree.First(item); node >= 0; node = tree.Next(node))
                {
                    int weight = tree.Count(node);
                    for (int up = tree.Parent(node); up > 0; up = tree.Parent(up))
                    {
                        int a = tree.Item(up);
                        if (baseCount[a] == 0)
                        {
                            touched.Add(a);
                        }

                        baseCount[a] += weight;
                    }
                }

                if (prefix.Count + 1 == maxItems)
                {
                    // Last level: the pattern base's counts are the counts of prefix + item + a.
                    foreach (int a in touched)
                    {
                        if (baseCount[a] >= minimum)
                        {
                            prefix.Add(globalRank[a]);
                            sets.Add(ItemSetKey.Of(prefix), baseCount[a]);
                            prefix.RemoveAt(prefix.Count - 1);
                        }
                    }
                }
                else
                {
                    var conditional = Conditional(tree, item, baseCount, touched, minimum, globalRank, ancestors, out var conditionalRanks);
                    if (conditional is not null)
                    {
                        Grow(conditional, conditionalRanks, prefix, minimum, maxItems, sets);
                    }
                }

                foreach (int a in touched)
                {
                    baseCount[a] = 0;
                }
            }

            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    private static FpTree? Conditional(FpTree tree, int item, int[] baseCount, List<int> touched, int minimum, int[] globalRank, List<int> ancestors, out int[] conditionalRanks)
    {
        // Keep the items of the base that reach the threshold, in the parent tree's order (local rank ascending).
        var kept = touched.Where(a => baseCount[a] >= minimum).ToArray();
        Array.Sort(kept);
        conditionalRanks = new int[kept.Length];
        if (kept.Length == 0)
        {
            return null;
        }

        var local = new Dictionary<int, int>(kept.Length);
        for (int i = 0; i < kept.Length; i++)
        {
            local[kept[i]] = i;
            conditionalRanks[i] = globalRank[kept[i]];
        }

        var conditional = new FpTree(kept.Length);
        for (int node = tree.First(item); node >= 0; node = tree.Next(node))
        {
            ancestors.Clear();
            for (int up = tree.Parent(node); up > 0; up = tree.Parent(up))
            {
                if (local.TryGetValue(tree.Item(up), out int l))
                {
                    ancestors.Add(l);
                }
            }

            if (ancestors.Count > 0)
            {
                ancestors.Reverse();
                conditional.Insert(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ancestors), tree.Count(node));
            }
        }

        return conditional;
    }

    /// <summary>An item set as its global ranks, ascending; equality by content.</summary>
    private readonly struct ItemSetKey : IEquatable<ItemSetKey>
    {
        private readonly int _hash;

        public ItemSetKey(int[] ranksAscending)
        {
            Ranks = ranksAscending;
            var h = default(HashCode);
            foreach (int r in ranksAscending)
            {
                h.Add(r);
            }

            _hash = h.ToHashCode();
        }

        public int[] Ranks { get; }

        public static ItemSetKey Of(List<int> ranks)
        {
            var a = ranks.ToArray();
            Array.Sort(a);
            return new ItemSetKey(a);
        }

        public bool Equals(ItemSetKey other) => _hash == other._hash && Ranks.AsSpan().SequenceEqual(other.Ranks);

        public override bool Equals(object? obj) => obj is ItemSetKey k && Equals(k);

        public override int GetHashCode() => _hash;
    }
}

/// <summary>A frequent-pattern tree over items 0..n−1 (0 = most frequent): nodes in flat arrays, node 0 the root.</summary>
internal sealed class FpTree
{
    private readonly int[] _first;
    private readonly int[] _total;
    private readonly Dictionary<long, int> _children = [];
    private int[] _item = new int[64];
    private int[] _count = new int[64];
    private int[] _parent = new int[64];
    private int[] _next = new int[64];
    private int _nodes = 1;

    public FpTree(int items)
    {
        ItemCount = items;
        _first = new int[items];
        _total = new int[items];
        Array.Fill(_first, -1);
        _item[0] = -1;
        _parent[0] = -1;
    }

    public int ItemCount { get; }

    public int Total(int item) => _total[item];

    public int First(int item) => _first[item];

    public int Next(int node) => _next[node];

    public int Count(int node) => _count[node];

    public int Parent(int node) => _parent[node];

    public int Item(int node) => _item[node];

    /// <summary>Inserts one path of items in ascending order with a weight.</summary>
    public void Insert(ReadOnlySpan<int> items, int weight)
    {
        int node = 0;
        foreach (int item in items)
        {
            _total[item] += weight;
            long key = ((long)node * ItemCount) + item;
            if (_children.TryGetValue(key, out int child))
            {
                _count[child] += weight;
                node = child;
                continue;
            }

            if (_nodes == _item.Length)
            {
                int size = checked(_nodes * 2);
                Array.Resize(ref _item, size);
                Array.Resize(ref _count, size);
                Array.Resize(ref _parent, size);
                Array.Resize(ref _next, size);
            }

            child = _nodes++;
            _item[child] = item;
            _count[child] = weight;
            _parent[child] = node;
            _next[child] = _first[item];
            _first[item] = child;
            _children.Add(key, child);
            node = child;
        }
    }
}
