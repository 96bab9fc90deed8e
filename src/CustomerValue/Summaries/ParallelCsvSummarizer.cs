using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;
using CustomerValue.Transactions;

namespace CustomerValue.Summaries;

/// <summary>
/// The parallel path from CSV bytes to summaries. Every worker takes the next block of whole records from the stream
/// (cut under a lock, so there is no reader thread to feed), parses it into compact rows (numeric ids stay numbers) and
/// hands each row to the accumulator of its customer's hash partition, taking that partition's lock once per block
/// (rows for a partition another worker holds wait for the next block instead of spinning). Each customer lives in
/// exactly one accumulator, so nothing is merged at the end: the sorted partitions are interleaved. Line numbers are resolved afterwards from the
/// line ends counted in each block, so rejections come out in line order, exactly as a single pass would give them.
/// </summary>
internal static class ParallelCsvSummarizer
{
    /// <summary>Rows a worker may hold back for partitions busy with another worker before it waits for them.</summary>
    private const int MaxPendingRows = 1 << 19;

    /// <summary>Summarises the CSV bytes; see <see cref="TransactionSummarizer"/>.</summary>
    public static CustomerSummaries Run(
        Stream bytes, TransactionCsvOptions options, SummaryOptions summary, IngestReportBuilder report, int workers, string? sourceName,
        Action? onBlock, CancellationToken cancellationToken, int blockBytes = 4 << 20) =>
        SummaryAccumulator.Combine(Ingest(bytes, options, summary, report, workers, sourceName, onBlock, cancellationToken, blockBytes), release: true);

