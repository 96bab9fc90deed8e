using System.Globalization;
using CustomerValue.Baskets;
using CustomerValue.Transactions;

namespace CustomerValue.CrossSelling;

/// <summary>Which customers are cross-sell targets, and how many suggestions each gets.</summary>
/// <remarks>Immutable; change with <c>with</c>.</remarks>
public sealed record CrossSellOptions
{
    private readonly int _maxCategories = 2;
    private readonly double _valueQuantile = 0.5;
    private readonly int _suggestions = 3;
    private readonly double _headroomQuantile = 0.5;

    /// <summary>Creates the options for an analysis that ends on <paramref name="asOf"/>.</summary>
    /// <param name="asOf">The last day of observation: later lines are not counted.</param>
    public CrossSellOptions(DateOnly asOf) => AsOf = asOf;

    /// <summary>The last day of observation (inclusive).</summary>
    public DateOnly AsOf { get; init; }

    /// <summary>A target buys from at most this many categories (the source: "one or two of our products"). Default 2.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int MaxCategories { get => _maxCategories; init => _maxCategories = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxCategories), value, "At least one category."); }

    /// <summary>
    /// A target's sales are at least this quantile of all customers' sales (0.5: the top half by value). In [0, 1]; default 0.5.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in [0, 1].</exception>
    public double ValueQuantile
    {
        get => _valueQuantile;
        init => _valueQuantile = double.IsFinite(value) && value >= 0 && value <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(ValueQuantile), value, "The value quantile must be in [0, 1].");
    }

    /// <summary>
    /// When wallet headroom is given (<see cref="CrossSellAnalyzer.ToResult(AssociationRuleSet?, IReadOnlyDictionary{string, double}?)"/>),
    /// a narrow buyer is also a target when their headroom is positive and at least this quantile of all customers'
    /// headroom (0.5: the top half by room to grow). In [0, 1]; default 0.5.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in [0, 1].</exception>
    public double HeadroomQuantile
    {
        get => _headroomQuantile;
        init => _headroomQuantile = double.IsFinite(value) && value >= 0 && value <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(HeadroomQuantile), value, "The headroom quantile must be in [0, 1].");
    }

    /// <summary>The most suggested next items per customer. Default 3.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int Suggestions { get => _suggestions; init => _suggestions = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Suggestions), value, "Not negative."); }
}

/// <summary>
/// Cross-selling: per customer orders, distinct items and categories, whether the customer is a cross-sell target (buys
/// from few categories but is valuable), and suggested next items from association rules.
/// </summary>
/// <remarks>
/// <para><b>Definitions.</b> orders = distinct <see cref="ItemTransaction.OrderKey"/>s; items = distinct items;
/// categories = distinct categories (a line without a category counts its item as its category, so a log without
/// categories measures breadth in items); sales = Σ amount. Target (domain.md: "target the narrow buyers who are
/// valuable or have wallet headroom"): categories ≤ <see cref="CrossSellOptions.MaxCategories"/>, sales &gt; 0, and
/// either sales ≥ the <see cref="CrossSellOptions.ValueQuantile"/> quantile of all customers' sales (the lower order
/// statistic at ⌈q·n⌉), or — when wallet headroom is given — headroom &gt; 0 and ≥ the
/// <see cref="CrossSellOptions.HeadroomQuantile"/> quantile of all customers' headroom (same rule; a customer missing
/// from the headroom map has 0). Suggestions: the consequents of the rules whose antecedent
/// the customer has bought entirely and whose consequent they have not, in the rules' order (lift, then support), each
/// item once, up to <see cref="CrossSellOptions.Suggestions"/>.</para>
/// <para><b>Memory.</b> One entry per customer and per distinct (customer, item) and (customer, category, order) key.</para>
/// <para>Not thread-safe while adding.</para>
/// </remarks>
public sealed class CrossSellAnalyzer
{
    private readonly Dictionary<string, int> _customerIndex = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private readonly List<double> _sales = [];
    private readonly List<HashSet<string>> _items = [];
    private readonly List<HashSet<string>> _categories = [];
    private readonly List<HashSet<string>> _orders = [];
    private long _position;

