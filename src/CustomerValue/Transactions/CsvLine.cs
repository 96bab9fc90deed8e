using System.Globalization;

namespace CustomerValue.Transactions;

/// <summary>Splits one CSV line into fields (RFC 4180 quoting on one line).</summary>
internal static class CsvLine
{
    public static List<string> Split(ReadOnlySpan<char> line, char delimiter)
    {
        var ranges = new Range[line.Length + 1];
        int n = SplitRanges(line, delimiter, ranges, out _);
        var result = new List<string>(n);
        for (int i = 0; i < n; i++)
        {
            result.Add(Unquote(line[ranges[i]]).ToString());
        }

        return result;
    }

    /// <summary>Splits into at most <c>ranges.Length</c> fields; returns the number of fields found (capped).</summary>
    public static int SplitRanges(ReadOnlySpan<char> line, char delimiter, Span<Range> ranges, out bool quotesOk)
    {
        quotesOk = true;
        if (line.IndexOf('"') < 0)
        {
            return line.Split(ranges, delimiter);
        }

        int count = 0;
        int start = 0;
        bool inQuotes = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == delimiter && !inQuotes)
            {
                if (count < ranges.Length)
                {
                    ranges[count++] = new Range(start, i);
                }

                start = i + 1;
            }
        }

        if (inQuotes)
        {
            quotesOk = false;
        }

        if (count < ranges.Length)
        {
            ranges[count++] = new Range(start, line.Length);
        }

        return count;
    }

    /// <summary>Trims blanks and removes surrounding quotes. Doubled quotes inside are kept as they are (ids and numbers never contain them).</summary>
    public static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> field)
    {
        field = field.Trim();
        if (field.Length >= 2 && field[0] == '"' && field[^1] == '"')
        {
            field = field[1..^1];
        }

        return field;
    }
}

/// <summary>Parses the date formats a transaction log may use.</summary>
internal static class DateParsing
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
    ];

    public static bool TryParse(ReadOnlySpan<char> text, out DateTime value)
    {
        if (text.Length == 10 && text[4] == '-' && text[7] == '-'
            && TryDigits(text[..4], out int y) && TryDigits(text.Slice(5, 2), out int m) && TryDigits(text.Slice(8, 2), out int d))
        {
            return TryCreate(y, m, d, out value);
        }

        if (text.Length == 8 && TryDigits(text[..4], out y) && TryDigits(text.Slice(4, 2), out m) && TryDigits(text.Slice(6, 2), out d))
        {
            return TryCreate(y, m, d, out value);
        }

        return DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>Parses a date given on the command line or in options (<c>YYYY-MM-DD</c>, or a date-time whose date part is taken).</summary>
    public static DateOnly ParseDate(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text.AsSpan().Trim(), out var value))
        {
            return DateOnly.FromDateTime(value);
        }

        throw new FormatException($"{what}: '{text}' is not a date; expected YYYY-MM-DD.");
    }

    private static bool TryCreate(int y, int m, int d, out DateTime value)
    {
        if (y >= 1 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
        {
            value = new DateTime(y, m, d, 0, 0, 0, DateTimeKind.Unspecified);
            return true;
        }

        value = default;
        return false;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (char c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
