using System.Diagnostics;
using System.Globalization;
using CustomerValue;
using CustomerValue.Parquet;
using CustomerValue.BenchmarkData;
using CustomerValue.Summaries;
using MathNet.Numerics.Distributions;
using Parquet;
using Parquet.Schema;

namespace CustomerValue.ScaleRun;

/// <summary>
/// The at-scale run of docs/scaling.md, in two stages the CLI does not do itself:
/// <list type="bullet">
/// <item><c>generate DIR CUSTOMERS PER_PARTITION SEED</c>: seeded BG/NBD + Gamma-Gamma customer summaries written
/// directly as summary Parquet partitions (<c>part-00000.parquet</c>, …; weeks with whole-day recency and T).</item>
/// <item><c>fit-table DIR FIT.csv SPEND.csv</c>: reads frequency, recency, T and monetary_value of every partition, one
/// row group at a time, and writes the compressed tables <c>frequency,recency,T,weight</c> and
/// <c>frequency,monetary_value,weight</c> (what <c>customer-value sql --query fit-table</c> / <c>spend-fit-table</c>
/// give), and prints their sizes at day and week resolution.</item>
/// <item><c>summarize-file LOG.csv OUT.csv</c>: the library path of <c>summarize</c> as an application would call it,
/// <see cref="TransactionSummarizer.SummarizeFile(string, CustomerValue.Transactions.TransactionCsvOptions, SummaryOptions, CustomerValue.Transactions.IngestReportBuilder, int)"/>
/// (days, observation end 2020-12-31, every core) and <see cref="CustomerSummaryCsv.WriteFile"/>: for the whole-process
/// comparison with the command line and the DuckDB peer.</item>
/// </list>
/// Then <c>customer-value fit --summary FIT.csv</c> and <c>score --summary DIR --output-dir</c> do the rest.
/// </summary>
internal static class Program
{
    // CDNOW's published BG/NBD (weeks) and Gamma-Gamma parameters: the population the customers are drawn from.
    private const double R = 0.243, Alpha = 4.414, A = 0.793, B = 2.426;
    private const double P = 6.25, Q = 3.74, Gamma = 15.44;

    /// <summary>Customers are acquired uniformly over this many days before the as-of date.</summary>
    private const int WindowDays = 730;

