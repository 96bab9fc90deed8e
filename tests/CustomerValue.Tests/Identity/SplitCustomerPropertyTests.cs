using CustomerValue.Churn;
using CustomerValue.Identity;
using CustomerValue.Segmentation;
using CustomerValue.Summaries;
using CustomerValue.Transactions;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Identity;

/// <summary>
/// CDNOW customers split into two or three ids at random dates: read with the alias map, every summary, segment,
/// tier and churn warning is exactly the original's (the expectation is the untouched log, read without any map).
/// </summary>
public sealed class SplitCustomerPropertyTests
{
    private static readonly DateOnly AsOf = new(1998, 6, 30);
    private static readonly Lazy<Snapshot> Original = new(() => Snapshot.Of(CdnowSplit.OriginalCsv(), null));

    [Property(MaxTest = 6)]
    public bool With_the_map_a_split_log_gives_exactly_the_original_summaries_segments_and_warnings(int seed)
    {
        var split = CdnowSplit.Make(seed);
        var map = AliasMap.Read(new StringReader(split.AliasCsv));
        var merged = Snapshot.Of(split.Csv, map);
        return split.SplitCustomers > 0 && merged.Equals(Original.Value);
    }

    [Fact]
    public void Without_the_map_the_split_customers_are_extra_customers_so_the_property_can_fail()
    {
        var split = CdnowSplit.Make(7);
        var unmerged = Snapshot.Of(split.Csv, null);
        Assert.True(split.SplitCustomers > 100);
        Assert.True(unmerged.Summaries.Count > Original.Value.Summaries.Count);
        Assert.False(unmerged.Equals(Original.Value));
    }

    /// <summary>Everything per customer id, compared as sorted text so a difference shows the customer.</summary>
    private sealed record Snapshot(SortedDictionary<string, string> Summaries, SortedDictionary<string, string> Parallel, SortedDictionary<string, string> Segments, SortedDictionary<string, string> Warnings)
    {
        public static Snapshot Of(string csv, AliasMap? aliases)
        {
            var options = TransactionCsvOptions.Default with { Aliases = aliases };
            var rows = TransactionCsvReader.Read(new StringReader(csv), options, new IngestReportBuilder()).ToList();

            var accumulator = new SummaryAccumulator(new SummaryOptions(new DateOnly(1997, 9, 30), TimeUnit.Week, AsOf));
            foreach (var t in rows)
            {
                accumulator.Add(t);
            }

            var summaries = accumulator.ToSummaries();
            var parallel = TransactionSummarizer.Summarize(new StringReader(csv), options, new SummaryOptions(new DateOnly(1997, 9, 30), TimeUnit.Week, AsOf), new IngestReportBuilder(), 2);

            var daily = new SummaryAccumulator(new SummaryOptions(AsOf, TimeUnit.Day));
            foreach (var t in rows)
            {
                daily.Add(t);
            }

            var days = daily.ToSummaries();
            var rfm = RfmInput.FromSummaries(days, AsOf);
            var scores = new RfmScorer().Score(rfm);
            var segments = SegmentMap.RecencyFrequencyGrid.Assign(scores);
            var tiers = new ValueTierClassifier().Classify(CustomerValueMeasures.FromSummaries(days, AsOf));
            var segmentText = new SortedDictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < days.Count; i++)
            {
                segmentText[days.CustomerIds[i]] = $"{scores[i]} {segments.SegmentName(i)} {tiers.Tiers[i]} {tiers.Groups[i]} {tiers.Matrix[i]}";
            }

            var table = ChurnSignalAccumulator.Measure(rows, new ChurnSignalOptions(AsOf));
            var warnings = ChurnWarningDestination.Allocate(table.Count);
            new ChurnWarningPolicy().Evaluate(table.ToColumns(), warnings);
            var warningText = new SortedDictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < table.Count; i++)
            {
                warningText[table.CustomerIds[i]] = $"{warnings.Levels.Span[i]} {warnings.Risk.Span[i]:R} {warnings.Reasons.Span[i].ToCodes()} {warnings.NextPurchaseInDays.Span[i]:R}";
            }

            return new Snapshot(Text(summaries), Text(parallel), segmentText, warningText);
        }

        public bool Equals(Snapshot? other) =>
            other is not null && Same(Summaries, other.Summaries) && Same(Parallel, other.Parallel) && Same(Segments, other.Segments) && Same(Warnings, other.Warnings);

        public override int GetHashCode() => Summaries.Count;

        private static bool Same(SortedDictionary<string, string> a, SortedDictionary<string, string> b) => a.SequenceEqual(b);

        private static SortedDictionary<string, string> Text(CustomerSummaries s)
        {
            var text = new SortedDictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < s.Count; i++)
            {
                text[s.CustomerIds[i]] = $"{s.Frequency[i]:R} {s.Recency[i]:R} {s.Age[i]:R} {s.MonetaryValue[i]:R} {s.TotalSpend[i]:R} {s.TransactionCount[i]} {s.FrequencyHoldout[i]:R} {s.MonetaryValueHoldout[i]:R} {s.FirstPurchase[i]} {s.LastPurchase[i]}";
            }

            return text;
        }
    }
}
