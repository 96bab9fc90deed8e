using System.Globalization;
using CustomerValue.Segmentation;
using CustomerValue.Transactions;

namespace CustomerValue.Profitability;

/// <summary>
/// Collects item-level lines into per-customer sales, profit and discount, and per item and category margins, one line
/// at a time. Memory: one entry per customer, per item and per category; nothing per line.
/// </summary>
/// <remarks>Not thread-safe: one accumulator per reader.</remarks>
public sealed class ProfitabilityAccumulator
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private readonly List<CustomerTotals> _customers = [];
    private readonly Dictionary<string, MarginTotals> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MarginTotals> _categories = new(StringComparer.Ordinal);
    private readonly int _asOf;
    private readonly int _recentStart;
    private readonly int _previousStart;
    private long _position;

    /// <summary>Creates an accumulator.</summary>
    /// <param name="options">The as-of date and the rules.</param>
    public ProfitabilityAccumulator(ProfitabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _asOf = options.AsOf.DayNumber;
        _recentStart = _asOf - options.TrendDays + 1;
        _previousStart = _recentStart - options.TrendDays;
    }

    /// <summary>The options.</summary>
    public ProfitabilityOptions Options { get; }

    /// <summary>Lines dated after <see cref="ProfitabilityOptions.AsOf"/>, not counted.</summary>
    public long LinesAfterAsOf { get; private set; }

    /// <summary>Lines without a profit (counted in sales, not in profit).</summary>
    public long LinesWithoutProfit { get; private set; }

    /// <summary>Adds one line.</summary>
    /// <param name="line">The line (returns, with negative amounts, are allowed).</param>
    /// <exception cref="ArgumentException">The line is invalid (see <see cref="ItemTransactionRules.Check"/>).</exception>
    public void Add(in ItemTransaction line)
    {
        _position++;
        ItemTransactionRules.ThrowIfInvalid(line, _position, allowReturns: true, nameof(line));
        int day = line.Date.DayNumber;
        if (day > _asOf)
        {
            LinesAfterAsOf++;
            return;
        }

        if (!_index.TryGetValue(line.CustomerId, out int c))
        {
            c = _ids.Count;
            _index.Add(line.CustomerId, c);
            _ids.Add(line.CustomerId);
            _customers.Add(default);
        }

        double profit = line.Profit ?? 0;
        if (line.Profit is null)
        {
            LinesWithoutProfit++;
        }

        var t = _customers[c];
        t.Sales += line.Amount;
        t.Profit += profit;
        if (line.IsDiscounted)
        {
            t.DiscountedSales += line.Amount;
        }

        if (day >= _recentStart)
        {
            t.Recent += line.Amount;
        }
        else if (day >= _previousStart)
        {
            t.Previous += line.Amount;
        }

        _customers[c] = t;
        if (line.Profit is not null)
        {
            if (line.Item is { } item)
            {
                Bump(_items, item, line.Amount, profit);
            }

            if (line.Category is { } category)
            {
                Bump(_categories, category, line.Amount, profit);
            }
        }
    }

    /// <summary>The analysis of the lines added so far.</summary>
    public CustomerProfitability ToResult() => new(Options, [.. _ids], [.. _customers], Margins(_items, MarginLevel.Item), Margins(_categories, MarginLevel.Category), LinesAfterAsOf, LinesWithoutProfit);

    private static void Bump(Dictionary<string, MarginTotals> totals, string key, double sales, double profit)
    {
        var m = totals.GetValueOrDefault(key);
        totals[key] = new MarginTotals(m.Sales + sales, m.Profit + profit);
    }

    private List<ItemMargin> Margins(Dictionary<string, MarginTotals> totals, MarginLevel level) =>
        [.. totals.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new ItemMargin(level, kv.Key, kv.Value.Sales, kv.Value.Profit, Options.MarginLimit))];

    internal struct CustomerTotals
    {
        public double Sales;
        public double Profit;
        public double DiscountedSales;
        public double Recent;
        public double Previous;
    }

    private readonly record struct MarginTotals(double Sales, double Profit);
}

/// <summary>Whether a margin is an item's or a category's.</summary>
public enum MarginLevel
{
    /// <summary>One item.</summary>
    Item,

    /// <summary>One category.</summary>
    Category,
}

