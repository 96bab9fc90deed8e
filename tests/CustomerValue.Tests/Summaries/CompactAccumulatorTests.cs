using System.Globalization;
using System.Numerics;
using System.Text;
using CustomerValue.Cli;
using CustomerValue.Summaries;
using CustomerValue.Transactions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Summaries;

/// <summary>
/// The accumulator keeps 64 bits per sum and carries beyond them aside; the command line writes the summary a chunk at a
/// time. Expected sums here are computed with <see cref="BigInteger"/> over the same micro-units (each amount rounded
/// to 6 decimals, as documented), independently of the accumulator's carry logic.
/// </summary>
public sealed class CompactAccumulatorTests
{
    private static readonly SummaryOptions Window = new(new DateOnly(2020, 6, 30), TimeUnit.Day, new DateOnly(2020, 12, 31));

    private static BigInteger Micros(double amount) => new(Math.Round(amount * 1e6));

    private static double ToDouble(BigInteger micros) => (double)(Int128)micros / 1e6;

    /// <summary>The summaries computed the slow way: every sum a BigInteger, days as sets.</summary>
    private static Dictionary<string, (double Total, double Monetary, double HoldoutMonetary, int X, int HoldoutX)> Expected(IEnumerable<Transaction> log)
    {
        int calibrationEnd = Window.CalibrationEnd.DayNumber;
        var result = new Dictionary<string, (double, double, double, int, int)>();
        foreach (var customer in log.GroupBy(t => t.CustomerId))
        {
            var purchases = customer.Where(t => t.Amount >= 0).Select(t => t.Date.DayNumber).Distinct().Order().ToList();
            if (purchases.Count == 0 || purchases[0] > calibrationEnd)
            {
                continue;
            }

            int first = purchases[0];
            var calibration = customer.Where(t => t.Date.DayNumber <= calibrationEnd).Aggregate(BigInteger.Zero, (s, t) => s + Micros(t.Amount));
            var firstDay = customer.Where(t => t.Date.DayNumber == first).Aggregate(BigInteger.Zero, (s, t) => s + Micros(t.Amount));
            var holdout = customer.Where(t => t.Date.DayNumber > calibrationEnd).Aggregate(BigInteger.Zero, (s, t) => s + Micros(t.Amount));
            int x = purchases.Count(d => d <= calibrationEnd) - 1;
            int hx = purchases.Count(d => d > calibrationEnd);
            result[customer.Key] = (ToDouble(calibration), x > 0 ? ToDouble(calibration - firstDay) / x : 0, hx > 0 ? ToDouble(holdout) / hx : 0, x, hx);
        }

        return result;
    }

    private static void AssertMatches(IEnumerable<Transaction> log, CustomerSummaries s)
    {
        var expected = Expected(log);
        Assert.Equal(expected.Count, s.Count);
        for (int i = 0; i < s.Count; i++)
        {
            var e = expected[s.CustomerIds[i]];
            Assert.Equal(e.X, s.Frequency[i]);
            Assert.Equal(e.HoldoutX, s.FrequencyHoldout[i]);
            Assert.Equal(e.Total, s.TotalSpend[i]);
            Assert.Equal(e.Monetary, s.MonetaryValue[i]);
            Assert.Equal(e.HoldoutMonetary, s.MonetaryValueHoldout[i]);
        }
    }

    private static Transaction T(string id, DateOnly day, double amount) => new(id, day.ToDateTime(TimeOnly.MinValue), amount);