    /// <summary>
    /// Reads the CSV bytes into accumulators that each hold a hash partition of the customers (disjoint: combine them
    /// with <see cref="SummaryAccumulator.Combine"/> or <see cref="SummaryAccumulator.CombineChunks"/>), and fills the report.
    /// </summary>
    public static SummaryAccumulator[] Ingest(
        Stream bytes, TransactionCsvOptions options, SummaryOptions summary, IngestReportBuilder report, int workers, string? sourceName,
        Action? onBlock, CancellationToken cancellationToken, int blockBytes = 4 << 20)
    {
        options = options with { ObservationEnd = summary.ObservationEnd };
        options.Validate();
        using var blocks = new CsvBlockReader(bytes, options.MaxRecordBytes, (byte)options.Delimiter, blockBytes);
        var layout = TransactionCsvReader.OpenLayout(blocks, options, sourceName, out int headerLines)!;

        // Twice as many partitions as workers, so that a worker rarely finds the partition it has rows for taken.
        int parts = workers == 1 ? 1 : workers * 2;
        var accumulators = new SummaryAccumulator[parts];
        var locks = new object[parts];
        for (int p = 0; p < parts; p++)
        {
            accumulators[p] = new SummaryAccumulator(summary);
            locks[p] = new object();
        }

        // Every worker takes the next block itself (no reader thread to feed and wait for), parses it and hands its
        // rows to the partitions.
        var results = new WorkerResult[workers];
        int stop = 0;
        bool failFast = report.Policy == BadRowPolicy.FailFast;
        var reading = new object();
        void Work(int worker)
        {
            var result = results[worker] = new WorkerResult();
            var state = new Worker(layout, accumulators, locks);
            try
            {
                while (true)
                {
                    CsvBlock block;
                    lock (reading)
                    {
                        if (Volatile.Read(ref stop) != 0 || cancellationToken.IsCancellationRequested || !blocks.Next(out block))
                        {
                            break;
                        }

                        onBlock?.Invoke();
                    }

                    try
                    {
                        state.Parse(block, result);
                    }
                    finally
                    {
                        CsvBlockReader.Return(block);
                    }

                    state.Apply(worker, wait: false);
                    if (failFast && result.Rejections.Count > 0)
                    {
                        Volatile.Write(ref stop, 1);
                    }
                }

                state.Apply(worker, wait: true);
            }
            catch
            {
                Volatile.Write(ref stop, 1);
                throw;
            }
        }

        var tasks = new Task[workers - 1];
        for (int w = 1; w < workers; w++)
        {
            int worker = w;
            tasks[w - 1] = Task.Factory.StartNew(() => Work(worker), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        Exception? failure = null;
        try
        {
            Work(0);
        }
        catch (Exception e)
        {
            failure = e;
        }

        try
        {
            Task.WaitAll(tasks, CancellationToken.None);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            failure ??= e.InnerExceptions[0];
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Line numbers: each block starts after the header and the line ends of every block before it.
        long blockCount = results.SelectMany(r => r.Lines).Select(l => l.Sequence + 1).DefaultIfEmpty(0).Max();
        var start = new long[blockCount + 1];
        foreach (var (sequence, lines) in results.SelectMany(r => r.Lines))
        {
            start[sequence + 1] = lines;
        }

        start[0] = 1 + headerLines;
        for (long s = 1; s <= blockCount; s++)
        {
            start[s] += start[s - 1];
        }

        report.AcceptMany(results.Sum(r => r.Accepted));
        report.AfterObservationEnd(results.Sum(r => r.AfterEnd));
        foreach (var (sequence, line, row) in results.SelectMany(r => r.Rejections).OrderBy(r => start[r.Sequence] + r.Line))
        {
            report.Reject(row with { LineNumber = start[sequence] + line });
        }

        return accumulators;
    }

    /// <summary>
    /// Parses the CSV bytes on the calling thread exactly as <see cref="Ingest"/> does (the block reader, the fused path
    /// for plain blocks, the general parser for the rest) but hands the rows to no accumulator: they are only counted and
    /// checksummed. For the benchmark that times parsers against each other on the same work.
    /// </summary>
    /// <returns>Accepted rows and the sums of their ids (numeric ids only), days and micro-units.</returns>
    internal static (long Rows, long Ids, long Days, long Micros) ParseOnly(Stream bytes, TransactionCsvOptions options, int blockBytes = 4 << 20)
    {
        options.Validate();
        using var blocks = new CsvBlockReader(bytes, options.MaxRecordBytes, (byte)options.Delimiter, blockBytes);
        var layout = TransactionCsvReader.OpenLayout(blocks, options, null, out _)!;
        var worker = new Worker(layout, new SummaryAccumulator[1], [new object()]);
        var result = new WorkerResult();
        (long Rows, long Ids, long Days, long Micros) sums = default;
        while (blocks.Next(out var block))
        {
            try
            {
                worker.Parse(block, result);
            }
            finally
            {
                CsvBlockReader.Return(block);
            }

            worker.Checksum(ref sums);
        }

        return sums;
    }

    /// <summary>
    /// The positions of every <paramref name="delimiter"/>, line feed and carriage return in <paramref name="data"/>, in
    /// order, into <paramref name="marks"/> (grown as needed); returns how many. Compares 32 bytes at a time where the
    /// processor can.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int StructuralMarks(ReadOnlySpan<byte> data, byte delimiter, ref int[] marks)
    {
        int n = 0, k = 0;
        if (Vector256.IsHardwareAccelerated && data.Length >= 32)
        {
            ref byte start = ref MemoryMarshal.GetReference(data);
            var d = Vector256.Create(delimiter);
            var lf = Vector256.Create((byte)'\n');
            var cr = Vector256.Create((byte)'\r');
            for (; k + 32 <= data.Length; k += 32)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)k);
                uint m = (Vector256.Equals(v, d) | Vector256.Equals(v, lf) | Vector256.Equals(v, cr)).ExtractMostSignificantBits();
                if (m == 0)
                {
                    continue;
                }

                if (n + 32 > marks.Length)
                {
                    Array.Resize(ref marks, Math.Max(marks.Length * 2, n + 32));
                }

                ref int at = ref MemoryMarshal.GetArrayDataReference(marks);
                do
                {
                    Unsafe.Add(ref at, n++) = k + BitOperations.TrailingZeroCount(m);
                    m &= m - 1;
                }
                while (m != 0);
            }
        }

        for (; k < data.Length; k++)
        {
            byte b = data[k];
            if (b == delimiter || b is (byte)'\n' or (byte)'\r')
            {
                if (n == marks.Length)
                {
                    Array.Resize(ref marks, marks.Length * 2);
                }

                marks[n++] = k;
            }
        }

        return n;
    }

    private sealed class WorkerResult
    {
        public List<(long Sequence, long Line, RejectedRow Row)> Rejections { get; } = [];

