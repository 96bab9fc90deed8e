using System.Globalization;
using CustomerValue.Transactions;

namespace CustomerValue.Baskets;

/// <summary>Whether sequences are found between items or between categories.</summary>
public enum SequenceLevel
{
    /// <summary>Items (<see cref="ItemTransaction.Item"/>).</summary>
    Item,

    /// <summary>Categories (<see cref="ItemTransaction.Category"/>).</summary>
    Category,
}

/// <summary>The window and listing threshold of sequence discovery.</summary>
/// <remarks>Immutable; change with <c>with</c>.</remarks>
public sealed record SequenceOptions
{
    private readonly int _withinDays = 90;
    private readonly int _minCustomers = 20;

    /// <summary>The window W in days after the first purchase of A within which B must follow. Default 90.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int WithinDays { get => _withinDays; init => _withinDays = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(WithinDays), value, "The window is at least one day."); }

    /// <summary>A pair is listed when at least this many customers buy B within the window. Default 20.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int MinCustomers { get => _minCustomers; init => _minCustomers = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MinCustomers), value, "At least one customer."); }

    /// <summary>Items or categories. Default items.</summary>
    public SequenceLevel Level { get; init; } = SequenceLevel.Item;

    /// <summary>The last day the log covers; null for the last date in the log.</summary>
    public DateOnly? ObservationEnd { get; init; }
}

/// <summary>"Customers who first buy A buy B within W days": one pair with its counts.</summary>
/// <remarks>Immutable. See <see cref="PurchaseSequenceAnalyzer"/> for the definitions.</remarks>
/// <param name="First">A, the item bought first.</param>
/// <param name="Then">B, the item that follows.</param>
/// <param name="CustomersFirst">Customers whose first purchase of A is at least W days before the end of the log and who had not bought B on or before that day.</param>
/// <param name="CustomersThenWithin">Of them, those who buy B on a day in (d_A, d_A + W].</param>
/// <param name="BaseRate">The base rate of B (see <see cref="PurchaseSequenceAnalyzer"/>); null when no customer is eligible for it.</param>
public sealed record SequenceRule(string First, string Then, long CustomersFirst, long CustomersThenWithin, double? BaseRate)
{
    /// <summary><see cref="CustomersThenWithin"/> / <see cref="CustomersFirst"/>, in (0, 1].</summary>
    public double Probability => (double)CustomersThenWithin / CustomersFirst;

    /// <summary>Probability / base rate of B; null when the base rate is null or zero (no customer bought B within W days of a first purchase).</summary>
    public double? Lift => BaseRate is > 0 ? Probability / BaseRate.Value : null;
}

/// <summary>The listed sequence pairs, and what they were counted over.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SequenceRuleSet
{
    internal SequenceRuleSet(SequenceOptions options, DateOnly? end, int customers, int observedCustomers, int items, IReadOnlyList<SequenceRule> rules)
    {
        Options = options;
        ObservationEnd = end;
        Customers = customers;
        ObservedCustomers = observedCustomers;
        Items = items;
        Rules = rules;
    }

    /// <summary>The options used.</summary>
    public SequenceOptions Options { get; }

    /// <summary>The end of the log used for the window test (null for an empty log).</summary>
    public DateOnly? ObservationEnd { get; }

    /// <summary>Customers with at least one line with an item (or category).</summary>
    public int Customers { get; }

    /// <summary>Customers observed for W days after their first purchase (the base-rate population before excluding prior buyers).</summary>
    public int ObservedCustomers { get; }

    /// <summary>Distinct items (or categories).</summary>
    public int Items { get; }

    /// <summary>The pairs with at least <see cref="SequenceOptions.MinCustomers"/> customers buying B within the window, by probability, then customers, descending (then by names, ordinal).</summary>
    public IReadOnlyList<SequenceRule> Rules { get; }
}