    [Fact]
    public void Sums_beyond_64_bits_are_exact_in_every_sum_including_first_day_holdout_and_returns()
    {
        const double Big = 9.1e12; // within the per-row limit; two of them leave the range of a long in micro-units
        var d1 = new DateOnly(2020, 1, 1);
        var d2 = new DateOnly(2020, 2, 1);
        var h1 = new DateOnly(2020, 8, 1);
        Transaction[] log =
        [
            // First-day spend and calibration spend overflow upwards, then come back below the limit with returns.
            T("1", d1, Big), T("1", d1, Big), T("1", d1, Big), T("1", d2, Big), T("1", d1, -Big), T("1", d1, -Big),
            // Holdout spend overflows.
            T("1", h1, Big), T("1", h1, Big), T("1", h1, 0.01),
            // Returns alone push a customer's calibration sum below the negative limit.
            T("2", d1, 1), T("2", d2, -Big), T("2", d2, -Big), T("2", d2, -Big),
            // An earlier first day arriving late replaces a first-day sum that had overflowed.
            T("3", d2, Big), T("3", d2, Big), T("3", d1, 5),
        ];
        var report = new IngestReportBuilder(BadRowPolicy.CollectAndReport);
        var accumulator = new SummaryAccumulator(Window);
        accumulator.AddRange(log, report, allowReturns: true);
        Assert.True(report.Build().IsClean);
        AssertMatches(log, accumulator.ToSummaries());
    }

