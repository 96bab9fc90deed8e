using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace CustomerValue.Parquet;

/// <summary>Reading typed columns of one row group, whatever physical type and nullability the writer chose.</summary>
internal static class ParquetColumns
{
    /// <summary>The field named <paramref name="name"/> (ordinal, then case-insensitive), or an exception naming the file and the columns it has.</summary>
    public static DataField Find(ParquetReader reader, string name, string source)
    {
        var fields = reader.Schema.DataFields;
        var field = fields.FirstOrDefault(f => f.Name == name) ?? fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        return field ?? throw new FormatException($"{source}: no column '{name}'; the file has {string.Join(", ", fields.Select(f => f.Name))}.");
    }

    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public static DataField? TryFind(ParquetReader reader, string name) =>
        reader.Schema.DataFields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A string column (nulls stay null).</summary>
    public static async Task<string?[]> ReadStringsAsync(ParquetRowGroupReader group, DataField field, int rows, string source, CancellationToken cancellationToken)
    {
        if (IsText(field.ClrType))
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return values;
        }

        if (field.ClrType == typeof(long) || field.ClrType == typeof(int))
        {
            var numbers = await ReadDoublesAsync(group, field, rows, source, cancellationToken).ConfigureAwait(false);
            return [.. numbers.Select(v => double.IsNaN(v) ? null : v.ToString("R", CultureInfo.InvariantCulture))];
        }

        throw new FormatException($"{source}: column '{field.Name}' holds {field.ClrType.Name}; expected text (or whole numbers for ids).");
    }

    /// <summary>A numeric column as doubles (null = NaN).</summary>
    public static async Task<double[]> ReadDoublesAsync(ParquetRowGroupReader group, DataField field, int rows, string source, CancellationToken cancellationToken)
    {
        var t = field.ClrType;
        if (t == typeof(double))
        {
            return await ReadAsync<double>(group, field, rows, v => v, cancellationToken).ConfigureAwait(false);
        }

        if (t == typeof(float))
        {
            return await ReadAsync<float>(group, field, rows, v => v, cancellationToken).ConfigureAwait(false);
        }

        if (t == typeof(decimal))
        {
            return await ReadAsync<decimal>(group, field, rows, v => (double)v, cancellationToken).ConfigureAwait(false);
        }

        if (t == typeof(long))
        {
            return await ReadAsync<long>(group, field, rows, v => v, cancellationToken).ConfigureAwait(false);
        }

        if (t == typeof(int))
        {
            return await ReadAsync<int>(group, field, rows, v => v, cancellationToken).ConfigureAwait(false);
        }

        throw new FormatException($"{source}: column '{field.Name}' holds {t.Name}; expected a number.");
    }

    /// <summary>A date column as day numbers (<see cref="DateOnly.DayNumber"/>; −1 for null), from date, timestamp or ISO text columns.</summary>
    public static async Task<int[]> ReadDayNumbersAsync(ParquetRowGroupReader group, DataField field, int rows, string source, CancellationToken cancellationToken)
    {
        var t = field.ClrType;
        var days = new int[rows];
        if (t == typeof(DateOnly))
        {
            var values = await ReadRawAsync<DateOnly>(group, field, rows, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < rows; i++)
            {
                days[i] = values[i] is { } d ? d.DayNumber : -1;
            }
        }
        else if (t == typeof(DateTime))
        {
            var values = await ReadRawAsync<DateTime>(group, field, rows, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < rows; i++)
            {
                days[i] = values[i] is { } d ? DateOnly.FromDateTime(d).DayNumber : -1;
            }
        }
        else if (t == typeof(DateTimeOffset))
        {
            var values = await ReadRawAsync<DateTimeOffset>(group, field, rows, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < rows; i++)
            {
                days[i] = values[i] is { } d ? DateOnly.FromDateTime(d.DateTime).DayNumber : -1;
            }
        }
        else if (IsText(t))
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < rows; i++)
            {
                days[i] = values[i] is { } s && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d) ? DateOnly.FromDateTime(d).DayNumber : -1;
            }
        }
        else
        {
            throw new FormatException($"{source}: column '{field.Name}' holds {t.Name}; expected a date, a timestamp or ISO date text.");
        }

        return days;
    }

    /// <summary>True for text columns (Parquet.Net reports UTF-8 columns as string or as ReadOnlyMemory of char).</summary>
    private static bool IsText(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    private static async Task<double[]> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int rows, Func<T, double> convert, CancellationToken cancellationToken)
        where T : struct
    {
        var values = await ReadRawAsync<T>(group, field, rows, cancellationToken).ConfigureAwait(false);
        var result = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            result[i] = values[i] is { } v ? convert(v) : double.NaN;
        }

        return result;
    }

    private static async Task<T?[]> ReadRawAsync<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        if (field.IsNullable)
        {
            var nullable = new T?[rows];
            await group.ReadAsync<T>(field, nullable.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return nullable;
        }

        var plain = new T[rows];
        await group.ReadAsync<T>(field, plain.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        var result = new T?[rows];
        for (int i = 0; i < rows; i++)
        {
            result[i] = plain[i];
        }

        return result;
    }
}
