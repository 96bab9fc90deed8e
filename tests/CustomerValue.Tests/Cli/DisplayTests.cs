using CustomerValue.Cli;

namespace CustomerValue.Tests.Cli;

/// <summary>Numbers for people: rounded, grouped, never an exponent. Expected strings are written out by hand.</summary>
public sealed class DisplayTests
{
    [Theory]
    [InlineData(74.02000000000001, "74.02")]
    [InlineData(1.533846383239279E-07, "0.000000153")]
    [InlineData(0.27312, "0.273")]
    [InlineData(-0.0041, "-0.0041")]
    [InlineData(1234.5678, "1,234.57")]
    [InlineData(2357, "2,357")]
    [InlineData(0, "0")]
    [InlineData(double.NaN, "n/a")]
    public void Number_rounds_for_reading(double value, string expected) => Assert.Equal(expected, Display.Number(value));

    [Theory]
    [InlineData(0.6312, 0, "63%")]
    [InlineData(0.6312, 1, "63.1%")]
    [InlineData(1, 0, "100%")]
    public void Percent_has_no_space_and_the_asked_decimals(double fraction, int decimals, string expected) => Assert.Equal(expected, Display.Percent(fraction, decimals));

    [Theory]
    [InlineData(1, "1 purchase day")]
    [InlineData(2, "2 purchase days")]
    [InlineData(0, "0 purchase days")]
    public void Plural_agrees_with_the_count(double count, string expected) => Assert.Equal(expected, Display.Plural(count, "purchase day"));

    [Fact]
    public void Money_has_two_decimals_below_a_million_and_none_above() =>
        Assert.Equal(("173,115.55", "12,345,679"), (Display.Money(173115.549), Display.Money(12345678.9)));

    [FsCheck.Xunit.Property]
    public bool No_finite_number_is_shown_with_an_exponent(double value) =>
        !double.IsFinite(value) || !Display.Number(value).Contains('E', StringComparison.Ordinal);
}
