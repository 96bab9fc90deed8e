using System.IO.Compression;
using System.Text;
using CustomerValue.Summaries;
using CustomerValue.Transactions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Transactions;

/// <summary>Nothing lost, nothing invented: each finding of the ingest audit is a test here.</summary>
public sealed class HostileLogTests
{
    private static readonly SummaryOptions Window = new(new DateOnly(2020, 12, 31), TimeUnit.Day);

    private static TransactionCsvOptions Collect => TransactionCsvOptions.Default with { BadRows = BadRowPolicy.CollectAndReport };

    private static (List<Transaction> Rows, IngestReport Report) ReadBytes(byte[] bytes, TransactionCsvOptions? options = null)
    {
        options ??= Collect;
        var report = new IngestReportBuilder(options.BadRows, source: "log.csv");
        var rows = TransactionCsvReader.Read(new MemoryStream(bytes), options, report, "log.csv").ToList();
        return (rows, report.Build());
    }

    private static (CustomerSummaries Summaries, IngestReport Report) SummarizeBytes(byte[] bytes, int threads, int blockBytes, TransactionCsvOptions? options = null)
    {
        options ??= Collect;
        var report = new IngestReportBuilder(options.BadRows, source: "log.csv");
        var s = ParallelCsvSummarizer.Run(new MemoryStream(bytes), options, Window, report, threads, "log.csv", null, CancellationToken.None, blockBytes);
        return (s, report.Build());
    }

    private static string TempFile(string name) => Path.Combine(Path.GetTempPath(), $"cv-hostile-{Guid.NewGuid():N}-{name}");

