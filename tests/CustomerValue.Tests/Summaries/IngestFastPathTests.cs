using System.Globalization;
using System.Text;
using CustomerValue.Summaries;
using CustomerValue.Transactions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Summaries;

/// <summary>
/// The pieces of the fast ingest path that a wrong answer would not show in the summaries (they fall back to slower,
/// correct code): the fused date parser and the id table's two layouts. Expected values come from the runtime
/// (<see cref="DateOnly"/>) and from a <see cref="Dictionary{TKey, TValue}"/> model, independently of the code under test.
/// </summary>
public sealed class IngestFastPathTests
{
    [Fact]
    public void Every_calendar_day_takes_the_fused_date_path_with_the_runtimes_day_number()
    {
        // In date order (the cached month is reused) from 0001-01-01 to 9999-12-31: every day is accepted, none falls back.
        var parser = new ParallelCsvSummarizer.PlainDate();
        var text = new byte[10];
        int rejected = 0;
        for (var date = DateOnly.MinValue; ; date = date.AddDays(1))
        {
            Encoding.ASCII.GetBytes(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), text);
            if (!parser.TryParse(text, out int day) || day != date.DayNumber)
            {
                rejected++;
            }

            if (date == DateOnly.MaxValue)
            {
                break;
            }
        }

        Assert.Equal(0, rejected);
    }

    [Property(MaxTest = 300)]
    public void Dates_in_any_order_match_the_runtime(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var parser = new ParallelCsvSummarizer.PlainDate();
        for (int k = 0; k < 200; k++)
        {
            var date = DateOnly.FromDayNumber(random.Next(DateOnly.MaxValue.DayNumber + 1));
            var text = Encoding.ASCII.GetBytes(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Assert.True(parser.TryParse(text, out int day), date.ToString("O", CultureInfo.InvariantCulture));
            Assert.Equal(date.DayNumber, day);
        }
    }

    [Theory]
    [InlineData("0000-01-01")]
    [InlineData("2019-00-10")]
    [InlineData("2019-13-10")]
    [InlineData("2019-02-29")]
    [InlineData("2020-02-30")]
    [InlineData("2019-04-31")]
    [InlineData("2019-01-00")]
    [InlineData("2019-01-32")]
    [InlineData("2019-01-3:")] // ':' is '0' + 10
    [InlineData("2019-01-/1")] // '/' is '0' - 1
    [InlineData("20:9-01-01")]
    [InlineData("2019/01/01")]
    [InlineData("2019-1-011")]
    [InlineData("2019-01-1")]
    public void Not_a_date_falls_back_to_the_general_parser(string text)
    {
        var parser = new ParallelCsvSummarizer.PlainDate();
        Assert.True(parser.TryParse("2019-01-15"u8, out _)); // a month already seen must not let a bad day through
        Assert.False(parser.TryParse(Encoding.ASCII.GetBytes(text), out _));
        Assert.False(DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && parsed.Year > 0);
    }

    [Property(MaxTest = 300)]
    public void Structural_marks_are_every_delimiter_and_line_end_in_order(PositiveInt seed, byte delimiterChoice)
    {
        // Expected: a plain byte-by-byte scan. Lengths around and past the 32-byte step, bytes biased to the marks.
        var random = new Random(seed.Get);
        byte delimiter = (byte)",;\t|"[delimiterChoice % 4];
        var data = new byte[random.Next(0, 300)];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = random.Next(4) == 0 ? (byte)"\n\r,;\t|"[random.Next(6)] : (byte)random.Next(256);
        }

        var expected = Enumerable.Range(0, data.Length).Where(i => data[i] == delimiter || data[i] is (byte)'\n' or (byte)'\r').ToArray();
        var marks = new int[1];
        int n = ParallelCsvSummarizer.StructuralMarks(data, delimiter, ref marks);
        Assert.Equal(expected, marks.Take(n));
    }

    /// <summary>Keys of one of several shapes: dense from 1 in random order, dense from a large base, sparse, dense then sparse, negatives mixed in.</summary>
    private static long[] Keys(int shape, int n, Random random)
    {
        var keys = shape switch
        {
            0 => Enumerable.Range(1, n).Select(i => (long)i).ToArray(),
            1 => Enumerable.Range(0, n).Select(i => 1_000_000_000L + i).ToArray(),
            2 => Enumerable.Range(0, n).Select(_ => random.NextInt64(0, 999_999_999_999_999_999L)).ToArray(),
            3 => Enumerable.Range(1, n).Select(i => i <= n / 2 ? (long)i : random.NextInt64(0, 1L << 50)).ToArray(),
            _ => Enumerable.Range(1, n).Select(i => i % 97 == 0 ? -i : (long)i).ToArray(),
        };

        // Random order, with repeats (customers come back).
        var rows = keys.Concat(keys.Where((_, i) => i % 3 == 0)).ToArray();
        random.Shuffle(rows);
        return rows;
    }

    [Property(MaxTest = 40)]
    public void Both_layouts_give_the_models_indices_pairs_and_range(PositiveInt seed, byte shape)
    {
        var random = new Random(seed.Get);
        int n = random.Next(1, 60_000);
        var rows = Keys(shape % 5, n, random);
        var (table, model) = Fill(rows);
        if (shape % 5 is 0 or 1 && n >= 5000)
        {
            Assert.True(table.IsDirect, "ids that fill their range are kept in pages");
        }

        if (shape % 5 == 2 && n >= 5000)
        {
            Assert.False(table.IsDirect, "sparse ids stay hashed");
        }

        AssertSame(model, table);
    }

    [Fact]
    public void Pages_grow_downwards_and_turn_hashed_when_sparse_ids_follow_without_losing_a_customer()
    {
        // Descending from a large base: the directory grows towards smaller pages.
        var rows = Enumerable.Range(0, 100_000).Select(i => 1_000_100_000L - i).ToList();
        var (table, model) = Fill(rows);
        Assert.True(table.IsDirect);
        AssertSame(model, table);

        // Then ids scattered over 2^50: the pages would be nearly empty, so the table goes back to hashing.
        var random = new Random(7);
        foreach (long key in Enumerable.Range(0, 20_000).Select(_ => random.NextInt64(0, 1L << 50)).Concat(rows.Take(10)))
        {
            Add(table, model, key);
        }

        Assert.False(table.IsDirect);
        AssertSame(model, table);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 777)]
    [InlineData(3, 5000)]
    [InlineData(3, 1 << 18)]
    public void Paged_order_in_chunks_equals_the_sorted_order_of_the_same_customers_with_spread_out_ids(int threads, int chunk)
    {
        // 40,000 customers numbered 1.. (with gaps), some with only returns, some first seen in the holdout. The same log
        // with every id times 1,000,003 cannot use pages, so it goes through the sort and merge: the two must agree,
        // customer by customer, and the ids must be those of a plain model.
        const long Spread = 1_000_003;
        var random = new Random(5);
        var dense = new StringBuilder("customer_id,date,amount\n");
        var sparse = new StringBuilder("customer_id,date,amount\n");
        var expected = new List<long>();
        int onlyReturns = 0, holdoutOnly = 0;
        var rows = new List<(long Id, string Date, string Amount)>();
        for (long id = 1; id <= 40_000; id++)
        {
            switch (random.Next(10))
            {
                case 0:
                    continue;
                case 1:
                    rows.Add((id, "2020-03-01", "-5"));
                    onlyReturns++;
                    break;
                case 2:
                    rows.Add((id, "2020-09-01", "5"));
                    holdoutOnly++;
                    break;
                default:
                    for (int k = random.Next(1, 4); k > 0; k--)
                    {
                        rows.Add((id, new DateOnly(2020, 1, 1).AddDays(random.Next(300)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (random.Next(1, 10_000) / 100.0).ToString(CultureInfo.InvariantCulture)));
                    }

                    if (!rows.Any(r => r.Id == id && string.CompareOrdinal(r.Date, "2020-06-30") <= 0))
                    {
                        rows.Add((id, "2020-06-30", "1"));
                    }

                    expected.Add(id);
                    break;
            }
        }

        foreach (var (id, date, amount) in rows.OrderBy(_ => random.Next()))
        {
            dense.Append(CultureInfo.InvariantCulture, $"{id},{date},{amount}\n");
            sparse.Append(CultureInfo.InvariantCulture, $"{id * Spread},{date},{amount}\n");
        }

        var window = new SummaryOptions(new DateOnly(2020, 6, 30), TimeUnit.Day, new DateOnly(2020, 12, 31));
        var options = TransactionCsvOptions.Default with { AllowReturns = true };
        SummaryAccumulator[] Parts(StringBuilder csv) => ParallelCsvSummarizer.Ingest(
            new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), options, window, new IngestReportBuilder(), threads, null, null, CancellationToken.None, 1 << 16);

        var denseParts = Parts(dense);
        Assert.All(denseParts, p => Assert.True(p.KeepsIdsInPages));
        var sparseParts = Parts(sparse);
        Assert.All(sparseParts, p => Assert.False(p.KeepsIdsInPages));

        // Each chunk's columns are copied as it comes (the chunked path reuses its arrays).
        var columns = new Dictionary<string, List<double>> { ["f"] = [], ["r"] = [], ["t"] = [], ["m"] = [], ["s"] = [], ["fh"] = [], ["mh"] = [] };
        var ids = new List<long>();
        int chunks = 0;
        int count = SummaryAccumulator.CombineChunks(denseParts, c =>
        {
            chunks++;
            ids.AddRange(c.NumericCustomerIds.ToArray());
            columns["f"].AddRange(c.Frequency.ToArray());
            columns["r"].AddRange(c.Recency.ToArray());
            columns["t"].AddRange(c.Age.ToArray());
            columns["m"].AddRange(c.MonetaryValue.ToArray());
            columns["s"].AddRange(c.TotalSpend.ToArray());
            columns["fh"].AddRange(c.FrequencyHoldout.ToArray());
            columns["mh"].AddRange(c.MonetaryValueHoldout.ToArray());
            Assert.Equal(onlyReturns, c.CustomersWithoutPurchases);
            Assert.Equal(holdoutOnly, c.CustomersFirstSeenInHoldout);
        }, chunk);
        var sorted = SummaryAccumulator.Combine(sparseParts, release: true);
        Assert.Equal(expected.Count, count);
        Assert.Equal((count + chunk - 1) / chunk, chunks);
        Assert.Equal(expected, ids);
        Assert.Equal(expected.Select(id => id * Spread), sorted.NumericCustomerIds.ToArray());
        Assert.Equal(onlyReturns, sorted.CustomersWithoutPurchases);
        Assert.Equal(holdoutOnly, sorted.CustomersFirstSeenInHoldout);
        Assert.Equal(sorted.Frequency.ToArray(), columns["f"]);
        Assert.Equal(sorted.Recency.ToArray(), columns["r"]);
        Assert.Equal(sorted.Age.ToArray(), columns["t"]);
        Assert.Equal(sorted.MonetaryValue.ToArray(), columns["m"]);
        Assert.Equal(sorted.TotalSpend.ToArray(), columns["s"]);
        Assert.Equal(sorted.FrequencyHoldout.ToArray(), columns["fh"]);
        Assert.Equal(sorted.MonetaryValueHoldout.ToArray(), columns["mh"]);
    }

    [Fact]
    public void Scattered_first_ids_turn_the_table_hashed_and_the_ids_that_fill_the_range_later_turn_it_direct_again()
    {
        // 1,000 ids spread over 0..10^8 first (a directory of 97,657 pages for them: too sparse), then every id of 1..10^6.
        var random = new Random(11);
        var (table, model) = Fill(Enumerable.Range(0, 1000).Select(_ => random.NextInt64(0, 100_000_000)));
        Assert.False(table.IsDirect);
        var keys = new long[1_000_000];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = i + 1;
        }

        random.Shuffle(keys);
        int wrong = 0;
        foreach (long key in keys)
        {
            // As Add, counted instead of asserted per key (a million keys).
            bool isNew = !model.TryGetValue(key, out int expected);
            if (isNew)
            {
                expected = model[key] = model.Count;
            }

            wrong += table.GetOrAdd(key, isNew ? expected : model.Count, out bool added) != expected || added != isNew ? 1 : 0;
        }

        Assert.Equal(0, wrong);

        Assert.True(table.IsDirect);
        AssertSame(model, table);
    }

    private static (NumericIdTable Table, Dictionary<long, int> Model) Fill(IEnumerable<long> rows)
    {
        var table = new NumericIdTable();
        var model = new Dictionary<long, int>();
        foreach (long key in rows)
        {
            Add(table, model, key);
        }

        return (table, model);
    }

    private static void Add(NumericIdTable table, Dictionary<long, int> model, long key)
    {
        bool isNew = !model.TryGetValue(key, out int expected);
        if (isNew)
        {
            expected = model[key] = model.Count;
        }

        Assert.Equal(expected, table.GetOrAdd(key, isNew ? expected : model.Count, out bool added));
        Assert.Equal(isNew, added);
    }

    private static void AssertSame(Dictionary<long, int> model, NumericIdTable table)
    {
        Assert.Equal(model.Count, table.Count);
        var keys = new long[table.Count];
        var indices = new int[table.Count];
        table.CopyTo(keys, indices);
        Assert.Equal(model.OrderBy(p => p.Key), keys.Zip(indices, KeyValuePair.Create).OrderBy(p => p.Key));
        Assert.True(table.TryRange(out long min, out long max));
        Assert.Equal(model.Keys.Min(), min);
        Assert.Equal(model.Keys.Max(), max);
    }
}
