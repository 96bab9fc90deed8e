using CustomerValue.Lifetime.Serialization;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Lifetime.Serialization;

public class LifetimeModelJsonTests
{
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300)]
    public bool Write_read_write_is_byte_identical_and_values_are_bit_identical(ModelDocumentCase c)
    {
        var document = c.Build();
        string first = LifetimeModelJson.ToJson(document);
        var read = LifetimeModelJson.Parse(first);
        string second = LifetimeModelJson.ToJson(read);
        bool sameParameters = document.Parameters.Select(p => BitConverter.DoubleToInt64Bits(p.Value))
            .SequenceEqual(read.Parameters.Select(p => BitConverter.DoubleToInt64Bits(p.Value)));
        bool sameErrors = (document.StandardErrors, read.StandardErrors) switch
        {
            (null, null) => true,
            ({ } a, { } b) => a.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(b.Select(BitConverter.DoubleToInt64Bits)),
            _ => false,
        };
        bool sameCovariance = document.Covariance is null
            ? read.Covariance is null
            : read.Covariance is { } cov && Enumerable.Range(0, cov.Dimension * cov.Dimension)
                .All(k => BitConverter.DoubleToInt64Bits(cov[k / cov.Dimension, k % cov.Dimension]) == BitConverter.DoubleToInt64Bits(document.Covariance[k / cov.Dimension, k % cov.Dimension]));
        return first == second && sameParameters && sameErrors && sameCovariance && read.Fit == document.Fit
            && read.Model == document.Model && read.TimeUnit == document.TimeUnit && read.DataFingerprint == document.DataFingerprint;
    }

    [Fact]
    public void The_written_format_is_the_documented_one()
    {
        var document = LifetimeModelDocument.Create("bgnbd", TimeUnit.Week, [new("b", 2.426), new("a", 0.793), new("alpha", 4.414), new("r", 0.243)])
            .With([0.1, 0.2, double.NaN, 0.4], null, new FitSummary(-9582.4, true, "GradientTolerance", 2357, 31, 19172.8, 19195.9), "sha256:00");
        const string expected = """
            {
              "formatVersion": 1,
              "model": "bgnbd",
              "timeUnit": "week",
              "parameters": {
                "r": 0.243,
                "alpha": 4.414,
                "a": 0.793,
                "b": 2.426
              },
              "standardErrors": {
                "r": 0.1,
                "alpha": 0.2,
                "a": null,
                "b": 0.4
              },
              "logLikelihood": -9582.4,
              "converged": true,
              "stopReason": "GradientTolerance",
              "customers": 2357,
              "iterations": 31,
              "aic": 19172.8,
              "bic": 19195.9,
              "degenerate": false,
              "diagnostics": [],
              "dataFingerprint": "sha256:00"
            }

            """;
        Assert.Equal(expected, LifetimeModelJson.ToJson(document));
    }

    [Fact]
    public void A_hand_written_file_with_only_model_time_unit_and_parameters_loads()
    {
        var document = LifetimeModelJson.Parse("""{"model": "pnbd", "timeUnit": "week", "parameters": {"beta": 11.669, "s": 0.606, "alpha": 10.578, "r": 0.553}}""");
        Assert.Equal("pnbd", document.Model);
        Assert.Equal(TimeUnit.Week, document.TimeUnit);
        Assert.Equal(["r", "alpha", "s", "beta"], document.Parameters.Select(p => p.Key));
        Assert.Equal(10.578, document.Parameter("alpha"));
        Assert.Null(document.StandardErrors);
        Assert.Null(document.Fit);
        Assert.Equal(1, document.FormatVersion);
    }

    [Theory]
    [InlineData("""{"model": "bgnbd", "timeUnit": "week", "parameters": {"r": 0.2, "alpha": 4, "a": 0.8}}""", "field 'parameters.b': missing")]
    [InlineData("""{"model": "bgnbdx", "timeUnit": "week", "parameters": {}}""", "field 'model': unknown model 'bgnbdx'")]
    [InlineData("""{"model": "gg", "timeUnit": "week", "parameters": {"p": 6.25, "q": -3.74, "gamma": 15.44}}""", "field 'parameters.q': must be a finite number > 0, got -3.74")]
    [InlineData("""{"model": "gg", "timeUnit": "week", "parameters": {"p": 6.25, "q": 3.74, "gamma": 15.44, "nu": 1}}""", "field 'parameters.nu': model 'gg' has no such parameter")]
    [InlineData("""{"model": "gg", "timeUnit": "fortnight", "parameters": {"p": 6.25, "q": 3.74, "gamma": 15.44}}""", "field 'timeUnit': 'fortnight' is not a time unit")]
    [InlineData("""{"model": "gg", "parameters": {"p": 6.25, "q": 3.74, "gamma": 15.44}}""", "field 'timeUnit': missing")]
    [InlineData("""{"model": "gg", "timeUnit": "week", "parameters": {"p": "6.25", "q": 3.74, "gamma": 15.44}}""", "field 'parameters.p': must be a finite number")]
    [InlineData("""{"formatVersion": 2, "model": "gg", "timeUnit": "week", "parameters": {}}""", "field 'formatVersion': version 2 is newer")]
    [InlineData("""{"model": "gg", "timeUnit": "week", "parameters": {"p": 6.25, "q": 3.74, "gamma": 15.44}, "covariance": [[1]]}""", "field 'covariance': must be an array of 3 rows")]
    [InlineData("""[1, 2]""", "field '(root)'")]
    [InlineData("""{"model": "gg", """, "not valid JSON")]
    public void Bad_files_are_refused_with_the_field_named(string json, string message)
    {
        var e = Assert.Throws<FormatException>(() => LifetimeModelJson.Parse(json, "m.json"));
        Assert.StartsWith("m.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_trailing_commas_and_plural_units_are_accepted_in_hand_written_files()
    {
        var document = LifetimeModelJson.Parse("""
            // CDNOW, Fader, Hardie & Lee (2005)
            {"model": "gg", "timeUnit": "Weeks", "parameters": {"p": 6.25, "q": 3.74, "gamma": 15.44,},}
            """);
        Assert.Equal(TimeUnit.Week, document.TimeUnit);
        Assert.Contains("\"p\": 6.25", LifetimeModelJson.ToJson(document), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_file_not_found_error_naming_it()
    {
        var e = Assert.Throws<FileNotFoundException>(() => LifetimeModelJson.ReadFile("/nonexistent/model.json"));
        Assert.Contains("/nonexistent/model.json", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>Issue 12, item 2: diagnostics in the file, the covariance check, and the refusal of unconverged or degenerate fits.</summary>
public sealed class LifetimeModelHonestyTests
{
    private const string Head = """{"model": "bgnbd", "timeUnit": "week", "parameters": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}""";

    [Fact]
    public void Diagnostics_and_degenerate_round_trip()
    {
        var document = LifetimeModelJson.Parse(Head + """, "logLikelihood": -9582.4, "converged": false, "stopReason": "FunctionTolerance", "customers": 2357, "iterations": 40, "aic": 1, "bic": 2, "degenerate": true, "diagnostics": ["a → 0 (a = 2.4E-07): no sign of drop-out"]}""");
        Assert.True(document.Fit!.Degenerate);
        Assert.Equal(["a → 0 (a = 2.4E-07): no sign of drop-out"], document.Fit.Diagnostics);
        var again = LifetimeModelJson.Parse(LifetimeModelJson.ToJson(document));
        Assert.Equal(document.Fit, again.Fit);
    }

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    public void Unconverged_or_degenerate_fits_are_refused_unless_accepted(bool converged, bool degenerate, bool refused)
    {
        string json = Head + $$""", "logLikelihood": -9582.4, "converged": {{(converged ? "true" : "false")}}, "degenerate": {{(degenerate ? "true" : "false")}}, "diagnostics": ["the optimiser ran out of iterations"]}""";
        var document = LifetimeModelJson.Parse(json, "m.json");
        if (refused)
        {
            var e = Assert.Throws<InvalidDataException>(() => document.EnsureUsable("m.json", acceptUnconverged: false));
            Assert.Contains("m.json", e.Message, StringComparison.Ordinal);
            Assert.Contains("the optimiser ran out of iterations", e.Message, StringComparison.Ordinal);
            Assert.Contains("--accept-unconverged", e.Message, StringComparison.Ordinal);
        }
        else
        {
            document.EnsureUsable("m.json", acceptUnconverged: false);
        }

        document.EnsureUsable("m.json", acceptUnconverged: true);
    }

    [Fact]
    public void A_hand_written_model_without_fit_statistics_is_usable() =>
        LifetimeModelJson.Parse(Head + "}").EnsureUsable("m.json", acceptUnconverged: false);

    [Fact]
    public void An_asymmetric_covariance_is_rejected()
    {
        var e = Assert.Throws<FormatException>(() => LifetimeModelJson.Parse(Head + """, "covariance": [[1, 0.5, 0, 0], [0.4, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]}""", "m.json"));
        Assert.Contains("symmetric", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_covariance_that_is_not_positive_semi_definite_is_rejected()
    {
        // Correlation 2 between r and alpha: the 2×2 block [[1, 2], [2, 1]] has eigenvalues 3 and −1.
        var e = Assert.Throws<FormatException>(() => LifetimeModelJson.Parse(Head + """, "covariance": [[1, 2, 0, 0], [2, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]}""", "m.json"));
        Assert.Contains("positive semi-definite", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_singular_but_positive_semi_definite_covariance_is_accepted()
    {
        // Perfectly correlated r and alpha (eigenvalues 2 and 0): semi-definite, allowed.
        var document = LifetimeModelJson.Parse(Head + """, "covariance": [[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]}""");
        Assert.NotNull(document.Covariance);
    }
}
