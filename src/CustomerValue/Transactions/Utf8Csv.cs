using System.Buffers;

namespace CustomerValue.Transactions;

/// <summary>One field of a record: a slice of the record's bytes, or of the scratch buffer when quotes had to be unescaped.</summary>
internal readonly record struct CsvField(int Start, int Length, bool Unescaped, bool Quoted);

/// <summary>Why a record's fields could not be split.</summary>
internal enum CsvSplitError
{
    None,

    /// <summary>A quoted field is not closed, or text follows its closing quote.</summary>
    MalformedQuotes,
}

/// <summary>
/// RFC 4180 on UTF-8 bytes: where records end (LF, CRLF or bare CR outside quotes) and how a record splits into fields
/// (quoted fields may hold delimiters, line breaks and doubled quotes). The one definition every reader uses.
/// </summary>
internal static class Utf8Csv
{
    private static readonly SearchValues<byte> QuoteOrLineEnd = SearchValues.Create("\"\r\n"u8);
    private static readonly SearchValues<byte> LineEnd = SearchValues.Create("\r\n"u8);

    /// <summary>
    /// Finds the end of the record that starts at <paramref name="start"/>: returns the index just past its line end, or
    /// -1 when <paramref name="data"/> does not hold the whole record yet (more data may follow unless <paramref name="atEnd"/>).
    /// A quote opens a quoted field only at the start of a field (blanks before it allowed); elsewhere it is text.
    /// </summary>
    /// <param name="data">The bytes.</param>
    /// <param name="start">Where the record starts.</param>
    /// <param name="delimiter">The field separator.</param>
    /// <param name="atEnd">True when no more data follows <paramref name="data"/>.</param>
    /// <param name="contentEnd">Where the record's content ends (before its line end).</param>
    /// <param name="lines">Line ends consumed, those inside quoted fields included (0 for a last record without a line end).</param>
    /// <param name="openQuote">True when the record ends inside a quoted field (only at the end of data).</param>
    public static int RecordEnd(ReadOnlySpan<byte> data, int start, byte delimiter, bool atEnd, out int contentEnd, out int lines, out bool openQuote)
    {
        lines = 0;
        openQuote = false;
        bool inQuotes = false;
        int i = start;
        while (true)
        {
            int hit = inQuotes ? data[i..].IndexOfAny((byte)'"', (byte)'\r', (byte)'\n') : data[i..].IndexOfAny(QuoteOrLineEnd);
            if (hit < 0)
            {
                if (!atEnd)
                {
                    contentEnd = -1;
                    return -1;
                }

                contentEnd = data.Length;
                openQuote = inQuotes;
                return data.Length;
            }

            int p = i + hit;
            byte b = data[p];
            if (b == (byte)'"')
            {
                if (inQuotes)
                {
                    if (p + 1 < data.Length && data[p + 1] == (byte)'"')
                    {
                        i = p + 2;
                        continue;
                    }

                    if (p + 1 == data.Length && !atEnd)
                    {
                        // A doubled quote may straddle the end of the data.
                        contentEnd = -1;
                        return -1;
                    }

                    inQuotes = false;
                }
                else
                {
                    inQuotes = AtFieldStart(data, start, p, delimiter);
                }

                i = p + 1;
                continue;
            }

            int next;
            if (b == (byte)'\n')
            {
                next = p + 1;
            }
            else if (p + 1 < data.Length)
            {
                next = data[p + 1] == (byte)'\n' ? p + 2 : p + 1;
            }
            else if (atEnd)
            {
                next = p + 1;
            }
            else
            {
                contentEnd = -1;
                return -1;
            }

            lines++;
            if (!inQuotes)
            {
                contentEnd = p;
                return next;
            }

            i = next;
        }
    }

    /// <summary>True when only blanks stand between position <paramref name="p"/> and the start of its field.</summary>
    private static bool AtFieldStart(ReadOnlySpan<byte> data, int recordStart, int p, byte delimiter)
    {
        int k = p - 1;
        while (k >= recordStart && IsBlank(data[k], delimiter))
        {
            k--;
        }

        return k < recordStart || data[k] == delimiter;
    }

    /// <summary>The index just past the last line end in <paramref name="data"/> when it holds no quote, -1 when it holds none; a CR as the last byte is not taken (an LF may follow).</summary>
    public static int LastLineEnd(ReadOnlySpan<byte> data, bool atEnd)
    {
        int p = data.LastIndexOfAny(LineEnd);
        if (p < 0)
        {
            return -1;
        }

        if (data[p] == (byte)'\r' && p == data.Length - 1 && !atEnd)
        {
            int q = data[..p].LastIndexOfAny(LineEnd);
            return q < 0 ? -1 : q + 1;
        }

        return p + 1;
    }