        public List<(long Sequence, int Lines)> Lines { get; } = [];

        public long Accepted { get; set; }

        public long AfterEnd { get; set; }
    }

    /// <summary>One worker's parser and its rows waiting for each partition.</summary>
    private sealed class Worker
    {
        private readonly TransactionRowParser _parser;
        private readonly SummaryAccumulator[] _accumulators;
        private readonly object[] _locks;
        private readonly RowBuffer[] _pending;
        private readonly TransactionCsvOptions _options;
        private readonly bool _plainLayout;
        private readonly int _observationEnd;
        private PlainDate _dates = new();
        private int[] _marks = new int[1 << 16];

        public Worker(TransactionLayout layout, SummaryAccumulator[] accumulators, object[] locks)
        {
            _parser = new TransactionRowParser(layout);
            _options = layout.Options;

            // The fused path below reads an amount column (not quantity x price), ids without aliases or a missing-value marker.
            _plainLayout = layout.AmountCol >= 0 && layout.QuantityCol < 0 && layout.Aliases is null && layout.Options.MissingValue is null;
            _observationEnd = layout.Options.ObservationEnd is { } observationEnd ? observationEnd.DayNumber : int.MaxValue;
            _accumulators = accumulators;
            _locks = locks;
            _pending = new RowBuffer[accumulators.Length];
            for (int p = 0; p < _pending.Length; p++)
            {
                _pending[p] = new RowBuffer();
            }
        }

        public void Parse(in CsvBlock block, WorkerResult result)
        {
            if (block.Special is { } reason)
            {
                result.Rejections.Add((block.Sequence, 0, TransactionCsvReader.SpecialRejection(reason, 0, _options)));
                result.Lines.Add((block.Sequence, block.SpecialLines));
                return;
            }

            var data = block.Span;
            bool checkUtf8 = !Utf8.IsValid(data);
            if (_plainLayout && !checkUtf8 && data.IndexOf((byte)'"') < 0)
            {
                ParsePlain(block, result);
                return;
            }

            int parts = _pending.Length;
            var parser = _parser;
            long accepted = 0, afterEnd = 0;
            int line = 0;
            int position = 0;
            while (position < data.Length)
            {
                int end = Utf8Csv.RecordEnd(data, position, _parser.Layout.Delimiter, true, out int contentEnd, out int lines, out _);
                var record = data[position..contentEnd];
                int recordLine = line;
                position = end;
                line += lines;
                if (record.IsEmpty)
                {
                    continue;
                }

                switch (parser.Parse(record, checkUtf8))
                {
                    case RowOutcome.Accepted:
                        accepted++;
                        Add(SummaryAccumulator.ToFixed(parser.Amount));
                        break;
                    case RowOutcome.AfterEnd:
                        afterEnd++;
                        break;
                    default:
                        result.Rejections.Add((block.Sequence, recordLine, parser.Rejection!));
                        break;
                }
            }

            result.Accepted += accepted;
            result.AfterEnd += afterEnd;
            result.Lines.Add((block.Sequence, line));
        }

