using System.Globalization;
using CustomerValue.Churn;
using CustomerValue.Segmentation;

namespace CustomerValue.Scoring;

/// <summary>
/// Writes <see cref="CustomerScores"/> as CSV: a header row, then one row per customer with every score (the columns
/// of <see cref="ColumnNames"/>; invariant culture, round-trip precision for doubles).
/// </summary>
/// <remarks>Static and thread-safe. Writes in chunks, reporting progress and honouring cancellation between chunks.</remarks>
public static class CustomerScoresCsv
{
    /// <summary>
    /// The output columns, in order: <c>customer_id, p_alive, expected_purchases, expected_spend, clv, recency_score,
    /// frequency_score, monetary_score, rfm_segment, tier, churn_level, churn_risk, churn_reasons</c> (reasons are codes
    /// joined by <c>;</c>). The Parquet and Arrow writers use the same names.
    /// </summary>
    public static IReadOnlyList<string> ColumnNames { get; } =
    [
        "customer_id", "p_alive", "expected_purchases", "expected_spend", "clv", "recency_score", "frequency_score", "monetary_score",
        "rfm_segment", "tier", "churn_level", "churn_risk", "churn_reasons",
    ];

    /// <summary>
    /// The columns of a whole pipeline run (<c>customer-value score</c>): <see cref="ColumnNames"/>, then
    /// <c>tier_basis</c> (the value measure of tier and value group: <c>clv</c>), <c>tier_reasons</c> (why gold or drag:
    /// <c>top_value</c>, <c>low_value</c>, <c>below_zero</c>, <c>inactive</c>, joined by <c>;</c>), <c>value_group</c>
    /// (<c>mvc</c>, <c>mgc</c>, <c>bz</c>, <c>other</c>), <c>mvc_type</c> (<c>big</c>, <c>steady</c>, <c>seasonal</c>,
    /// <c>unspecified</c>, empty for non-MVC) and <c>potential_value</c> (wallet headroom × margin rate).
    /// </summary>
    public static IReadOnlyList<string> PipelineColumnNames { get; } =
        [.. ColumnNames, "tier_basis", "tier_reasons", "value_group", "mvc_type", "potential_value"];

    /// <summary>Writes every score of a pipeline run with its value groups (the columns of <see cref="PipelineColumnNames"/>).</summary>
    /// <param name="writer">The destination (not closed).</param>
    /// <param name="run">The run.</param>
    /// <param name="progress">Receives <see cref="ScoringStage.Writing"/> progress in customers; null for none.</param>
    /// <param name="cancellationToken">Stops between chunks of rows.</param>
    public static void Write(TextWriter writer, PipelineResult run, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        WriteCore(writer, run.Scores, run, progress, cancellationToken);
    }

    /// <summary>The MVC kind's column text (empty for none).</summary>
    public static string MvcTypeName(MvcType type) => type == MvcType.None ? string.Empty : type.ToString().ToLowerInvariant();

    /// <summary>Writes the scores.</summary>
    /// <param name="writer">The destination (not closed).</param>
    /// <param name="scores">The scores.</param>
    /// <param name="progress">Receives <see cref="ScoringStage.Writing"/> progress in customers; null for none.</param>
    /// <param name="cancellationToken">Stops between chunks of rows.</param>
    /// <exception cref="OperationCanceledException">The write was cancelled.</exception>
    public static void Write(TextWriter writer, CustomerScores scores, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default) =>
        WriteCore(writer, scores, null, progress, cancellationToken);

    private static void WriteCore(TextWriter writer, CustomerScores scores, PipelineResult? run, IProgress<ScoringProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(scores);
        writer.Write(string.Join(',', run is null ? ColumnNames : PipelineColumnNames));
        writer.Write('\n');
        int n = scores.Count;
        var reasons = new ReasonNames();
        Span<char> number = stackalloc char[32];
        for (int i = 0; i < n; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new ScoringProgress(ScoringStage.Writing, i, n));
            }

            WriteId(writer, scores.CustomerId(i));
            Number(writer, scores.ProbabilityAlive[i], number);
            Number(writer, scores.ExpectedPurchases[i], number);
            Number(writer, scores.ExpectedSpend[i], number);
            Number(writer, scores.LifetimeValue[i], number);
            writer.Write(',');
            writer.Write((char)('0' + scores.RecencyScore[i]));
            writer.Write(',');
            writer.Write((char)('0' + scores.FrequencyScore[i]));
            writer.Write(',');
            writer.Write((char)('0' + scores.MonetaryScore[i]));
            writer.Write(',');
            writer.Write(scores.SegmentName(i));
            writer.Write(',');
            writer.Write(ValueTiers.Name(scores.Tier[i]));
            writer.Write(',');
            writer.Write(scores.ChurnLevel[i].ToName());
            Number(writer, scores.ChurnRisk[i], number);
            writer.Write(',');
            writer.Write(reasons.Of(scores.ChurnReasons[i]));
            if (run is not null)
            {
                writer.Write(',');
                writer.Write(run.ValueBasis);
                writer.Write(',');
                writer.Write(run.TierReasonsOf(i));
                writer.Write(',');
                writer.Write(ValueTiers.Name(run.ValueGroups.Groups[i]));
                writer.Write(',');
                writer.Write(MvcTypeName(run.ValueGroups.MvcTypes[i]));
                Number(writer, run.PotentialValue[i], number);
            }

            writer.Write('\n');
        }

        progress?.Report(new ScoringProgress(ScoringStage.Writing, n, n));
    }

    /// <summary>Writes the scores to a file (UTF-8, <c>\n</c> line ends).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteFile(string path, CustomerScores scores, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 16);
        Write(writer, scores, progress, cancellationToken);
    }

    private static void Number(TextWriter writer, double value, Span<char> buffer)
    {
        writer.Write(',');
        value.TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }

    private static void WriteId(TextWriter writer, string id)
    {
        if (id.AsSpan().IndexOfAny(",\"\n\r") < 0)
        {
            writer.Write(id);
            return;
        }

        writer.Write('"');
        writer.Write(id.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    /// <summary>The text of each reason combination, built once per distinct combination (there are at most 128).</summary>
    internal sealed class ReasonNames
    {
        private readonly Dictionary<ChurnReasonCodes, string> _names = [];

        public string Of(ChurnReasonCodes reasons)
        {
            if (!_names.TryGetValue(reasons, out var name))
            {
                name = reasons.ToCodes();
                _names[reasons] = name;
            }

            return name;
        }
    }
}
