using System.Globalization;
using CustomerValue.Cli;
using CustomerValue.Parquet;
using CustomerValue.Samples;
using CustomerValue.Summaries;
using Parquet;
using Parquet.Schema;

namespace CustomerValue.Tests.Cli;

/// <summary>
/// <c>score --summary 'parts/*.parquet' --output-dir</c>: the CDNOW calibration summary split into three customer
/// partitions of several row groups each, scored partition by partition with shared models, against one ordinary
/// <c>score</c> over the whole summary file (the pipeline's own path: one file, one scorer run over every customer).
/// </summary>
public sealed class ScorePartitionsCommandTests : IDisposable
{
    private const int Partitions = 3;
    private const int RowGroupSize = 200;
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-score-parts-").FullName;
    private readonly string _parts;
    private readonly string _model;
    private readonly string _spend;
    private readonly CustomerSummaries _summaries;

    public ScorePartitionsCommandTests()
    {
        _parts = Path.Combine(_dir, "parts");
        Directory.CreateDirectory(_parts);
        _summaries = SummaryAccumulator.Summarize(
            SampleData.CdnowTransactions().Where(t => t.Date <= SampleData.CdnowCalibrationEnd), new SummaryOptions(SampleData.CdnowCalibrationEnd, TimeUnit.Week));
        SummaryParquet.WriteAsync(Path.Combine(_dir, "all.parquet"), _summaries).GetAwaiter().GetResult();
        for (int p = 0; p < Partitions; p++)
        {
            int[] members = [.. Enumerable.Range(0, _summaries.Count).Where(i => i % Partitions == p)];
            WritePartitionAsync(Path.Combine(_parts, $"part-{p}.parquet"), _summaries.Select(members)).GetAwaiter().GetResult();
        }

        // The models, fitted once on every customer (the embedded sample is the same CDNOW calibration summary).
        _model = Path.Combine(_dir, "bgnbd.json");
        _spend = Path.Combine(_dir, "gg.json");
        Assert.Equal(0, Run("fit", "--model", "bgnbd", "--output", _model).Code);
        Assert.Equal(0, Run("fit", "--model", "gg", "--output", _spend).Code);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Every_customer_scored_partition_by_partition_equals_one_pass_over_the_whole_summary()
    {
        string single = Path.Combine(_dir, "one-pass.csv");
        Assert.Equal(0, Run(Score("--summary", Path.Combine(_dir, "all.parquet"), "--output", single)).Code);
        var reference = ReadCsv(single);
        Assert.Equal(_summaries.Count, reference.Count);

        string output = Path.Combine(_dir, "out");
        var (code, _, error) = Run(Score("--summary", Path.Combine(_parts, "*.parquet"), "--output-dir", output));
        Assert.Equal(0, code);
        Assert.Contains($"customer-value: score: 3 partitions: 3 scored ({_summaries.Count:N0} customers,", error, StringComparison.Ordinal);
        Assert.Contains("0 skipped as already scored;", error, StringComparison.Ordinal);
        Assert.Contains("per-customer columns only (customer_id,p_alive,expected_purchases,expected_spend,clv,churn_level,churn_risk,churn_reasons)", error, StringComparison.Ordinal);

        int seen = 0;
        for (int p = 0; p < Partitions; p++)
        {
            var (rows, groups) = await ReadParquet(Path.Combine(output, $"part-{p}.parquet"));
            int size = (_summaries.Count - p + Partitions - 1) / Partitions;
            Assert.Equal(size, rows.Count);
            Assert.Equal((size + RowGroupSize - 1) / RowGroupSize, groups); // one output row group per input row group
            foreach (var (id, cells) in rows)
            {
                // The one-pass CSV writes doubles with round-trip precision, so equality is bit for bit.
                Assert.Equal(reference[id], cells);
                seen++;
            }
        }

        Assert.Equal(_summaries.Count, seen);
    }

    [Fact]
    public async Task A_rerun_skips_finished_partitions_says_which_and_redoes_only_the_missing_one()
    {
        string output = Path.Combine(_dir, "out");
        Assert.Equal(0, Run(Score("--summary", _parts, "--output-dir", output)).Code);
        var first = await ReadParquet(Path.Combine(output, "part-1.parquet"));
        var stamps = Enumerable.Range(0, Partitions).Select(p => File.GetLastWriteTimeUtc(Path.Combine(output, $"part-{p}.parquet"))).ToArray();
        File.Delete(Path.Combine(output, "part-1.parquet"));
        Thread.Sleep(20);

        var (code, _, error) = Run(Score("--summary", _parts, "--output-dir", output));
        Assert.Equal(0, code);
        Assert.Contains("customer-value: score: part-0.parquet: skipped, already scored with the same models and settings", error, StringComparison.Ordinal);
        Assert.Contains("customer-value: score: part-2.parquet: skipped, already scored", error, StringComparison.Ordinal);
        Assert.Contains("3 partitions: 1 scored", error, StringComparison.Ordinal);
        Assert.Contains("2 skipped as already scored (part-0.parquet, part-2.parquet)", error, StringComparison.Ordinal);
        Assert.Equal(stamps[0], File.GetLastWriteTimeUtc(Path.Combine(output, "part-0.parquet")));
        Assert.Equal(stamps[2], File.GetLastWriteTimeUtc(Path.Combine(output, "part-2.parquet")));
        Assert.Equal(first.Rows.Select(Line), (await ReadParquet(Path.Combine(output, "part-1.parquet"))).Rows.Select(Line));
        Assert.Empty(Directory.GetFiles(output, ".*")); // no temporary file left behind
    }

    [Fact]
    public void A_finished_partition_scored_with_other_settings_is_an_error_not_a_silent_mix()
    {
        string output = Path.Combine(_dir, "out");
        Assert.Equal(0, Run(Score("--summary", _parts, "--output-dir", output)).Code);
        var (code, _, error) = Run(Score("--summary", _parts, "--output-dir", output, "--horizon", "10"));
        Assert.Equal(2, code);
        Assert.Contains("exists but was scored with other settings", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, true, "give --model and --spend-model, fitted once on every customer")]
    [InlineData(true, false, "give --model and --spend-model, fitted once on every customer")]
    [InlineData(true, true, "--output and --output-dir: give one")]
    public void Without_shared_models_or_with_a_single_output_it_refuses_in_one_line(bool model, bool spend, string message)
    {
        var args = new List<string> { "score", "--as-of", "1997-09-30", "--summary", _parts, "--output-dir", Path.Combine(_dir, "out") };
        if (model)
        {
            args.AddRange(["--model", _model]);
        }

        if (spend)
        {
            args.AddRange(["--spend-model", _spend]);
        }

        if (model && spend)
        {
            args.AddRange(["--output", Path.Combine(_dir, "x.csv")]);
        }

        var (code, output, error) = Run([.. args]);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public void A_glob_without_output_dir_and_an_output_dir_holding_the_inputs_are_refused()
    {
        var (code, _, error) = Run(Score("--summary", Path.Combine(_parts, "*.parquet")));
        Assert.Equal(2, code);
        Assert.Contains("names partitions (a folder or a glob); give --output-dir", error, StringComparison.Ordinal);
        (code, _, error) = Run(Score("--summary", _parts, "--output-dir", _parts));
        Assert.Equal(2, code);
        Assert.Contains("holds the input partitions", error, StringComparison.Ordinal);
        (code, _, error) = Run(Score("--summary", Path.Combine(_dir, "none-*.parquet"), "--output-dir", Path.Combine(_dir, "out")));
        Assert.Equal(2, code);
        Assert.Contains("matches no file", error, StringComparison.Ordinal);
    }

    private static string Line((string Id, string[] Cells) row) => row.Id + "," + string.Join(",", row.Cells);

    private string[] Score(params string[] args) =>
        ["score", "--as-of", "1997-09-30", "--model", _model, "--spend-model", _spend, .. args];

    /// <summary>A summary partition as another engine might write it: small row groups, the unit in the metadata.</summary>
    private static async Task WritePartitionAsync(string path, CustomerSummaries part)
    {
        var fields = new DataField[] { new DataField<string>("customer_id", false), new DataField<double>("frequency", false), new DataField<double>("recency", false), new DataField<double>("T", false), new DataField<double>("monetary_value", false) };
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        writer.CustomMetadata = new Dictionary<string, string> { [SummaryParquet.TimeUnitKey] = "week" };
        var ids = part.CustomerIds.ToArray();
        var columns = new[] { part.Frequency.ToArray(), part.Recency.ToArray(), part.Age.ToArray(), part.MonetaryValue.ToArray() };
        for (int start = 0; start < ids.Length; start += RowGroupSize)
        {
            int n = Math.Min(RowGroupSize, ids.Length - start);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync((DataField<string>)fields[0], ids.AsSpan(start, n).ToArray(), null);
            for (int c = 0; c < 4; c++)
            {
                await group.WriteAsync<double>((DataField<double>)fields[c + 1], columns[c].AsMemory(start, n), null, null, default);
            }
        }
    }

    /// <summary>The one-pass CSV: per customer, the cells of the per-customer columns (doubles parsed, names as text).</summary>
    private static Dictionary<string, string[]> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int[] at = [.. SummaryPartitionScorer.ColumnNames.Skip(1).Select(c => Array.IndexOf(header, c))];
        Assert.DoesNotContain(-1, at);
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => at.Select(i => Normalise(c[i])).ToArray());
    }