        /// <summary>
        /// A block of valid UTF-8 without quotes: one pass per record finds its end and its fields, and a record whose id
        /// is a canonical whole number, whose date is YYYY-MM-DD and whose amount is plain digits (at most 9 before the
        /// point and 6 after) is taken as micro-units straight from its digits. Any other record goes to the general parser,
        /// so the accepted rows, rejections and values are the same as its (the amount's micro-units are below 2^51, where
        /// the general path's rounding of amount x 10^6 gives the same integer).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ParsePlain(in CsvBlock block, WorkerResult result)
        {
            var data = block.Span;
            var layout = _parser.Layout;
            byte delimiter = layout.Delimiter;
            int idCol = layout.IdCol, dateCol = layout.DateCol, amountCol = layout.AmountCol, headerFields = layout.HeaderFields;
            int maxRecord = _options.MaxRecordBytes, observationEnd = _observationEnd;
            int parts = _pending.Length;
            long accepted = 0, afterEnd = 0;
            int line = 0;
            int position = 0;

            // Every delimiter and line-end byte of the block, found 32 bytes at a time; the records are then read mark by mark.
            int markCount = StructuralMarks(data, delimiter, ref _marks);
            var marks = _marks;
            int q = 0;
            while (position < data.Length)
            {
                while (q < markCount && marks[q] < position)
                {
                    q++; // the line feed of a CR LF, already stepped over
                }

                int fields = 0, fieldStart = position;
                int idStart = 0, idEnd = 0, dateStart = 0, dateEnd = 0, amountStart = 0, amountEnd = 0;
                int i;
                while (true)
                {
                    // Past the last mark the block ends as if with a line end (a last record without one).
                    i = q < markCount ? marks[q++] : data.Length;
                    bool lineEnd = i == data.Length || data[i] is (byte)'\n' or (byte)'\r';
                    if (fields == idCol)
                    {
                        (idStart, idEnd) = (fieldStart, i);
                    }
                    else if (fields == dateCol)
                    {
                        (dateStart, dateEnd) = (fieldStart, i);
                    }
                    else if (fields == amountCol)
                    {
                        (amountStart, amountEnd) = (fieldStart, i);
                    }

                    fields++;
                    fieldStart = i + 1;
                    if (lineEnd)
                    {
                        break;
                    }
                }

                int contentEnd = Math.Min(i, data.Length);
                int lines = i >= data.Length ? 0 : 1;
                int end = i >= data.Length ? data.Length : data[i] == (byte)'\r' && i + 1 < data.Length && data[i + 1] == (byte)'\n' ? i + 2 : i + 1;
                var record = data[position..contentEnd];
                int recordLine = line;
                position = end;
                line += lines;
                if (record.IsEmpty)
                {
                    continue;
                }

                if (fields == headerFields && record.Length <= maxRecord
                    && TryPlainId(data[idStart..idEnd], out long id)
                    && dateEnd - dateStart == 10 && _dates.TryParse(data.Slice(dateStart, 10), out int day)
                    && TryMicros(data[amountStart..amountEnd], out long micros))
                {
                    if (day > observationEnd)
                    {
                        afterEnd++;
                    }
                    else
                    {
                        accepted++;
                        _pending[parts == 1 ? 0 : SummaryAccumulator.Partition(id, parts)].Add(id, day, micros);
                    }

                    continue;
                }

                switch (_parser.Parse(record, checkUtf8: false))
                {
                    case RowOutcome.Accepted:
                        accepted++;
                        Add(SummaryAccumulator.ToFixed(_parser.Amount));
                        break;
                    case RowOutcome.AfterEnd:
                        afterEnd++;
                        break;
                    default:
                        result.Rejections.Add((block.Sequence, recordLine, _parser.Rejection!));
                        break;
                }
            }

            result.Accepted += accepted;
            result.AfterEnd += afterEnd;
            result.Lines.Add((block.Sequence, line));
        }

        /// <summary>Hands the row the general parser has just accepted to its partition.</summary>
        private void Add(long micros)
        {
            var parser = _parser;
            int parts = _pending.Length;
            if (parser.IsNumericId)
            {
                long id = parser.NumericId;
                _pending[parts == 1 ? 0 : SummaryAccumulator.Partition(id, parts)].Add(id, parser.Day, micros);
            }
            else
            {
                var chars = parser.IdChars;
                _pending[parts == 1 ? 0 : SummaryAccumulator.Partition(chars, parts)].Add(chars, parser.Day, micros);
            }
        }

        /// <summary>
        /// A canonical whole-number id (1 to 18 digits, no leading zero): the rule of <see cref="Utf8Values.TryCanonicalId(ReadOnlySpan{byte}, out long)"/>,
        /// inlined into the loop.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool TryPlainId(ReadOnlySpan<byte> text, out long id)
        {
            id = 0;
            if (text.IsEmpty || text.Length > 18 || (text[0] == (byte)'0' && text.Length > 1))
            {
                return false;
            }

            foreach (byte b in text)
            {
                uint d = (uint)(b - '0');
                if (d > 9)
                {
                    return false;
                }

                id = (id * 10) + d;
            }

            return true;
        }

