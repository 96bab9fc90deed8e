using CustomerValue.Transactions;
using Parquet;
using Parquet.Schema;

namespace CustomerValue.Tests.Parquet;

/// <summary>Writes transaction logs as Parquet the way another engine would (date and amount columns, several row groups).</summary>
internal static class ParquetTestFiles
{
    public static async Task WriteTransactionsAsync(string path, IReadOnlyList<Transaction> rows, int rowGroups)
    {
        var id = new DataField<string>("customer_id", false);
        var date = new DataField<DateOnly>("date", false);
        var amount = new DataField<double>("amount", false);
        var schema = new ParquetSchema(id, date, amount);
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        int size = Math.Max(1, (rows.Count + rowGroups - 1) / rowGroups);
        for (int start = 0; start < rows.Count; start += size)
        {
            var part = rows.Skip(start).Take(size).ToArray();
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(id, part.Select(t => t.CustomerId).ToArray(), null);
            await group.WriteAsync<DateOnly>(date, part.Select(t => t.Date).ToArray().AsMemory(), null, null, default);
            await group.WriteAsync<double>(amount, part.Select(t => t.Amount).ToArray().AsMemory(), null, null, default);
        }
    }

    public static string TempPath(string extension) => Path.Combine(Path.GetTempPath(), "cv-" + Guid.NewGuid().ToString("N") + extension);
}
