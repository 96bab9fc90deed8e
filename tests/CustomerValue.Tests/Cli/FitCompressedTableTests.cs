using System.Globalization;
using CustomerValue.Cli;
using CustomerValue.Lifetime.Serialization;
using CustomerValue.Samples;
using CustomerValue.Summaries;

namespace CustomerValue.Tests.Cli;

/// <summary>
/// <c>fit --summary TABLE.csv</c> on a compressed table (a <c>weight</c> column): the same model file as a fit on the
/// per-customer summary, because a row of weight w is w identical customers. The tables are built here by grouping the
/// CDNOW summary's rows with LINQ, independently of the library's compression.
/// </summary>
public sealed class FitCompressedTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-fit-table-").FullName;
    private readonly CustomerSummaries _summaries = SummaryAccumulator.Summarize(
        SampleData.CdnowTransactions().Where(t => t.Date <= SampleData.CdnowCalibrationEnd), new SummaryOptions(SampleData.CdnowCalibrationEnd, TimeUnit.Week));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("bgnbd")]
    [InlineData("mbgnbd")]
    public void Repeat_purchase_fit_on_the_compressed_table_equals_the_fit_on_every_customer(string model)
    {
        string summary = Path.Combine(_dir, "summary.csv");
        CustomerSummaryCsv.WriteFile(summary, _summaries);
        var rows = Enumerable.Range(0, _summaries.Count)
            .GroupBy(i => (_summaries.Frequency[i], _summaries.Recency[i], _summaries.Age[i]))
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key.Item1:R},{g.Key.Item2:R},{g.Key.Item3:R},{g.Count()}"))
            .ToArray();
        Assert.True(rows.Length < _summaries.Count / 2, $"{rows.Length} rows for {_summaries.Count} customers");
        string table = Path.Combine(_dir, "fit-table.csv");
        File.WriteAllLines(table, ["frequency,recency,T,weight", .. rows]);

        var whole = Fit(model, summary, "--time-unit", "week");
        var compressed = Fit(model, table, "--time-unit", "week");
        Assert.Equal(whole.Parameters, compressed.Parameters);
        Assert.Equal(whole.StandardErrors, compressed.StandardErrors);
        Assert.Equal(whole.Fit!.LogLikelihood, compressed.Fit!.LogLikelihood);
        Assert.Equal(whole.Fit.Customers, compressed.Fit.Customers);
        Assert.Equal(whole.DataFingerprint, compressed.DataFingerprint);
        Assert.Equal(TimeUnit.Week, compressed.TimeUnit);
    }

    [Fact]
    public void Gamma_gamma_on_the_spend_table_equals_the_fit_on_every_repeat_buyer_and_zero_frequency_rows_are_left_out()
    {
        string summary = Path.Combine(_dir, "summary.csv");
        CustomerSummaryCsv.WriteFile(summary, _summaries);
        var rows = Enumerable.Range(0, _summaries.Count)
            .GroupBy(i => (_summaries.Frequency[i], _summaries.MonetaryValue[i]))
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key.Item1:R},{g.Key.Item2:R},{g.Count()}"))
            .ToArray();
        string table = Path.Combine(_dir, "spend-table.csv");
        File.WriteAllLines(table, ["frequency,monetary_value,weight", .. rows]);

        var whole = Fit("gg", summary, "--time-unit", "week");
        var compressed = Fit("gg", table, "--time-unit", "week");
        Assert.Equal(whole.Parameters, compressed.Parameters);
        Assert.Equal(whole.Fit!.LogLikelihood, compressed.Fit!.LogLikelihood);
        Assert.Equal(whole.DataFingerprint, compressed.DataFingerprint);
    }

    [Fact]
    public void A_table_without_a_unit_is_read_in_the_default_with_a_note_and_pnbd_or_a_bad_weight_is_refused()
    {
        string table = Path.Combine(_dir, "t.csv");
        File.WriteAllLines(table, ["frequency,recency,T,weight", "0,0,30,10", "1,5,30,4", "3,20,35,2"]);
        var (code, _, error) = Run("fit", "--model", "bgnbd", "--summary", table, "--output", Path.Combine(_dir, "m.json"));
        Assert.NotEqual(2, code);
        Assert.Contains("does not record its time unit", error, StringComparison.Ordinal);

        (code, _, error) = Run("fit", "--model", "pnbd", "--summary", table);
        Assert.Equal(2, code);
        Assert.Contains("cannot be fitted on one", error, StringComparison.Ordinal);

        File.WriteAllLines(table, ["frequency,recency,T,weight", "0,0,30,-1"]);
        (code, _, error) = Run("fit", "--model", "bgnbd", "--summary", table, "--time-unit", "week");
        Assert.Equal(2, code);
        Assert.Contains("row 2: weight '-1' is not a finite weight >= 0", error, StringComparison.Ordinal);
    }

    private LifetimeModelDocument Fit(string model, string summary, params string[] more)
    {
        string output = Path.Combine(_dir, Path.GetFileNameWithoutExtension(summary) + "-" + model + ".json");
        var (code, _, error) = Run(["fit", "--model", model, "--summary", summary, "--output", output, .. more]);
        Assert.True(code == 0, error);
        return LifetimeModelJson.ReadFile(output);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