    /// <summary>Line ends in a block of whole records (CRLF counts once).</summary>
    public static int CountLineEnds(ReadOnlySpan<byte> data)
    {
        int lf = data.Count((byte)'\n');
        int cr = data.Count((byte)'\r');
        if (cr == 0)
        {
            return lf;
        }

        int pairs = 0;
        int i = 0;
        while (true)
        {
            int p = data[i..].IndexOf((byte)'\r');
            if (p < 0)
            {
                break;
            }

            i += p + 1;
            if (i < data.Length && data[i] == (byte)'\n')
            {
                pairs++;
            }
        }

        return lf + cr - pairs;
    }

    /// <summary>
    /// Splits one record (without its line end) into fields. Returns the number of fields (it may exceed
    /// <paramref name="fields"/>' length; only that many are stored). Unquoted fields are trimmed of spaces (and of tabs
    /// unless tab is the delimiter); quoted fields keep their inner text as written, doubled quotes made single. A quote
    /// inside an unquoted field is text.
    /// </summary>
    public static int Split(ReadOnlySpan<byte> record, byte delimiter, Span<CsvField> fields, ref byte[] scratch, out CsvSplitError error)
    {
        error = CsvSplitError.None;
        if (record.IndexOf((byte)'"') < 0)
        {
            int count = 0;
            int start = 0;
            while (true)
            {
                int d = record[start..].IndexOf(delimiter);
                int end = d < 0 ? record.Length : start + d;
                if (count < fields.Length)
                {
                    fields[count] = Trimmed(record, start, end, delimiter);
                }

                count++;
                if (d < 0)
                {
                    return count;
                }

                start = end + 1;
            }
        }

        return SplitQuoted(record, delimiter, fields, ref scratch, out error);
    }

    /// <summary>The bytes of a field.</summary>
    public static ReadOnlySpan<byte> Bytes(ReadOnlySpan<byte> record, byte[] scratch, CsvField field) =>
        field.Unescaped ? scratch.AsSpan(field.Start, field.Length) : record.Slice(field.Start, field.Length);

    private static bool IsBlank(byte b, byte delimiter) => b == (byte)' ' || (b == (byte)'\t' && delimiter != (byte)'\t');

    private static CsvField Trimmed(ReadOnlySpan<byte> record, int start, int end, byte delimiter)
    {
        while (start < end && IsBlank(record[start], delimiter))
        {
            start++;
        }

        while (end > start && IsBlank(record[end - 1], delimiter))
        {
            end--;
        }

        return new CsvField(start, end - start, false, false);
    }

    private static int SplitQuoted(ReadOnlySpan<byte> record, byte delimiter, Span<CsvField> fields, ref byte[] scratch, out CsvSplitError error)
    {
        error = CsvSplitError.None;
        int count = 0;
        int i = 0;
        int scratchUsed = 0;
        while (true)
        {
            int fieldStart = i;
            while (i < record.Length && IsBlank(record[i], delimiter))
            {
                i++;
            }

            CsvField field;
            if (i < record.Length && record[i] == (byte)'"')
            {
                int contentStart = i + 1;
                int j = contentStart;
                bool doubled = false;
                while (true)
                {
                    int q = record[j..].IndexOf((byte)'"');
                    if (q < 0)
                    {
                        error = CsvSplitError.MalformedQuotes;
                        return count + 1;
                    }

                    j += q;
                    if (j + 1 < record.Length && record[j + 1] == (byte)'"')
                    {
                        doubled = true;
                        j += 2;
                        continue;
                    }

                    break;
                }

                // record[j] is the closing quote.
                if (doubled)
                {
                    int need = scratchUsed + (j - contentStart);
                    if (scratch.Length < need)
                    {
                        Array.Resize(ref scratch, Math.Max(need, scratch.Length * 2));
                    }

                    int w = scratchUsed;
                    for (int k = contentStart; k < j; k++)
                    {
                        scratch[w++] = record[k];
                        if (record[k] == (byte)'"')
                        {
                            k++;
                        }
                    }

                    field = new CsvField(scratchUsed, w - scratchUsed, true, true);
                    scratchUsed = w;
                }
                else
                {
                    field = new CsvField(contentStart, j - contentStart, false, true);
                }

                i = j + 1;
                while (i < record.Length && IsBlank(record[i], delimiter))
                {
                    i++;
                }

                if (i < record.Length && record[i] != delimiter)
                {
                    error = CsvSplitError.MalformedQuotes;
                    return count + 1;
                }
            }
            else
            {
                // An unquoted field: a quote inside it is text (as in most CSV readers), not the start of quoting.
                int d = record[fieldStart..].IndexOf(delimiter);
                int end = d < 0 ? record.Length : fieldStart + d;
                field = Trimmed(record, fieldStart, end, delimiter);
                i = end;
            }

            if (count < fields.Length)
            {
                fields[count] = field;
            }

            count++;
            if (i >= record.Length)
            {
                return count;
            }

            i++; // past the delimiter
        }
    }
}
