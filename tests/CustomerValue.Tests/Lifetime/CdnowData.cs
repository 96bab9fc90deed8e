using System.Globalization;
using CustomerValue.Samples;
using CustomerValue.Summaries;

namespace CustomerValue.Tests.Lifetime;

/// <summary>The two CDNOW calibration summaries the golden tests fit.</summary>
internal static class CdnowData
{
    private static readonly Lazy<CustomerSummaries> Exact = new(() =>
        SummaryAccumulator.Summarize(SampleData.CdnowTransactions(), new SummaryOptions(SampleData.CdnowCalibrationEnd, TimeUnit.Week, SampleData.CdnowHoldoutEnd)));

    private static readonly Lazy<CustomerSummaries> Published = new(() =>
    {
        var rows = TestFiles.Csv("cdnow_customers_summary_with_transactions.csv").ToArray();
        double P(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return CustomerSummaries.FromColumns(
            [.. rows.Select(r => r[0])],
            [.. rows.Select(r => P(r[1]))],
            [.. rows.Select(r => P(r[2]))],
            [.. rows.Select(r => P(r[3]))],
            [.. rows.Select(r => P(r[4]))],
            TimeUnit.Week);
    });

    /// <summary>Summarised from the embedded transactions: times are whole days / 7 (exact), with the holdout.</summary>
    public static CustomerSummaries ExactWeeks => Exact.Value;

    /// <summary>The published summary file (Hardie's): weeks rounded to 2 decimals, zbar as monetary value.</summary>
    public static CustomerSummaries RoundedWeeks => Published.Value;
}
