using System.Globalization;

namespace CustomerValue.Cli;

/// <summary>
/// The one place that formats numbers for people (stderr summaries, the report, the overview): invariant culture,
/// thousands separators, a sensible number of digits and never an exponent — no <c>74.02000000000001</c>, no
/// <c>1.53E-07</c>. Files meant for programs keep round-trip doubles and do not use this class.
/// </summary>
internal static class Display
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A whole count: <c>2,357</c>.</summary>
    public static string Count(double value) => Finite(value) ?? Math.Round(value).ToString("N0", Invariant);

    /// <summary>An amount of money: two decimals below a million (<c>1,234.57</c>), whole units above (<c>12,345,678</c>).</summary>
    public static string Money(double value) => Finite(value) ?? (Math.Abs(value) < 1e6 ? value.ToString("N2", Invariant) : value.ToString("N0", Invariant));

    /// <summary>A fraction as a percentage: <c>0.6312</c> is <c>63%</c> (or <c>63.1%</c> with one decimal).</summary>
    public static string Percent(double fraction, int decimals = 0) =>
        Finite(fraction) ?? (fraction * 100).ToString(decimals == 0 ? "0" : "0." + new string('0', decimals), Invariant) + "%";

    /// <summary>A fixed number of decimals: <c>Fixed(0.7312, 2)</c> is <c>0.73</c>.</summary>
    public static string Fixed(double value, int decimals) => Finite(value) ?? value.ToString("F" + decimals.ToString(Invariant), Invariant);

    /// <summary>
    /// Any other number, rounded for reading: at most two decimals from 1 up (<c>74.02</c>, <c>1,234.5</c>), three
    /// significant digits below 1 (<c>0.273</c>, <c>0.000000153</c>), thousands separated, no exponent.
    /// </summary>
    public static string Number(double value)
    {
        if (Finite(value) is { } text)
        {
            return text;
        }

        double abs = Math.Abs(value);
        if (abs == 0)
        {
            return "0";
        }

        if (abs >= 1)
        {
            return value.ToString("#,0.##", Invariant);
        }

        // Three significant digits: 0.273, 0.0273, ... without scientific notation.
        int decimals = Math.Min(15, 2 - (int)Math.Floor(Math.Log10(abs)));
        return Math.Round(value, decimals).ToString("0." + new string('#', decimals), Invariant);
    }

    /// <summary>A date as <c>yyyy-MM-dd</c>.</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    /// <summary>"1 purchase day", "2 purchase days": a count with its noun in the right number.</summary>
    public static string Plural(double count, string singular, string? plural = null) =>
        $"{Number(count)} {(Math.Abs(count) == 1 ? singular : plural ?? singular + "s")}";

    private static string? Finite(double value) => double.IsNaN(value) ? "n/a" : double.IsInfinity(value) ? (value > 0 ? "∞" : "−∞") : null;
}
