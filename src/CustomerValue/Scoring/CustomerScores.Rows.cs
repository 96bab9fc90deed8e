using System.Globalization;

namespace CustomerValue.Scoring;

/// <summary>Rows, look-up by customer id and a readable summary, on top of the columns.</summary>
public sealed partial class CustomerScores
{
    private Dictionary<string, int>? _rowOfId;

    /// <summary>The rows as <see cref="CustomerScoreRow"/> records, in order; <c>foreach</c> over them allocates nothing.</summary>
    /// <example>
    /// <code>
    /// foreach (CustomerScoreRow row in scores.Rows)
    /// {
    ///     if (row.ChurnLevel >= ChurnLevel.Warning) Console.WriteLine($"{row.CustomerId}: CLV {row.LifetimeValue:F2}, {row.Segment}");
    /// }
    /// </code>
    /// </example>
    public CustomerScoreRows Rows => new(this);

    /// <summary>Every score of row <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public CustomerScoreRow Row(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {Count} customers (rows 0..{Count - 1}).");
        }

        return new CustomerScoreRow(
            CustomerId(index), _alive[index], _expected[index], _spend[index], _value[index], _recency[index], _frequency[index], _monetary[index],
            SegmentNames[_segment[index]], _tier[index], _level[index], _risk[index], _reasons[index]);
    }

    /// <summary>Every score of the customer with id <paramref name="customerId"/>.</summary>
    /// <exception cref="KeyNotFoundException">No customer has that id.</exception>
    /// <example>
    /// <code>
    /// CustomerScoreRow customer = scores.Row("1234");
    /// Console.WriteLine(customer.ProbabilityAlive);
    /// </code>
    /// </example>
    public CustomerScoreRow Row(string customerId) =>
        TryGetRow(customerId, out var row) ? row : throw new KeyNotFoundException($"No customer has the id '{customerId}' in these {Count} scores.");

    /// <summary>The scores of the customer with id <paramref name="customerId"/>, if there is one.</summary>
    /// <remarks>The first look-up builds an index of the ids (once; thread-safe).</remarks>
    public bool TryGetRow(string customerId, out CustomerScoreRow row)
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

    /// <summary>How many customers, over what horizon: <c>2,357 customers scored over 52 weeks (10 segments)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Count:N0} customers scored over {Horizon:0.##} {TimeUnit.ToName()}s ({SegmentNames.Count} segments)");

    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(Count, StringComparer.Ordinal);
        for (int i = 0; i < Count; i++)
        {
            index.TryAdd(CustomerId(i), i);
        }

        return index;
    }
}
