using Apache.Arrow;
using Apache.Arrow.Ipc;
using CustomerValue.Churn;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;
using CustomerValue.Summaries;

namespace CustomerValue.Parquet;

/// <summary>
/// Apache Arrow IPC files (<c>.arrow</c>, the Feather v2 format): customer summaries in, customer scores out, with
/// the same column names as the CSV and Parquet forms. For handing columns to and from Arrow-native tools (pandas,
/// Polars, DuckDB, Spark) without a text round trip.
/// </summary>
/// <remarks>Record batches of 1,048,576 rows. Static and thread-safe.</remarks>
public static class CustomerValueArrow
{
    private const int BatchSize = 1 << 20;

    /// <summary>Writes the scores as an Arrow IPC file to a stream (left open).</summary>
    /// <exception cref="OperationCanceledException">The write was cancelled (between batches).</exception>
    public static Task WriteScoresAsync(Stream stream, CustomerScores scores, CancellationToken cancellationToken = default) =>
        WriteScoresCoreAsync(stream, scores, null, cancellationToken);

    /// <summary>
    /// Writes every score of a pipeline run with its value groups as an Arrow IPC file (left open): the columns of
    /// <see cref="CustomerScoresCsv.PipelineColumnNames"/>, the same values per customer as the CSV form.
    /// </summary>
    /// <exception cref="OperationCanceledException">The write was cancelled (between batches).</exception>
    public static Task WriteScoresAsync(Stream stream, PipelineResult run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WriteScoresCoreAsync(stream, run.Scores, run, cancellationToken);
    }