    [Property(MaxTest = 100)]
    public Property Huge_amounts_split_anywhere_and_merged_equal_the_exact_sums()
    {
        var amount = Gen.Elements(9.2e12, -9.2e12, 4.6e12, 1.25, -0.5, 9.199999999999e12);
        var row = from id in Gen.Choose(1, 4)
                  from day in Gen.Choose(0, 365)
                  from a in amount
                  select T(id.ToString(CultureInfo.InvariantCulture), new DateOnly(2020, 1, 1).AddDays(day), a);
        var gen = from n in Gen.Choose(1, 60)
                  from rows in Gen.ArrayOf(row, n)
                  from cut in Gen.Choose(0, n)
                  select new KeyValuePair<Transaction[], int>(rows, cut);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (log, cut) = (input.Key, input.Value);
            var a = new SummaryAccumulator(Window);
            var b = new SummaryAccumulator(Window);
            a.AddRange(log[..cut], new IngestReportBuilder(BadRowPolicy.CollectAndReport), allowReturns: true);
            b.AddRange(log[cut..], new IngestReportBuilder(BadRowPolicy.CollectAndReport), allowReturns: true);
            var merged = SummaryAccumulator.MergeAll([a, b]);
            AssertMatches(log, merged.ToSummaries());
        });
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(3, 1000)]
    public void Chunks_in_order_are_the_whole_summary(int threads, int chunk)
    {
        var csv = new StringBuilder("customer_id,date,amount\n");
        var random = new Random(11);
        for (int i = 0; i < 3000; i++)
        {
            string id = i % 97 == 0 ? "x" + random.Next(50) : random.Next(1, 400).ToString(CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{id},2020-{random.Next(1, 13):00}-{random.Next(1, 29):00},{random.Next(1, 5000) / 100.0}\n");
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        var options = TransactionCsvOptions.Default with { BadRows = BadRowPolicy.CollectAndReport };
        var whole = ParallelCsvSummarizer.Run(new MemoryStream(bytes), options, Window, new IngestReportBuilder(BadRowPolicy.CollectAndReport), threads, "log.csv", null, CancellationToken.None, 4096);
        var parts = ParallelCsvSummarizer.Ingest(new MemoryStream(bytes), options, Window, new IngestReportBuilder(BadRowPolicy.CollectAndReport), threads, "log.csv", null, CancellationToken.None, 4096);
        var pieces = new List<string>();
        int count = SummaryAccumulator.CombineChunks(parts, c => pieces.Add(Csv(c)), chunk);
        Assert.Equal(whole.Count, count);
        Assert.Equal((whole.Count + chunk - 1) / chunk, pieces.Count);
        var expected = Csv(whole).Split('\n', 2);
        Assert.Equal(expected[1], string.Concat(pieces.Select(p => p.Split('\n', 2)[1])));
        Assert.All(pieces, p => Assert.Equal(expected[0], p.Split('\n', 2)[0]));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(1_000_003L)]
    public void Dense_and_sparse_ids_come_out_in_id_order_with_the_left_out_customers_counted(long spacing)
    {
        // spacing 1: ids fill their range (the paged order); spacing 10^6: they do not (the sort and merge path).
        // Expected: every customer with a calibration purchase, ascending; customers with only returns or first seen in
        // the holdout are counted, not summarised.
        var random = new Random(3);
        var log = new List<Transaction>();
        var expected = new SortedSet<long>();
        int onlyReturns = 0, holdoutOnly = 0;
        for (long c = 1; c <= 5000; c++)
        {
            long id = c * spacing;
            string text = id.ToString(CultureInfo.InvariantCulture);
            switch (random.Next(10))
            {
                case 0:
                    continue; // a gap in the ids
                case 1:
                    log.Add(T(text, new DateOnly(2020, 3, 1), -5));
                    onlyReturns++;
                    break;
                case 2:
                    log.Add(T(text, new DateOnly(2020, 9, 1), 5));
                    holdoutOnly++;
                    break;
                default:
                    log.Add(T(text, new DateOnly(2020, 1, 1).AddDays(random.Next(180)), random.Next(1, 100)));
                    log.Add(T(text, new DateOnly(2020, 1, 1).AddDays(random.Next(360)), random.Next(1, 100)));
                    expected.Add(id);
                    break;
            }
        }

        var shuffled = log.OrderBy(_ => random.Next()).ToArray();
        var csv = new StringBuilder("customer_id,date,amount\n");
        foreach (var t in shuffled)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{t.CustomerId},{t.Date:yyyy-MM-dd},{t.Amount}\n");
        }

        var options = TransactionCsvOptions.Default with { AllowReturns = true };
        foreach (int threads in new[] { 1, 3 })
        {
            var s = ParallelCsvSummarizer.Run(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), options, Window, new IngestReportBuilder(), threads, null, null, CancellationToken.None, 4096);
            Assert.Equal(expected.Select(id => id.ToString(CultureInfo.InvariantCulture)), s.CustomerIds);
            Assert.Equal(onlyReturns, s.CustomersWithoutPurchases);
            Assert.Equal(holdoutOnly, s.CustomersFirstSeenInHoldout);
            var single = new SummaryAccumulator(Window);
            single.AddRange(shuffled, new IngestReportBuilder(), allowReturns: true);
            Assert.True(SummaryAccumulatorTests.SameSummaries(single.ToSummaries(), s));
        }
    }

    [Fact]
    public void An_empty_log_gives_one_empty_chunk_so_the_header_is_written()
    {
        var parts = ParallelCsvSummarizer.Ingest(new MemoryStream(Encoding.UTF8.GetBytes("customer_id,date,amount\n")), TransactionCsvOptions.Default, Window, new IngestReportBuilder(), 2, "log.csv", null, CancellationToken.None);
        var pieces = new List<int>();
        Assert.Equal(0, SummaryAccumulator.CombineChunks(parts, c => pieces.Add(c.Count)));
        Assert.Equal([0], pieces);
    }

    [Fact]
    public void The_command_writes_a_summary_of_many_chunks_byte_for_byte_as_the_library_does()
    {
        // More customers than one output chunk, to file and to standard output; expected bytes from the library's
        // SummarizeFile and CustomerSummaryCsv.Write, which hold the whole summary at once.
        string dir = Path.Combine(Path.GetTempPath(), $"cv-chunks-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string log = Path.Combine(dir, "log.csv");
            var csv = new StringBuilder("customer_id,date,amount\n");
            var random = new Random(5);
            int customers = SummaryAccumulator.OutputChunk * 3 / 2;
            for (int i = 0; i < customers * 2; i++)
            {
                // Two rows per customer, so about three in four have a calibration purchase.
                csv.Append(CultureInfo.InvariantCulture, $"{1 + (i * 7919L % customers)},2020-{random.Next(1, 13):00}-{random.Next(1, 29):00},{random.Next(1, 5000) / 100.0}\n");
            }

            File.WriteAllText(log, csv.ToString());
            var summary = TransactionSummarizer.SummarizeFile(log, TransactionCsvOptions.Default, Window, new IngestReportBuilder(), 2);
            Assert.True(summary.Count > SummaryAccumulator.OutputChunk);
            var expected = new MemoryStream();
            CustomerSummaryCsv.Write(expected, summary);

            string output = Path.Combine(dir, "s.csv");
            var args = new[] { "summarize", "--transactions", log, "--calibration-end", "2020-06-30", "--holdout-end", "2020-12-31", "--time-unit", "day" };
            var error = new StringWriter();
            Assert.Equal(0, Program.Run([.. args, "--output", output], new StringWriter(), error));
            Assert.Equal(expected.ToArray(), File.ReadAllBytes(output));
            Assert.Contains($"{summary.Count:N0} customers", error.ToString(), StringComparison.Ordinal);

            var standardOutput = new StringWriter();
            Assert.Equal(0, Program.Run(args, standardOutput, new StringWriter()));
            Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()), standardOutput.ToString());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Property(MaxTest = 200)]
    public Property The_fused_path_for_plain_blocks_accepts_rejects_and_sums_as_the_general_reader_does()
    {
        // Tokens at the edges of the fused path (canonical ids, YYYY-MM-DD dates, plain amounts of at most 9 + 6 digits)
        // and just past them; the streaming reader (no fused path) gives the expected summaries and report.
        var id = Gen.Elements("1", "42", "007", "0", "123456789012345678", "1234567890123456789", " 5", "abc", "", "NA", "42");
        var date = Gen.Elements("2020-01-05", "2020-03-01", "2020-02-30", "2020-1-05", "20200106", "2020-07-01T10:00:00", " 2020-01-05", "2020-12-31", "2021-01-01", "",
            "2020-02-29", "2019-02-29", "2020-04-31", "2020-04-30", "0000-01-01", "2020-00-10", "2020-13-01", "2020-01-00", "2020-01-3a", "2020/01/05", "0001-01-01");
        var amount = Gen.Elements("12.34", "0", "5.", ".5", "1234567890.5", "999999999.999999", "1.1234567", "-3", "1e3", " 7", "00012.50", "", "3.000001");
        var end = Gen.Elements("\n", "\r\n", "\r");
        var row = from i in id
                  from d in date
                  from a in amount
                  from e in end
                  from shape in Gen.Choose(0, 12)
                  select (shape == 0 ? $"{i},{d}" : shape == 1 ? $"{i},{d},{a},x" : $"{i},{d},{a}") + e;
        var gen = from n in Gen.Choose(0, 80)
                  from rows in Gen.ArrayOf(row, n)
                  from block in Gen.Choose(64, 512)
                  select new KeyValuePair<string, int>("customer_id,date,amount\n" + string.Concat(rows), block);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var summary = new SummaryOptions(new DateOnly(2020, 6, 30), TimeUnit.Day, new DateOnly(2020, 12, 31));
            var options = TransactionCsvOptions.Default with { BadRows = BadRowPolicy.CollectAndReport, ObservationEnd = summary.ObservationEnd };
            var streamingReport = new IngestReportBuilder(BadRowPolicy.CollectAndReport);
            var streaming = new SummaryAccumulator(summary);
            foreach (var t in TransactionCsvReader.Read(new StringReader(input.Key), options, streamingReport))
            {
                streaming.Add(t);
            }

            var parallelReport = new IngestReportBuilder(BadRowPolicy.CollectAndReport);
            var parallel = ParallelCsvSummarizer.Run(new MemoryStream(Encoding.UTF8.GetBytes(input.Key)), options, summary, parallelReport, 2, null, null, CancellationToken.None, input.Value);
            Assert.True(SummaryAccumulatorTests.SameSummaries(streaming.ToSummaries(), parallel));
            var (a, b) = (streamingReport.Build(), parallelReport.Build());
            Assert.Equal((a.Accepted, a.AfterObservationEnd), (b.Accepted, b.AfterObservationEnd));
            Assert.Equal(a.Rejected.Select(r => (r.LineNumber, r.Field, r.Reason)), b.Rejected.Select(r => (r.LineNumber, r.Field, r.Reason)));
        });
    }

    private static string Csv(CustomerSummaries s)
    {
        var writer = new StringWriter();
        CustomerSummaryCsv.Write(writer, s);
        return writer.ToString();
    }
}