    /// <summary>Creates an analyzer.</summary>
    /// <param name="options">As-of date and target rules.</param>
    public CrossSellAnalyzer(CrossSellOptions options) => Options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>The options.</summary>
    public CrossSellOptions Options { get; }

    /// <summary>Lines after the as-of date, not counted.</summary>
    public long LinesAfterAsOf { get; private set; }

    /// <summary>Adds one line.</summary>
    /// <exception cref="ArgumentException">The line is invalid (see <see cref="ItemTransactionRules.Check"/>).</exception>
    public void Add(in ItemTransaction line)
    {
        _position++;
        ItemTransactionRules.ThrowIfInvalid(line, _position, allowReturns: true, nameof(line));
        if (line.Date > Options.AsOf)
        {
            LinesAfterAsOf++;
            return;
        }

        if (!_customerIndex.TryGetValue(line.CustomerId, out int c))
        {
            c = _ids.Count;
            _customerIndex.Add(line.CustomerId, c);
            _ids.Add(line.CustomerId);
            _sales.Add(0);
            _items.Add(new HashSet<string>(StringComparer.Ordinal));
            _categories.Add(new HashSet<string>(StringComparer.Ordinal));
            _orders.Add(new HashSet<string>(StringComparer.Ordinal));
        }

        _sales[c] += line.Amount;
        _orders[c].Add(line.OrderKey);
        if (line.Item is { } item)
        {
            _items[c].Add(item);
        }

        if ((line.Category ?? line.Item) is { } category)
        {
            _categories[c].Add(category);
        }
    }

    /// <summary>Analyses in-memory lines.</summary>
    /// <param name="lines">The lines.</param>
    /// <param name="options">As-of date and target rules.</param>
    /// <param name="rules">Association rules for the suggestions; null for none.</param>
    public static CrossSellResult Analyze(IEnumerable<ItemTransaction> lines, CrossSellOptions options, AssociationRuleSet? rules = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var analyzer = new CrossSellAnalyzer(options);
        foreach (var line in lines)
        {
            analyzer.Add(line);
        }

        return analyzer.ToResult(rules);
    }

    /// <summary>The result over the lines added so far.</summary>
    /// <param name="rules">Association rules for the suggestions (for example mined from the same log); null for none.</param>
    /// <param name="walletHeadroom">
    /// Estimated wallet headroom (wallet − spend) by customer id, for example
    /// <see cref="Scoring.CustomerBasePipeline.EstimateWalletHeadroom"/> on the same log; null to judge targets by value only.
    /// </param>
    public CrossSellResult ToResult(AssociationRuleSet? rules = null, IReadOnlyDictionary<string, double>? walletHeadroom = null)
    {
        int n = _ids.Count;
        double threshold = Quantile([.. _sales], Options.ValueQuantile);
        double[]? headroom = walletHeadroom is null ? null : [.. _ids.Select(id => walletHeadroom.TryGetValue(id, out double h) && double.IsFinite(h) ? Math.Max(0, h) : 0)];
        double? headroomThreshold = headroom is null ? null : Quantile([.. headroom], Options.HeadroomQuantile);

        // Index the rules by each antecedent item, keeping their order.
        var byItem = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var ruleList = rules?.Rules ?? [];
        for (int r = 0; r < ruleList.Count; r++)
        {
            foreach (var a in ruleList[r].Antecedent)
            {
                if (!byItem.TryGetValue(a, out var list))
                {
                    byItem[a] = list = [];
                }

                list.Add(r);
            }
        }

        var customers = new CrossSellCustomer[n];
        var candidates = new SortedSet<int>();
        for (int c = 0; c < n; c++)
        {
            var items = _items[c];
            var suggested = new List<string>();
            if (Options.Suggestions > 0 && ruleList.Count > 0)
            {
                candidates.Clear();
                foreach (var item in items)
                {
                    if (byItem.TryGetValue(item, out var list))
                    {
                        candidates.UnionWith(list);
                    }
                }

                foreach (int r in candidates)
                {
                    var rule = ruleList[r];
                    if (!items.Contains(rule.Consequent) && !suggested.Contains(rule.Consequent) && rule.Antecedent.All(items.Contains))
                    {
                        suggested.Add(rule.Consequent);
                        if (suggested.Count == Options.Suggestions)
                        {
                            break;
                        }
                    }
                }
            }

            int categories = _categories[c].Count;
            bool narrow = categories <= Options.MaxCategories && _sales[c] > 0;
            bool valuable = _sales[c] >= threshold;
            bool room = headroom is not null && headroom[c] > 0 && headroom[c] >= headroomThreshold!.Value;
            customers[c] = new CrossSellCustomer(_ids[c], _orders[c].Count, items.Count, categories, _sales[c], narrow && (valuable || room), suggested)
            {
                WalletHeadroom = headroom?[c],
                IsValueTarget = narrow && valuable,
            };
        }

        return new CrossSellResult(Options, customers, threshold) { HeadroomThreshold = headroomThreshold };
    }