/// <summary>
/// Sequence discovery: for every item A and item B, the share of customers who buy B within W days after first buying A,
/// counted only where the log covers the whole window (right-censoring), with a lift against B's base rate.
/// </summary>
/// <remarks>
/// <para><b>Definitions</b> (the CLI contract's). For a customer, d_A = the day of their first purchase of A; the
/// customer counts in <c>customers_first(A, B)</c> when d_A + W ≤ the end of the log and they had not bought B on or
/// before d_A; <c>customers_then_within</c> = those of them who buy B on a day in (d_A, d_A + W]; probability = the
/// ratio. Base rate of B: among customers whose first purchase (of anything), d_0, has d_0 + W ≤ the end, and who had not
/// bought B on or before d_0, the share who buy B in (d_0, d_0 + W]. Lift = probability / base rate. Only first
/// purchase days matter: since B was not bought by d_A, "buys B in (d_A, d_A + W]" is "first buys B in it".</para>
/// <para><b>Memory</b>: one entry per distinct (customer, item) pair (its first day); the counting works item by item
/// with two arrays as long as the number of items, so time is Σ over customers of (distinct items)².</para>
/// <para>Use <see cref="Add"/> to stream a log, then <see cref="Analyze()"/>. Not thread-safe while adding.</para>
/// </remarks>
public sealed class PurchaseSequenceAnalyzer
{
    private readonly Dictionary<string, int> _customers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _itemIndex = new(StringComparer.Ordinal);
    private readonly List<string> _items = [];
    private readonly Dictionary<long, int> _firstDay = [];
    private int _lastDay = int.MinValue;
    private long _position;

    /// <summary>Creates an analyzer.</summary>
    /// <param name="options">Window, threshold, level and end; null for the defaults.</param>
    public PurchaseSequenceAnalyzer(SequenceOptions? options = null) => Options = options ?? new SequenceOptions();

    /// <summary>The options.</summary>
    public SequenceOptions Options { get; }

    /// <summary>Lines skipped because they have no item (or category).</summary>
    public long LinesWithoutItem { get; private set; }

    /// <summary>Lines after <see cref="SequenceOptions.ObservationEnd"/>, skipped.</summary>
    public long LinesAfterEnd { get; private set; }

    /// <summary>Adds one line.</summary>
    /// <exception cref="ArgumentException">The line is invalid (see <see cref="ItemTransactionRules.Check"/>).</exception>
    public void Add(in ItemTransaction line)
    {
        _position++;
        ItemTransactionRules.ThrowIfInvalid(line, _position, allowReturns: true, nameof(line));
        string? key = Options.Level == SequenceLevel.Item ? line.Item : line.Category;
        int day = line.Date.DayNumber;
        if (Options.ObservationEnd is { } end && day > end.DayNumber)
        {
            LinesAfterEnd++;
            return;
        }

        if (key is null)
        {
            LinesWithoutItem++;
            return;
        }

        if (!_customers.TryGetValue(line.CustomerId, out int c))
        {
            c = _customers.Count;
            _customers.Add(line.CustomerId, c);
        }

        if (!_itemIndex.TryGetValue(key, out int item))
        {
            item = _items.Count;
            _itemIndex.Add(key, item);
            _items.Add(key);
        }

        long pair = ((long)c << 32) | (uint)item;
        if (!_firstDay.TryGetValue(pair, out int first) || day < first)
        {
            _firstDay[pair] = day;
        }

        _lastDay = Math.Max(_lastDay, day);
    }

    /// <summary>Analyses in-memory lines.</summary>
    public static SequenceRuleSet Analyze(IEnumerable<ItemTransaction> lines, SequenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var analyzer = new PurchaseSequenceAnalyzer(options);
        foreach (var line in lines)
        {
            analyzer.Add(line);
        }

        return analyzer.Analyze();
    }