/// <summary>The margin of one item or category, and whether it is below the early-warning limit.</summary>
/// <remarks>Immutable.</remarks>
public sealed class ItemMargin
{
    internal ItemMargin(MarginLevel level, string name, double sales, double profit, double limit)
    {
        Level = level;
        Name = name;
        Sales = sales;
        Profit = profit;
        MarginRate = sales > 0 ? profit / sales : null;
        BelowLimit = MarginRate is { } m ? m < limit - CustomerProfitability.Tolerance : profit < 0 || (profit <= 0 && limit > 0);
    }

    /// <summary>Item or category.</summary>
    public MarginLevel Level { get; }

    /// <summary>The item's or category's name.</summary>
    public string Name { get; }

    /// <summary>Sales of its lines that have a profit.</summary>
    public double Sales { get; }

    /// <summary>Their profit.</summary>
    public double Profit { get; }

    /// <summary>Profit / sales; null when sales are not positive.</summary>
    public double? MarginRate { get; }

    /// <summary>
    /// True when the margin rate is below the limit by more than 1e-9 (with no positive sales: when the profit is
    /// negative, or zero under a positive limit). The tolerance keeps an item at exactly the limit — 23.288 of 93.152 is
    /// 25 % — from being flagged because its decimal prices were summed in binary doubles.
    /// </summary>
    public bool BelowLimit { get; }
}

/// <summary>
/// Customer profitability: per customer sales, profit, margin rate, share bought on discount, the price-only flag and
/// the profit group; sales and profit deciles side by side; below-zero customers; item and category margins against the
/// early-warning limit. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>Definitions: sales = Σ amount; profit = Σ profit; margin rate = profit / sales (null unless sales &gt; 0);
/// discount share = Σ amount of lines with a discount above zero / sales (null unless sales &gt; 0); price-only =
/// discount share ≥ <see cref="ProfitabilityOptions.PriceOnlyShare"/> (within <see cref="Tolerance"/>) and profit ≤ 0.</para>
/// <para>Profit groups, in this order of precedence: <see cref="ProfitGroup.PriceOnly"/>; <see cref="ProfitGroup.BelowZero"/>
/// (profit &lt; 0); then, ranking the customers who are not price-only by sales (descending, ties by id), a customer
/// with positive profit whose preceding cumulative share of sales is below <see cref="ProfitabilityOptions.TopShare"/>
/// is <see cref="ProfitGroup.Top"/>, below <see cref="ProfitabilityOptions.CoreShare"/> is <see cref="ProfitGroup.Core"/>;
/// else, with positive profit and less sales in the last trend window than in the one before,
/// <see cref="ProfitGroup.Declining"/>; else <see cref="ProfitGroup.Other"/>.</para>
/// </remarks>
public sealed class CustomerProfitability
{
    internal CustomerProfitability(ProfitabilityOptions options, string[] ids, ProfitabilityAccumulator.CustomerTotals[] totals, List<ItemMargin> items, List<ItemMargin> categories, long later, long withoutProfit)
    {
        Options = options;
        CustomerIds = ids;
        int n = ids.Length;
        var sales = new double[n];
        var profit = new double[n];
        var margin = new double?[n];
        var discount = new double?[n];
        var priceOnly = new bool[n];
        var groups = new ProfitGroup[n];
        for (int i = 0; i < n; i++)
        {
            sales[i] = totals[i].Sales;
            profit[i] = totals[i].Profit;
            if (sales[i] > 0)
            {
                margin[i] = profit[i] / sales[i];
                discount[i] = totals[i].DiscountedSales / sales[i];
            }

            priceOnly[i] = discount[i] is { } d && d >= options.PriceOnlyShare - Tolerance && profit[i] <= 0;
        }

        // Rank the customers who are not price-only by sales for groups 1 and 2.
        var ranked = Enumerable.Range(0, n).Where(i => !priceOnly[i]).ToArray();
        Array.Sort(ranked, (x, y) =>
        {
            int c = sales[y].CompareTo(sales[x]);
            return c != 0 ? c : string.CompareOrdinal(ids[x], ids[y]);
        });
        double rankedTotal = ranked.Sum(i => Math.Max(sales[i], 0));
        var before = new double[n];
        double running = 0;
        foreach (int i in ranked)
        {
            before[i] = rankedTotal > 0 ? running / rankedTotal : 1;
            running += Math.Max(sales[i], 0);
        }

        for (int i = 0; i < n; i++)
        {
            groups[i] = priceOnly[i] ? ProfitGroup.PriceOnly
                : profit[i] < 0 ? ProfitGroup.BelowZero
                : profit[i] > 0 && sales[i] > 0 && before[i] < options.TopShare ? ProfitGroup.Top
                : profit[i] > 0 && sales[i] > 0 && before[i] < options.CoreShare ? ProfitGroup.Core
                : profit[i] > 0 && totals[i].Recent < totals[i].Previous ? ProfitGroup.Declining
                : ProfitGroup.Other;
        }

        Sales = sales;
        Profit = profit;
        MarginRate = margin;
        DiscountShare = discount;
        PriceOnly = priceOnly;
        Groups = groups;
        ItemMargins = items;
        CategoryMargins = categories;
        LinesAfterAsOf = later;
        LinesWithoutProfit = withoutProfit;
        BelowZeroCustomers = profit.Count(p => p < 0);
        PriceOnlyCustomers = priceOnly.Count(p => p);
        var analyzer = new ValueConcentrationAnalyzer();
        SalesConcentration = n > 0 && sales.Sum() > 0 ? analyzer.Analyze(sales, ids) : null;
        ProfitConcentration = n > 0 && profit.Sum() > 0 ? analyzer.Analyze(profit, ids) : null;
    }

