using CustomerValue.Summaries;
using Parquet;
using Parquet.Schema;

namespace CustomerValue.Parquet;

/// <summary>
/// Customer summaries as Apache Parquet: columns <c>customer_id, frequency, recency, T, monetary_value</c> (the summary
/// CSV's names), with the time unit kept in the file's metadata (<c>customer_value.time_unit</c>).
/// </summary>
/// <remarks>Static and thread-safe.</remarks>
public static class SummaryParquet
{
    /// <summary>The metadata key holding the time unit of recency and T.</summary>
    public const string TimeUnitKey = "customer_value.time_unit";

    /// <summary>Writes summaries (one row group per million customers).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static async Task WriteAsync(string path, CustomerSummaries summaries, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(summaries);
        var id = new DataField<string>("customer_id", false);
        var frequency = new DataField<double>("frequency", false);
        var recency = new DataField<double>("recency", false);
        var age = new DataField<double>("T", false);
        var monetary = new DataField<double>("monetary_value", false);
        var schema = new ParquetSchema(id, frequency, recency, age, monetary);
        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            var writer = await ParquetWriter.CreateAsync(schema, stream, null, false, cancellationToken).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                writer.CustomMetadata = new Dictionary<string, string> { [TimeUnitKey] = summaries.TimeUnit.ToName() };
                var x = summaries.Frequency.ToArray();
                var tx = summaries.Recency.ToArray();
                var t = summaries.Age.ToArray();
                var m = summaries.MonetaryValue.ToArray();
                var ids = summaries.CustomerIds.ToArray();
                const int GroupSize = 1 << 20;
                for (int start = 0; start < ids.Length || start == 0; start += GroupSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int n = Math.Min(GroupSize, ids.Length - start);
                    using var group = writer.CreateRowGroup();
                    await group.WriteAsync(id, new ArraySegment<string>(ids, start, n), null).ConfigureAwait(false);
                    await group.WriteAsync<double>(frequency, x.AsMemory(start, n), null, null, cancellationToken).ConfigureAwait(false);
                    await group.WriteAsync<double>(recency, tx.AsMemory(start, n), null, null, cancellationToken).ConfigureAwait(false);
                    await group.WriteAsync<double>(age, t.AsMemory(start, n), null, null, cancellationToken).ConfigureAwait(false);
                    await group.WriteAsync<double>(monetary, m.AsMemory(start, n), null, null, cancellationToken).ConfigureAwait(false);
                    if (ids.Length == 0)
                    {
                        break;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Reads a summary file one row group at a time (memory bounded by the largest row group, not the file): each item is
    /// the summaries of one row group, in file order. Same columns and rules as <see cref="ReadAsync"/>; empty row groups
    /// are skipped. Ids are checked for repeats within a row group only.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="timeUnit">The unit of recency and T when the file does not say (a unit in the file wins only when this is null).</param>
    /// <param name="cancellationToken">Stops between row groups.</param>
    /// <exception cref="FormatException">A column is missing or the time unit is unknown.</exception>
    /// <exception cref="ArgumentException">A row is invalid (the message names the customer and field).</exception>
    public static async IAsyncEnumerable<CustomerSummaries> ReadRowGroupsAsync(string path, TimeUnit? timeUnit = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string source = Path.GetFileName(path);
        var reader = await ParquetReader.CreateAsync(path, null, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var unit = timeUnit
                ?? (reader.CustomMetadata.TryGetValue(TimeUnitKey, out var name) ? TimeUnitExtensions.ParseTimeUnit(name)
                : throw new FormatException($"{source}: the file does not say the time unit of recency and T ({TimeUnitKey}); give it."));
            var idField = ParquetColumns.Find(reader, "customer_id", source);
            var fields = new[] { ParquetColumns.Find(reader, "frequency", source), ParquetColumns.Find(reader, "recency", source), ParquetColumns.Find(reader, "T", source) };
            var monetaryField = ParquetColumns.TryFind(reader, "monetary_value");
            long before = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var group = reader.OpenRowGroupReader(g);
                int rows = checked((int)group.RowCount);
                if (rows == 0)
                {
                    continue;
                }

                var groupIds = await ParquetColumns.ReadStringsAsync(group, idField, rows, source, cancellationToken).ConfigureAwait(false);
                var ids = new string[rows];
                for (int i = 0; i < rows; i++)
                {
                    ids[i] = groupIds[i] ?? throw new FormatException($"{source}: row {before + i + 1} has no customer_id.");
                }

                var x = await ParquetColumns.ReadDoublesAsync(group, fields[0], rows, source, cancellationToken).ConfigureAwait(false);
                var tx = await ParquetColumns.ReadDoublesAsync(group, fields[1], rows, source, cancellationToken).ConfigureAwait(false);
                var t = await ParquetColumns.ReadDoublesAsync(group, fields[2], rows, source, cancellationToken).ConfigureAwait(false);
                var m = monetaryField is null ? [] : await ParquetColumns.ReadDoublesAsync(group, monetaryField, rows, source, cancellationToken).ConfigureAwait(false);
                before += rows;
                yield return CustomerSummaries.FromColumns(ids, x, tx, t, m, unit);
            }
        }
    }

    /// <summary>Reads summaries written by <see cref="WriteAsync"/> or by any engine with those column names (<c>monetary_value</c> optional).</summary>
    /// <param name="path">The file.</param>
    /// <param name="timeUnit">The unit of recency and T when the file does not say (a unit in the file wins only when this is null).</param>
    /// <param name="cancellationToken">Stops between row groups.</param>
    /// <exception cref="FormatException">A column is missing or the time unit is unknown.</exception>
    /// <exception cref="ArgumentException">A row is invalid (the message names the customer and field).</exception>
    public static async Task<CustomerSummaries> ReadAsync(string path, TimeUnit? timeUnit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string source = Path.GetFileName(path);
        var reader = await ParquetReader.CreateAsync(path, null, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var unit = timeUnit
                ?? (reader.CustomMetadata.TryGetValue(TimeUnitKey, out var name) ? TimeUnitExtensions.ParseTimeUnit(name)
                : throw new FormatException($"{source}: the file does not say the time unit of recency and T ({TimeUnitKey}); give it."));
            var idField = ParquetColumns.Find(reader, "customer_id", source);
            var fields = new[] { ParquetColumns.Find(reader, "frequency", source), ParquetColumns.Find(reader, "recency", source), ParquetColumns.Find(reader, "T", source) };
            var monetaryField = ParquetColumns.TryFind(reader, "monetary_value");
            var ids = new List<string>();
            var columns = new[] { new List<double>(), new List<double>(), new List<double>(), new List<double>() };
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var group = reader.OpenRowGroupReader(g);
                int rows = checked((int)group.RowCount);
                var groupIds = await ParquetColumns.ReadStringsAsync(group, idField, rows, source, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < rows; i++)
                {
                    ids.Add(groupIds[i] ?? throw new FormatException($"{source}: row {ids.Count + 1} has no customer_id."));
                }

                for (int c = 0; c < 3; c++)
                {
                    columns[c].AddRange(await ParquetColumns.ReadDoublesAsync(group, fields[c], rows, source, cancellationToken).ConfigureAwait(false));
                }

                if (monetaryField is not null)
                {
                    columns[3].AddRange(await ParquetColumns.ReadDoublesAsync(group, monetaryField, rows, source, cancellationToken).ConfigureAwait(false));
                }
            }

            return CustomerSummaries.FromColumns(ids, [.. columns[0]], [.. columns[1]], [.. columns[2]], [.. columns[3]], unit);
        }
    }
}
