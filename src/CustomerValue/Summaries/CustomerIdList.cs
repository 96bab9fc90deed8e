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
    private string?[]? _text;

    private CustomerIdList(string[]? strings, long[]? numbers)
    {
        _strings = strings;
        _numbers = numbers;
    }

    public static CustomerIdList Empty { get; } = new([], null);

    public int Count => _numbers?.Length ?? _strings!.Length;

    /// <summary>The ids as numbers, or null when they are kept as text.</summary>
    public long[]? Numbers => _numbers;

    /// <summary>The id of row <paramref name="index"/>; a numeric id's text is made once, on first read, and kept (so walking the rows again allocates nothing).</summary>
    public string this[int index]
    {
        get
        {
            if (_numbers is not { } n)
            {
                return _strings![index];
            }

            var text = _text ?? Interlocked.CompareExchange(ref _text, new string?[n.Length], null) ?? _text;
            return text[index] ??= n[index].ToString(CultureInfo.InvariantCulture);
        }
    }

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