    /// <summary>The lower order statistic at ⌈q·n⌉ (0 for no values).</summary>
    private static double Quantile(double[] values, double q)
    {
        int n = values.Length;
        if (n == 0)
        {
            return 0;
        }

        Array.Sort(values);
        return values[Math.Clamp((int)Math.Ceiling(q * n) - 1, 0, n - 1)];
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_ids.Count} customers");
}

/// <summary>One customer's breadth of buying and cross-sell status.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Orders">Distinct orders.</param>
/// <param name="Items">Distinct items.</param>
/// <param name="Categories">Distinct categories (items where a line has no category).</param>
/// <param name="Sales">Σ amount.</param>
/// <param name="IsTarget">Whether the customer is a cross-sell target.</param>
/// <param name="SuggestedNext">Suggested next items, best first.</param>
public sealed record CrossSellCustomer(string CustomerId, int Orders, int Items, int Categories, double Sales, bool IsTarget, IReadOnlyList<string> SuggestedNext)
{
    /// <summary>The estimated wallet headroom (wallet − spend, at least 0) when the analysis was given it; otherwise null.</summary>
    public double? WalletHeadroom { get; init; }

    /// <summary>True when the customer is a target by value (narrow and sales at or above the value threshold); a target that is not is one by headroom.</summary>
    public bool IsValueTarget { get; init; }
}

/// <summary>The cross-sell analysis of a customer base.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CrossSellResult
{
    internal CrossSellResult(CrossSellOptions options, IReadOnlyList<CrossSellCustomer> customers, double valueThreshold)
    {
        Options = options;
        Customers = customers;
        ValueThreshold = valueThreshold;
        int n = customers.Count;
        ItemsPerCustomer = n == 0 ? 0 : customers.Average(c => (double)c.Items);
        CategoriesPerCustomer = n == 0 ? 0 : customers.Average(c => (double)c.Categories);
        SingleCategoryCustomers = customers.Count(c => c.Categories == 1);
        Targets = customers.Count(c => c.IsTarget);
    }

    /// <summary>The options used.</summary>
    public CrossSellOptions Options { get; }

    /// <summary>Every customer, in order of first appearance.</summary>
    public IReadOnlyList<CrossSellCustomer> Customers { get; }

    /// <summary>The headroom a narrow buyer must reach to be a target by headroom (the headroom quantile); null when no headroom was given.</summary>
    public double? HeadroomThreshold { get; init; }

    /// <summary>Targets by value (the rest of <see cref="Targets"/> are targets by wallet headroom only).</summary>
    public int ValueTargets => Customers.Count(c => c.IsValueTarget);

    /// <summary>The sales a target must reach (the value quantile of all customers' sales).</summary>
    public double ValueThreshold { get; }

    /// <summary>Mean distinct items per customer.</summary>
    public double ItemsPerCustomer { get; }

    /// <summary>Mean distinct categories per customer (the source's "accounts per customer").</summary>
    public double CategoriesPerCustomer { get; }

    /// <summary>Customers who bought from one category only.</summary>
    public int SingleCategoryCustomers { get; }

    /// <summary>Cross-sell targets.</summary>
    public int Targets { get; }
}
