namespace CustomerValue.Cli;

/// <summary>Parsing helpers for option values.</summary>
internal static class CliParse
{
    public static DateOnly Date(string text, string option) => Transactions.DateParsing.ParseDate(text, option);

    public static DateOnly? OptionalDate(string? text, string option) => text is null ? null : Date(text, option);

    public static TimeUnit Unit(string text) => TimeUnitExtensions.ParseTimeUnit(text);

    /// <summary>Checks a share given on the command line: finite, in [0, 1] (or (0, 1] when zero is not allowed).</summary>
    public static double Fraction(double value, string option, bool allowZero) =>
        double.IsFinite(value) && value <= 1 && (allowZero ? value >= 0 : value > 0)
            ? value
            : throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{option}: {value} is outside {(allowZero ? "[0, 1]" : "(0, 1]")}."));
}