        /// <summary>An amount of plain digits (1 to 9 before an optional point, 1 to 6 after it) as whole micro-units.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool TryMicros(ReadOnlySpan<byte> text, out long micros)
        {
            micros = 0;
            int i = 0;
            long whole = 0;
            while (i < text.Length && (uint)(text[i] - '0') <= 9)
            {
                whole = (whole * 10) + (text[i] - '0');
                i++;
            }

            if (i == 0 || i > 9)
            {
                return false;
            }

            long fraction = 0;
            int decimals = 0;
            if (i < text.Length)
            {
                if (text[i] != (byte)'.' || i + 1 == text.Length || text.Length - i - 1 > 6)
                {
                    return false;
                }

                for (i++; i < text.Length; i++)
                {
                    uint d = (uint)(text[i] - '0');
                    if (d > 9)
                    {
                        return false;
                    }

                    fraction = (fraction * 10) + d;
                    decimals++;
                }
            }

            while (decimals++ < 6)
            {
                fraction *= 10;
            }

            micros = (whole * 1_000_000) + fraction;
            return true;
        }

        /// <summary>Adds the pending rows to the sums and drops them (<see cref="ParseOnly"/>).</summary>
        public void Checksum(ref (long Rows, long Ids, long Days, long Micros) sums)
        {
            foreach (var rows in _pending)
            {
                rows.Checksum(ref sums);
                rows.Clear();
            }
        }

        /// <summary>
        /// Hands the pending rows to their partitions, taking whichever partition lock is free first. Rows for a partition
        /// another worker holds wait for the next block, unless <paramref name="wait"/> (the last call) or too many wait
        /// already: then the worker waits for the lock instead of spinning on it.
        /// </summary>
        public void Apply(int worker, bool wait)
        {
            int parts = _pending.Length;
            for (int pass = 0; pass < 2; pass++)
            {
                for (int k = 0; k < parts; k++)
                {
                    int p = (worker + k) % parts;
                    var rows = _pending[p];
                    if (rows.Count == 0)
                    {
                        continue;
                    }

                    bool block = pass == 1 && (wait || rows.Count >= MaxPendingRows);
                    if (block)
                    {
                        Monitor.Enter(_locks[p]);
                    }
                    else if (!Monitor.TryEnter(_locks[p]))
                    {
                        continue;
                    }

                    try
                    {
                        rows.ApplyTo(_accumulators[p]);
                    }
                    finally
                    {
                        Monitor.Exit(_locks[p]);
                    }

                    rows.Clear();
                }
            }
        }
    }

    /// <summary>
    /// A <c>YYYY-MM-DD</c> date (10 bytes) as its day number, with the checks of <see cref="Utf8Values.TryParseDate"/>
    /// for that form (year from 1, month 1-12, day within the month); the first day of the last month seen is kept,
    /// as logs come mostly in date order. False sends the record to the general parser.
    /// </summary>
    internal struct PlainDate
    {
        private int _month;
        private int _monthStart;
        private int _monthDays;

        /// <summary>Creates a parser that has seen no month yet.</summary>
        public PlainDate() => _month = -1;

        /// <summary>The day number of a <c>YYYY-MM-DD</c> date; false when the text is not one.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryParse(ReadOnlySpan<byte> text, out int day)
        {
            day = 0;
            if (text.Length != 10 || text[4] != (byte)'-' || text[7] != (byte)'-')
            {
                return false;
            }

            uint y0 = (uint)(text[0] - '0'), y1 = (uint)(text[1] - '0'), y2 = (uint)(text[2] - '0'), y3 = (uint)(text[3] - '0');
            uint m0 = (uint)(text[5] - '0'), m1 = (uint)(text[6] - '0'), d0 = (uint)(text[8] - '0'), d1 = (uint)(text[9] - '0');

            // Each is a digit (the unsigned difference wraps for bytes below '0'); an OR of the eight would let 2|9 = 11 through as "not a digit".
            if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9)
            {
                return false;
            }

            int month = (int)((((((y0 * 10) + y1) * 10) + y2) * 10 + y3) * 100 + (m0 * 10) + m1);
            int dayOfMonth = (int)((d0 * 10) + d1);
            if (month != _month)
            {
                int y = month / 100, m = month % 100;
                if (y < 1 || m is < 1 or > 12)
                {
                    return false;
                }

                _month = month;
                _monthStart = new DateOnly(y, m, 1).DayNumber;
                _monthDays = DateTime.DaysInMonth(y, m);
            }