    public static async Task<int> Main(string[] args)
    {
        var clock = Stopwatch.StartNew();
        switch (args.FirstOrDefault())
        {
            case "generate" when args.Length == 5:
                await Generate(args[1], long.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
                break;
            case "lake" when args.Length == 4:
                await Lake(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
                break;
            case "fit-table" when args.Length == 4:
                await FitTable(args[1], args[2], args[3]);
                break;
            case "summarize-file" when args.Length == 3:
                var summaries = TransactionSummarizer.SummarizeFile(
                    args[1], CustomerValue.Transactions.TransactionCsvOptions.Default, new SummaryOptions(new DateOnly(2020, 12, 31), TimeUnit.Day),
                    new CustomerValue.Transactions.IngestReportBuilder(), Environment.ProcessorCount);
                CustomerSummaryCsv.WriteFile(args[2], summaries);
                Console.Error.WriteLine($"summarize-file: {summaries.Count:N0} customers");
                break;
            default:
                Console.Error.WriteLine("usage: ScaleRun generate DIR CUSTOMERS PER_PARTITION SEED | lake DIR CUSTOMERS SEED | fit-table DIR FIT.csv SPEND.csv | summarize-file LOG.csv OUT.csv");
                return 2;
        }

        Console.Error.WriteLine($"{args[0]}: {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    /// <summary>Partition k holds customers k·size+1 … and is drawn from its own seed (seed + k), so partitions can be made in parallel and each is reproducible alone.</summary>
    private static async Task Generate(string dir, long customers, int perPartition, int seed)
    {
        Directory.CreateDirectory(dir);
        int partitions = checked((int)((customers + perPartition - 1) / perPartition));
        await Parallel.ForAsync(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (k, ct) =>
        {
            long first = (long)k * perPartition;
            int n = (int)Math.Min(perPartition, customers - first);
            var random = new Random(seed + k);
            var ids = new string[n];
            var x = new double[n];
            var tx = new double[n];
            var t = new double[n];
            var m = new double[n];
            for (int i = 0; i < n; i++)
            {
                ids[i] = (first + i + 1).ToString(CultureInfo.InvariantCulture);
                int observedDays = 1 + random.Next(WindowDays);
                double observed = observedDays / 7.0;
                var (purchases, last) = BgNbdStory.Customer(random, R, Alpha, A, B, observed);
                x[i] = purchases;
                tx[i] = Math.Floor(last * 7) / 7;
                t[i] = observed;
                if (purchases > 0)
                {
                    double nu = MathNet.Numerics.Distributions.Gamma.Sample(random, Q, Gamma);
                    m[i] = Math.Max(0.01, Math.Round(MathNet.Numerics.Distributions.Gamma.Sample(random, P * purchases, nu * purchases), 2));
                }
            }

            var summaries = CustomerSummaries.FromColumns(ids, x, tx, t, m, TimeUnit.Week);
            await SummaryParquet.WriteAsync(Path.Combine(dir, $"part-{k:D5}.parquet"), summaries, ct);
        });
        Console.Error.WriteLine($"generate: {customers:N0} customers in {partitions:N0} partitions of up to {perPartition:N0} in {dir}");
    }

    /// <summary>
    /// A seeded transaction log as a hive-partitioned lake (<c>year=YYYY/month=MM/part-0.parquet</c>: customer_id,
    /// date, amount): BG/NBD purchase days over 2024-2025 and Gamma-Gamma amounts, for the engine comparison of
    /// <c>summarize</c> (ours against <c>--engine duckdb</c>).
    /// </summary>
    private static async Task Lake(string dir, int customers, int seed)
    {
        var start = new DateOnly(2024, 1, 1);
        var random = new Random(seed);
        var byMonth = new SortedDictionary<(int, int), (List<string> Ids, List<DateOnly> Dates, List<double> Amounts)>();
        long rows = 0;
        for (int c = 1; c <= customers; c++)
        {
            string id = c.ToString(CultureInfo.InvariantCulture);
            int firstDay = random.Next(WindowDays);
            double lambda = MathNet.Numerics.Distributions.Gamma.Sample(random, R, Alpha) / 7; // per day
            double dropout = Beta.Sample(random, A, B);
            double nu = MathNet.Numerics.Distributions.Gamma.Sample(random, Q, Gamma);
            double day = firstDay;
            while (day < WindowDays)
            {
                var date = start.AddDays((int)day);
                var key = (date.Year, date.Month);
                if (!byMonth.TryGetValue(key, out var part))
                {
                    part = ([], [], []);
                    byMonth[key] = part;
                }

                part.Ids.Add(id);
                part.Dates.Add(date);
                part.Amounts.Add(Math.Max(0.01, Math.Round(MathNet.Numerics.Distributions.Gamma.Sample(random, P, nu), 2)));
                rows++;
                if (day > firstDay && random.NextDouble() < dropout)
                {
                    break;
                }

                day += -Math.Log(1 - random.NextDouble()) / lambda;
            }
        }

        var idField = new DataField<string>("customer_id", false);
        var dateField = new DataField<DateOnly>("date", false);
        var amountField = new DataField<double>("amount", false);
        foreach (var ((year, month), part) in byMonth)
        {
            string folder = Path.Combine(dir, $"year={year}", $"month={month:D2}");
            Directory.CreateDirectory(folder);
            await using var stream = File.Create(Path.Combine(folder, "part-0.parquet"));
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(idField, dateField, amountField), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(idField, part.Ids.ToArray(), null);
            await group.WriteAsync<DateOnly>(dateField, part.Dates.ToArray(), null, null, default);
            await group.WriteAsync<double>(amountField, part.Amounts.ToArray(), null, null, default);
        }

        Console.Error.WriteLine($"lake: {customers:N0} customers, {rows:N0} transactions in {byMonth.Count} monthly partitions in {dir}");
    }

    private static async Task FitTable(string dir, string fitPath, string spendPath)
    {
        var day = new Dictionary<(double, double, double), long>();
        var week = new Dictionary<(double, double, double), long>();
        var spend = new Dictionary<(double, double), long>();
        long customers = 0;
        var parts = SummaryPartitionScorer.Find(dir);
        foreach (string part in parts)
        {
            await using var stream = File.OpenRead(part);
            await using var reader = await ParquetReader.CreateAsync(stream);
            var fields = reader.Schema.DataFields;
            DataField Field(string name) => fields.First(f => f.Name == name);
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                int n = (int)group.RowCount;
                var x = new double[n];
                var tx = new double[n];
                var t = new double[n];
                var m = new double[n];
                await group.ReadAsync<double>(Field("frequency"), x.AsMemory());
                await group.ReadAsync<double>(Field("recency"), tx.AsMemory());
                await group.ReadAsync<double>(Field("T"), t.AsMemory());
                await group.ReadAsync<double>(Field("monetary_value"), m.AsMemory());
                for (int i = 0; i < n; i++)
                {
                    Add(day, (x[i], tx[i], t[i]));
                    Add(week, (x[i], Math.Round(tx[i]), Math.Round(t[i])));
                    if (x[i] > 0)
                    {
                        Add(spend, (x[i], m[i]));
                    }
                }

                customers += n;
            }
        }

        await using (var fit = new StreamWriter(fitPath))
        {
            await fit.WriteLineAsync("frequency,recency,T,weight,time_unit");
            foreach (var ((x, tx, t), w) in day.OrderBy(e => e.Key))
            {
                await fit.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{x:R},{tx:R},{t:R},{w},week"));
            }
        }

        await using (var spendFile = new StreamWriter(spendPath))
        {
            await spendFile.WriteLineAsync("frequency,monetary_value,weight");
            foreach (var ((x, m), w) in spend.OrderBy(e => e.Key))
            {
                await spendFile.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{x:R},{m:R},{w}"));
            }
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fit-table: {customers:N0} customers in {parts.Count:N0} partitions; (x, t_x, T) rows: {day.Count:N0} at day resolution, {week.Count:N0} at week resolution; (x, m) rows of repeat buyers: {spend.Count:N0}; wrote {fitPath}, {spendPath}"));
    }

    private static void Add<TKey>(Dictionary<TKey, long> counts, TKey key)
        where TKey : notnull
    {
        ref long count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _);
        count++;
    }
}
