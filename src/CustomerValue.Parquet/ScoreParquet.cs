using CustomerValue.Churn;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;
using Parquet;
using Parquet.Schema;

namespace CustomerValue.Parquet;

/// <summary>
/// Writes <see cref="CustomerScores"/> as Apache Parquet, one row per customer, with the columns of
/// <see cref="CustomerScoresCsv.ColumnNames"/> (or, for a pipeline run, <see cref="CustomerScoresCsv.PipelineColumnNames"/>): doubles for the scores and risk, bytes for the RFM scores, text for the
/// id, segment, tier, churn level and reasons.
/// </summary>
/// <remarks>
/// Row groups of 1,048,576 customers, written from reused buffers (the text columns reuse the segment, tier and level
/// name instances; each reason combination is formatted once). Static and thread-safe.
/// </remarks>
public static class ScoreParquet
{
    /// <summary>Customers per row group.</summary>
    public const int RowGroupSize = 1 << 20;

    /// <summary>Writes the scores to a file.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The write was cancelled (between row groups).</exception>
    public static async Task WriteAsync(string path, CustomerScores scores, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            await WriteAsync(stream, scores, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the scores to a seekable stream (left open).</summary>
    /// <exception cref="OperationCanceledException">The write was cancelled (between row groups).</exception>
    public static Task WriteAsync(Stream stream, CustomerScores scores, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default) =>
        WriteCoreAsync(stream, scores, null, progress, cancellationToken);

    /// <summary>
    /// Writes every score of a pipeline run with its value groups to a seekable stream (left open): the columns of
    /// <see cref="CustomerScoresCsv.PipelineColumnNames"/>, the same values per customer as the CSV form.
    /// </summary>
    /// <exception cref="OperationCanceledException">The write was cancelled (between row groups).</exception>
    public static Task WriteAsync(Stream stream, PipelineResult run, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WriteCoreAsync(stream, run.Scores, run, progress, cancellationToken);
    }

    private static async Task WriteCoreAsync(Stream stream, CustomerScores scores, PipelineResult? run, IProgress<ScoringProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(scores);
        var names = run is null ? CustomerScoresCsv.ColumnNames : CustomerScoresCsv.PipelineColumnNames;
        var id = new DataField<string>(names[0], false);
        var alive = new DataField<double>(names[1], false);
        var expected = new DataField<double>(names[2], false);
        var spend = new DataField<double>(names[3], false);
        var value = new DataField<double>(names[4], false);
        var recency = new DataField<byte>(names[5], false);
        var frequency = new DataField<byte>(names[6], false);
        var monetary = new DataField<byte>(names[7], false);
        var segment = new DataField<string>(names[8], false);
        var tier = new DataField<string>(names[9], false);
        var level = new DataField<string>(names[10], false);
        var risk = new DataField<double>(names[11], false);
        var reasons = new DataField<string>(names[12], false);
        var basis = run is null ? null : new DataField<string>(names[13], false);
        var tierReasons = run is null ? null : new DataField<string>(names[14], false);
        var group = run is null ? null : new DataField<string>(names[15], false);
        var mvcType = run is null ? null : new DataField<string>(names[16], false);
        var potential = run is null ? null : new DataField<double>(names[17], false);
        var schema = run is null
            ? new ParquetSchema(id, alive, expected, spend, value, recency, frequency, monetary, segment, tier, level, risk, reasons)
            : new ParquetSchema(id, alive, expected, spend, value, recency, frequency, monetary, segment, tier, level, risk, reasons, basis!, tierReasons!, group!, mvcType!, potential!);
        int n = scores.Count;
        int size = Math.Max(1, Math.Min(RowGroupSize, n));
        var doubles = new double[size];
        var bytes = new byte[size];
        var text = new string[size];
        var reasonNames = new Dictionary<ChurnReasonCodes, string>();
        var writer = await ParquetWriter.CreateAsync(schema, stream, null, false, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            int start = 0;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new ScoringProgress(ScoringStage.Writing, start, n));
                int count = Math.Min(size, n - start);
                using var rows = writer.CreateRowGroup();
                for (int i = 0; i < count; i++)
                {
                    text[i] = scores.CustomerId(start + i);
                }

                await rows.WriteAsync(id, new ArraySegment<string>(text, 0, count), null).ConfigureAwait(false);
                await WriteDoubles(rows, alive, scores.ProbabilityAlive.Slice(start, count), doubles, cancellationToken).ConfigureAwait(false);
                await WriteDoubles(rows, expected, scores.ExpectedPurchases.Slice(start, count), doubles, cancellationToken).ConfigureAwait(false);
                await WriteDoubles(rows, spend, scores.ExpectedSpend.Slice(start, count), doubles, cancellationToken).ConfigureAwait(false);
                await WriteDoubles(rows, value, scores.LifetimeValue.Slice(start, count), doubles, cancellationToken).ConfigureAwait(false);
                await WriteBytes(rows, recency, scores.RecencyScore.Slice(start, count), bytes, cancellationToken).ConfigureAwait(false);
                await WriteBytes(rows, frequency, scores.FrequencyScore.Slice(start, count), bytes, cancellationToken).ConfigureAwait(false);
                await WriteBytes(rows, monetary, scores.MonetaryScore.Slice(start, count), bytes, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < count; i++)
                {
                    text[i] = scores.SegmentName(start + i);
                }

                await rows.WriteAsync(segment, new ArraySegment<string>(text, 0, count), null).ConfigureAwait(false);
                for (int i = 0; i < count; i++)
                {
                    text[i] = ValueTiers.Name(scores.Tier[start + i]);
                }

                await rows.WriteAsync(tier, new ArraySegment<string>(text, 0, count), null).ConfigureAwait(false);
                for (int i = 0; i < count; i++)
                {
                    text[i] = scores.ChurnLevel[start + i].ToName();
                }

                await rows.WriteAsync(level, new ArraySegment<string>(text, 0, count), null).ConfigureAwait(false);
                await WriteDoubles(rows, risk, scores.ChurnRisk.Slice(start, count), doubles, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < count; i++)
                {
                    var r = scores.ChurnReasons[start + i];
                    if (!reasonNames.TryGetValue(r, out var codes))
                    {
                        codes = r.ToCodes();
                        reasonNames[r] = codes;
                    }

                    text[i] = codes;
                }

                await rows.WriteAsync(reasons, new ArraySegment<string>(text, 0, count), null).ConfigureAwait(false);
                if (run is not null)
                {
                    for (int i = 0; i < count; i++)
                    {
                        text[i] = run.ValueBasis;
                    }

                    await rows.WriteAsync(basis!, new ArraySegment<string>(text, 0, count), null).ConfigureAwait(false);
                    for (int i = 0; i < count; i++)
                    {
                        text[i] = run.TierReasonsOf(start + i);
                    }

                    await rows.WriteAsync(tierReasons!, new ArraySegment<string>(text, 0, count), null).ConfigureAwait(false);
                    for (int i = 0; i < count; i++)
                    {
                        text[i] = ValueTiers.Name(run.ValueGroups.Groups[start + i]);
                    }

                    await rows.WriteAsync(group!, new ArraySegment<string>(text, 0, count), null).ConfigureAwait(false);
                    for (int i = 0; i < count; i++)
                    {
                        text[i] = CustomerScoresCsv.MvcTypeName(run.ValueGroups.MvcTypes[start + i]);
                    }

                    await rows.WriteAsync(mvcType!, new ArraySegment<string>(text, 0, count), null).ConfigureAwait(false);
                    await WriteDoubles(rows, potential!, run.PotentialValue.Slice(start, count), doubles, cancellationToken).ConfigureAwait(false);
                }

                start += count;
            }
            while (start < n);
        }

        progress?.Report(new ScoringProgress(ScoringStage.Writing, n, n));
    }

    private static Task WriteDoubles(ParquetRowGroupWriter group, DataField<double> field, ReadOnlySpan<double> values, double[] buffer, CancellationToken cancellationToken)
    {
        values.CopyTo(buffer);
        return group.WriteAsync<double>(field, buffer.AsMemory(0, values.Length), null, null, cancellationToken);
    }

    private static Task WriteBytes(ParquetRowGroupWriter group, DataField<byte> field, ReadOnlySpan<byte> values, byte[] buffer, CancellationToken cancellationToken)
    {
        values.CopyTo(buffer);
        return group.WriteAsync<byte>(field, buffer.AsMemory(0, values.Length), null, null, cancellationToken);
    }
}
