using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using CustomerValue.Transactions;

namespace CustomerValue.Summaries;

/// <summary>Writes and reads customer summaries as CSV (the format of <c>customer-value summarize</c>).</summary>
/// <remarks>
/// <para>Columns: <c>customer_id,frequency,recency,T,monetary_value</c>, then with a holdout
/// <c>frequency_holdout,monetary_value_holdout,duration_holdout</c>, then <c>time_unit</c> (<c>day</c>, <c>week</c>,
/// <c>month</c> or <c>year</c> on every row: the unit of recency, T and duration travels with the numbers; pandas and
/// other readers can ignore the column). Invariant culture; doubles written in shortest round-trip form, so reading a
/// written file gives back the same values bit for bit.</para>
/// <para>Reading checks the recorded unit against the one the caller expects: a file in weeks read as days is an error,
/// never a silent 7× mistake. A file without a <c>time_unit</c> column (written by another tool) is read in the unit
/// the caller names. Writing and reading use every core for large files. Static; thread-safe.</para>
/// </remarks>
public static class CustomerSummaryCsv
{
    /// <summary>The name of the column that records the time unit.</summary>
    public const string TimeUnitColumn = "time_unit";

    private const int ChunkRows = 1 << 15;

    /// <summary>Writes the summaries with a header row, as UTF-8 bytes (the fast path for files).</summary>
    /// <param name="stream">The destination; left open.</param>
    /// <param name="summaries">The summaries.</param>
    public static void Write(Stream stream, CustomerSummaries summaries)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(summaries);
        WriteChunks(summaries, (bytes, length) => stream.Write(bytes, 0, length));
    }

    /// <summary>Writes the summaries with a header row.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="summaries">The summaries.</param>
    public static void Write(TextWriter writer, CustomerSummaries summaries)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(summaries);
        char[] chars = [];
        WriteChunks(summaries, (bytes, length) =>
        {
            int need = Encoding.UTF8.GetMaxCharCount(length);
            if (chars.Length < need)
            {
                chars = new char[need];
            }

            int n = Encoding.UTF8.GetChars(bytes, 0, length, chars, 0);
            writer.Write(chars.AsSpan(0, n));
        });
    }

    /// <summary>Writes the summaries to a file (UTF-8, LF line ends).</summary>
    /// <param name="path">The file; created or replaced.</param>
    /// <param name="summaries">The summaries.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteFile(string path, CustomerSummaries summaries)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(stream, summaries);
    }

    /// <summary>
    /// Reads summaries: <c>customer_id</c>, <c>frequency</c>, <c>recency</c> and <c>T</c> are required (Fader-Hardie names
    /// <c>ID</c>/<c>id</c> and <c>x</c>, <c>t_x</c> are accepted as aliases), <c>monetary_value</c> (alias <c>zbar</c>) and
    /// <c>time_unit</c> are optional.
    /// </summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="timeUnit">The unit the caller expects recency and T in; null to take the unit the file records.</param>
    /// <param name="sourceName">A name for error messages.</param>
    /// <exception cref="FormatException">A column is missing, a value is not a number, the file records another unit than <paramref name="timeUnit"/>, or neither says the unit; the message names the line and field.</exception>
    public static CustomerSummaries Read(TextReader reader, TimeUnit? timeUnit, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var stream = LogStreams.FromReader(reader, sourceName);
        return Read(stream, timeUnit, sourceName);
    }

    /// <summary>As <see cref="Read(TextReader, TimeUnit?, string?)"/>, from UTF-8 bytes (left open).</summary>
    /// <param name="stream">The CSV bytes.</param>
    /// <param name="timeUnit">The unit the caller expects; null to take the file's.</param>
    /// <param name="sourceName">A name for error messages.</param>
    /// <exception cref="FormatException">See <see cref="Read(TextReader, TimeUnit?, string?)"/>.</exception>
    public static CustomerSummaries Read(Stream stream, TimeUnit? timeUnit, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        string where = sourceName ?? "summary";
        using var blocks = new CsvBlockReader(stream, 1 << 20, (byte)',', blockBytes: 1 << 20);
        var header = blocks.ReadHeader(where, out int headerLines)
            ?? throw new FormatException($"{where}: the file is empty; expected a header with customer_id,frequency,recency,T.");
        var columns = Columns.FromHeader(header, where);
        var all = new List<CsvBlock>();
        try
        {
            while (blocks.Next(out var block))
            {
                all.Add(block);
            }

            // Each block's rows go straight into its own slice of the final columns: at most one row per line end.
            var capacity = new int[all.Count + 1];
            Parallel.For(0, all.Count, k => capacity[k + 1] = all[k].Special is not null ? 0 : MaxRecords(all[k].Span));
            for (int k = 0; k < all.Count; k++)
            {
                capacity[k + 1] += capacity[k];
            }

            var store = new Store(capacity[all.Count], columns.M >= 0);
            var parts = new Part[all.Count];
            Parallel.For(0, all.Count, k => parts[k] = Part.Parse(all[k], columns, store, capacity[k], capacity[k + 1] - capacity[k]));
            return Assemble(parts, store, timeUnit, 1 + headerLines, where);
        }

        finally
        {
            foreach (var block in all)
            {
                CsvBlockReader.Return(block);
            }
        }
    }

    /// <summary>Reads a summary file (<c>.csv</c> or <c>.csv.gz</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="timeUnit">The unit the caller expects; null to take the file's.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">See <see cref="Read(TextReader, TimeUnit?, string?)"/>.</exception>
    public static CustomerSummaries ReadFile(string path, TimeUnit? timeUnit = null)
    {
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && ReadMapped(path, timeUnit) is { } mapped)
        {
            return mapped;
        }

        using var stream = LogStreams.Open(path, null, out _);
        return Read(stream, timeUnit, path);
    }

    /// <summary>The most records a span of whole records can hold: its line ends, plus one for a last line without one.</summary>
    private static int MaxRecords(ReadOnlySpan<byte> span) => span.Count((byte)'\n') + (span.IsEmpty || span[^1] == (byte)'\n' ? 0 : 1);

    /// <summary>
    /// Reads a plain file without quotes through a memory map: the blocks are slices of the mapped file, cut after a line
    /// feed (a record boundary when nothing is quoted), so no copy of the file is made. Null, having read nothing, when
    /// the file is empty, larger than 2 GiB or holds a quote; the caller then reads it as a stream (same values and errors).
    /// </summary>
    private static unsafe CustomerSummaries? ReadMapped(string path, TimeUnit? timeUnit)
    {
        // Only a regular file can be mapped: pipes, devices and anything else that cannot seek go the stream way.
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0 || info.Length > int.MaxValue)
        {
            return null;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        if (!file.CanSeek || file.Length != info.Length)
        {
            return null;
        }

        MemoryMappedFile map;
        try
        {
            map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        }
        catch (Exception e) when (e is IOException or NotSupportedException or UnauthorizedAccessException)
        {
            return null;
        }

        using var mapped = map;
        using var view = map.CreateViewAccessor(0, info.Length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            var data = new ReadOnlySpan<byte>(pointer + view.PointerOffset, (int)info.Length);
            if (data.IndexOf((byte)'"') >= 0)
            {
                return null;
            }

            int at = data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            if (at == data.Length)
            {
                return null;
            }

            int end = Utf8Csv.RecordEnd(data, at, (byte)',', true, out int headerEnd, out int headerLines, out _);
            var columns = Columns.FromHeader(data[at..headerEnd].ToArray(), path);
            const int BlockBytes = 1 << 20;
            var cuts = new List<int> { end };
            while (cuts[^1] < data.Length)
            {
                int from = cuts[^1];
                int target = from + BlockBytes;
                int cut = target >= data.Length ? data.Length : data[target..].IndexOf((byte)'\n') is var nl && nl >= 0 ? target + nl + 1 : data.Length;
                cuts.Add(cut);
            }

            int blocks = cuts.Count - 1;
            var capacity = new int[blocks + 1];
            nint basePointer = (nint)(pointer + view.PointerOffset);
            Parallel.For(0, blocks, k => capacity[k + 1] = MaxRecords(new ReadOnlySpan<byte>((byte*)basePointer + cuts[k], cuts[k + 1] - cuts[k])));
            for (int k = 0; k < blocks; k++)
            {
                capacity[k + 1] += capacity[k];
            }

            var store = new Store(capacity[blocks], columns.M >= 0);
            var parts = new Part[blocks];
            Parallel.For(0, blocks, k => parts[k] = Part.Parse(new ReadOnlySpan<byte>((byte*)basePointer + cuts[k], cuts[k + 1] - cuts[k]), columns, store, capacity[k], capacity[k + 1] - capacity[k]));
            return Assemble(parts, store, timeUnit, 1 + headerLines, path);
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void WriteChunks(CustomerSummaries summaries, Action<byte[], int> write)
    {
        bool holdout = summaries.HasHoldout;
        var header = "customer_id,frequency,recency,T,monetary_value"
            + (holdout ? ",frequency_holdout,monetary_value_holdout,duration_holdout" : string.Empty)
            + "," + TimeUnitColumn + "\n";
        var headerBytes = Encoding.UTF8.GetBytes(header);
        write(headerBytes, headerBytes.Length);
        int n = summaries.Count;
        int chunks = (n + ChunkRows - 1) / ChunkRows;
        int batch = Math.Max(1, Environment.ProcessorCount * 2);

        // The buffers come from the shared pool: a command writes a file as many calls of a few chunks each, and fresh
        // 3 MiB arrays every call cost the zeroing and the page faults of every byte again.
        var buffers = new byte[]?[batch];
        var lengths = new int[batch];
        byte[] unit = Encoding.UTF8.GetBytes(summaries.TimeUnit.ToName());
        try
        {
            for (int first = 0; first < chunks; first += batch)
            {
                int count = Math.Min(batch, chunks - first);
                Parallel.For(0, count, k =>
                {
                    int start = (first + k) * ChunkRows;
                    int end = Math.Min(n, start + ChunkRows);
                    lengths[k] = FormatRows(summaries, start, end, holdout, unit, ref buffers[k]);
                });
                for (int k = 0; k < count; k++)
                {
                    write(buffers[k]!, lengths[k]);
                }
            }
        }
        finally
        {
            foreach (var buffer in buffers)
            {
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }

    private static int FormatRows(CustomerSummaries s, int start, int end, bool holdout, byte[] unit, ref byte[]? buffer)
    {
        buffer ??= ArrayPool<byte>.Shared.Rent(ChunkRows * 96);
        int w = 0;
        var numeric = s.NumericCustomerIds;
        var ids = s.CustomerIds;
        double duration = s.DurationHoldout;
        for (int i = start; i < end; i++)
        {
            if (buffer.Length - w < 1024)
            {
                Grow(ref buffer, w, buffer.Length * 2);
            }

            if (!numeric.IsEmpty)
            {
                Utf8Formatter.TryFormat(numeric[i], buffer.AsSpan(w), out int written);
                w += written;
            }
            else
            {
                w += WriteId(ids[i], ref buffer, w);
            }

            w = Number(buffer, w, s.Frequency[i]);
            w = Number(buffer, w, s.Recency[i]);
            w = Number(buffer, w, s.Age[i]);
            w = Number(buffer, w, s.MonetaryValue[i]);
            if (holdout)
            {
                w = Number(buffer, w, s.FrequencyHoldout[i]);
                w = Number(buffer, w, s.MonetaryValueHoldout[i]);
                w = Number(buffer, w, duration);
            }

            buffer[w++] = (byte)',';
            unit.CopyTo(buffer, w);
            w += unit.Length;
            buffer[w++] = (byte)'\n';
        }

        return w;
    }

    private static int Number(byte[] buffer, int w, double value)
    {
        buffer[w++] = (byte)',';
        DoubleText.TryFormat(value, buffer.AsSpan(w), out int written);
        return w + written;
    }

    private static int WriteId(string id, ref byte[] buffer, int w)
    {
        bool quote = id.AsSpan().IndexOfAny(",\"\n\r") >= 0;
        string text = quote ? "\"" + id.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : id;
        int need = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (buffer.Length - w < need + 1024)
        {
            Grow(ref buffer, w, Math.Max(buffer.Length * 2, w + need + 1024));
        }

        return Encoding.UTF8.GetBytes(text, buffer.AsSpan(w));
    }

    /// <summary>Replaces a pooled buffer by a larger pooled one, keeping its first <paramref name="used"/> bytes.</summary>
    private static void Grow(ref byte[] buffer, int used, int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static CustomerSummaries Assemble(Part[] parts, Store store, TimeUnit? expected, long firstLine, string where)
    {
        long line = firstLine;
        TimeUnit? recorded = null;
        long recordedLine = 0;
        foreach (var part in parts)
        {
            if (part.Error is { } error)
            {
                throw new FormatException($"{where}: line {line + error.Line}, field '{error.Field}': {error.Message}");
            }

            if (part.Unit is { } u)
            {
                if (recorded is { } r && r != u)
                {
                    throw new FormatException($"{where}: line {line + part.UnitLine}, field '{TimeUnitColumn}': '{u.ToName()}' differs from '{r.ToName()}' on line {recordedLine}; a summary file has one time unit.");
                }

                if (recorded is null)
                {
                    recorded = u;
                    recordedLine = line + part.UnitLine;
                }
            }

            line += part.Lines;
        }

        TimeUnit unit;
        if (recorded is { } fileUnit)
        {
            if (expected is { } e && e != fileUnit)
            {
                throw new FormatException($"{where}: the file records recency and T in {fileUnit.ToName()}s ({TimeUnitColumn} column), but {e.ToName()}s were asked for; give --time-unit {fileUnit.ToName()} or summarise again in {e.ToName()}s.");
            }

            unit = fileUnit;
        }
        else
        {
            unit = expected ?? throw new FormatException($"{where}: the file does not record its time unit (no {TimeUnitColumn} column); name the unit of recency and T (--time-unit).");
        }

        // Close the gaps that blank lines (or quoted line ends) left between the blocks' slices, in order.
        int n = 0;
        foreach (var part in parts)
        {
            if (part.Base != n)
            {
                store.Move(part.Base, n, part.Count);
            }

            n += part.Count;
        }

        var f = Exact(store.F, n);
        var r2 = Exact(store.R, n);
        var t = Exact(store.T, n);
        var m = store.M is null ? new double[n] : Exact(store.M, n);
        bool numeric = parts.All(p => p.Strings is null);
        var numbers = numeric ? Exact(store.Numbers, n) : null;
        string[]? strings = null;
        if (!numeric)
        {
            strings = new string[n];
            int at = 0;
            foreach (var part in parts)
            {
                for (int i = 0; i < part.Count; i++)
                {
                    strings[at + i] = part.Strings?[i] ?? store.Numbers[at + i].ToString(CultureInfo.InvariantCulture);
                }

                at += part.Count;
            }
        }

        var ids = numbers is not null ? CustomerIdList.FromNumbers(numbers) : CustomerIdList.FromStrings(strings!);
        try
        {
            return CustomerSummaries.FromColumns(ids, f, r2, t, m, unit);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{where}: {e.Message}", e);
        }
    }

    private static TElement[] Exact<TElement>(TElement[] array, int n)
    {
        if (array.Length != n)
        {
            Array.Resize(ref array, n);
        }

        return array;
    }

    /// <summary>The columns every block parses into, each block in its own slice.</summary>
    private sealed class Store(int capacity, bool monetary)
    {
        public double[] F { get; } = GC.AllocateUninitializedArray<double>(capacity);

        public double[] R { get; } = GC.AllocateUninitializedArray<double>(capacity);

        public double[] T { get; } = GC.AllocateUninitializedArray<double>(capacity);

        public double[]? M { get; } = monetary ? GC.AllocateUninitializedArray<double>(capacity) : null;

        public long[] Numbers { get; } = GC.AllocateUninitializedArray<long>(capacity);

        public void Move(int from, int to, int count)
        {
            Array.Copy(F, from, F, to, count);
            Array.Copy(R, from, R, to, count);
            Array.Copy(T, from, T, to, count);
            if (M is not null)
            {
                Array.Copy(M, from, M, to, count);
            }

            Array.Copy(Numbers, from, Numbers, to, count);
        }
    }

    private sealed class Columns
    {
        public int Id { get; init; }

        public int F { get; init; }

        public int R { get; init; }

        public int T { get; init; }

        public int M { get; init; }

        public int Unit { get; init; }

        /// <summary>The number of value columns every record must have: id, frequency, recency, T, and monetary value when present.</summary>
        public int Required => M >= 0 ? 5 : 4;

        public required string[] Names { get; init; }

        public static Columns FromHeader(byte[] header, string where)
        {
            byte[] scratch = new byte[64];
            var fields = new CsvField[1024];
            int n = Math.Min(Utf8Csv.Split(header, (byte)',', fields, ref scratch, out _), fields.Length);
            var names = new string[n];
            for (int i = 0; i < n; i++)
            {
                names[i] = Encoding.UTF8.GetString(Utf8Csv.Bytes(header, scratch, fields[i])).Trim();
            }

            int Find(bool required, params string[] aliases)
            {
                foreach (var a in aliases)
                {
                    int i = Array.FindIndex(names, x => string.Equals(x, a, a == "T" ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase));
                    if (i < 0 && a == "T")
                    {
                        i = Array.FindIndex(names, x => string.Equals(x, a, StringComparison.OrdinalIgnoreCase));
                    }

                    if (i >= 0)
                    {
                        return i;
                    }
                }

                return required ? throw new FormatException($"{where}: the header has no column '{aliases[0]}' (columns: {string.Join(", ", names)}).") : -1;
            }

            return new Columns
            {
                Names = names,
                Id = Find(true, "customer_id", "id"),
                F = Find(true, "frequency", "x"),
                R = Find(true, "recency", "t_x"),
                T = Find(true, "T"),
                M = Find(false, "monetary_value", "zbar"),
                Unit = Find(false, TimeUnitColumn),
            };
        }
    }

    private readonly record struct PartError(long Line, string Field, string Message);

    /// <summary>The rows of one block, parsed on its own thread.</summary>
    private sealed class Part
    {
        public int Count { get; private set; }

        public int Lines { get; private set; }

        /// <summary>Where this block's rows start in the shared columns.</summary>
        public int Base { get; private init; }

        public double[] F { get; private init; } = [];

        public double[] R { get; private init; } = [];

        public double[] T { get; private init; } = [];

        public double[]? M { get; private init; }

        public long[] Numbers { get; private init; } = [];

        /// <summary>The ids as text (from this block's first id that is not a canonical whole number on), by row of the block.</summary>
        public string[]? Strings { get; private set; }

        public TimeUnit? Unit { get; private set; }

        public long UnitLine { get; private set; }

        public PartError? Error { get; private set; }

        public static Part Parse(CsvBlock block, Columns columns, Store store, int start, int capacity)
        {
            if (block.Special is not null)
            {
                return new Part { Base = start, Lines = block.SpecialLines, Error = new PartError(0, "(row)", "the record is malformed or too long") };
            }

            return Parse(block.Span, columns, store, start, capacity);
        }

        /// <summary>Parses the whole records in <paramref name="data"/> into the store's slice from <paramref name="start"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Part Parse(ReadOnlySpan<byte> data, Columns columns, Store store, int start, int capacity)
        {
            var part = new Part { Base = start, F = store.F, R = store.R, T = store.T, M = store.M, Numbers = store.Numbers };
            var fields = new CsvField[columns.Names.Length + 1];
            byte[] scratch = new byte[64];
            byte[]? unitText = null;
            int position = 0, line = 0;
            bool checkUtf8 = !Utf8.IsValid(data);

            // Blocks without quotes or carriage returns (what summarize and most tools write) take a fused path:
            // one pass per record that splits and parses at once; any record it does not fully understand (blanks,
            // a long number, a string id, a missing field) goes through the general path below, so the values and
            // the errors are the same either way.
            bool simple = !checkUtf8 && data.IndexOfAny((byte)'"', (byte)'\r') < 0;
            while (position < data.Length)
            {
                int end, contentEnd, lines;
                if (simple)
                {
                    int newline = data[position..].IndexOf((byte)'\n');
                    contentEnd = newline < 0 ? data.Length : position + newline;
                    end = newline < 0 ? data.Length : contentEnd + 1;
                    lines = newline < 0 ? 0 : 1;
                }
                else
                {
                    end = Utf8Csv.RecordEnd(data, position, (byte)',', true, out contentEnd, out lines, out _);
                }

                var record = data[position..contentEnd];
                int recordLine = line;
                position = end;
                line += lines;
                if (record.IsEmpty)
                {
                    continue;
                }

                if (part.Count == capacity)
                {
                    throw new InvalidOperationException("More records than line ends in a block.");
                }

                if (simple && part.Strings is null && part.TryFast(record, columns, unitText))
                {
                    part.Count++;
                    continue;
                }

                if (!part.General(record, recordLine, columns, fields, ref scratch, ref unitText, checkUtf8, capacity))
                {
                    part.Lines = CountRest(line, data, position);
                    return part;
                }

                part.Count++;
            }

            part.Lines = line;
            return part;
        }

        /// <summary>
        /// Parses one record at index <see cref="Count"/> by the general rules (quotes, blanks, any number form, string
        /// ids); false with <see cref="Error"/> set when the record is rejected.
        /// </summary>
        private bool General(ReadOnlySpan<byte> record, int recordLine, Columns columns, CsvField[] fields, ref byte[] scratch, ref byte[]? unitText, bool checkUtf8, int capacity)
        {
            if (checkUtf8 && !Utf8.IsValid(record))
            {
                Error = new PartError(recordLine, "(row)", "the row holds bytes that are not valid UTF-8");
                return false;
            }

            int count = Utf8Csv.Split(record, (byte)',', fields, ref scratch, out var error);
            if (error != CsvSplitError.None)
            {
                Error = new PartError(recordLine, "(row)", "malformed quotes");
                return false;
            }

            int i = Base + Count;
            if (columns.Id >= count)
            {
                Error = new PartError(recordLine, "customer_id", "the value is missing.");
                return false;
            }

            var id = Utf8Csv.Bytes(record, scratch, fields[columns.Id]);
            if (Strings is null && Utf8Values.TryCanonicalId(id, out long number))
            {
                Numbers[i] = number;
            }
            else
            {
                if (Strings is null)
                {
                    Strings = new string[capacity];
                    for (int k = 0; k < Count; k++)
                    {
                        Strings[k] = Numbers[Base + k].ToString(CultureInfo.InvariantCulture);
                    }
                }

                Strings[Count] = Encoding.UTF8.GetString(id);
            }

            if (!Number(record, scratch, fields, count, columns.F, "frequency", recordLine, out F[i])
                || !Number(record, scratch, fields, count, columns.R, "recency", recordLine, out R[i])
                || !Number(record, scratch, fields, count, columns.T, "T", recordLine, out T[i])
                || (M is not null && !Number(record, scratch, fields, count, columns.M, "monetary_value", recordLine, out M[i])))
            {
                return false;
            }

            if (columns.Unit >= 0 && columns.Unit < count)
            {
                var u = Utf8Csv.Bytes(record, scratch, fields[columns.Unit]);
                if (Unit is null)
                {
                    if (!TimeUnitExtensions.TryParseTimeUnit(Encoding.UTF8.GetString(u), out var parsed))
                    {
                        Error = new PartError(recordLine, TimeUnitColumn, $"'{Encoding.UTF8.GetString(u)}' is not a time unit (day, week, month or year).");
                        return false;
                    }

                    Unit = parsed;
                    UnitLine = recordLine;
                    unitText = u.ToArray();
                }
                else if (!u.SequenceEqual(unitText))
                {
                    if (!TimeUnitExtensions.TryParseTimeUnit(Encoding.UTF8.GetString(u), out var other) || other != Unit)
                    {
                        Error = new PartError(recordLine, TimeUnitColumn, $"'{Encoding.UTF8.GetString(u)}' differs from '{Unit.Value.ToName()}' above; a summary file has one time unit.");
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>
        /// The fused path for a record of plain fields (no quotes, no blanks): splits and parses in one pass and stores the
        /// values at index <see cref="Count"/>. False, having decided nothing, when a field is not of the plain forms it
        /// knows (a canonical whole-number id, a decimal of at most 15 significant digits, the time unit already seen);
        /// the caller then parses the record by the general rules, which give the same values or the error.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private bool TryFast(ReadOnlySpan<byte> record, Columns columns, byte[]? unitText)
        {
            int i = Base + Count;
            int field = 0, p = 0, seen = 0;
            int needed = columns.Required;
            while (true)
            {
                if (field == columns.Id)
                {
                    if (!FastId(record, ref p, out Numbers[i]))
                    {
                        return false;
                    }

                    seen++;
                }
                else if (field == columns.F || field == columns.R || field == columns.T || field == columns.M)
                {
                    if (!Utf8Values.TryParsePlainDecimal(record, ref p, (byte)',', out double value))
                    {
                        return false;
                    }

                    (field == columns.F ? F : field == columns.R ? R : field == columns.T ? T : M!)[i] = value;
                    seen++;
                }
                else
                {
                    int comma = record[p..].IndexOf((byte)',');
                    int end = comma < 0 ? record.Length : p + comma;
                    if (field == columns.Unit && (unitText is null || !record[p..end].SequenceEqual(unitText)))
                    {
                        return false;
                    }

                    p = end;
                }

                if (p == record.Length)
                {
                    return seen == needed && (columns.Unit < 0 || field >= columns.Unit);
                }

                p++;
                field++;
            }
        }

        /// <summary>A canonical whole-number id (1 to 18 digits, no leading zero unless "0") ending at a comma or the record's end.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool FastId(ReadOnlySpan<byte> record, ref int p, out long value)
        {
            int start = p;
            long v = 0;
            while (p < record.Length)
            {
                uint d = (uint)(record[p] - '0');
                if (d > 9)
                {
                    break;
                }

                v = (v * 10) + d;
                p++;
            }

            value = v;
            int length = p - start;
            return length is > 0 and <= 18 && (record[start] != (byte)'0' || length == 1) && (p == record.Length || record[p] == (byte)',');
        }

        private static int CountRest(int line, ReadOnlySpan<byte> data, int position) => line + Utf8Csv.CountLineEnds(data[position..]);

        private bool Number(ReadOnlySpan<byte> record, byte[] scratch, CsvField[] fields, int count, int col, string field, long recordLine, out double value)
        {
            value = 0;
            if (col >= count)
            {
                Error = new PartError(recordLine, field, "the value is missing.");
                return false;
            }

            var text = Utf8Csv.Bytes(record, scratch, fields[col]);
            if (Utf8Values.TryParseNumber(text, out value) && double.IsFinite(value))
            {
                return true;
            }

            Error = new PartError(recordLine, field, $"'{Encoding.UTF8.GetString(text)}' is not a finite number.");
            return false;
        }
    }
}