    private static async Task WriteScoresCoreAsync(Stream stream, CustomerScores scores, PipelineResult? run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(scores);
        var names = run is null ? CustomerScoresCsv.ColumnNames : CustomerScoresCsv.PipelineColumnNames;
        var reasonNames = new Dictionary<ChurnReasonCodes, string>();
        ArrowFileWriter? writer = null;
        try
        {
            int start = 0;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(BatchSize, scores.Count - start);
                int from = start;
                var builder = new RecordBatch.Builder()
                    .Append(names[0], false, c => c.String(b => { for (int i = 0; i < count; i++) { b.Append(scores.CustomerId(from + i)); } }))
                    .Append(names[1], false, c => c.Double(b => b.Append(scores.ProbabilityAlive.Slice(from, count))))
                    .Append(names[2], false, c => c.Double(b => b.Append(scores.ExpectedPurchases.Slice(from, count))))
                    .Append(names[3], false, c => c.Double(b => b.Append(scores.ExpectedSpend.Slice(from, count))))
                    .Append(names[4], false, c => c.Double(b => b.Append(scores.LifetimeValue.Slice(from, count))))
                    .Append(names[5], false, c => c.UInt8(b => b.Append(scores.RecencyScore.Slice(from, count))))
                    .Append(names[6], false, c => c.UInt8(b => b.Append(scores.FrequencyScore.Slice(from, count))))
                    .Append(names[7], false, c => c.UInt8(b => b.Append(scores.MonetaryScore.Slice(from, count))))
                    .Append(names[8], false, c => c.String(b => { for (int i = 0; i < count; i++) { b.Append(scores.SegmentName(from + i)); } }))
                    .Append(names[9], false, c => c.String(b => { for (int i = 0; i < count; i++) { b.Append(ValueTiers.Name(scores.Tier[from + i])); } }))
                    .Append(names[10], false, c => c.String(b => { for (int i = 0; i < count; i++) { b.Append(scores.ChurnLevel[from + i].ToName()); } }))
                    .Append(names[11], false, c => c.Double(b => b.Append(scores.ChurnRisk.Slice(from, count))))
                    .Append(names[12], false, c => c.String(b => { for (int i = 0; i < count; i++) { b.Append(Reasons(reasonNames, scores.ChurnReasons[from + i])); } }));
                if (run is not null)
                {
                    builder = builder
                        .Append(names[13], false, c => c.String(b => { for (int i = 0; i < count; i++) { b.Append(run.ValueBasis); } }))
                        .Append(names[14], false, c => c.String(b => { for (int i = 0; i < count; i++) { b.Append(run.TierReasonsOf(from + i)); } }))
                        .Append(names[15], false, c => c.String(b => { for (int i = 0; i < count; i++) { b.Append(ValueTiers.Name(run.ValueGroups.Groups[from + i])); } }))
                        .Append(names[16], false, c => c.String(b => { for (int i = 0; i < count; i++) { b.Append(CustomerScoresCsv.MvcTypeName(run.ValueGroups.MvcTypes[from + i])); } }))
                        .Append(names[17], false, c => c.Double(b => b.Append(run.PotentialValue.Slice(from, count))));
                }

                var batch = builder.Build();
                using (batch)
                {
                    writer ??= new ArrowFileWriter(stream, batch.Schema, leaveOpen: true);
                    await writer.WriteRecordBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                }

                start += count;
            }
            while (start < scores.Count);

            await writer!.WriteEndAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writer?.Dispose();
        }
    }

    /// <summary>Reads customer summaries (<c>customer_id, frequency, recency, T</c>, optional <c>monetary_value</c>) from an Arrow IPC file.</summary>
    /// <param name="stream">The file's bytes.</param>
    /// <param name="timeUnit">The unit of recency and T.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="FormatException">A column is missing or not of the expected type.</exception>
    /// <exception cref="ArgumentException">A row is invalid (the message names the customer and field).</exception>
    public static async Task<CustomerSummaries> ReadSummariesAsync(Stream stream, TimeUnit timeUnit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new ArrowFileReader(stream, leaveOpen: true);
        var ids = new List<string>();
        var x = new List<double>();
        var tx = new List<double>();
        var t = new List<double>();
        var m = new List<double>();
        while (await reader.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            using (batch)
            {
                var idColumn = batch.Column("customer_id") as StringArray ?? throw new FormatException("Arrow summaries: no text column 'customer_id'.");
                for (int i = 0; i < batch.Length; i++)
                {
                    ids.Add(idColumn.GetString(i) ?? throw new FormatException($"Arrow summaries: row {ids.Count + 1} has no customer_id."));
                }

                x.AddRange(Doubles(batch, "frequency"));
                tx.AddRange(Doubles(batch, "recency"));
                t.AddRange(Doubles(batch, "T"));
                if (batch.Schema.GetFieldIndex("monetary_value") >= 0)
                {
                    m.AddRange(Doubles(batch, "monetary_value"));
                }
            }
        }

        return CustomerSummaries.FromColumns(ids, [.. x], [.. tx], [.. t], [.. m], timeUnit);
    }

    /// <summary>Writes customer summaries as an Arrow IPC file (left open), for tools that hand summaries on.</summary>
    public static async Task WriteSummariesAsync(Stream stream, CustomerSummaries summaries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(summaries);
        var batch = new RecordBatch.Builder()
            .Append("customer_id", false, c => c.String(b => b.AppendRange(summaries.CustomerIds)))
            .Append("frequency", false, c => c.Double(b => b.Append(summaries.Frequency)))
            .Append("recency", false, c => c.Double(b => b.Append(summaries.Recency)))
            .Append("T", false, c => c.Double(b => b.Append(summaries.Age)))
            .Append("monetary_value", false, c => c.Double(b => b.Append(summaries.MonetaryValue)))
            .Build();
        using (batch)
        {
            using var writer = new ArrowFileWriter(stream, batch.Schema, leaveOpen: true);
            await writer.WriteRecordBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            await writer.WriteEndAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static double[] Doubles(RecordBatch batch, string name) => batch.Column(name) switch
    {
        DoubleArray d => d.Values.ToArray(),
        FloatArray f => [.. f.Values.ToArray().Select(v => (double)v)],
        Int64Array l => [.. l.Values.ToArray().Select(v => (double)v)],
        Int32Array i => [.. i.Values.ToArray().Select(v => (double)v)],
        null => throw new FormatException($"Arrow summaries: no column '{name}'."),
        var other => throw new FormatException($"Arrow summaries: column '{name}' holds {other.Data.DataType.Name}; expected a number."),
    };

    private static string Reasons(Dictionary<ChurnReasonCodes, string> cache, ChurnReasonCodes reasons)
    {
        if (!cache.TryGetValue(reasons, out var codes))
        {
            codes = reasons.ToCodes();
            cache[reasons] = codes;
        }

        return codes;
    }
}
