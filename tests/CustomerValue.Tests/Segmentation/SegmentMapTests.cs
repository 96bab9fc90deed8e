using CustomerValue.Segmentation;

namespace CustomerValue.Tests.Segmentation;

/// <summary>Every cell of the presets, the classic table's order and "other", user maps from code and JSON.</summary>
public sealed class SegmentMapTests
{
    /// <summary>The 10-segment grid, rows R = 1..5, columns F = 1..5.</summary>
    private static readonly string[][] Grid =
    [
        ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"],
        ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"],
        ["about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"],
        ["promising", "potential_loyalists", "potential_loyalists", "loyal", "loyal"],
        ["new", "potential_loyalists", "potential_loyalists", "champions", "champions"],
    ];

    /// <summary>
    /// The classic table under its documented first-match order, worked out by hand: for each R = 1..5 a block of
    /// rows F = 1..5, columns M = 1..5 (CH champions, CL cant_lose, NW new, PR promising, LY loyal, PL potential_loyalists,
    /// NA need_attention, AS about_to_sleep, AR at_risk, HB hibernating, OT other).
    /// </summary>
    private static readonly string[] Classic =
    [
        // R = 1
        "HB HB OT OT OT", "HB AR AR AR AR", "OT AR AR AR AR", "OT AR AR CL CL", "OT AR AR CL CL",

        // R = 2
        "AS AS OT OT OT", "AS NA NA AR AR", "OT NA LY LY LY", "OT AR LY LY LY", "OT AR LY LY LY",

        // R = 3
        "PR PL PL OT OT", "PL PL PL OT OT", "PL PL LY LY LY", "OT OT LY LY LY", "OT OT LY LY LY",

        // R = 4
        "NW PL PL OT OT", "PL PL PL OT OT", "PL PL LY LY LY", "OT OT LY CH CH", "OT OT LY CH CH",

        // R = 5
        "NW PL PL OT OT", "PL PL PL OT OT", "PL PL LY LY LY", "OT OT LY CH CH", "OT OT LY CH CH",
    ];

    private static readonly Dictionary<string, string> Abbreviations = new()
    {
        ["CH"] = "champions", ["CL"] = "cant_lose", ["NW"] = "new", ["PR"] = "promising", ["LY"] = "loyal",
        ["PL"] = "potential_loyalists", ["NA"] = "need_attention", ["AS"] = "about_to_sleep", ["AR"] = "at_risk",
        ["HB"] = "hibernating", ["OT"] = "other",
    };

    [Fact]
    public void Every_cell_of_the_ten_segment_grid_maps_to_its_segment_whatever_the_monetary_score()
    {
        var map = SegmentMap.RecencyFrequencyGrid;
        Assert.Equal(10, map.Segments.Count);
        Assert.Equal(SegmentEvaluation.Partition, map.Evaluation);
        Assert.Empty(map.UnreachableSegments);
        for (int r = 1; r <= 5; r++)
        {
            for (int f = 1; f <= 5; f++)
            {
                for (int m = 1; m <= 5; m++)
                {
                    Assert.Equal(Grid[r - 1][f - 1], map.SegmentNameOf(RfmScore.Create(r, f, m)));
                }
            }
        }

        Assert.Equal(10, Grid.SelectMany(row => row).Distinct().Count());
    }

    [Fact]
    public void Every_cell_of_the_classic_table_follows_the_documented_order_with_other_for_the_rest()
    {
        var map = SegmentMap.ClassicRfm;
        Assert.Equal(
            ["champions", "cant_lose", "new", "promising", "loyal", "potential_loyalists", "need_attention", "about_to_sleep", "at_risk", "hibernating", "lost"],
            map.Rules.Select(rule => rule.Segment));
        Assert.Equal(12, map.Segments.Count);
        Assert.Equal("other", map.Fallback);
        Assert.Equal("other", map.Segments[^1]);
        Assert.Equal(["lost"], map.UnreachableSegments);
        for (int r = 1; r <= 5; r++)
        {
            for (int f = 1; f <= 5; f++)
            {
                var row = Classic[((r - 1) * 5) + f - 1].Split(' ');
                for (int m = 1; m <= 5; m++)
                {
                    Assert.True(Abbreviations[row[m - 1]] == map.SegmentNameOf(RfmScore.Create(r, f, m)), $"cell R={r} F={f} M={m}");
                }
            }
        }
    }

    [Fact]
    public void The_first_matching_rule_wins_in_a_first_match_map()
    {
        var box = SegmentRule.Create("wide", ScoreRange.Of(1, 3), ScoreRange.Any);
        var small = SegmentRule.Create("narrow", ScoreRange.Exactly(1), ScoreRange.Exactly(1));
        var wideFirst = SegmentMap.Create("w", 3, SegmentEvaluation.FirstMatch, [box, small]);
        var narrowFirst = SegmentMap.Create("n", 3, SegmentEvaluation.FirstMatch, [small, box]);
        Assert.Equal("wide", wideFirst.SegmentNameOf(RfmScore.Create(1, 1, 1, 3)));
        Assert.Equal(["narrow"], wideFirst.UnreachableSegments);
        Assert.Equal("narrow", narrowFirst.SegmentNameOf(RfmScore.Create(1, 1, 1, 3)));
        Assert.Equal("wide", narrowFirst.SegmentNameOf(RfmScore.Create(1, 2, 1, 3)));
    }

