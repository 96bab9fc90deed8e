using System.Globalization;

namespace CustomerValue.Summaries;

/// <summary>Rows, look-up by customer id and a readable summary, on top of the columns.</summary>
public sealed partial class CustomerSummaries
{
    private Dictionary<string, int>? _rowOfId;

    /// <summary>The rows as <see cref="CustomerSummaryRow"/> records, in order; <c>foreach</c> over them allocates nothing.</summary>
    /// <example>
    /// <code>
    /// foreach (CustomerSummaryRow row in summaries.Rows)
    /// {
    ///     if (row.Frequency >= 10) Console.WriteLine($"{row.CustomerId}: {row.Frequency} repeat purchases");
    /// }
    /// </code>
    /// </example>
    public CustomerSummaryRows Rows => new(this);

    /// <summary>The summary of row <paramref name="index"/>, with every column this instance holds.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public CustomerSummaryRow Row(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {Count} customers (rows 0..{Count - 1}).");
        }

        bool details = HasPurchaseDetails, holdout = _frequencyHoldout.Length == Count;
        return new CustomerSummaryRow(
            _ids[index], _frequency[index], _recency[index], _age[index], _monetary[index],
            _totalSpend.Length == Count ? _totalSpend[index] : null,
            _transactionCount.Length == Count ? _transactionCount[index] : null,
            details ? _firstPurchase[index] : null,
            details ? _lastPurchase[index] : null,
            holdout ? _frequencyHoldout[index] : null,
            _monetaryHoldout.Length == Count ? _monetaryHoldout[index] : null);
    }

    /// <summary>The summary of the customer with id <paramref name="customerId"/>.</summary>
    /// <exception cref="KeyNotFoundException">No customer has that id.</exception>
    /// <example>
    /// <code>
    /// CustomerSummaryRow customer = summaries.Row("1234");
    /// Console.WriteLine($"{customer.Frequency} repeat purchases, last in week {customer.Recency:F1} of {customer.Age:F1}");
    /// </code>
    /// </example>
    public CustomerSummaryRow Row(string customerId) =>
        TryGetRow(customerId, out var row) ? row : throw new KeyNotFoundException($"No customer has the id '{customerId}' in these {Count} summaries.");

    /// <summary>The summary of the customer with id <paramref name="customerId"/>, if there is one.</summary>
    /// <remarks>The first look-up builds an index of the ids (once; thread-safe).</remarks>
    public bool TryGetRow(string customerId, out CustomerSummaryRow row)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        var index = LazyInitializer.EnsureInitialized(ref _rowOfId, BuildIndex);
        if (index.TryGetValue(customerId, out int i))
        {
            row = Row(i);
            return true;
        }

        row = default;
        return false;
    }

    /// <summary>How many customers, in what unit, up to when: <c>2,357 customers in weeks to 1997-09-30, holdout to 1998-06-30</c>.</summary>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Count:N0} customers in {TimeUnit.ToName()}s");
        if (CalibrationEnd is { } c)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" to {c:yyyy-MM-dd}");
        }

        return HoldoutEnd is { } h ? text + string.Create(CultureInfo.InvariantCulture, $", holdout to {h:yyyy-MM-dd}") : text;
    }

    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(Count, StringComparer.Ordinal);
        for (int i = 0; i < Count; i++)
        {
            index.TryAdd(_ids[i], i);
        }

        return index;
    }
}
