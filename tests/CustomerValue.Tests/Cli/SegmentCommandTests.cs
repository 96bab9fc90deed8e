using System.Globalization;
using System.Text.Json;
using CustomerValue.Samples;
using CustomerValue.Segmentation;
using CustomerValue.Summaries;

namespace CustomerValue.Tests.Cli;

public sealed class SegmentCommandTests
{
    private static string TempDir() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"cv-seg-{Guid.NewGuid():N}")).FullName;

    [Fact]
    public void Segment_on_the_sample_writes_the_contract_columns_and_agrees_with_the_library()
    {
        string dir = TempDir();
        try
        {
            string stats = Path.Combine(dir, "stats.json");
            var (code, output, error) = SummarizeCommandTests.Run("segment", "--sample", "--as-of", "1998-06-30", "--stats", stats);
            Assert.Equal(0, code);
            Assert.StartsWith("customer-value: segment: 2,357 customers as of 1998-06-30", error, StringComparison.Ordinal);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("customer_id,recency_score,frequency_score,monetary_score,rfm_segment,abc_class,value_decile,tier", lines[0]);
            Assert.Equal(2358, lines.Length);

            // Recompute with the library: same scores, segments, classes, deciles and tiers.
            var asOf = SampleData.CdnowHoldoutEnd;
            var summaries = SummaryAccumulator.Summarize(SampleData.CdnowTransactions(), new SummaryOptions(asOf, TimeUnit.Day));
            var input = RfmInput.FromSummaries(summaries, asOf);
            var scores = new RfmScorer().Score(input);
            var segments = SegmentMap.RecencyFrequencyGrid.Assign(scores);
            var concentration = new ValueConcentrationAnalyzer().Analyze(input.Monetary);
            var tiers = new ValueTierClassifier().Classify(CustomerValueMeasures.FromSummaries(summaries, asOf));
            for (int i = 0; i < summaries.Count; i++)
            {
                string expected = string.Create(CultureInfo.InvariantCulture,
                    $"{summaries.CustomerIds[i]},{scores.Recency[i]},{scores.Frequency[i]},{scores.Monetary[i]},{segments.SegmentName(i)},{concentration.AbcName(i)},{concentration.QuantileOf[i]},{ValueTiers.Name(tiers.Tiers[i])}");
                Assert.Equal(expected, lines[i + 1]);
            }

            using var json = JsonDocument.Parse(File.ReadAllText(stats));
            var root = json.RootElement;
            Assert.Equal(2357, root.GetProperty("customers").GetInt32());
            Assert.Equal(concentration.Gini, root.GetProperty("gini").GetDouble());
            var top20 = root.GetProperty("topShare").EnumerateArray().Single(e => e.GetProperty("percentOfCustomers").GetDouble() == 20);
            Assert.Equal(concentration.TopShare(0.2).ValueShare, top20.GetProperty("shareOfValue").GetDouble());
            var for80 = root.GetProperty("customersForShareOfValue").EnumerateArray().Single(e => e.GetProperty("shareOfValue").GetDouble() == 0.8);
            Assert.Equal(concentration.CustomersForShare(0.8).Customers, for80.GetProperty("customers").GetInt32());
            var abc = root.GetProperty("abc");
            Assert.Equal(2357, abc.GetProperty("A").GetInt32() + abc.GetProperty("B").GetInt32() + abc.GetProperty("C").GetInt32());
            var deciles = root.GetProperty("deciles").EnumerateArray().ToArray();
            Assert.Equal(10, deciles.Length);
            Assert.Equal(1.0, deciles.Sum(d => d.GetProperty("share").GetDouble()), 9);
            Assert.Equal(2357, deciles.Sum(d => d.GetProperty("customers").GetInt32()));
            Assert.Equal(2357, root.GetProperty("segments").EnumerateObject().Sum(p => p.Value.GetInt32()));
            Assert.Equal(2357, root.GetProperty("tiers").EnumerateObject().Sum(p => p.Value.GetInt32()));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Later_transactions_are_ignored_with_a_note_and_maps_can_be_chosen()
    {
        string dir = TempDir();
        try
        {
            string log = Path.Combine(dir, "log.csv");
            File.WriteAllText(log, "customer_id,date,amount\na,2020-01-01,10\na,2020-03-01,15\nb,2020-02-01,100\nc,2020-02-15,1\nc,2020-12-31,5\n");
            string output = Path.Combine(dir, "out.csv");
            var (code, stdout, error) = SummarizeCommandTests.Run("segment", "--transactions", log, "--as-of", "2020-06-30", "--output", output, "--segment-map", "classic");
            Assert.Equal(0, code);
            Assert.Equal(string.Empty, stdout);
            Assert.Contains("1 transactions after the as-of date 2020-06-30 were ignored", error, StringComparison.Ordinal);
            var lines = File.ReadAllLines(output);
            Assert.Equal(4, lines.Length);
            Assert.StartsWith("b,", lines[2], StringComparison.Ordinal);
            Assert.EndsWith(",A,1,regular", lines[2], StringComparison.Ordinal);

            string map = Path.Combine(dir, "map.json");
            File.WriteAllText(map, """{"name": "all", "segments": [{"name": "everyone"}]}""");
            (code, stdout, _) = SummarizeCommandTests.Run("segment", "--transactions", log, "--as-of", "2020-06-30", "--segment-map", map);
            Assert.Equal(0, code);
            Assert.All(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), l => Assert.Contains(",everyone,", l, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("--as-of", "1998-13-40")]
    [InlineData("--as-of", "1998-06-30", "--segment-map", "no-such-map")]
    [InlineData("--as-of", "1990-01-01")]
    public void Bad_input_fails_with_one_line_and_exit_code_2(params string[] args)
    {
        var (code, _, error) = SummarizeCommandTests.Run(["segment", "--sample", .. args]);
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_as_of_date_is_required()
    {
        var (code, _, error) = SummarizeCommandTests.Run("segment");
        Assert.NotEqual(0, code);
        Assert.Contains("--as-of", error, StringComparison.Ordinal);
    }
}
