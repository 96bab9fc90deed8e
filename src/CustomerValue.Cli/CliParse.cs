namespace CustomerValue.Cli;

/// <summary>Parsing helpers for option values.</summary>
internal static class CliParse
{
    /// <summary>The name of the global option that asks for the embedded CDNOW sample.</summary>
    public const string SampleOptionName = "--sample";

    /// <summary>The global <c>--sample</c> option (added to the root, recursive).</summary>
    public static System.CommandLine.Option<bool> SampleOption() => new(SampleOptionName)
    {
        Description = "Use the embedded CDNOW sample (2,357 customers, 1997-01-01 to 1998-06-30) as the input; without an input file the sample is used anyway and stderr says so.",
        Recursive = true,
    };

    /// <summary>True when <c>--sample</c> was given.</summary>
    public static bool SampleAsked(System.CommandLine.ParseResult result) =>
        result.GetResult(SampleOptionName) is not null && result.GetValue<bool>(SampleOptionName);

    /// <summary>Says on stderr that the embedded sample is the input because <paramref name="inputOption"/> was not given (nothing when --sample asked for it).</summary>
    public static void AnnounceSample(CliIo io, System.CommandLine.ParseResult result, string inputOption)
    {
        if (!SampleAsked(result))
        {
            io.Error.WriteLine($"customer-value: input: no {inputOption} given; using the embedded CDNOW sample (2,357 customers). Add --sample to ask for it explicitly.");
        }
    }

    /// <summary>True when the option was given on the command line (not filled from its default).</summary>
    public static bool Given(System.CommandLine.ParseResult result, System.CommandLine.Option option) => result.GetResult(option) is { Implicit: false };

    public static DateOnly Date(string text, string option) => Transactions.DateParsing.ParseDate(text, option);

    public static DateOnly? OptionalDate(string? text, string option) => text is null ? null : Date(text, option);

    public static TimeUnit Unit(string text) => TimeUnitExtensions.ParseTimeUnit(text);

    /// <summary>Checks a share given on the command line: finite, in [0, 1] (or (0, 1] when zero is not allowed).</summary>
    public static double Fraction(double value, string option, bool allowZero) =>
        double.IsFinite(value) && value <= 1 && (allowZero ? value >= 0 : value > 0)
            ? value
            : throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{option}: {value} is outside {(allowZero ? "[0, 1]" : "(0, 1]")}."));
}
