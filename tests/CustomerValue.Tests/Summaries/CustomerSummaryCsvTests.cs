using CustomerValue.Summaries;

namespace CustomerValue.Tests.Summaries;

public sealed class CustomerSummaryCsvTests
{
    [Fact]
    public void Written_summaries_read_back_bit_for_bit()
    {
        var original = CdnowFidelityTests.Summary;
        var text = new StringWriter();
        CustomerSummaryCsv.Write(text, original);
        var back = CustomerSummaryCsv.Read(new StringReader(text.ToString()), TimeUnit.Week);
        Assert.Equal(original.CustomerIds, back.CustomerIds);
        Assert.True(original.Frequency.SequenceEqual(back.Frequency));
        Assert.True(original.Recency.SequenceEqual(back.Recency));
        Assert.True(original.Age.SequenceEqual(back.Age));
        Assert.True(original.MonetaryValue.SequenceEqual(back.MonetaryValue));
    }

    [Fact]
    public void The_header_is_the_public_contract()
    {
        var text = new StringWriter();
        CustomerSummaryCsv.Write(text, CdnowFidelityTests.Summary);
        var lines = text.ToString().Split('\n');
        Assert.Equal("customer_id,frequency,recency,T,monetary_value,frequency_holdout,monetary_value_holdout,duration_holdout,time_unit", lines[0]);
        Assert.Equal("1,2,30.428571428571427,38.857142857142854,22.345,1,26.48,39,week", lines[1]);
    }

    [Fact]
    public void The_published_summary_file_reads_with_its_aliases()
    {
        var s = CustomerSummaryCsv.ReadFile(TestFiles.Path("cdnow_customers_summary_with_transactions.csv"), TimeUnit.Week);
        Assert.Equal(2357, s.Count);
        Assert.Equal(22.35, s.MonetaryValue[0]);
    }