    private static async Task<(List<(string Id, string[] Cells)> Rows, int Groups)> ReadParquet(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.DataFields;
        Assert.Equal(SummaryPartitionScorer.ColumnNames, fields.Select(f => f.Name));
        var rows = new List<(string, string[])>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = (int)group.RowCount;
            var columns = new string?[fields.Length][];
            for (int f = 0; f < fields.Length; f++)
            {
                columns[f] = new string?[n];
                if (fields[f].ClrType == typeof(double))
                {
                    var read = new double[n];
                    await group.ReadAsync<double>(fields[f], read.AsMemory());
                    for (int i = 0; i < n; i++)
                    {
                        columns[f][i] = read[i].ToString("R", CultureInfo.InvariantCulture);
                    }
                }
                else
                {
                    await group.ReadAsync(fields[f], columns[f].AsMemory());
                }
            }

            for (int i = 0; i < n; i++)
            {
                rows.Add((columns[0][i]!, [.. Enumerable.Range(1, fields.Length - 1).Select(f => Normalise(columns[f][i]!))]));
            }
        }

        return (rows, reader.RowGroupCount);
    }

    /// <summary>A number as its round-trip text (so 0.5 read from CSV and from Parquet compare equal); other text as is.</summary>
    private static string Normalise(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v.ToString("R", CultureInfo.InvariantCulture) : cell;

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
