using System.Globalization;
using System.Security.Cryptography;
using CustomerValue.Lifetime;
using CustomerValue.Parquet;
using CustomerValue.Scoring;

namespace CustomerValue.Cli.Commands;

/// <summary>
/// <c>score --summary 'parts/*.parquet' --output-dir out/</c>: every summary partition scored with the given models, one
/// output partition per input (same file name), one row group at a time, resumable.
/// </summary>
/// <remarks>
/// <para><b>Models are required.</b> Fitting per partition would give each partition its own model, and fitting here on
/// every partition would need a pass over the whole base before scoring; the models are fitted once, on the compressed
/// table of all customers (<c>customer-value sql --query fit-table</c>), and given.</para>
/// <para><b>Per-customer columns only</b> (<see cref="SummaryPartitionScorer.ColumnNames"/>): the rank-based scores
/// (RFM, segment, tier, value group) would rank within a partition, so they are not written; stderr says so.</para>
/// <para><b>Resumable.</b> Each output is written to a temporary file and renamed when whole; a partition whose output
/// exists and was scored with the same settings is skipped (and named on stderr); one scored with other settings is an
/// error, so a rerun never mixes two runs' scores silently.</para>
/// </remarks>
internal static class ScorePartitions
{
    /// <summary>True when the --summary value names several partitions (a folder or a glob), not one file.</summary>
    public static bool NamesPartitions(string path) => Directory.Exists(path) || Path.GetFileName(path).IndexOfAny(['*', '?']) >= 0;

    public static int Run(
        CliIo io, string summaryPath, DirectoryInfo outputDir, IRepeatPurchaseModel? purchases, ISpendModel? spend, FileInfo? modelFile, FileInfo? spendFile,
        TimeUnit? explicitUnit, PipelineOptions options, CancellationToken cancellationToken)
    {
        if (purchases is null || spend is null || modelFile is null || spendFile is null)
        {
            throw new ArgumentException(
                "--output-dir scores partitions with shared models: give --model and --spend-model, fitted once on every customer " +
                "(for example on the compressed table of customer-value sql --query fit-table); a model is never fitted per partition.");
        }

        var parts = SummaryPartitionScorer.Find(summaryPath);
        string outFolder = Path.GetFullPath(outputDir.FullName);
        if (File.Exists(outFolder))
        {
            throw new ArgumentException($"--output-dir: '{outFolder}' is a file; name a folder.");
        }

        if (parts.Any(p => string.Equals(Path.GetDirectoryName(p), outFolder.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal)))
        {
            throw new ArgumentException($"--output-dir: '{outFolder}' holds the input partitions; name another folder so that no input is overwritten.");
        }

        var scoring = options.ScoringOptionsFor(purchases.TimeUnit);
        string settings = Settings(options, scoring, modelFile, spendFile);
        var scorer = new SummaryPartitionScorer(new CustomerBaseScorer(purchases, spend, scoring), settings);
        long customers = 0;
        double equity = 0;
        var skipped = new List<string>();
        int scored = 0;
        foreach (string part in parts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = Path.GetFileName(part);
            var target = new FileInfo(Path.Combine(outFolder, name));
            if (target.Exists)
            {
                string? previous = ReadSettings(target.FullName, cancellationToken);
                if (previous != settings)
                {
                    throw new ArgumentException(
                        $"--output-dir: {target.FullName} exists but was scored with other settings ({previous ?? "none recorded"}; now {settings}); delete it (or the folder) to score again, or name another --output-dir.");
                }

                skipped.Add(name);
                io.Tell($"score: {name}: skipped, already scored with the same models and settings ({target.FullName}).");
                continue;
            }

            PartitionScoreResult done = default;
            using (var outputs = io.Outputs(("--output-dir", target)))
            {
                outputs.WriteStream(target, stream => done = scorer.ScoreAsync(part, stream, explicitUnit, cancellationToken).GetAwaiter().GetResult());
                outputs.Commit();
            }

            scored++;
            customers += done.Customers;
            equity += done.CustomerEquity;
            io.Tell($"score: {name}: {done.Customers:N0} customers in {done.RowGroups:N0} row groups -> {target.FullName}.");
        }

        string skippedNames = skipped.Count > 0 ? " (" + string.Join(", ", skipped) + ")" : string.Empty;
        string columns = string.Join(",", SummaryPartitionScorer.ColumnNames);
        io.Tell($"score: {parts.Count:N0} partitions: {scored:N0} scored ({customers:N0} customers, CLV sum {equity:N2}), {skipped.Count:N0} skipped as already scored{skippedNames}; given {Describe(purchases)} in {purchases.TimeUnit.ToName()}s and spend model; horizon {scoring.Horizon:0.##} {purchases.TimeUnit.ToName()}s, discount {options.DiscountRate}; per-customer columns only ({columns}): RFM scores, segments, tiers and value groups rank customers against the whole base and are not written per partition (score the merged summary for them); wrote {outFolder}.");
        return 0;
    }

    private static string? ReadSettings(string path, CancellationToken cancellationToken)
    {
        try
        {
            return SummaryPartitionScorer.ReadSettingsAsync(path, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidDataException or NotSupportedException)
        {
            throw new ArgumentException($"--output-dir: {path} exists but is not a scored partition ({e.Message}); delete it to score again.", e);
        }
    }

    /// <summary>The models (by content hash) and scoring settings, recorded in every output so that a rerun can tell whether a finished partition is from the same run.</summary>
    private static string Settings(PipelineOptions options, ScoringOptions scoring, FileInfo modelFile, FileInfo spendFile) =>
        string.Create(CultureInfo.InvariantCulture,
            $"as-of {options.AsOf:yyyy-MM-dd}; horizon {scoring.Horizon:R}; discount {options.DiscountRate}; margin {options.MarginRate:R}; model sha256:{Hash(modelFile)}; spend-model sha256:{Hash(spendFile)}");

    private static string Hash(FileInfo file)
    {
        using var stream = file.OpenRead();
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }

    private static string Describe(IRepeatPurchaseModel model) => model.Kind switch
    {
        RepeatPurchaseModelKind.BgNbd => "BG/NBD",
        RepeatPurchaseModelKind.ModifiedBgNbd => "MBG/NBD",
        RepeatPurchaseModelKind.ParetoNbd => "Pareto/NBD",
        _ => model.Kind.ToString(),
    };
}
