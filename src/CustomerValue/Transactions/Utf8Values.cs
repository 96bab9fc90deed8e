using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace CustomerValue.Transactions;

/// <summary>Parses the values of a transaction log straight from UTF-8 bytes: whole-number ids, amounts and dates.</summary>
internal static class Utf8Values
{
    private static readonly double[] Pow10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>
    /// True when <paramref name="text"/> is a canonical whole number (1 to 18 digits, no sign, no leading zero unless it
    /// is "0"): such an id is kept as a number, and its text is exactly the number's invariant form.
    /// </summary>
    public static bool TryCanonicalId(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 18 || (text[0] == (byte)'0' && text.Length > 1))
        {
            return false;
        }

        long v = 0;
        foreach (byte b in text)
        {
            uint d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            v = (v * 10) + d;
        }

        value = v;
        return true;
    }

    /// <summary>As <see cref="TryCanonicalId(ReadOnlySpan{byte}, out long)"/>, for text already decoded.</summary>
    public static bool TryCanonicalId(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 18 || (text[0] == '0' && text.Length > 1))
        {
            return false;
        }

        long v = 0;
        foreach (char c in text)
        {
            uint d = (uint)(c - '0');
            if (d > 9)
            {
                return false;
            }

            v = (v * 10) + d;
        }

        value = v;
        return true;
    }

    /// <summary>Parses an invariant-culture number; plain decimals take an exact fast path, anything else the runtime's parser.</summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> text, out double value)
    {
        int p = 0;
        return (TryParsePlainDecimal(text, ref p, (byte)',', out value) && p == text.Length) || Slow(text, out value);
    }

    /// <summary>
    /// The exact fast path: [-+]digits[.digits] with at most 15 significant digits, from <paramref name="p"/> up to
    /// <paramref name="stop"/> or the end of <paramref name="text"/> (where <paramref name="p"/> is left), computed as
    /// mantissa ÷ 10^decimals (both exact doubles, so one correctly rounded division). False when the text there is not
    /// of that form; the caller then takes the general parser.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryParsePlainDecimal(ReadOnlySpan<byte> text, ref int p, byte stop, out double value)
    {
        value = 0;
        bool negative = false;
        if (p < text.Length && (text[p] == (byte)'-' || text[p] == (byte)'+'))
        {
            negative = text[p] == (byte)'-';
            p++;
        }

        ulong mantissa = 0;
        int digits = 0, decimals = 0;
        bool dot = false, any = false;
        for (; p < text.Length; p++)
        {
            byte b = text[p];
            uint d = (uint)(b - '0');
            if (d <= 9)
            {
                any = true;
                digits += mantissa != 0 || d != 0 ? 1 : 0;
                mantissa = (mantissa * 10) + d;
                decimals += dot ? 1 : 0;
            }
            else if (b == (byte)'.' && !dot)
            {
                dot = true;
            }
            else if (b == stop)
            {
                break;
            }
            else
            {
                return false;
            }
        }

        if (!any || digits > 15 || decimals > 22)
        {
            return false;
        }

        double v = decimals == 0 ? mantissa : mantissa / Pow10[decimals];
        value = negative ? -v : v;
        return true;
    }

    private static bool Slow(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// Parses a date or date-time: <c>YYYY-MM-DD</c>, <c>YYYYMMDD</c>, <c>YYYY-MM-DD[ T]HH:MM[:SS[.fffffff]]</c> on a fast
    /// path; anything else (UTC offsets) through <see cref="DateParsing"/>, which converts to UTC as before.
    /// </summary>
    /// <param name="text">The field.</param>
    /// <param name="day">The day number (<see cref="DateOnly.DayNumber"/>).</param>
    /// <param name="timeOfDayTicks">Ticks since midnight.</param>
    public static bool TryParseDate(ReadOnlySpan<byte> text, out int day, out long timeOfDayTicks)
    {
        timeOfDayTicks = 0;
        day = 0;
        if (text.Length >= 10 && text[4] == (byte)'-' && text[7] == (byte)'-')
        {
            if (!Digits(text, 0, 4, out int y) || !Digits(text, 5, 2, out int m) || !Digits(text, 8, 2, out int d) || !TryDay(y, m, d, out day))
            {
                return SlowDate(text, out day, out timeOfDayTicks);
            }

            if (text.Length == 10)
            {
                return true;
            }

            if ((text[10] == (byte)' ' || text[10] == (byte)'T') && TryTime(text[11..], out timeOfDayTicks))
            {
                return true;
            }

            return SlowDate(text, out day, out timeOfDayTicks);
        }

        if (text.Length == 8 && Digits(text, 0, 4, out int cy) && Digits(text, 4, 2, out int cm) && Digits(text, 6, 2, out int cd))
        {
            return TryDay(cy, cm, cd, out day);
        }

        return SlowDate(text, out day, out timeOfDayTicks);
    }

    private static bool TryTime(ReadOnlySpan<byte> t, out long ticks)
    {
        ticks = 0;
        if (t.Length < 5 || t[2] != (byte)':' || !Digits(t, 0, 2, out int h) || !Digits(t, 3, 2, out int mi) || h > 23 || mi > 59)
        {
            return false;
        }

        int s = 0;
        long fraction = 0;
        if (t.Length > 5)
        {
            if (t.Length < 8 || t[5] != (byte)':' || !Digits(t, 6, 2, out s) || s > 59)
            {
                return false;
            }

            if (t.Length > 8)
            {
                int n = t.Length - 9;
                if (t[8] != (byte)'.' || n < 1 || n > 7 || !Digits(t, 9, n, out int f))
                {
                    return false;
                }

                fraction = f;
                for (int k = n; k < 7; k++)
                {
                    fraction *= 10;
                }
            }
        }

        ticks = (((h * 60L) + mi) * 60 + s) * TimeSpan.TicksPerSecond + fraction;
        return true;
    }

    private static bool SlowDate(ReadOnlySpan<byte> text, out int day, out long ticks)
    {
        day = 0;
        ticks = 0;
        if (text.Length > 64)
        {
            return false;
        }

        Span<char> chars = stackalloc char[64];
        if (!Encoding.UTF8.TryGetChars(text, chars, out int n) || !DateParsing.TryParse(chars[..n], out var value))
        {
            return false;
        }

        day = DateOnly.FromDateTime(value).DayNumber;
        ticks = value.TimeOfDay.Ticks;
        return true;
    }

    private static bool TryDay(int y, int m, int d, out int day)
    {
        if (y >= 1 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
        {
            day = new DateOnly(y, m, d).DayNumber;
            return true;
        }

        day = 0;
        return false;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int length, out int value)
    {
        value = 0;
        for (int i = start; i < start + length; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return true;
    }
}
