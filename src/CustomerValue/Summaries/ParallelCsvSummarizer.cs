using System.Collections.Concurrent;
using System.Text.Unicode;
using CustomerValue.Transactions;

namespace CustomerValue.Summaries;

/// <summary>
/// The parallel path from CSV bytes to summaries. One thread cuts the stream into blocks of whole records; every worker
/// parses blocks into compact rows (numeric ids stay numbers) and hands each row to the accumulator of its customer's
/// hash partition, taking that partition's lock once per block. Each customer lives in exactly one accumulator, so
/// nothing is merged at the end: the sorted partitions are interleaved. Line numbers are resolved afterwards from the
/// line ends counted in each block, so rejections come out in line order, exactly as a single pass would give them.
/// </summary>
internal static class ParallelCsvSummarizer
{
    public static CustomerSummaries Run(
        Stream bytes, TransactionCsvOptions options, SummaryOptions summary, IngestReportBuilder report, int workers, string? sourceName,
        Action? onBlock, CancellationToken cancellationToken)
    {
        options = options with { ObservationEnd = summary.ObservationEnd };
        options.Validate();
        using var blocks = new CsvBlockReader(bytes, options.MaxRecordBytes, (byte)options.Delimiter);
        var layout = TransactionCsvReader.OpenLayout(blocks, options, sourceName, out int headerLines)!;
        int parts = workers;
        var accumulators = new SummaryAccumulator[parts];
        var locks = new object[parts];
        for (int p = 0; p < parts; p++)
        {
            accumulators[p] = new SummaryAccumulator(summary);
            locks[p] = new object();
        }

        var results = new WorkerResult[workers];
        int stop = 0;
        bool failFast = report.Policy == BadRowPolicy.FailFast;
        using var queue = new BlockingCollection<CsvBlock>(boundedCapacity: workers * 2);
        var tasks = new Task[workers];
        for (int w = 0; w < workers; w++)
        {
            int worker = w;
            tasks[w] = Task.Factory.StartNew(
                () =>
                {
                    var result = results[worker] = new WorkerResult();
                    var state = new Worker(layout, accumulators, locks);
                    foreach (var block in queue.GetConsumingEnumerable())
                    {
                        try
                        {
                            state.Parse(block, result);
                        }
                        finally
                        {
                            CsvBlockReader.Return(block);
                        }

                        state.Apply(worker);
                        if (failFast && result.Rejections.Count > 0)
                        {
                            Volatile.Write(ref stop, 1);
                        }
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        try
        {
            while (Volatile.Read(ref stop) == 0 && !cancellationToken.IsCancellationRequested && blocks.Next(out var block))
            {
                queue.Add(block, CancellationToken.None);
                onBlock?.Invoke();
            }
        }
        finally
        {
            queue.CompleteAdding();
            try
            {
                Task.WaitAll(tasks, CancellationToken.None);
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
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

        return SummaryAccumulator.Combine(accumulators);
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

        /// <summary>Hands the pending rows to their partitions, taking whichever partition lock is free first.</summary>
        public void Apply(int worker)
        {
            int parts = _pending.Length;
            int left = 0;
            for (int p = 0; p < parts; p++)
            {
                left += _pending[p].Count > 0 ? 1 : 0;
            }

            var spinner = default(SpinWait);
            while (left > 0)
            {
                bool progressed = false;
                for (int k = 0; k < parts; k++)
                {
                    int p = (worker + k) % parts;
                    var rows = _pending[p];
                    if (rows.Count == 0 || !Monitor.TryEnter(_locks[p]))
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
                    left--;
                    progressed = true;
                }

                if (!progressed)
                {
                    spinner.SpinOnce();
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
                const int Ahead = 8;
                for (int i = 0; i < n; i++)
                {
                    if (i + Ahead < n)
                    {
                        accumulator.Prefetch(keys[i + Ahead]);
                    }

                    accumulator.AddTrusted(keys[i], days[i], micros[i]);
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