    /// <summary>Counts every pair over the lines added so far.</summary>
    public SequenceRuleSet Analyze()
    {
        int customers = _customers.Count;
        int items = _items.Count;
        int w = Options.WithinDays;
        if (customers == 0)
        {
            return new SequenceRuleSet(Options, Options.ObservationEnd, 0, 0, 0, []);
        }

        int end = Options.ObservationEnd?.DayNumber ?? _lastDay;

        // Per customer, its (item, first day) pairs: compressed rows.
        var offsets = new int[customers + 1];
        foreach (var pair in _firstDay.Keys)
        {
            offsets[(int)(pair >> 32) + 1]++;
        }

        for (int c = 0; c < customers; c++)
        {
            offsets[c + 1] += offsets[c];
        }

        var fill = offsets.AsSpan(0, customers).ToArray();
        var pairItem = new int[_firstDay.Count];
        var pairDay = new int[_firstDay.Count];
        var firstAny = new int[customers];
        Array.Fill(firstAny, int.MaxValue);
        foreach (var (pair, day) in _firstDay)
        {
            int c = (int)(pair >> 32);
            int k = fill[c]++;
            pairItem[k] = (int)(uint)pair;
            pairDay[k] = day;
            firstAny[c] = Math.Min(firstAny[c], day);
        }

        // Base rates.
        int observed = 0;
        var baseEligible = new long[items];
        var baseWithin = new long[items];
        var priorAtFirst = new long[items];
        for (int c = 0; c < customers; c++)
        {
            int d0 = firstAny[c];
            if (d0 > end - w)
            {
                continue;
            }

            observed++;
            for (int k = offsets[c]; k < offsets[c + 1]; k++)
            {
                if (pairDay[k] <= d0)
                {
                    priorAtFirst[pairItem[k]]++;
                }
                else if (pairDay[k] <= d0 + w)
                {
                    baseWithin[pairItem[k]]++;
                }
            }
        }

        for (int b = 0; b < items; b++)
        {
            baseEligible[b] = observed - priorAtFirst[b];
        }

        // Customers per item A (those observed for W days after d_A).
        var byItem = new List<(int Customer, int Day)>[items];
        for (int c = 0; c < customers; c++)
        {
            for (int k = offsets[c]; k < offsets[c + 1]; k++)
            {
                if (pairDay[k] <= end - w)
                {
                    (byItem[pairItem[k]] ??= []).Add((c, pairDay[k]));
                }
            }
        }

        var then = new long[items];
        var prior = new long[items];
        var touched = new List<int>();
        var rules = new List<SequenceRule>();
        for (int a = 0; a < items; a++)
        {
            var buyers = byItem[a];
            if (buyers is null || buyers.Count < Options.MinCustomers)
            {
                continue;
            }

            touched.Clear();
            foreach (var (c, dA) in buyers)
            {
                for (int k = offsets[c]; k < offsets[c + 1]; k++)
                {
                    int b = pairItem[k];
                    if (b == a)
                    {
                        continue;
                    }

                    if (then[b] == 0 && prior[b] == 0)
                    {
                        touched.Add(b);
                    }

                    if (pairDay[k] <= dA)
                    {
                        prior[b]++;
                    }
                    else if (pairDay[k] <= dA + w)
                    {
                        then[b]++;
                    }
                }
            }

            foreach (int b in touched)
            {
                if (then[b] >= Options.MinCustomers)
                {
                    double? baseRate = baseEligible[b] > 0 ? (double)baseWithin[b] / baseEligible[b] : null;
                    rules.Add(new SequenceRule(_items[a], _items[b], buyers.Count - prior[b], then[b], baseRate));
                }

                then[b] = 0;
                prior[b] = 0;
            }
        }

        rules.Sort(static (x, y) =>
        {
            int c = y.Probability.CompareTo(x.Probability);
            if (c == 0)
            {
                c = y.CustomersThenWithin.CompareTo(x.CustomersThenWithin);
            }

            if (c == 0)
            {
                c = string.CompareOrdinal(x.First, y.First);
            }

            return c != 0 ? c : string.CompareOrdinal(x.Then, y.Then);
        });
        return new SequenceRuleSet(Options, DateOnly.FromDayNumber(end), customers, observed, items, rules);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_customers.Count} customers, {_items.Count} items, within {Options.WithinDays} days");
}
