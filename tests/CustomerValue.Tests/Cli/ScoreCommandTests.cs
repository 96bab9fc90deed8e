using System.Globalization;
using CustomerValue.Cli;
using CustomerValue.Lifetime;
using CustomerValue.Parquet;
using CustomerValue.Samples;
using CustomerValue.Scoring;
using CustomerValue.Summaries;
using CustomerValue.Tests.Parquet;
using Parquet;

namespace CustomerValue.Tests.Cli;

/// <summary>The <c>score</c> command, called in-process: every input form, every output form, and bad input.</summary>
public sealed class ScoreCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-score-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Sample_scores_every_customer_with_every_column_and_one_line_on_stderr_saying_what_it_did()
    {
        var (code, output, error) = Run("score", "--sample", "--as-of", "1997-09-30");
        Assert.Equal(0, code);
        Assert.Equal(
            "customer-value: score: 6,919 rows, 2,357 customers as of 1997-09-30 (1,959 rows after it not used); fitted BG/NBD in weeks, fitted spend model; horizon 52.18 weeks, discount 0.1 per year;",
            error[..error.IndexOf(" customer equity", StringComparison.Ordinal)]);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", CustomerScoresCsv.PipelineColumnNames), lines[0]);
        Assert.Equal(2357 + 1, lines.Length);

        // The command equals the library: fit BG/NBD and Gamma-Gamma on the weekly summary and score a year ahead,
        // discounting 10 % a year (the default of every command).
        var summaries = SummaryAccumulator.Summarize(SampleData.CdnowTransactions().Where(t => t.Date <= SampleData.CdnowCalibrationEnd), new SummaryOptions(SampleData.CdnowCalibrationEnd, TimeUnit.Week));
        var models = ScoringModels.FitMissing(summaries);
        Assert.True(models.PurchaseFitRows < summaries.Count);
        var scores = new CustomerBaseScorer(models.PurchaseModel, models.SpendModel, new ScoringOptions(365.25 / 7) { LifetimeValue = LifetimeValueOptions.Create(365.25 / 7, DiscountRate.PerYear(0.10)) }).Score(summaries, SampleData.CdnowCalibrationEnd);
        var first = lines[1].Split(',');
        Assert.Equal(scores.CustomerId(0), first[0]);
        Assert.Equal(scores.ProbabilityAlive[0], double.Parse(first[1], CultureInfo.InvariantCulture));
        Assert.Equal(scores.LifetimeValue[0], double.Parse(first[4], CultureInfo.InvariantCulture));
        Assert.Equal(scores.SegmentName(0), first[8]);
    }

    [Fact]
    public async Task Parquet_and_arrow_outputs_hold_one_row_per_customer()
    {
        string parquet = Path.Combine(_dir, "scores.parquet");
        Assert.Equal(0, Run("score", "--sample", "--as-of", "1997-09-30", "--output", parquet).Code);
        await using (var stream = File.OpenRead(parquet))
        {
            await using var reader = await ParquetReader.CreateAsync(stream);
            Assert.Equal(2357, reader.RowGroups.Sum(g => g.RowCount));
        }

        string arrow = Path.Combine(_dir, "scores.arrow");
        Assert.Equal(0, Run("score", "--sample", "--as-of", "1997-09-30", "--output", arrow).Code);
        Assert.True(new FileInfo(arrow).Length > 0);
    }

    [Fact]
    public async Task Csv_parquet_and_arrow_outputs_hold_the_same_columns_and_values_per_customer()
    {
        // Every cell of the Parquet and Arrow files, written back as the CSV writes it (doubles in round-trip form,
        // RFM scores as digits), must equal the CSV output's cell: the value groups (tier_basis, tier_reasons,
        // value_group, mvc_type, potential_value) included, so no format loses a column.
        var csv = Run("score", "--sample", "--as-of", "1997-09-30");
        Assert.Equal(0, csv.Code);
        var expected = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToArray();
        var header = expected[0];
        Assert.Contains("value_group", header);
        Assert.Contains(expected.Skip(1), r => r[Array.IndexOf(header, "value_group")] == "mvc");

        string parquet = Path.Combine(_dir, "all.parquet");
        Assert.Equal(0, Run("score", "--sample", "--as-of", "1997-09-30", "--output", parquet).Code);
        var fromParquet = new List<string[]>();
        await using (var stream = File.OpenRead(parquet))
        {
            await using var reader = await ParquetReader.CreateAsync(stream);
            var fields = reader.Schema.DataFields;
            Assert.Equal(header, fields.Select(f => f.Name));
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                int n = (int)group.RowCount;
                var cells = new string[n][];
                for (int i = 0; i < n; i++)
                {
                    cells[i] = new string[fields.Length];
                }

                for (int f = 0; f < fields.Length; f++)
                {
                    Array values;
                    if (fields[f].ClrType == typeof(double))
                    {
                        var read = new double[n];
                        await group.ReadAsync<double>(fields[f], read.AsMemory());
                        values = read;
                    }
                    else if (fields[f].ClrType == typeof(byte))
                    {
                        var read = new byte[n];
                        await group.ReadAsync<byte>(fields[f], read.AsMemory());
                        values = read;
                    }
                    else
                    {
                        var read = new string?[n];
                        await group.ReadAsync(fields[f], read.AsMemory());
                        values = read;
                    }

                    for (int i = 0; i < n; i++)
                    {
                        cells[i][f] = Cell(values.GetValue(i));
                    }
                }

                fromParquet.AddRange(cells);
            }
        }

        string arrow = Path.Combine(_dir, "all.arrow");
        Assert.Equal(0, Run("score", "--sample", "--as-of", "1997-09-30", "--output", arrow).Code);
        var fromArrow = new List<string[]>();
        await using (var stream = File.OpenRead(arrow))
        {
            using var reader = new Apache.Arrow.Ipc.ArrowFileReader(stream);
            while (await reader.ReadNextRecordBatchAsync() is { } batch)
            {
                using (batch)
                {
                    Assert.Equal(header, batch.Schema.FieldsList.Select(f => f.Name));
                    for (int i = 0; i < batch.Length; i++)
                    {
                        var row = new string[header.Length];
                        for (int f = 0; f < header.Length; f++)
                        {
                            row[f] = batch.Column(f) switch
                            {
                                Apache.Arrow.StringArray text => text.GetString(i) ?? "<null>",
                                Apache.Arrow.DoubleArray number => Cell(number.GetValue(i)!.Value),
                                Apache.Arrow.UInt8Array digit => Cell(digit.GetValue(i)!.Value),
                                var other => throw new InvalidOperationException($"unexpected Arrow column type {other.GetType().Name}"),
                            };
                        }

                        fromArrow.Add(row);
                    }
                }
            }
        }

        Assert.Equal(2357, fromParquet.Count);
        Assert.Equal(2357, fromArrow.Count);
        for (int i = 0; i < 2357; i++)
        {
            Assert.Equal(expected[i + 1], fromParquet[i]);
            Assert.Equal(expected[i + 1], fromArrow[i]);
        }

        static string Cell(object? value) => value switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            byte b => b.ToString(CultureInfo.InvariantCulture),
            string s => s,
            _ => "<" + (value?.GetType().Name ?? "null") + ">",
        };
    }

    [Fact]
    public async Task Transactions_from_a_parquet_file_and_given_models_are_used()
    {
        string log = Path.Combine(_dir, "log.parquet");
        await ParquetTestFiles.WriteTransactionsAsync(log, SampleData.CdnowTransactions().ToArray(), 2);
        string model = Path.Combine(_dir, "bg.json");
        string spend = Path.Combine(_dir, "gg.json");
        Assert.Equal(0, Run("fit", "--sample", "--model", "bgnbd", "--output", model).Code);
        Assert.Equal(0, Run("fit", "--sample", "--model", "gg", "--output", spend).Code);
        var fromParquet = Run("score", "--transactions", log, "--as-of", "1997-09-30", "--model", model, "--spend-model", spend, "--horizon", "52");
        var fromSample = Run("score", "--sample", "--as-of", "1997-09-30", "--model", model, "--spend-model", spend, "--horizon", "52");
        Assert.Equal(0, fromParquet.Code);
        Assert.Equal(fromSample.Output, fromParquet.Output);
    }

    [Fact]
    public async Task A_summary_file_in_csv_or_parquet_is_scored()
    {
        var csv = Run("score", "--summary", TestFiles.Path("cdnow_customers_summary_with_transactions.csv"), "--as-of", "1997-09-30");
        Assert.Equal(0, csv.Code);
        Assert.Equal(2357 + 1, csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        string parquet = Path.Combine(_dir, "summary.parquet");
        await SummaryParquet.WriteAsync(parquet, CustomerSummaryCsv.ReadFile(TestFiles.Path("cdnow_customers_summary_with_transactions.csv"), TimeUnit.Week));
        var fromParquet = Run("score", "--summary", parquet, "--as-of", "1997-09-30");
        Assert.Equal(0, fromParquet.Code);
        Assert.Equal(csv.Output, fromParquet.Output);
    }

    [Theory]
    [InlineData("--as-of", "30/09/1997")]
    [InlineData("--as-of", "1997-09-30", "--horizon", "-4")]
    [InlineData("--as-of", "1997-09-30", "--margin", "2")]
    [InlineData("--as-of", "1997-09-30", "--summary", "missing.csv")]
    [InlineData("--as-of", "1990-01-01")]
    public void Bad_input_is_one_line_on_stderr_and_exit_code_2(params string[] args)
    {
        var (code, output, error) = Run(["score", "--sample", .. args]);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("customer-value: error:", error, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
