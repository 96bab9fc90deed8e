using System.Collections;
using System.Globalization;

namespace CustomerValue.Summaries;

/// <summary>
/// Customer ids as a read-only list of strings, stored either as text or, when every id is a canonical whole number,
/// as 64-bit numbers (8 bytes a customer; the text is made when an id is read).
/// </summary>
internal sealed class CustomerIdList : IReadOnlyList<string>
{
    private readonly string[]? _strings;
    private readonly long[]? _numbers;

    private CustomerIdList(string[]? strings, long[]? numbers)
    {
        _strings = strings;
        _numbers = numbers;
    }

    public static CustomerIdList Empty { get; } = new([], null);

    public int Count => _numbers?.Length ?? _strings!.Length;

    /// <summary>The ids as numbers, or null when they are kept as text.</summary>
    public long[]? Numbers => _numbers;

    public string this[int index] => _numbers is { } n ? n[index].ToString(CultureInfo.InvariantCulture) : _strings![index];

    public static CustomerIdList FromNumbers(long[] numbers) => new(null, numbers);

    public static CustomerIdList FromStrings(string[] strings) => new(strings, null);

    /// <summary>The ids at the given positions.</summary>
    public CustomerIdList Select(int[] indices)
    {
        if (_numbers is { } n)
        {
            var picked = new long[indices.Length];
            for (int k = 0; k < indices.Length; k++)
            {
                picked[k] = n[indices[k]];
            }

            return FromNumbers(picked);
        }

        var s = new string[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            s[k] = _strings![indices[k]];
        }

        return FromStrings(s);
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
