using CustomerValue.Samples;
using CustomerValue.Segmentation;
using CustomerValue.Summaries;

namespace CustomerValue.Tests.Segmentation;

/// <summary>The snippet at the top of docs/segmentation.md compiles and runs.</summary>
public sealed class DocumentationSnippetTests
{
    [Fact]
    public void The_segmentation_overview_snippet_runs()
    {
        var transactions = SampleData.CdnowTransactions();
        var asOf = SampleData.CdnowHoldoutEnd;
        using var console = new StringWriter();

        // --- docs/segmentation.md ---
        var summaries = SummaryAccumulator.Summarize(transactions, new SummaryOptions(asOf, TimeUnit.Day));
        var input = RfmInput.FromSummaries(summaries, asOf);            // recency days, purchase days, total spend
        var scores = new RfmScorer().Score(input);                        // quintiles, 5 = best
        var segments = SegmentMap.RecencyFrequencyGrid.Assign(scores);    // "champions", "at_risk", …
        var value = new ValueConcentrationAnalyzer().Analyze(input.Monetary, input.CustomerIds);
        console.WriteLine($"top 20% bring {value.TopShare(0.2).ValueShare:P0}; Gini {value.Gini:0.00}");
        var tiers = new ValueTierClassifier().Classify(CustomerValueMeasures.FromSummaries(summaries, asOf));

        // ---
        Assert.Equal(2357, segments.Count);
        Assert.Equal(2357, tiers.Count);
        Assert.Equal("top 20% bring 67%; Gini 0.63", console.ToString().Trim().Replace("\u00a0", " ", StringComparison.Ordinal).Replace(" %", "%", StringComparison.Ordinal));
    }
}
