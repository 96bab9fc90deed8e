using System.Buffers;
using System.Collections.Concurrent;
using CustomerValue.Summaries;

namespace CustomerValue.Transactions;

/// <summary>
/// Reads CSV text in blocks of whole lines on the calling thread and parses them on worker threads, each into its own
/// <see cref="SummaryAccumulator"/>; the accumulators are merged at the end. No string is allocated per row except
/// for a customer's first appearance.
/// </summary>
internal static class ParallelCsvSummarizer
{
    private const int BlockChars = 1 << 20;

    public static CustomerSummaries Run(TextReader reader, CsvLayout layout, SummaryOptions summary, IngestReportBuilder report, int workers) =>
        Run(reader, layout, summary, report, workers, null, CancellationToken.None);

    /// <summary>As <see cref="Run(TextReader, CsvLayout, SummaryOptions, IngestReportBuilder, int)"/>, calling <paramref name="onBlock"/> after each block is read and stopping when cancelled.</summary>
    public static CustomerSummaries Run(TextReader reader, CsvLayout layout, SummaryOptions summary, IngestReportBuilder report, int workers, Action? onBlock, CancellationToken cancellationToken)
    {
        using var blocks = new BlockingCollection<Block>(boundedCapacity: workers * 2);
        var accumulators = new SummaryAccumulator[workers];
        var rejections = new List<RejectedRow>[workers];
        var accepted = new long[workers];
        int stop = 0;
        bool failFast = report.Policy == BadRowPolicy.FailFast;
        var tasks = new Task[workers];
        for (int w = 0; w < workers; w++)
        {
            int worker = w;
            tasks[w] = Task.Factory.StartNew(
                () =>
                {
                    var accumulator = new SummaryAccumulator(summary);
                    var rejected = new List<RejectedRow>();
                    var fields = layout.NewFieldBuffer();
                    long ok = 0;
                    foreach (var block in blocks.GetConsumingEnumerable())
                    {
                        ok += Parse(block, layout, accumulator, rejected, fields);
                        ArrayPool<char>.Shared.Return(block.Buffer);
                        if (failFast && rejected.Count > 0)
                        {
                            Volatile.Write(ref stop, 1);
                        }
                    }

                    accumulators[worker] = accumulator;
                    rejections[worker] = rejected;
                    accepted[worker] = ok;
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        try
        {
            Produce(reader, blocks, () => Volatile.Read(ref stop) != 0 || cancellationToken.IsCancellationRequested, onBlock);
        }
        finally
        {
            blocks.CompleteAdding();
            Task.WaitAll(tasks, CancellationToken.None);
        }

        cancellationToken.ThrowIfCancellationRequested();
        report.AcceptMany(accepted.Sum());
        var all = rejections.SelectMany(r => r).OrderBy(r => r.LineNumber);
        foreach (var row in all)
        {
            report.Reject(row);
        }

        return SummaryAccumulator.MergeAll(accumulators).ToSummaries();
    }

    private static void Produce(TextReader reader, BlockingCollection<Block> blocks, Func<bool> stopRequested, Action? onBlock)
    {
        long nextLine = 2;
        var buffer = ArrayPool<char>.Shared.Rent(BlockChars);
        int filled = 0;
        while (!stopRequested())
        {
            int read = reader.ReadBlock(buffer, filled, buffer.Length - filled);
            filled += read;
            if (filled == 0)
            {
                ArrayPool<char>.Shared.Return(buffer);
                return;
            }

            bool end = read == 0 || filled < buffer.Length;
            int cut = end ? filled : buffer.AsSpan(0, filled).LastIndexOf('\n') + 1;
            if (cut == 0)
            {
                // A single line longer than the buffer: grow and read on.
                var bigger = ArrayPool<char>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, filled).CopyTo(bigger);
                ArrayPool<char>.Shared.Return(buffer);
                buffer = bigger;
                continue;
            }

            var next = ArrayPool<char>.Shared.Rent(BlockChars);
            int rest = filled - cut;
            buffer.AsSpan(cut, rest).CopyTo(next);
            int lines = buffer.AsSpan(0, cut).Count('\n');
            blocks.Add(new Block(buffer, cut, nextLine));
            onBlock?.Invoke();
            nextLine += lines;
            buffer = next;
            filled = rest;
            if (end && rest == 0)
            {
                ArrayPool<char>.Shared.Return(buffer);
                return;
            }
        }

        ArrayPool<char>.Shared.Return(buffer);
    }

    private static long Parse(Block block, CsvLayout layout, SummaryAccumulator accumulator, List<RejectedRow> rejected, Range[] fields)
    {
        var text = block.Buffer.AsSpan(0, block.Length);
        long lineNumber = block.FirstLine;
        long ok = 0;
        while (!text.IsEmpty)
        {
            int newline = text.IndexOf('\n');
            var line = newline < 0 ? text : text[..newline];
            text = newline < 0 ? default : text[(newline + 1)..];
            if (!line.IsEmpty && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (!line.IsEmpty)
            {
                if (layout.TryParse(line, lineNumber, fields, out var id, out var timestamp, out double amount, out var bad))
                {
                    accumulator.AddTrusted(id, DateOnly.FromDateTime(timestamp).DayNumber, amount);
                    ok++;
                }
                else
                {
                    rejected.Add(bad!);
                }
            }

            lineNumber++;
        }

        return ok;
    }

    private readonly record struct Block(char[] Buffer, int Length, long FirstLine);
}
