using System.Globalization;

namespace CustomerValue.Wallet;

/// <summary>The calendar windows in which spend and share of wallet are tracked over time.</summary>
public enum CalendarPeriod
{
    /// <summary>Calendar months (label <c>1997-09</c>).</summary>
    Month,

    /// <summary>Calendar quarters (label <c>1997-Q3</c>).</summary>
    Quarter,

    /// <summary>Calendar years (label <c>1997</c>).</summary>
    Year,
}

/// <summary>Indexing and labels of <see cref="CalendarPeriod"/> windows.</summary>
public static class CalendarPeriodExtensions
{
    /// <summary>A number identifying the window that contains <paramref name="date"/>; consecutive windows have consecutive numbers.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The period is not defined.</exception>
    public static int IndexOf(this CalendarPeriod period, DateOnly date) => period switch
    {
        CalendarPeriod.Month => (date.Year * 12) + date.Month - 1,
        CalendarPeriod.Quarter => (date.Year * 4) + ((date.Month - 1) / 3),
        CalendarPeriod.Year => date.Year,
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown calendar period."),
    };

    /// <summary>The first day of window <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The period is not defined.</exception>
    public static DateOnly StartOf(this CalendarPeriod period, int index) => period switch
    {
        CalendarPeriod.Month => new DateOnly(index / 12, (index % 12) + 1, 1),
        CalendarPeriod.Quarter => new DateOnly(index / 4, ((index % 4) * 3) + 1, 1),
        CalendarPeriod.Year => new DateOnly(index, 1, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown calendar period."),
    };

    /// <summary>The label of window <paramref name="index"/>: <c>1997-09</c>, <c>1997-Q3</c> or <c>1997</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The period is not defined.</exception>
    public static string Label(this CalendarPeriod period, int index) => period switch
    {
        CalendarPeriod.Month => string.Create(CultureInfo.InvariantCulture, $"{index / 12:D4}-{(index % 12) + 1:D2}"),
        CalendarPeriod.Quarter => string.Create(CultureInfo.InvariantCulture, $"{index / 4:D4}-Q{(index % 4) + 1}"),
        CalendarPeriod.Year => index.ToString("D4", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown calendar period."),
    };
}
