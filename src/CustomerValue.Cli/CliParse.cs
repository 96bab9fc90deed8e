namespace CustomerValue.Cli;

/// <summary>Parsing helpers for option values.</summary>
internal static class CliParse
{
    public static DateOnly Date(string text, string option) => Transactions.DateParsing.ParseDate(text, option);

    public static DateOnly? OptionalDate(string? text, string option) => text is null ? null : Date(text, option);

    public static TimeUnit Unit(string text) => TimeUnitExtensions.ParseTimeUnit(text);
}
