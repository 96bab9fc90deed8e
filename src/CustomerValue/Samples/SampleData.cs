using CustomerValue.Transactions;

namespace CustomerValue.Samples;

/// <summary>
/// Data embedded in the library for examples, tests and the command line's defaults.
/// </summary>
/// <remarks>
/// The CDNOW sample: 6,919 purchases (2,357 customers who first bought in Q1 1997, followed to 1998-06-30), from
/// the data set Fader, Hardie and Lee distribute with "Counting your customers the easy way" (Marketing Science, 2005).
/// Columns <c>customer_id,date,amount</c>; customer ids are the sample ids 1..2357. Same-day rows are kept as recorded
/// (223 rows repeat a customer-day); the summariser merges them. The conventional analysis uses calibration to
/// <see cref="CdnowCalibrationEnd"/>, holdout to <see cref="CdnowHoldoutEnd"/>, and weeks.
/// </remarks>
public static class SampleData
{
    private const string CdnowResource = "CustomerValue.Samples.cdnow_sample.csv.gz";

    /// <summary>The conventional CDNOW calibration end: 1997-09-30 (39 weeks after the start of 1997).</summary>
    public static DateOnly CdnowCalibrationEnd { get; } = new(1997, 9, 30);

    /// <summary>The conventional CDNOW holdout end: 1998-06-30.</summary>
    public static DateOnly CdnowHoldoutEnd { get; } = new(1998, 6, 30);

    /// <summary>Opens the CDNOW sample as CSV text (<c>customer_id,date,amount</c>). The caller disposes it.</summary>
    public static TextReader OpenCdnowCsv()
    {
        var stream = typeof(SampleData).Assembly.GetManifestResourceStream(CdnowResource)
            ?? throw new InvalidOperationException($"The embedded resource {CdnowResource} is missing from the assembly.");
        return new StreamReader(new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress));
    }

    /// <summary>All 6,919 CDNOW sample transactions, in file order.</summary>
    public static IReadOnlyList<Transaction> CdnowTransactions()
    {
        using var reader = OpenCdnowCsv();
        return TransactionCsvReader.Read(reader, TransactionCsvOptions.Default, new IngestReportBuilder(), "CDNOW sample").ToArray();
    }
}