    /// <summary>How far below a limit a share must be to count as below it (sums of decimal prices in doubles carry rounding): 1e-9.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>The options used.</summary>
    public ProfitabilityOptions Options { get; }

    /// <summary>Customer ids, in order of first appearance.</summary>
    public IReadOnlyList<string> CustomerIds { get; }

    /// <summary>The number of customers.</summary>
    public int Count => CustomerIds.Count;

    /// <summary>Sales per customer (Σ amount).</summary>
    public IReadOnlyList<double> Sales { get; }

    /// <summary>Profit per customer (Σ profit; lines without a profit add nothing).</summary>
    public IReadOnlyList<double> Profit { get; }

    /// <summary>Profit / sales per customer; null unless sales are positive.</summary>
    public IReadOnlyList<double?> MarginRate { get; }

    /// <summary>Share of sales bought on discount per customer; null unless sales are positive.</summary>
    public IReadOnlyList<double?> DiscountShare { get; }

    /// <summary>Whether each customer is price-only.</summary>
    public IReadOnlyList<bool> PriceOnly { get; }

    /// <summary>The profit group of each customer.</summary>
    public IReadOnlyList<ProfitGroup> Groups { get; }

    /// <summary>Customers whose cumulative profit is below zero.</summary>
    public int BelowZeroCustomers { get; }

    /// <summary>Price-only customers.</summary>
    public int PriceOnlyCustomers { get; }

    /// <summary>Deciles (and the rest of the concentration measures) of sales; null when total sales are not positive.</summary>
    public ValueConcentration? SalesConcentration { get; }

    /// <summary>Deciles of profit; null when total profit is not positive (deciles of a loss are not defined).</summary>
    public ValueConcentration? ProfitConcentration { get; }

    /// <summary>Margins per item (of lines with a profit), ordinal by name.</summary>
    public IReadOnlyList<ItemMargin> ItemMargins { get; }

    /// <summary>Margins per category (of lines with a profit), ordinal by name.</summary>
    public IReadOnlyList<ItemMargin> CategoryMargins { get; }

    /// <summary>Lines after the as-of date, not counted.</summary>
    public long LinesAfterAsOf { get; }

    /// <summary>Lines without a profit value.</summary>
    public long LinesWithoutProfit { get; }

    /// <summary>The CLI name of a group: <c>price_only</c>, <c>below_zero</c>, <c>top</c>, <c>core</c>, <c>declining</c>, <c>other</c>.</summary>
    /// <param name="group">The group.</param>
    public static string Name(ProfitGroup group) => group switch
    {
        ProfitGroup.PriceOnly => "price_only",
        ProfitGroup.BelowZero => "below_zero",
        ProfitGroup.Top => "top",
        ProfitGroup.Core => "core",
        ProfitGroup.Declining => "declining",
        _ => "other",
    };

    /// <summary>Customers per group.</summary>
    public int CountOf(ProfitGroup group) => Groups.Count(g => g == group);

    /// <summary>Analyses in-memory lines.</summary>
    /// <param name="lines">The lines.</param>
    /// <param name="options">The as-of date and rules.</param>
    /// <exception cref="ArgumentException">A line is invalid; the message names its position.</exception>
    public static CustomerProfitability Analyze(IEnumerable<ItemTransaction> lines, ProfitabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var accumulator = new ProfitabilityAccumulator(options);
        foreach (var line in lines)
        {
            accumulator.Add(line);
        }

        return accumulator.ToResult();
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Count} customers, {BelowZeroCustomers} below zero, {PriceOnlyCustomers} price-only");
}
