using CustomerValue.Transactions;

namespace CustomerValue.Baskets;

/// <summary>
/// The item sets of a log's orders: for every order, the distinct items of its lines. The input of
/// <see cref="IAssociationRuleMiner"/>.
/// </summary>
/// <remarks>
/// <para>Items are numbered 0..<see cref="ItemCount"/>−1 in order of first appearance; each order's items are stored once,
/// ascending, in one flat array (compressed rows), so memory is 4 bytes per distinct (order, item) pair plus the item
/// names. Built by <see cref="OrderBasketsBuilder"/>. Immutable and thread-safe.</para>
/// </remarks>
public sealed class OrderBaskets
{
    private readonly string[] _items;
    private readonly int[] _offsets;
    private readonly int[] _orderItems;

    internal OrderBaskets(string[] items, int[] offsets, int[] orderItems)
    {
        _items = items;
        _offsets = offsets;
        _orderItems = orderItems;
    }

    /// <summary>The number of orders (each order has at least one item).</summary>
    public int OrderCount => _offsets.Length - 1;

    /// <summary>The number of distinct items.</summary>
    public int ItemCount => _items.Length;

    /// <summary>The distinct (order, item) pairs: the sum of the orders' basket sizes.</summary>
    public long PairCount => _orderItems.Length;

    /// <summary>The item names, indexed by item number.</summary>
    public IReadOnlyList<string> Items => _items;

    /// <summary>The item numbers of one order, ascending and distinct.</summary>
    /// <param name="order">0-based order index, less than <see cref="OrderCount"/>.</param>
    public ReadOnlySpan<int> ItemsOf(int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(order, OrderCount);
        return _orderItems.AsSpan(_offsets[order], _offsets[order + 1] - _offsets[order]);
    }

    /// <summary>Builds the baskets of in-memory lines: orders by <see cref="ItemTransaction.OrderKey"/>, items by <see cref="ItemTransaction.Item"/>.</summary>
    /// <param name="lines">The lines; every line needs an item.</param>
    /// <exception cref="ArgumentException">A line has no item, or is invalid (see <see cref="ItemTransactionRules.Check"/>); the message names its position.</exception>
    public static OrderBaskets FromTransactions(IEnumerable<ItemTransaction> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var builder = new OrderBasketsBuilder();
        long position = 0;
        foreach (var line in lines)
        {
            position++;
            ItemTransactionRules.ThrowIfInvalid(line, position, allowReturns: true, nameof(lines));
            if (line.Item is null)
            {
                throw new ArgumentException($"Transaction {position}, field 'item': the line has no item; market baskets need an item on every line.", nameof(lines));
            }

            builder.Add(line.OrderKey, line.Item);
        }

        return builder.Build();
    }

    /// <summary>The raw arrays, for the miner.</summary>
    internal (string[] Items, int[] Offsets, int[] OrderItems) Raw => (_items, _offsets, _orderItems);
}

/// <summary>
/// Collects (order, item) lines into <see cref="OrderBaskets"/>, one line at a time, so a log can be streamed.
/// </summary>
/// <remarks>
/// <para>Memory: one dictionary entry per distinct order and per distinct item, and 8 bytes per line kept. A line that
/// repeats an item of the order whose lines came just before it (the usual layout: an order's lines together) is
/// dropped at once; repeats of an order that comes back later are removed by <see cref="Build"/>.</para>
/// <para>Not thread-safe: one builder per reader.</para>
/// </remarks>
public sealed class OrderBasketsBuilder
{
    private readonly Dictionary<string, int> _orderIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _itemIndex = new(StringComparer.Ordinal);
    private readonly List<string> _items = [];
    private int[] _pairOrder = new int[1024];
    private int[] _pairItem = new int[1024];
    private int _pairs;
    private string? _lastOrderKey;
    private int _lastOrder = -1;
    private int _runStart;

    /// <summary>Lines added so far (after dropping immediate repeats).</summary>
    public long Lines => _pairs;

    /// <summary>Adds one line.</summary>
    /// <param name="orderKey">The order (invoice) it belongs to.</param>
    /// <param name="item">The item bought.</param>
    /// <exception cref="ArgumentException">The order key or item is null or empty.</exception>
    public void Add(string orderKey, string item)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderKey);
        ArgumentException.ThrowIfNullOrEmpty(item);
        int order;
        if (_lastOrderKey is not null && string.Equals(orderKey, _lastOrderKey, StringComparison.Ordinal))
        {
            order = _lastOrder;
        }
        else
        {
            if (!_orderIndex.TryGetValue(orderKey, out order))
            {
                order = _orderIndex.Count;
                _orderIndex.Add(orderKey, order);
            }

            _lastOrderKey = orderKey;
            _lastOrder = order;
            _runStart = _pairs;
        }

        if (!_itemIndex.TryGetValue(item, out int itemNumber))
        {
            itemNumber = _items.Count;
            _itemIndex.Add(item, itemNumber);
            _items.Add(item);
        }

        if (_pairItem.AsSpan(_runStart, _pairs - _runStart).Contains(itemNumber))
        {
            return;
        }

        if (_pairs == _pairOrder.Length)
        {
            int size = checked(_pairs * 2);
            Array.Resize(ref _pairOrder, size);
            Array.Resize(ref _pairItem, size);
        }

        _pairOrder[_pairs] = order;
        _pairItem[_pairs] = itemNumber;
        _pairs++;
    }

    /// <summary>The baskets of the lines added so far.</summary>
    public OrderBaskets Build()
    {
        int orders = _orderIndex.Count;
        var offsets = new int[orders + 1];
        for (int i = 0; i < _pairs; i++)
        {
            offsets[_pairOrder[i] + 1]++;
        }

        for (int o = 0; o < orders; o++)
        {
            offsets[o + 1] += offsets[o];
        }

        var fill = offsets.AsSpan(0, orders).ToArray();
        var flat = new int[_pairs];
        for (int i = 0; i < _pairs; i++)
        {
            flat[fill[_pairOrder[i]]++] = _pairItem[i];
        }

        // Sort each order's items and drop repeats (from an order whose lines were not contiguous), compacting in place.
        var compact = new int[orders + 1];
        int write = 0;
        for (int o = 0; o < orders; o++)
        {
            var segment = flat.AsSpan(offsets[o], offsets[o + 1] - offsets[o]);
            segment.Sort();
            compact[o] = write;
            for (int k = 0; k < segment.Length; k++)
            {
                if (k == 0 || segment[k] != segment[k - 1])
                {
                    flat[write++] = segment[k];
                }
            }
        }

        compact[orders] = write;
        if (write != flat.Length)
        {
            Array.Resize(ref flat, write);
        }

        return new OrderBaskets([.. _items], compact, flat);
    }
}
