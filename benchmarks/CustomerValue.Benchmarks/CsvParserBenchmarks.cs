using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using CustomerValue.Summaries;
using CustomerValue.Transactions;
using nietras.SeparatedValues;
using Sylvan.Data.Csv;

namespace CustomerValue.Benchmarks;

/// <summary>
/// Our CSV reader against Sep and Sylvan.Data.Csv on the same bytes and the same work, one thread each: every row's
/// customer id as a long, its date as a day number and its amount as micro-units, summed (the checksums must agree).
/// Ours is the summarize path's parser (<c>ParallelCsvSummarizer.ParseOnly</c>: block reader, fused path for plain
/// blocks, general parser for the rest), which also checks UTF-8, canonical ids, dates and amount ranges; Sep and Sylvan
/// decode to UTF-16 and parse with their own number readers.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/CustomerValue.Benchmarks -- --filter '*CsvParserBenchmarks*'</c>.</remarks>
[MemoryDiagnoser]
public class CsvParserBenchmarks
{
    private byte[] _bytes = [];

    /// <summary>Rows in the log (10 per customer; see <see cref="SyntheticLogs"/>).</summary>
    [Params(1_000_000, 10_000_000)]
    public int Rows { get; set; }

    /// <summary>Reads the seeded log into memory and checks that the three parsers agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _bytes = File.ReadAllBytes(SyntheticLogs.WriteCsv(Rows));
        var ours = Ours();
        if (ours != SepReader() || ours != SylvanReader())
        {
            throw new InvalidOperationException($"The parsers disagree: ours {ours}, Sep {SepReader()}, Sylvan {SylvanReader()}.");
        }
    }

    /// <summary>Our reader, as <c>summarize</c> parses.</summary>
    [Benchmark(Baseline = true)]
    public (long Rows, long Ids, long Days, long Micros) Ours() =>
        ParallelCsvSummarizer.ParseOnly(new MemoryStream(_bytes, writable: false), TransactionCsvOptions.Default);

    /// <summary>Sep (nietras.SeparatedValues), rows enumerated, columns parsed by Sep.</summary>
    [Benchmark]
    public (long Rows, long Ids, long Days, long Micros) SepReader()
    {
        long rows = 0, ids = 0, days = 0, micros = 0;
        using var reader = Sep.Reader(o => o with { HasHeader = true }).From(new MemoryStream(_bytes, writable: false));
        foreach (var row in reader)
        {
            ids += row[0].Parse<long>();
            days += DateOnly.ParseExact(row[1].Span, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber;
            micros += SummaryAccumulator.ToFixed(row[2].Parse<double>());
            rows++;
        }

        return (rows, ids, days, micros);
    }

    /// <summary>Sylvan.Data.Csv's CsvDataReader with its typed accessors.</summary>
    [Benchmark]
    public (long Rows, long Ids, long Days, long Micros) SylvanReader()
    {
        long rows = 0, ids = 0, days = 0, micros = 0;
        using var text = new StreamReader(new MemoryStream(_bytes, writable: false), Encoding.UTF8);
        using var reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true });
        while (reader.Read())
        {
            ids += reader.GetInt64(0);
            days += DateOnly.ParseExact(reader.GetFieldSpan(1), "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber;
            micros += SummaryAccumulator.ToFixed(reader.GetDouble(2));
            rows++;
        }

        return (rows, ids, days, micros);
    }
}