    [Fact]
    public void A_truncated_gz_is_an_error_naming_the_file_never_a_shorter_log()
    {
        var csv = new StringBuilder("customer_id,date,amount\n");
        for (int i = 0; i < 20_000; i++)
        {
            csv.Append(i % 977).Append(",2020-01-").Append((i % 28) + 1).Append(',').Append(i % 50).Append(".25\n");
        }

        var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(csv.ToString()));
        }

        string whole = TempFile("log.csv.gz"), cut = TempFile("cut.csv.gz");
        try
        {
            File.WriteAllBytes(whole, packed.ToArray());
            File.WriteAllBytes(cut, packed.ToArray()[..(int)(packed.Length * 2 / 3)]);

            var ok = TransactionSummarizer.SummarizeFile(whole, Collect, Window, new IngestReportBuilder(BadRowPolicy.CollectAndReport), 2);
            Assert.Equal(977, ok.Count);

            var e = Assert.Throws<InvalidDataException>(() => TransactionSummarizer.SummarizeFile(cut, Collect, Window, new IngestReportBuilder(BadRowPolicy.CollectAndReport), 2));
            Assert.Contains(cut, e.Message, StringComparison.Ordinal);
            Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
            var e2 = Assert.Throws<InvalidDataException>(() => TransactionCsvReader.ReadFile(cut, Collect, new IngestReportBuilder(BadRowPolicy.CollectAndReport)).Count());
            Assert.Contains(cut, e2.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(whole);
            File.Delete(cut);
        }
    }

    [Fact]
    public void An_amount_beyond_the_range_is_a_rejected_row_and_a_huge_customer_sum_is_exact()
    {
        // 9e12 is within the per-row limit; three of them (2.7e13 in all, 2.7e19 micro-units) overflow 64 bits, so the
        // accumulator must add them in a wider type. Expected totals by decimal arithmetic.
        var bytes = Encoding.UTF8.GetBytes("customer_id,date,amount\n1,2020-01-01,9000000000000\n1,2020-01-02,9000000000000.5\n1,2020-01-03,9000000000000\n2,2020-01-01,1e13\n");
        var (s, report) = SummarizeBytes(bytes, 2, 1 << 20);
        var rejected = Assert.Single(report.Rejected);
        Assert.Equal((5L, "amount", RejectReason.AmountOutOfRange), (rejected.LineNumber, rejected.Field, rejected.Reason));
        Assert.Equal((double)(9000000000000m + 9000000000000.5m + 9000000000000m), s.TotalSpend[0]);
        Assert.Equal((double)((9000000000000.5m + 9000000000000m) / 2), s.MonetaryValue[0]);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_rejected_with_line_and_field_never_merged()
    {
        // "caf\xE9" and "caf\xE8" (Latin-1 é and è) would both become "caf\uFFFD" if replaced: one customer instead of two.
        var bytes = new List<byte>(Encoding.ASCII.GetBytes("customer_id,date,amount\nok,2020-01-01,1\n"));
        bytes.AddRange([(byte)'c', (byte)'a', (byte)'f', 0xE9]);
        bytes.AddRange(Encoding.ASCII.GetBytes(",2020-01-02,1\n"));
        bytes.AddRange([(byte)'c', (byte)'a', (byte)'f', 0xE8]);
        bytes.AddRange(Encoding.ASCII.GetBytes(",2020-01-03,1\n"));
        var (rows, report) = ReadBytes([.. bytes]);
        Assert.Single(rows);
        Assert.Equal([(3L, "customer_id", RejectReason.InvalidText), (4L, "customer_id", RejectReason.InvalidText)], report.Rejected.Select(r => (r.LineNumber, r.Field, r.Reason)));

        var (latin, latinReport) = ReadBytes([.. bytes], Collect with { Encoding = Encoding.Latin1 });
        Assert.True(latinReport.IsClean);
        Assert.Equal(["ok", "café", "cafè"], latin.Select(t => t.CustomerId));
    }

    [Fact]
    public void Lf_crlf_and_bare_cr_are_read_identically_by_both_readers()
    {
        string[] lines = ["customer_id,date,amount", "a,2020-01-01,1", "b,2020-01-02,x", "", "a,2020-01-05,2", "c,2020-13-01,1", "b,2020-01-03,4"];
        var results = new List<string>();
        foreach (var end in new[] { "\n", "\r\n", "\r" })
        {
            var bytes = Encoding.UTF8.GetBytes(string.Join(end, lines) + end);
            var (rows, report) = ReadBytes(bytes);
            var (s, parallelReport) = SummarizeBytes(bytes, 2, 64);
            Assert.Equal(report.Rejected, parallelReport.Rejected);
            results.Add(string.Join(";", rows.Select(r => $"{r.CustomerId}/{r.Date:yyyyMMdd}/{r.Amount}"))
                + "|" + string.Join(";", report.Rejected.Select(r => $"{r.LineNumber}:{r.Field}:{r.Reason}"))
                + "|" + string.Join(";", s.CustomerIds.Select((id, i) => $"{id}:{s.Frequency[i]}:{s.MonetaryValue[i]}")));
        }

        Assert.Equal("a/20200101/1;a/20200105/2;b/20200103/4|3:amount:UnparsableAmount;6:date:UnparsableDate|a:1:2;b:0:0", results[0]);
        Assert.All(results, r => Assert.Equal(results[0], r));
    }

    [Fact]
    public void A_line_of_any_length_parses_or_is_rejected_with_its_line_in_bounded_memory()
    {
        var options = Collect with { MaxRecordBytes = 100 };
        string longId = new('x', 80);
        var csv = $"customer_id,date,amount\n{longId},2020-01-01,1\n{new string('y', 10_000)},2020-01-01,1\nz,2020-01-02,3\n\"open,2020-01-01,1\nw,2020-01-03,1\n";
        var (rows, report) = ReadBytes(Encoding.UTF8.GetBytes(csv), options);
        Assert.Equal([longId, "z", "w"], rows.Select(r => r.CustomerId));
        Assert.Equal([(3L, RejectReason.RecordTooLong), (5L, RejectReason.MalformedQuotes)], report.Rejected.Select(r => (r.LineNumber, r.Reason)));
        var (_, parallelReport) = SummarizeBytes(Encoding.UTF8.GetBytes(csv), 2, 128, options);
        Assert.Equal(report.Rejected, parallelReport.Rejected);
    }

    [Fact]
    public void Rfc4180_doubled_quotes_unescape_and_quoted_newlines_are_one_field()
    {
        var csv = "customer_id,date,amount,note\n\"a\"\"b\",2020-01-01,1,\"two\nlines, and a comma\"\nc,2020-01-02,x,\"\"\n\"d\",2020-01-03,2,\"\"\"quoted\"\"\"\n";
        var (rows, report) = ReadBytes(Encoding.UTF8.GetBytes(csv));
        Assert.Equal(["a\"b", "d"], rows.Select(r => r.CustomerId));
        var bad = Assert.Single(report.Rejected);
        Assert.Equal(4, bad.LineNumber); // the quoted line break makes the third record start on line 4
    }

    [Fact]
    public void Fewer_fields_than_the_header_is_missing_field_and_a_duplicate_header_column_is_an_error()
    {
        var (_, report) = ReadBytes(Encoding.UTF8.GetBytes("customer_id,date,amount,store\na,2020-01-01,1\n"));
        var r = Assert.Single(report.Rejected);
        Assert.Equal((RejectReason.MissingField, "store"), (r.Reason, r.Field));
        var e = Assert.Throws<FormatException>(() => ReadBytes(Encoding.UTF8.GetBytes("customer_id,date,amount,Date\na,2020-01-01,1,x\n")));
        Assert.Contains("'Date' twice", e.Message, StringComparison.Ordinal);
        Assert.Contains("log.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_message_names_the_file()
    {
        var fail = TransactionCsvOptions.Default;
        var e = Assert.Throws<TransactionLogException>(() => ReadBytes(Encoding.UTF8.GetBytes("customer_id,date,amount\nNA,2020-01-01,1\n"), fail));
        Assert.StartsWith("log.csv: line 2, field 'customer_id'", e.Message, StringComparison.Ordinal);
        var header = Assert.Throws<FormatException>(() => ReadBytes(Encoding.UTF8.GetBytes("customer_id;date;amount\n"), fail));
        Assert.Contains("'log.csv'", header.Message, StringComparison.Ordinal);
        Assert.Contains("--delimiter ';'", header.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_that_mark_a_missing_value_are_rejected_not_one_giant_customer()
    {
        var (rows, report) = ReadBytes(Encoding.UTF8.GetBytes("customer_id,date,amount\nNA,2020-01-01,1\nnull,2020-01-02,1\n,2020-01-03,1\n\"\",2020-01-04,1\nN/A,2020-01-05,1\nNAB,2020-01-06,1\n"));
        Assert.Equal(["NAB"], rows.Select(r => r.CustomerId));
        Assert.Equal(5, report.RejectedByReason[RejectReason.MissingField]);
    }

    [Property(MaxTest = 150)]
    public Property Hostile_files_lose_nothing_and_chunked_summaries_equal_one_pass() =>
        Prop.ForAll(HostileFile().ToArbitrary(), file =>
        {
            var (rows, report) = ReadBytes(file.Bytes, Collect with { ObservationEnd = Window.ObservationEnd });
            int expectedRows = CountRecords(file.Bytes);
            var (single, singleReport) = SummarizeBytes(file.Bytes, 1, 1 << 20);
            var (chunked, chunkedReport) = SummarizeBytes(file.Bytes, 3, 64);

            // The same rows, in the same outcome, whatever the reader; nothing lost.
            bool counts = report.RowsRead == expectedRows
                && report.Accepted == rows.Count
                && report.Accepted + report.RejectedCount + report.AfterObservationEnd == expectedRows
                && singleReport.Rejected.SequenceEqual(report.Rejected) && chunkedReport.Rejected.SequenceEqual(report.Rejected)
                && chunkedReport.Accepted == report.Accepted && chunkedReport.AfterObservationEnd == report.AfterObservationEnd;

            // Chunked and merged equals one pass: split the accepted rows in two and merge the accumulators.
            var first = new SummaryAccumulator(Window);
            var second = new SummaryAccumulator(Window);
            for (int i = 0; i < rows.Count; i++)
            {
                (i % 2 == 0 ? first : second).Add(rows[i]);
            }

            first.Merge(second);
            var merged = first.ToSummaries();
            bool same = Same(single, chunked) && Same(single, merged);
            return (counts && same).Label($"rows {expectedRows}, read {report.RowsRead}, accepted {report.Accepted}, rejected {report.RejectedCount}");
        });

    private static bool Same(CustomerSummaries a, CustomerSummaries b) =>
        a.CustomerIds.SequenceEqual(b.CustomerIds) && a.Frequency.SequenceEqual(b.Frequency) && a.Recency.SequenceEqual(b.Recency)
        && a.Age.SequenceEqual(b.Age) && a.MonetaryValue.SequenceEqual(b.MonetaryValue) && a.TotalSpend.SequenceEqual(b.TotalSpend);

    /// <summary>
    /// Non-empty records by an independent reading of RFC 4180 (a character state machine, not the library's code): a
    /// quote opens a quoted field only at the start of a field, a doubled quote inside one is text, and a record ends at
    /// LF, CRLF or CR outside quotes. A record whose quote is never closed counts as its first line only (the reader
    /// rejects that line and reads on), so the model restarts there.
    /// </summary>
    private static int CountRecords(byte[] bytes)
    {
        var text = bytes.AsSpan();
        int i = 0;
        if (text.StartsWith("\xEF\xBB\xBF"u8))
        {
            i = 3;
        }

        // Skip the header (the generator never quotes it).
        while (i < text.Length && text[i] != '\n' && text[i] != '\r')
        {
            i++;
        }

        i = SkipEnd(text, i);
        int records = 0;
        while (i < text.Length)
        {
            int start = i;
            bool quoted = false, fieldStart = true, empty = true;
            bool done = false;
            while (i < text.Length && !done)
            {
                byte c = text[i];
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            i += 2;
                            continue;
                        }

                        quoted = false;
                    }

                    i++;
                    continue;
                }

                if (c == '\n' || c == '\r')
                {
                    done = true;
                    break;
                }

                empty = false;
                if (c == '"' && fieldStart)
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fieldStart = true;
                    i++;
                    continue;
                }
                else if (c != ' ' && c != '\t')
                {
                    fieldStart = false;
                }

                i++;
            }

            if (quoted)
            {
                // Never closed: the reader rejects the first line of it and goes on after that line.
                records++;
                i = start;
                while (i < text.Length && text[i] != '\n' && text[i] != '\r')
                {
                    i++;
                }

                i = SkipEnd(text, i);
                continue;
            }

            if (!empty)
            {
                records++;
            }

            i = SkipEnd(text, i);
        }

        return records;
    }

    private static int SkipEnd(ReadOnlySpan<byte> text, int i)
    {
        if (i < text.Length && text[i] == '\r')
        {
            i++;
            if (i < text.Length && text[i] == '\n')
            {
                i++;
            }
        }
        else if (i < text.Length && text[i] == '\n')
        {
            i++;
        }

        return i;
    }

    public sealed record HostileBytes(byte[] Bytes)
    {
        public override string ToString() => Encoding.UTF8.GetString(Bytes).Replace("\r", "\\r").Replace("\n", "\\n");
    }

    private static Gen<HostileBytes> HostileFile()
    {
        var ids = Gen.Elements("1", "2", "17", "007", "a", "b\"c", "NA", "", "é", "x,y");
        var dates = Gen.Elements("2020-01-01", "2020-01-01 10:00:00", "2020-02-29", "2021-01-01", "2020-13-01", "", "20200105");
        var amounts = Gen.Elements("1", "2.5", "-3", "0", "x", "1e13", "NaN", "", "10.25");
        var ends = Gen.Elements("\n", "\r\n", "\r");
        var field = Gen.OneOf(
            ids.Select(s => s),
            ids.Select(s => "\"" + s.Replace("\"", "\"\"") + "\""),
            Gen.Constant("\"multi\nline\""),
            Gen.Constant("\"open"),
            Gen.Constant("x\"y"));
        var row = Gen.OneOf(
            Gen.Zip(field, Gen.Zip(dates, amounts)).Select(t => $"{t.Item1},{t.Item2.Item1},{t.Item2.Item2}"),
            Gen.Zip(ids, dates).Select(t => $"{t.Item1},{t.Item2}"),
            Gen.Constant(""),
            Gen.Constant("junk"),
            Gen.Constant("1,2020-01-01,1,extra"));
        var shape = Gen.Zip(Gen.Choose(0, 100), Gen.Elements(0, 1, 2));
        var bytesGen = Gen.Zip(Gen.Zip(row.ListOf(), ends.ListOf()), shape)
            .Select(t =>
            {
                var rows = t.Item1.Item1;
                var endings = t.Item1.Item2;
                int cutPercent = t.Item2.Item1, mode = t.Item2.Item2;
                var sb = new StringBuilder("customer_id,date,amount");
                for (int k = 0; k < rows.Count; k++)
                {
                    sb.Append(endings.Count == 0 ? "\n" : endings[k % endings.Count]).Append(rows[k]);
                }

                sb.Append('\n');
                var bytes = new List<byte>(Encoding.UTF8.GetBytes(sb.ToString()));
                if (mode == 1 && bytes.Count > 30)
                {
                    // A random truncation after the header.
                    int keep = 24 + ((bytes.Count - 24) * cutPercent / 100);
                    bytes.RemoveRange(keep, bytes.Count - keep);
                }
                else if (mode == 2 && bytes.Count > 30)
                {
                    // A byte that is not UTF-8 somewhere after the header.
                    bytes.Insert(24 + ((bytes.Count - 24) * cutPercent / 100), 0xFF);
                }

                return new HostileBytes([.. bytes]);
            });
        return bytesGen;
    }
}
