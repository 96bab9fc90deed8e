using System.Globalization;
using CustomerValue.Churn;
using CustomerValue.Scoring;
using CustomerValue.Summaries;
using Parquet;
using Parquet.Schema;

namespace CustomerValue.Parquet;

/// <summary>
/// Scores customer summaries held in Parquet partitions one partition, and within it one row group, at a time, with
/// models fitted once for the whole base: memory is bounded by the largest row group, whatever the number or size of
/// the partitions.
/// </summary>
/// <remarks>
/// <para><b>Per-customer scores only.</b> The columns written (<see cref="ColumnNames"/>) depend on nothing but the
/// customer's own row and the two models, so a customer's values are the same, bit for bit, as in one pass of
/// <see cref="CustomerBaseScorer"/> over the whole base. The scores that rank a customer against the base (RFM scores and
/// segment, gold/drag tier, value group) are not written: within a partition they would rank against the partition.</para>
/// <para><b>Settings.</b> Each output carries <see cref="Settings"/> in its metadata (<see cref="SettingsKey"/>), so a
/// caller resuming a run can tell a partition scored with the same models and settings from one scored otherwise
/// (<see cref="ReadSettingsAsync"/>).</para>
/// <para>Immutable and thread-safe: partitions may be scored concurrently, each to its own stream.</para>
/// </remarks>
/// <example>
/// <code>
/// var scorer = new SummaryPartitionScorer(new CustomerBaseScorer(purchaseModel, spendModel, new ScoringOptions(52)), "models v3");
/// foreach (string part in SummaryPartitionScorer.Find("summaries/*.parquet"))
/// {
///     await using var output = File.Create(Path.Combine("scores", Path.GetFileName(part)));
///     PartitionScoreResult done = await scorer.ScoreAsync(part, output);
/// }
/// </code>
/// </example>
public sealed class SummaryPartitionScorer
{
    /// <summary>The metadata key holding <see cref="Settings"/> in every output.</summary>
    public const string SettingsKey = "customer_value.scoring";

