using System.Globalization;
using CustomerValue.Transactions;

namespace CustomerValue.Summaries;

/// <summary>Writes and reads customer summaries as CSV (the format of <c>customer-value summarize</c>).</summary>
/// <remarks>
/// Columns: <c>customer_id,frequency,recency,T,monetary_value</c>, then with a holdout
/// <c>frequency_holdout,monetary_value_holdout,duration_holdout</c>. Invariant culture; doubles written in shortest
/// round-trip form, so reading a written file gives back the same values bit for bit. Static; thread-safe.
/// </remarks>
public static class CustomerSummaryCsv
{
    /// <summary>Writes the summaries with a header row.</summary>
    public static void Write(TextWriter writer, CustomerSummaries summaries)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(summaries);
        bool holdout = summaries.HasHoldout;
        writer.Write("customer_id,frequency,recency,T,monetary_value");
        writer.Write(holdout ? ",frequency_holdout,monetary_value_holdout,duration_holdout\n" : "\n");
        var ids = summaries.CustomerIds;
        var f = summaries.Frequency;
        var r = summaries.Recency;
        var t = summaries.Age;
        var m = summaries.MonetaryValue;
        string duration = Format(summaries.DurationHoldout);
        for (int i = 0; i < summaries.Count; i++)
        {
            writer.Write(Quote(ids[i]));
            writer.Write(',');
            writer.Write(Format(f[i]));
            writer.Write(',');
            writer.Write(Format(r[i]));
            writer.Write(',');
            writer.Write(Format(t[i]));
            writer.Write(',');
            writer.Write(Format(m[i]));
            if (holdout)
            {
                writer.Write(',');
                writer.Write(Format(summaries.FrequencyHoldout[i]));
                writer.Write(',');
                writer.Write(Format(summaries.MonetaryValueHoldout[i]));
                writer.Write(',');
                writer.Write(duration);
            }

            writer.Write('\n');
        }
    }

    /// <summary>
    /// Reads summaries: columns <c>customer_id,frequency,recency,T</c> are required (case-insensitive;
    /// <c>ID</c>/<c>id</c> and <c>x</c>, <c>t_x</c> are accepted as aliases), <c>monetary_value</c> (alias <c>zbar</c>) is optional.
    /// </summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="timeUnit">The unit in which recency and T are written.</param>
    /// <param name="sourceName">A name for error messages.</param>
    /// <exception cref="FormatException">A column is missing or a value is not a number; the message names the line and field.</exception>
    /// <exception cref="ArgumentException">A row is inconsistent (for example recency &gt; T); the message names the customer.</exception>
    public static CustomerSummaries Read(TextReader reader, TimeUnit timeUnit, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string where = sourceName ?? "summary";
        var header = reader.ReadLine() ?? throw new FormatException($"{where}: the file is empty; expected a header with customer_id,frequency,recency,T.");
        var names = CsvLine.Split(header.AsSpan(), ',');
        int Find(bool required, params string[] aliases)
        {
            foreach (var a in aliases)
            {
                int i = names.FindIndex(n => string.Equals(n.Trim(), a, StringComparison.OrdinalIgnoreCase));
                if (i >= 0)
                {
                    return i;
                }
            }

            return required ? throw new FormatException($"{where}: the header has no column '{aliases[0]}' (columns: {string.Join(", ", names)}).") : -1;
        }

        int idCol = Find(true, "customer_id", "id");
        int fCol = Find(true, "frequency", "x");
        int rCol = Find(true, "recency", "t_x");
        int tCol = Find(true, "T");
        int mCol = Find(false, "monetary_value", "zbar");
        var ids = new List<string>();
        var f = new List<double>();
        var r = new List<double>();
        var t = new List<double>();
        var m = new List<double>();
        var ranges = new Range[names.Count + 1];
        string? line;
        long lineNumber = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var span = line.AsSpan();
            int count = CsvLine.SplitRanges(span, ',', ranges, out _);
            if (idCol >= count)
            {
                throw new FormatException($"{where}: line {lineNumber}, field 'customer_id': the value is missing.");
            }

            ids.Add(CsvLine.Unquote(span[ranges[idCol]]).ToString());
            f.Add(Number(span, ranges, count, fCol, "frequency", where, lineNumber));
            r.Add(Number(span, ranges, count, rCol, "recency", where, lineNumber));
            t.Add(Number(span, ranges, count, tCol, "T", where, lineNumber));
            m.Add(mCol >= 0 ? Number(span, ranges, count, mCol, "monetary_value", where, lineNumber) : 0.0);
        }

        try
        {
            return CustomerSummaries.FromColumns(ids, f.ToArray(), r.ToArray(), t.ToArray(), m.ToArray(), timeUnit);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{where}: {e.Message}", e);
        }
    }

    /// <summary>Reads a summary file (<c>.csv</c> or <c>.csv.gz</c>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static CustomerSummaries ReadFile(string path, TimeUnit timeUnit)
    {
        using var reader = TransactionCsvReader.OpenText(path);
        return Read(reader, timeUnit, path);
    }

    private static double Number(ReadOnlySpan<char> span, Range[] ranges, int count, int col, string field, string where, long lineNumber)
    {
        if (col >= count)
        {
            throw new FormatException($"{where}: line {lineNumber}, field '{field}': the value is missing.");
        }

        var text = CsvLine.Unquote(span[ranges[col]]);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : throw new FormatException($"{where}: line {lineNumber}, field '{field}': '{text}' is not a finite number.");
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string id) =>
        id.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + id.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : id;
}
