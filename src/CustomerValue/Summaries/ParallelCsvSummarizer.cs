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

        public Worker(TransactionLayout layout, SummaryAccumulator[] accumulators, object[] locks)
        {
            _parser = new TransactionRowParser(layout);
            _options = layout.Options;
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
                        long micros = SummaryAccumulator.ToFixed(parser.Amount);
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

        public void Clear()
        {
            Count = 0;
            _textUsed = 0;
            _hasText = false;
        }

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
