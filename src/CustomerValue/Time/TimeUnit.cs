namespace CustomerValue;

/// <summary>
/// The unit in which recency, customer age (<c>T</c>), horizons and discount periods are measured.
/// </summary>
/// <remarks>
/// A unit is a fixed number of days: <see cref="Day"/> = 1, <see cref="Week"/> = 7,
/// <see cref="Month"/> = 365.25 / 12 = 30.4375 and <see cref="Year"/> = 365.25. Purchases are always merged
/// per calendar day (two purchases on the same day are one purchase occasion), whatever the unit; the unit only
/// scales times. Use <see cref="TimeUnitExtensions.DaysPerUnit(TimeUnit)"/> to convert.
/// </remarks>
public enum TimeUnit
{
    /// <summary>One day.</summary>
    Day = 0,

    /// <summary>Seven days.</summary>
    Week = 1,

    /// <summary>An average Gregorian month: 365.25 / 12 = 30.4375 days.</summary>
    Month = 2,

    /// <summary>An average Gregorian year: 365.25 days.</summary>
    Year = 3,
}

/// <summary>Conversions and names for <see cref="TimeUnit"/>.</summary>
public static class TimeUnitExtensions
{
    /// <summary>The number of days in one <paramref name="unit"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The unit is not a defined value.</exception>
    public static double DaysPerUnit(this TimeUnit unit) => unit switch
    {
        TimeUnit.Day => 1.0,
        TimeUnit.Week => 7.0,
        TimeUnit.Month => 365.25 / 12.0,
        TimeUnit.Year => 365.25,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };

    /// <summary>Converts a number of days to this unit.</summary>
    public static double FromDays(this TimeUnit unit, double days) => days / unit.DaysPerUnit();

    /// <summary>Converts an amount of this unit to days.</summary>
    public static double ToDays(this TimeUnit unit, double amount) => amount * unit.DaysPerUnit();

    /// <summary>The lower-case name used in files and on the command line: day, week, month or year.</summary>
    public static string ToName(this TimeUnit unit) => unit switch
    {
        TimeUnit.Day => "day",
        TimeUnit.Week => "week",
        TimeUnit.Month => "month",
        TimeUnit.Year => "year",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };

    /// <summary>Parses a unit name (day, week, month or year; case-insensitive; plural accepted).</summary>
    /// <exception cref="FormatException">The text names no unit.</exception>
    public static TimeUnit ParseTimeUnit(string text)
    {
        if (TryParseTimeUnit(text, out var unit))
        {
            return unit;
        }

        throw new FormatException($"'{text}' is not a time unit; expected day, week, month or year.");
    }

    /// <summary>Tries to parse a unit name (day, week, month or year; case-insensitive; plural accepted).</summary>
    public static bool TryParseTimeUnit(string? text, out TimeUnit unit)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "DAY" or "DAYS" or "D":
                unit = TimeUnit.Day;
                return true;
            case "WEEK" or "WEEKS" or "W":
                unit = TimeUnit.Week;
                return true;
            case "MONTH" or "MONTHS" or "M":
                unit = TimeUnit.Month;
                return true;
            case "YEAR" or "YEARS" or "Y":
                unit = TimeUnit.Year;
                return true;
            default:
                unit = TimeUnit.Day;
                return false;
        }
    }
}