            if (dayOfMonth < 1 || dayOfMonth > _monthDays)
            {
                return false;
            }

            day = _monthStart + dayOfMonth - 1;
            return true;
        }
    }

    /// <summary>Compact rows bound for one partition: numeric ids as numbers, text ids in a character arena.</summary>
    private sealed class RowBuffer
    {
        private long[] _keys = new long[1024];
        private int[] _days = new int[1024];
        private long[] _micros = new long[1024];
        private int[] _textLength = new int[1024];
        private char[] _text = new char[4096];
        private int _textUsed;
        private bool _hasText;

        public int Count { get; private set; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(long id, int day, long micros)
        {
            int i = Reserve();
            _keys[i] = id;
            _days[i] = day;
            _micros[i] = micros;
            _textLength[i] = -1;
        }

        public void Add(ReadOnlySpan<char> id, int day, long micros)
        {
            int i = Reserve();
            if (_textUsed + id.Length > _text.Length)
            {
                Array.Resize(ref _text, Math.Max(_text.Length * 2, _textUsed + id.Length));
            }

            id.CopyTo(_text.AsSpan(_textUsed));
            _keys[i] = _textUsed;
            _textLength[i] = id.Length;
            _textUsed += id.Length;
            _days[i] = day;
            _micros[i] = micros;
            _hasText = true;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void ApplyTo(SummaryAccumulator accumulator)
        {
            int n = Count;
            var keys = _keys;
            var days = _days;
            var micros = _micros;
            if (!_hasText)
            {
                // Two stages ahead of the row being added: the table slot of the id Ahead rows further is prefetched,
                // and the customer Ahead rows further is looked up (added when new) and its state prefetched.
                const int Ahead = 8;
                Span<int> customers = stackalloc int[Ahead];
                for (int i = 0; i < Math.Min(n, 2 * Ahead); i++)
                {
                    accumulator.Prefetch(keys[i]);
                }

                for (int i = 0; i < Math.Min(n, Ahead); i++)
                {
                    int c = customers[i] = accumulator.IndexOfNumber(keys[i]);
                    accumulator.PrefetchState(c);
                }

                for (int i = 0; i < n; i++)
                {
                    int c = customers[i & (Ahead - 1)];
                    int j = i + Ahead;
                    if (j < n)
                    {
                        if (j + Ahead < n)
                        {
                            accumulator.Prefetch(keys[j + Ahead]);
                        }

                        int next = customers[j & (Ahead - 1)] = accumulator.IndexOfNumber(keys[j]);
                        accumulator.PrefetchState(next);
                    }

                    // Closer stages for customers with three or more days: their middle-day entry, then where the next day goes.
                    if (i + (Ahead / 2) < n)
                    {
                        accumulator.PrefetchMiddle(customers[(i + (Ahead / 2)) & (Ahead - 1)]);
                    }

                    if (i + (Ahead / 4) < n)
                    {
                        accumulator.PrefetchMiddleDays(customers[(i + (Ahead / 4)) & (Ahead - 1)]);
                    }

                    accumulator.AddCore(c, days[i], micros[i]);
                }

                return;
            }

            for (int i = 0; i < n; i++)
            {
                int length = _textLength[i];
                if (length < 0)
                {
                    accumulator.AddTrusted(keys[i], days[i], micros[i]);
                }
                else
                {
                    accumulator.AddTrusted(_text.AsSpan((int)keys[i], length), days[i], micros[i]);
                }
            }
        }

        public void Checksum(ref (long Rows, long Ids, long Days, long Micros) sums)
        {
            for (int i = 0; i < Count; i++)
            {
                sums.Rows++;
                sums.Ids += _textLength[i] < 0 ? _keys[i] : 0;
                sums.Days += _days[i];
                sums.Micros += _micros[i];
            }
        }

        public void Clear()
        {
            Count = 0;
            _textUsed = 0;
            _hasText = false;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Reserve()
        {
            if (Count == _keys.Length)
            {
                int n = _keys.Length * 2;
                Array.Resize(ref _keys, n);
                Array.Resize(ref _days, n);
                Array.Resize(ref _micros, n);
                Array.Resize(ref _textLength, n);
            }

            return Count++;
        }
    }
}