    /// <summary>Creates a partition scorer.</summary>
    /// <param name="scorer">The scorer with the shared, fitted models and the scoring options.</param>
    /// <param name="settings">A description of the models and options (for example hashes of the model files, the as-of date and the horizon), written into every output's metadata.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SummaryPartitionScorer(CustomerBaseScorer scorer, string settings)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(settings);
        Scorer = scorer;
        Settings = settings;
    }

    /// <summary>The output columns, in order: <c>customer_id, p_alive, expected_purchases, expected_spend, clv, churn_level, churn_risk, churn_reasons</c> (as named and computed by <see cref="CustomerScoresCsv.ColumnNames"/>).</summary>
    public static IReadOnlyList<string> ColumnNames { get; } =
        ["customer_id", "p_alive", "expected_purchases", "expected_spend", "clv", "churn_level", "churn_risk", "churn_reasons"];

    /// <summary>The scorer with the shared models.</summary>
    public CustomerBaseScorer Scorer { get; }

    /// <summary>The description of models and options written into every output.</summary>
    public string Settings { get; }

    /// <summary>
    /// The partitions a path names, sorted by ordinal name: a Parquet file; a folder (every <c>*.parquet</c> directly in
    /// it, files whose name starts with <c>.</c> left out); or a glob whose wildcards (<c>*</c>, <c>?</c>) are in the
    /// file name only (<c>parts/part-*.parquet</c>).
    /// </summary>
    /// <param name="path">The file, folder or glob.</param>
    /// <exception cref="ArgumentException">The path is empty, or a wildcard is in a folder name.</exception>
    /// <exception cref="FileNotFoundException">Nothing matches.</exception>
    public static IReadOnlyList<string> Find(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            return [Path.GetFullPath(path)];
        }

        string folder, pattern;
        if (Directory.Exists(path))
        {
            (folder, pattern) = (path, "*.parquet");
        }
        else
        {
            folder = Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
            pattern = Path.GetFileName(path);
            if (folder.IndexOfAny(['*', '?']) >= 0)
            {
                throw new ArgumentException($"'{path}': wildcards are read in the file name only (for example parts/*.parquet), not in folder names.", nameof(path));
            }

            if (pattern.IndexOfAny(['*', '?']) < 0 || !Directory.Exists(folder))
            {
                throw new FileNotFoundException($"'{path}' does not exist.", path);
            }
        }

        var files = Directory.GetFiles(folder, pattern)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Select(Path.GetFullPath)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return files.Length > 0 ? files : throw new FileNotFoundException($"'{path}' matches no file{(Directory.Exists(path) ? " (*.parquet)" : string.Empty)}.", path);
    }

    /// <summary>The settings a finished output was scored with (<see cref="SettingsKey"/>), or null when it has none.</summary>
    /// <param name="path">A file written by <see cref="ScoreAsync"/>.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="IOException">The file cannot be read as Parquet.</exception>
    public static async Task<string?> ReadSettingsAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var reader = await ParquetReader.CreateAsync(path, null, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return reader.CustomMetadata.TryGetValue(SettingsKey, out var settings) ? settings : null;
        }
    }

    /// <summary>
    /// Scores one partition (a summary Parquet file, as <see cref="SummaryParquet.ReadRowGroupsAsync"/> reads it) into
    /// <paramref name="destination"/> (seekable, left open), one output row group per input row group.
    /// </summary>
    /// <param name="summaryPath">The partition.</param>
    /// <param name="destination">The output stream.</param>
    /// <param name="timeUnit">The unit of recency and T when the file does not record one; null to require it in the file.</param>
    /// <param name="cancellationToken">Stops between row groups.</param>
    /// <returns>What was scored.</returns>
    /// <exception cref="ArgumentException">The partition's time unit is not the model's, or a row is invalid (the message names the file, customer and field).</exception>
    /// <exception cref="FormatException">A column is missing or the time unit is not recorded.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<PartitionScoreResult> ScoreAsync(string summaryPath, Stream destination, TimeUnit? timeUnit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(summaryPath);
        ArgumentNullException.ThrowIfNull(destination);
        string source = Path.GetFileName(summaryPath);
        var names = ColumnNames;
        var id = new DataField<string>(names[0], false);
        var alive = new DataField<double>(names[1], false);
        var expected = new DataField<double>(names[2], false);
        var spend = new DataField<double>(names[3], false);
        var value = new DataField<double>(names[4], false);
        var level = new DataField<string>(names[5], false);
        var risk = new DataField<double>(names[6], false);
        var reasons = new DataField<string>(names[7], false);
        var schema = new ParquetSchema(id, alive, expected, spend, value, level, risk, reasons);
        var reasonNames = new Dictionary<ChurnReasonCodes, string>();
        long customers = 0;
        int groups = 0;
        double equity = 0;
        var unitOfModel = Scorer.PurchaseModel.TimeUnit;
        var writer = await ParquetWriter.CreateAsync(schema, destination, null, false, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            writer.CustomMetadata = new Dictionary<string, string> { [SettingsKey] = Settings, [SummaryParquet.TimeUnitKey] = unitOfModel.ToName() };
            await foreach (var summaries in SummaryParquet.ReadRowGroupsAsync(summaryPath, timeUnit, cancellationToken).ConfigureAwait(false))
            {
                if (summaries.TimeUnit != unitOfModel)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"{source}: recency and T are in {summaries.TimeUnit.ToName()}s but the model is fitted in {unitOfModel.ToName()}s; summarise in the model's unit."));
                }

                var input = new ScoringInput(summaries.Frequency.ToArray(), summaries.Recency.ToArray(), summaries.Age.ToArray(), summaries.MonetaryValue.ToArray(), summaries.TimeUnit)
                {
                    CustomerIds = summaries.CustomerIds,
                };
                CustomerScores scores;
                try
                {
                    scores = Scorer.Score(input, null, cancellationToken);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"{source}: {e.Message}", e);
                }

                int n = scores.Count;
                var text = new string[n];
                using var rows = writer.CreateRowGroup();
                for (int i = 0; i < n; i++)
                {
                    text[i] = scores.CustomerId(i);
                }

                await rows.WriteAsync(id, text, null).ConfigureAwait(false);
                await rows.WriteAsync<double>(alive, scores.ProbabilityAlive.ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                await rows.WriteAsync<double>(expected, scores.ExpectedPurchases.ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                await rows.WriteAsync<double>(spend, scores.ExpectedSpend.ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                await rows.WriteAsync<double>(value, scores.LifetimeValue.ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < n; i++)
                {
                    text[i] = scores.ChurnLevel[i].ToName();
                }

                await rows.WriteAsync(level, text, null).ConfigureAwait(false);
                await rows.WriteAsync<double>(risk, scores.ChurnRisk.ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < n; i++)
                {
                    var r = scores.ChurnReasons[i];
                    if (!reasonNames.TryGetValue(r, out var codes))
                    {
                        codes = r.ToCodes();
                        reasonNames[r] = codes;
                    }

                    text[i] = codes;
                }

                await rows.WriteAsync(reasons, text, null).ConfigureAwait(false);
                var clv = scores.LifetimeValue;
                for (int i = 0; i < n; i++)
                {
                    equity += clv[i];
                }

                customers += n;
                groups++;
            }
        }

        return new PartitionScoreResult(customers, groups, equity);
    }
}

/// <summary>What scoring one partition did.</summary>
/// <param name="Customers">Customers scored.</param>
/// <param name="RowGroups">Row groups read (and written).</param>
/// <param name="CustomerEquity">The sum of the partition's CLVs.</param>
public readonly record struct PartitionScoreResult(long Customers, int RowGroups, double CustomerEquity);
