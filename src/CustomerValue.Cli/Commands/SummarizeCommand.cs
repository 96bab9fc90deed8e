using System.CommandLine;
using CustomerValue.Summaries;

namespace CustomerValue.Cli.Commands;

/// <summary><c>customer-value summarize</c>: transaction log → per-customer frequency, recency, T and monetary value.</summary>
internal static class SummarizeCommand
{
    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var calibrationEnd = new Option<string>("--as-of", "--calibration-end") { Description = "The observation end (YYYY-MM-DD), inclusive: the last day of the calibration period; later rows go to the holdout or are counted as after the observation end.", Required = true };
        var holdoutEnd = new Option<string?>("--holdout-end") { Description = "Last day of the holdout period (YYYY-MM-DD), inclusive; adds frequency_holdout, monetary_value_holdout, duration_holdout." };
        var timeUnit = new Option<string>("--time-unit") { Description = "Unit of recency, T and duration: day, week, month or year.", DefaultValueFactory = _ => "week" };
        timeUnit.AcceptOnlyFromAmong("day", "week", "month", "year");
        var output = new Option<FileInfo?>("--output") { Description = "Output CSV file. Default: standard output." };
        var engine = new Option<string>("--engine") { Description = "ours: this library's reader (CSV, .csv.gz or Parquet); duckdb: the summary query of 'customer-value sql' run by DuckDB in this process on --transactions (a CSV file or a Parquet file, folder or glob), spilling to disk for logs larger than memory.", DefaultValueFactory = _ => "ours" };
        engine.AcceptOnlyFromAmong("ours", "duckdb");
        var command = new Command("summarize", "Summarise a transaction log per customer: customer_id,frequency,recency,T,monetary_value (+ holdout columns).");
        input.AddTo(command);
        command.Options.Add(calibrationEnd);
        command.Options.Add(holdoutEnd);
        command.Options.Add(timeUnit);
        command.Options.Add(output);
        command.Options.Add(engine);
        command.SetAction(result => io.Guard(() =>
        {
            var options = new SummaryOptions(
                CliParse.Date(result.GetValue(calibrationEnd)!, "--as-of"),
                CliParse.Unit(result.GetValue(timeUnit)!),
                CliParse.OptionalDate(result.GetValue(holdoutEnd), "--holdout-end"));
            bool duckDb = result.GetValue(engine) == "duckdb";
            var summaries = duckDb ? WithNativeDuckDb(() => SummarizeWithDuckDb(input, result, options)) : null;

            // Our reader: the summaries are formatted a chunk at a time straight from the accumulators, in id order, so
            // the whole table of summaries never exists at once (the peak memory is the accumulators' state).
            var parts = duckDb ? null : input.Accumulate(result, options, io, out _);
            int count = 0;
            void Write(Action<CustomerSummaries, bool> chunk)
            {
                if (summaries is not null)
                {
                    chunk(summaries, true);
                    count = summaries.Count;
                }
                else
                {
                    bool first = true;
                    count = SummaryAccumulator.CombineChunks(parts!, c =>
                    {
                        chunk(c, first);
                        first = false;
                    });
                }
            }

            using var outputs = io.Outputs(("--output", result.GetValue(output)));
            if (result.GetValue(output) is { } file)
            {
                // UTF-8 bytes formatted on every core, written through the atomic temporary file.
                outputs.WriteStream(file, stream =>
                {
                    var body = new HeaderOnce(stream);
                    Write((chunk, first) =>
                    {
                        body.SkipHeader = !first;
                        CustomerSummaryCsv.Write(body, chunk);
                    });
                });
            }
            else
            {
                outputs.WriteText(null, writer =>
                {
                    var body = new HeaderOnceWriter(writer);
                    Write((chunk, first) =>
                    {
                        body.SkipHeader = !first;
                        CustomerSummaryCsv.Write(body, chunk);
                    });
                });
            }

            outputs.Commit();
            var holdout = options.HoldoutEnd;
            io.Tell($"summarize: {(duckDb ? "DuckDB: " : string.Empty)}{count:N0} customers in {options.TimeUnit.ToName()}s to {options.CalibrationEnd:yyyy-MM-dd}{(holdout is { } h ? $", holdout to {h:yyyy-MM-dd}" : string.Empty)}; wrote {result.GetValue(output)?.FullName ?? "standard output"}.");
            return 0;
        }));
        return command;
    }

    /// <summary>Runs DuckDB work; a missing native library becomes a plain message saying what to install.</summary>
    private static CustomerSummaries WithNativeDuckDb(Func<CustomerSummaries> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is DllNotFoundException || e.InnerException is DllNotFoundException)
        {
            throw new ArgumentException("--engine duckdb: DuckDB's native library (libduckdb) was not found. The tool does not bundle it (it would triple the package): install DuckDB's C library for this platform (https://duckdb.org/docs/installation, \"C/C++\") on the library path, or use --engine ours.", e);
        }
    }

    /// <summary>
    /// The summary query run by DuckDB on the log's files (<see cref="DuckDb.DuckDbSummaries"/>): the same rows and values as
    /// our reader for a valid log, but no row-by-row report (negative amounts are left out unless --allow-returns).
    /// </summary>
    private static CustomerSummaries SummarizeWithDuckDb(TransactionInput input, ParseResult result, SummaryOptions options)
    {
        if (result.GetValue(input.Transactions) is not { } file)
        {
            throw new ArgumentException("--engine duckdb: give the log with --transactions (a CSV file, or a Parquet file, folder or glob).");
        }

        var csv = input.CsvOptions(result, null);
        if (csv.QuantityColumn is not null || csv.UnitPriceColumn is not null || result.GetValue(input.OnError) == "report" || csv.Delimiter != ',')
        {
            throw new ArgumentException("--engine duckdb: --quantity-column/--price-column, --on-error report and --delimiter are for our reader; leave them out or use --engine ours.");
        }

        var sql = new Sql.SummarySqlOptions(options)
        {
            CustomerIdColumn = csv.CustomerIdColumn,
            DateColumn = csv.DateColumn,
            AmountColumn = csv.AmountColumn ?? "amount",
            AllowReturns = csv.AllowReturns,
            Aliases = csv.Aliases,
        };
        string path = file.ToString();
        if (!Parquet.ParquetLake.IsLake(path))
        {
            return DuckDb.DuckDbSummaries.SummarizeFiles(path, sql);
        }

        // The files our reader would read (hidden and marker files left out), named one by one, hive partitions as columns.
        var files = Parquet.ParquetLake.Find(path).Select(f => "'" + f.Path.Replace("'", "''", StringComparison.Ordinal) + "'");
        using var connection = DuckDb.DuckDbSummaries.Open();
        return DuckDb.DuckDbSummaries.Summarize(connection, $"read_parquet([{string.Join(", ", files)}], hive_partitioning = true, union_by_name = true)", sql);
    }

    /// <summary>Passes bytes through, dropping the first line (a chunk's header) when <see cref="SkipHeader"/> is set.</summary>
    private sealed class HeaderOnce(Stream inner) : Stream
    {
        private bool _skipping;

        /// <summary>Drop everything up to and including the next line end.</summary>
        public bool SkipHeader
        {
            set => _skipping = value;
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_skipping)
            {
                int end = buffer.IndexOf((byte)'\n');
                if (end < 0)
                {
                    return;
                }

                _skipping = false;
                buffer = buffer[(end + 1)..];
            }

            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>As <see cref="HeaderOnce"/>, for text.</summary>
    private sealed class HeaderOnceWriter(TextWriter inner) : TextWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        private bool _skipping;

        public bool SkipHeader
        {
            set => _skipping = value;
        }

        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value) => Write([value]);

        public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<char> buffer)
        {
            if (_skipping)
            {
                int end = buffer.IndexOf('\n');
                if (end < 0)
                {
                    return;
                }

                _skipping = false;
                buffer = buffer[(end + 1)..];
            }

            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();
    }
}