    [Fact]
    public void Overlaps_and_gaps_in_a_partition_are_rejected_naming_the_cell_and_rules()
    {
        var low = SegmentRule.Create("low", ScoreRange.Of(1, 2), ScoreRange.Any);
        var high = SegmentRule.Create("high", ScoreRange.Of(2, 3), ScoreRange.Any);
        var e = Assert.Throws<ArgumentException>(() => SegmentMap.Create("overlap", 3, SegmentEvaluation.Partition, [low, high]));
        Assert.Contains("R=2 F=1 M=1", e.Message, StringComparison.Ordinal);
        Assert.Contains("low", e.Message, StringComparison.Ordinal);
        Assert.Contains("high", e.Message, StringComparison.Ordinal);

        var top = SegmentRule.Create("top", ScoreRange.Exactly(3), ScoreRange.Any);
        e = Assert.Throws<ArgumentException>(() => SegmentMap.Create("gap", 3, SegmentEvaluation.Partition, [SegmentRule.Create("low", ScoreRange.Exactly(1), ScoreRange.Any), top]));
        Assert.Contains("no rule", e.Message, StringComparison.Ordinal);

        var gapless = SegmentMap.Create("ok", 3, SegmentEvaluation.Partition, [low, top]);
        Assert.Equal(["low", "top"], gapless.Segments);

        // A first-match map with a gap needs a fallback; a partition must not have one; names are checked.
        Assert.Throws<ArgumentException>(() => SegmentMap.Create("no-fallback", 3, SegmentEvaluation.FirstMatch, [top]));
        Assert.Throws<ArgumentException>(() => SegmentMap.Create("partition-fallback", 3, SegmentEvaluation.Partition, [low, top], "other"));
        Assert.Throws<ArgumentException>(() => SegmentMap.Create("clash", 3, SegmentEvaluation.FirstMatch, [top], "top"));
        Assert.Throws<ArgumentException>(() => SegmentRule.Create("a,b", ScoreRange.Any, ScoreRange.Any));
        Assert.Throws<ArgumentException>(() => SegmentMap.Create("too-high", 3, SegmentEvaluation.FirstMatch, [SegmentRule.Create("x", ScoreRange.Exactly(4), ScoreRange.Any)], "other"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreRange.Of(3, 2));
    }

    [Fact]
    public void A_map_loads_from_json_and_round_trips()
    {
        const string json = """
            {
              "name": "two by two",
              "bins": 2,
              "evaluation": "first-match",
              "fallback": "rest",
              "segments": [
                { "name": "best", "recency": 2, "frequency": [2, 2] },
                { "name": "lapsed_big", "recency": 1, "monetary": 2 }
              ]
            }
            """;
        var map = SegmentMap.FromJson(json);
        Assert.Equal("two by two", map.Name);
        Assert.Equal(["best", "lapsed_big", "rest"], map.Segments);
        Assert.Equal("best", map.SegmentNameOf(RfmScore.Create(2, 2, 1, 2)));
        Assert.Equal("lapsed_big", map.SegmentNameOf(RfmScore.Create(1, 1, 2, 2)));
        Assert.Equal("rest", map.SegmentNameOf(RfmScore.Create(2, 1, 1, 2)));

        var again = SegmentMap.FromJson(map.ToJson());
        Assert.Equal(map.Segments, again.Segments);
        Assert.Equal(map.Rules.Select(r => r.ToString()), again.Rules.Select(r => r.ToString()));
        var grid = SegmentMap.FromJson(SegmentMap.RecencyFrequencyGrid.ToJson());
        Assert.Equal(SegmentEvaluation.Partition, grid.Evaluation);
        Assert.Equal(SegmentMap.RecencyFrequencyGrid.Segments, grid.Segments);
    }

    [Theory]
    [InlineData("""{"segments": [{"name": "a", "recency": [1, 2]}]}""", "cell R=3")]
    [InlineData("""{"segments": [{"recency": 1}]}""", "rule 1")]
    [InlineData("""{"segments": [{"name": "a", "recency": "x"}]}""", "\"recency\"")]
    [InlineData("""{"segments": [{"name": "a", "recency": [0, 2]}]}""", "\"recency\"")]
    [InlineData("""{"evaluation": "sometimes", "segments": []}""", "evaluation")]
    [InlineData("""{"name": "m"}""", "\"segments\"")]
    public void Bad_json_maps_are_rejected_with_a_message_naming_the_field(string json, string expected)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => SegmentMap.FromJson(json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_assignment_equals_the_scalar_lookup_and_rejects_bad_scores_naming_the_row()
    {
        var map = SegmentMap.ClassicRfm;
        var random = new Random(5);
        int n = 300_000; // above the parallel threshold
        var r = new byte[n];
        var f = new byte[n];
        var m = new byte[n];
        for (int i = 0; i < n; i++)
        {
            r[i] = (byte)random.Next(1, 6);
            f[i] = (byte)random.Next(1, 6);
            m[i] = (byte)random.Next(1, 6);
        }

        var ids = new byte[n];
        map.Assign(r, f, m, ids);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(map.SegmentOf(RfmScore.Create(r[i], f[i], m[i])), ids[i]);
        }

        m[123_456] = 6;
        var e = Assert.Throws<ArgumentException>(() => map.Assign(r, f, m, ids));
        Assert.Contains("row 123457", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => map.Assign(r, f, m, new byte[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.SegmentOf(RfmScore.Create(6, 1, 1, 6)));
    }

    [Fact]
    public void Scores_on_another_scale_than_the_map_are_rejected()
    {
        double[] v = [1, 2, 3];
        var scores = new RfmScorer(new RfmOptions { Bins = 3 }).Score(RfmInput.FromColumns(v, v, v));
        Assert.Throws<ArgumentException>(() => SegmentMap.RecencyFrequencyGrid.Assign(scores));
    }
}
