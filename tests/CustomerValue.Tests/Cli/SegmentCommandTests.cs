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
    public void Segment_on_the_sample_writes_the_contract_columns_and_gives_each_customer_the_numbers_score_gives()
    {
        string dir = TempDir();
        try
        {
            string stats = Path.Combine(dir, "stats.json");
            var (code, output, error) = SummarizeCommandTests.Run("segment", "--sample", "--as-of", "1997-09-30", "--stats", stats);
            Assert.Equal(0, code);
            Assert.StartsWith("customer-value: segment: 6,919 rows, 2,357 customers as of 1997-09-30 (1,959 rows after it not used)", error, StringComparison.Ordinal);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("customer_id,recency_score,frequency_score,monetary_score,rfm_segment,abc_class,value_decile,tier,tier_basis,tier_reasons,value_group,mvc_type,clv,potential_value", lines[0]);
            Assert.Equal(2358, lines.Length);

            // The same customer gets the same RFM scores, segment, tier (with basis and reasons), value group, MVC kind,
            // CLV and potential value from segment as from score: both run the one pipeline.
            var score = SummarizeCommandTests.Run("score", "--sample", "--as-of", "1997-09-30");
            Assert.Equal(0, score.Code);
            var scoreLines = score.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var header = scoreLines[0].Split(',');
            int Col(string name) => Array.IndexOf(header, name);
            var byId = scoreLines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], StringComparer.Ordinal);
            Assert.Equal(2357, byId.Count);
            foreach (string line in lines.Skip(1))
            {
                var f = line.Split(',');
                var s = byId[f[0]];
                Assert.Equal([s[Col("recency_score")], s[Col("frequency_score")], s[Col("monetary_score")], s[Col("rfm_segment")]], f[1..5]);
                Assert.Equal([s[Col("tier")], s[Col("tier_basis")], s[Col("tier_reasons")], s[Col("value_group")], s[Col("mvc_type")], s[Col("clv")], s[Col("potential_value")]], f[7..14]);
            }

            // ABC class and decile are by total spend up to the as-of date (the stats' "value"), computed here with the library.
            var asOf = SampleData.CdnowCalibrationEnd;
            var summaries = SummaryAccumulator.Summarize(SampleData.CdnowTransactions().Where(t => t.Date <= asOf), new SummaryOptions(asOf, TimeUnit.Day));
            var concentration = new ValueConcentrationAnalyzer().Analyze(summaries.TotalSpend);
            for (int i = 0; i < summaries.Count; i++)
            {
                var f = lines[i + 1].Split(',');
                Assert.Equal(summaries.CustomerIds[i], f[0]);
                Assert.Equal(concentration.AbcName(i), f[5]);
                Assert.Equal(concentration.QuantileOf[i].ToString(CultureInfo.InvariantCulture), f[6]);
            }

            using var json = JsonDocument.Parse(File.ReadAllText(stats));
            var root = json.RootElement;
            Assert.Equal(2357, root.GetProperty("customers").GetInt32());
            Assert.Equal("clv", root.GetProperty("tierBasis").GetString());
            Assert.Equal(concentration.Gini, root.GetProperty("gini").GetDouble());
            var top20 = root.GetProperty("topShare").EnumerateArray().Single(e => e.GetProperty("percentOfCustomers").GetDouble() == 20);
            Assert.Equal(concentration.TopShare(0.2).ValueShare, top20.GetProperty("shareOfValue").GetDouble());
            var deciles = root.GetProperty("deciles").EnumerateArray().ToArray();
            Assert.Equal(10, deciles.Length);
            Assert.Equal(2357, root.GetProperty("segments").EnumerateObject().Sum(p => p.Value.GetInt32()));
            var tiers = root.GetProperty("tiers");
            Assert.Equal(lines.Skip(1).Count(l => l.Split(',')[7] == "drag"), tiers.GetProperty("drag").GetInt32());
            Assert.Equal(lines.Skip(1).Count(l => l.Split(',')[7] == "gold"), tiers.GetProperty("gold").GetInt32());
            var groups = root.GetProperty("valueGroups");
            Assert.Equal(2357, groups.EnumerateObject().Sum(p => p.Value.GetInt32()));
            Assert.Equal(lines.Skip(1).Count(l => l.Split(',')[10] == "mvc"), groups.GetProperty("mvc").GetInt32());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Maps_can_be_chosen_and_a_log_too_small_for_the_models_is_one_clear_error()
    {
        string dir = TempDir();
        try
        {
            var (code, stdout, _) = SummarizeCommandTests.Run("segment", "--sample", "--as-of", "1997-09-30", "--segment-map", "classic");
            Assert.Equal(0, code);
            Assert.Contains(",champions,", stdout, StringComparison.Ordinal);

            string map = Path.Combine(dir, "map.json");
            File.WriteAllText(map, """{"name": "all", "segments": [{"name": "everyone"}]}""");
            (code, stdout, _) = SummarizeCommandTests.Run("segment", "--sample", "--as-of", "1997-09-30", "--segment-map", map);
            Assert.Equal(0, code);
            Assert.All(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), l => Assert.Contains(",everyone,", l, StringComparison.Ordinal));

            string log = Path.Combine(dir, "log.csv");
            File.WriteAllText(log, "customer_id,date,amount\na,2020-01-01,10\na,2020-03-01,15\nb,2020-02-01,100\nc,2020-02-15,1\nc,2020-12-31,5\n");
            var (tinyCode, tinyOut, tinyError) = SummarizeCommandTests.Run("segment", "--transactions", log, "--as-of", "2020-06-30");
            Assert.Equal(2, tinyCode);
            Assert.Equal(string.Empty, tinyOut);
            Assert.Single(tinyError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("customer-value: error: ", tinyError, StringComparison.Ordinal);
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