    [Theory]
    [InlineData("customer_id,frequency,recency,T\na,1,5,4\n", "recency")]
    [InlineData("customer_id,frequency,recency,T\na,-1,0,4\n", "frequency")]
    [InlineData("customer_id,frequency,recency,T\na,1.5,1,4\n", "frequency")]
    [InlineData("customer_id,frequency,recency,T\na,1,x,4\n", "line 2, field 'recency'")]
    [InlineData("customer_id,frequency,recency\na,1,1\n", "no column 'T'")]
    [InlineData("customer_id,frequency,recency,T\na,1,1,4\na,2,1,4\n", "more than once")]
    public void Bad_summaries_name_the_row_and_field(string csv, string expected)
    {
        var e = Assert.ThrowsAny<FormatException>(() => CustomerSummaryCsv.Read(new StringReader(csv), TimeUnit.Week, "s.csv"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("s.csv", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_spelling_of_a_row_reads_as_the_plain_one(bool quotes)
    {
        // 90,000 rows (about 3 MB: several blocks read in parallel) whose fields are spelled at random in the forms
        // the reader must accept: plain decimals, blanks around a field, a leading '+', exponents, 17 significant
        // digits, quoted fields, CRLF line ends, blank lines, and string ids among whole-number ids. The expected
        // values are the generated numbers themselves (written in round-trip form), not another reading of the file.
        var random = new Random(5);
        int n = 90_000;
        var ids = new string[n];
        var f = new double[n];
        var r = new double[n];
        var t = new double[n];
        var m = new double[n];
        var text = new System.Text.StringBuilder("customer_id,frequency,recency,T,monetary_value,time_unit\n");
        string Spell(double v)
        {
            string plain = v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            return random.Next(40) switch
            {
                0 => " " + plain + " ",
                1 => "+" + plain,
                2 => v.ToString("E16", System.Globalization.CultureInfo.InvariantCulture),
                3 when quotes => "\"" + plain + "\"",
                _ => plain,
            };
        }

        for (int i = 0; i < n; i++)
        {
            ids[i] = random.Next(500) == 0 ? "c-" + i : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            t[i] = random.Next(3) == 0 ? random.Next(0, 80) : random.NextDouble() * 78;
            f[i] = random.Next(3) == 0 ? 0 : random.Next(1, 40);
            r[i] = f[i] == 0 ? 0 : t[i] * random.NextDouble();
            m[i] = Math.Round(random.NextDouble() * 500, random.Next(0, 4));
            text.Append(ids[i]).Append(',').Append(Spell(f[i])).Append(',').Append(Spell(r[i])).Append(',').Append(Spell(t[i]))
                .Append(',').Append(Spell(m[i])).Append(",week").Append(random.Next(50) == 0 ? "\r\n" : "\n");
            if (random.Next(1000) == 0)
            {
                text.Append('\n');
            }
        }

        // The same bytes as a stream and as a file (a file without quotes is read through a memory map).
        var bytes = System.Text.Encoding.UTF8.GetBytes(text.ToString());
        string path = Path.Combine(Path.GetTempPath(), $"cv-spellings-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, bytes);
        try
        {
            foreach (var back in new[] { CustomerSummaryCsv.Read(new MemoryStream(bytes), TimeUnit.Week, "spellings.csv"), CustomerSummaryCsv.ReadFile(path, TimeUnit.Week) })
            {
                Assert.Equal(n, back.Count);
                Assert.Equal(ids, back.CustomerIds);
                for (int i = 0; i < n; i++)
                {
                    Assert.True(f[i] == back.Frequency[i] && r[i] == back.Recency[i] && t[i] == back.Age[i] && m[i] == back.MonetaryValue[i], $"row {i + 1}");
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("customer_id,frequency,recency,T\n1,1,1,4\n2,1,1\n", "line 3, field 'T'")]
    [InlineData("customer_id,frequency,recency,T\n1,1,1,4\n2,1,1,4x\n", "line 3, field 'T'")]
    [InlineData("customer_id,frequency,recency,T,time_unit\n1,1,1,4,week\n2,1,1,4,day\n", "line 3, field 'time_unit'")]
    [InlineData("customer_id,frequency,recency,T\n1,1,1,4\n\n3,1,1,4\n1,2,1,4\n", "more than once")]
    public void Plain_rows_that_go_wrong_are_reported_as_before(string csv, string expected)
    {
        // Files without quotes or carriage returns take the fused path; its errors must be the general path's.
        var e = Assert.Throws<FormatException>(() => CustomerSummaryCsv.Read(new StringReader(csv), TimeUnit.Week, "plain.csv"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("plain.csv", e.Message, StringComparison.Ordinal);

        // Read as a file (through a memory map), the message is the same.
        string path = Path.Combine(Path.GetTempPath(), $"cv-plain-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv);
        try
        {
            var fromFile = Assert.Throws<FormatException>(() => CustomerSummaryCsv.ReadFile(path, TimeUnit.Week));
            Assert.Equal(e.Message.Replace("plain.csv", path, StringComparison.Ordinal), fromFile.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Long_plain_numbers_read_exactly_as_the_runtime_parses_them()
    {
        // More than 15 significant digits (and more than 19, beyond a 64-bit mantissa) leave the exact fast path; the
        // value must be the runtime's correctly rounded parse of the text, on the stream and the mapped-file paths.
        string[] recency = ["0.1234567890123456789012", "12.000000000000000000000000001", "0.30000000000000004441"];
        string csv = "customer_id,frequency,recency,T\n" + string.Concat(recency.Select((r, i) => $"{i + 1},3,{r},99999999999999999999.5\n"));
        string path = Path.Combine(Path.GetTempPath(), $"cv-long-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv);
        try
        {
            foreach (var back in new[] { CustomerSummaryCsv.Read(new StringReader(csv), TimeUnit.Week), CustomerSummaryCsv.ReadFile(path, TimeUnit.Week) })
            {
                for (int i = 0; i < recency.Length; i++)
                {
                    Assert.Equal(double.Parse(recency[i], System.Globalization.CultureInfo.InvariantCulture), back.Recency[i]);
                    Assert.Equal(99999999999999999999.5, back.Age[i]);
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_named_pipe_is_read_as_a_stream_not_mapped()
    {
        // Only regular files are memory-mapped; a FIFO (which cannot seek) must be read through the stream path.
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        string path = Path.Combine(Path.GetTempPath(), $"cv-fifo-{Guid.NewGuid():N}.csv");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", path))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        try
        {
            var writer = Task.Run(() => File.WriteAllText(path, "customer_id,frequency,recency,T\n7,2,3.5,4\n8,0,0,9\n"));
            var back = CustomerSummaryCsv.ReadFile(path, TimeUnit.Week);
            await writer;
            Assert.Equal(["7", "8"], back.CustomerIds);
            Assert.Equal(3.5, back.Recency[0]);
            Assert.Equal(9, back.Age[1]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_first_invalid_row_is_reported_when_several_are_far_apart()
    {
        // 200,000 rows checked in blocks on every core; rows 70,001 and 150,001 are invalid (recency beyond T): the
        // message must name the first, whichever block finishes first.
        int n = 200_000;
        var ids = Enumerable.Range(1, n).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var f = Enumerable.Repeat(1.0, n).ToArray();
        var r = Enumerable.Repeat(2.0, n).ToArray();
        var t = Enumerable.Repeat(5.0, n).ToArray();
        r[150_000] = 9;
        r[70_000] = 6;
        var e = Assert.Throws<ArgumentException>(() => CustomerSummaries.FromColumns(ids, f, r, t, [], TimeUnit.Week));
        Assert.StartsWith("Row 70001, customer '70001': recency", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_quoted_ids_outgrow_the_pooled_buffers_and_every_write_gives_the_same_bytes()
    {
        // 70,000 rows (three chunks of 32,768: buffers come back from the pool holding the previous call's bytes), a
        // tenth with ids of 2,000-6,000 characters holding commas and quotes (a chunk's buffer must grow several
        // times). Expected: the columns written, read back as they were, and a second write byte for byte the first.
        var random = new Random(29);
        int n = 70_000;
        var ids = new string[n];
        var f = new double[n];
        var r = new double[n];
        var t = new double[n];
        var m = new double[n];
        for (int i = 0; i < n; i++)
        {
            ids[i] = i % 10 == 3 ? $"c{i},\"{new string('x', random.Next(2000, 6000))}\"" : $"c{i}";
            f[i] = random.Next(0, 20);
            t[i] = random.Next(1, 800);
            r[i] = f[i] == 0 ? 0 : Math.Min(t[i], random.Next(0, 800));
            m[i] = f[i] == 0 ? 0 : random.NextInt64(1, 100_000_000) / 1e6 / f[i];
        }

        var summaries = CustomerSummaries.FromColumns(ids, f, r, t, m, TimeUnit.Day);
        var first = new MemoryStream();
        CustomerSummaryCsv.Write(first, summaries);
        var second = new MemoryStream();
        CustomerSummaryCsv.Write(second, summaries);
        Assert.True(first.ToArray().AsSpan().SequenceEqual(second.ToArray()));

        first.Position = 0;
        var back = CustomerSummaryCsv.Read(first, TimeUnit.Day);
        Assert.Equal(ids, back.CustomerIds);
        Assert.True(f.AsSpan().SequenceEqual(back.Frequency));
        Assert.True(r.AsSpan().SequenceEqual(back.Recency));
        Assert.True(t.AsSpan().SequenceEqual(back.Age));
        Assert.True(m.AsSpan().SequenceEqual(back.MonetaryValue));
    }
}
