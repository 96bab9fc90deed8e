using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CustomerValue.Segmentation;
using CustomerValue.Summaries;

namespace CustomerValue.Cli.Commands;

/// <summary>
/// <c>customer-value segment</c>: transaction log → per-customer RFM scores, segment, ABC class, value decile and
/// gold/drag tier (CSV), plus a JSON summary of how concentrated value is.
/// </summary>
internal static class SegmentCommand
{
    private static readonly double[] TopPercents = [1, 5, 10, 20, 50];
    private static readonly double[] ValueShares = [0.5, 0.8, 0.9, 0.95];

    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var asOf = new Option<string>("--as-of", "--calibration-end") { Description = "The date recency is measured to (YYYY-MM-DD); purchases after it are ignored. For the sample: 1998-06-30.", Required = true };
        var output = new Option<FileInfo?>("--output") { Description = "Per-customer CSV. Default: standard output." };
        var stats = new Option<FileInfo?>("--stats") { Description = "JSON summary: customers, gini, topShare, customersForShareOfValue, abc, deciles, purchaseDeciles, segments, tiers." };
        var map = new Option<string>("--segment-map") { Description = "grid (10-segment recency x frequency grid), classic (11-segment R/F/M table), or a JSON map file.", DefaultValueFactory = _ => "grid" };
        var command = new Command("segment", "Segment customers: RFM quintile scores, named RFM segment, ABC class and value decile by total spend, and gold/drag tier.");
        input.AddTo(command);
        command.Options.Add(asOf);
        command.Options.Add(output);
        command.Options.Add(stats);
        command.Options.Add(map);
        command.SetAction(result => io.Guard(() =>
        {
            var date = CliParse.Date(result.GetValue(asOf)!, "--as-of");
            using var outputs = io.Outputs(("--output", result.GetValue(output)), ("--stats", result.GetValue(stats)));
            var segmentMap = ResolveMap(result.GetValue(map)!);
            var summaries = Summarize(input, result, date, io, out long later);
            if (summaries.Count == 0)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"No purchases on or before {date:yyyy-MM-dd} in {input.Describe(result)} ({later} later ones ignored): nothing to segment."));
            }

            if (later > 0)
            {
                io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"customer-value: note: {later} transactions after the as-of date {date:yyyy-MM-dd} were ignored."));
            }

            var rfm = RfmInput.FromSummaries(summaries, date);
            var scores = new RfmScorer().Score(rfm);
            var segments = segmentMap.Assign(scores);
            var concentration = new ValueConcentrationAnalyzer().Analyze(rfm.Monetary, rfm.CustomerIds);
            var tiers = new ValueTierClassifier().Classify(CustomerValueMeasures.FromSummaries(summaries, date));

            outputs.WriteText(result.GetValue(output), writer => WriteCsv(writer, summaries.CustomerIds, scores, segments, concentration, tiers));
            if (result.GetValue(stats) is { } statsFile)
            {
                outputs.WriteStream(statsFile, stream => WriteStats(stream, date, concentration, segments, tiers));
            }

            outputs.Commit();
            io.Tell($"segment: {summaries.Count:N0} customers as of {date:yyyy-MM-dd} on the {segmentMap.Name} map, Gini of spend {Display.Fixed(concentration.Gini, 2)}; wrote {result.GetValue(output)?.FullName ?? "standard output"}{(result.GetValue(stats) is { } s ? " and " + s.FullName : string.Empty)}.");
            return 0;
        }));
        return command;
    }

    internal static SegmentMap ResolveMap(string name) => name switch
    {
        "grid" => SegmentMap.RecencyFrequencyGrid,
        "classic" => SegmentMap.ClassicRfm,
        _ when File.Exists(name) => SegmentMap.LoadJson(name),
        _ => throw new ArgumentException($"--segment-map: '{name}' is neither grid, classic nor an existing JSON file."),
    };

    private static CustomerSummaries Summarize(TransactionInput input, ParseResult result, DateOnly asOf, CliIo io, out long later)
    {
        var builder = input.NewReport(result);
        var accumulator = new SummaryAccumulator(new SummaryOptions(asOf, TimeUnit.Day));
        later = 0;
        foreach (var t in input.Read(result, null, builder))
        {
            if (t.Date > asOf)
            {
                later++;
                continue;
            }

            accumulator.Add(t);
        }

        TransactionInput.WriteRejections(builder.Build(), io);
        return accumulator.ToSummaries();
    }

    private static void WriteCsv(TextWriter w, IReadOnlyList<string> ids, RfmScores scores, SegmentAssignments segments, ValueConcentration concentration, ValueTiers tiers)
    {
        w.Write("customer_id,recency_score,frequency_score,monetary_score,rfm_segment,abc_class,value_decile,tier\n");
        var ci = CultureInfo.InvariantCulture;
        for (int i = 0; i < ids.Count; i++)
        {
            w.Write(Csv(ids[i]));
            w.Write(string.Create(ci, $",{scores.Recency[i]},{scores.Frequency[i]},{scores.Monetary[i]},{segments.SegmentName(i)},{concentration.AbcName(i)},{concentration.QuantileOf[i]},{ValueTiers.Name(tiers.Tiers[i])}\n"));
        }
    }

    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static void WriteStats(Stream stream, DateOnly asOf, ValueConcentration c, SegmentAssignments segments, ValueTiers tiers)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("customers", c.Count);
        w.WriteString("asOf", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("value", "total spend up to the as-of date");
        w.WriteNumber("totalValue", c.TotalValue);
        w.WriteNumber("gini", c.Gini);

        w.WriteStartArray("topShare");
        foreach (double percent in TopPercents)
        {
            var p = c.TopShare(percent / 100);
            w.WriteStartObject();
            w.WriteNumber("percentOfCustomers", percent);
            w.WriteNumber("customers", p.Customers);
            w.WriteNumber("shareOfValue", p.ValueShare);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("customersForShareOfValue");
        foreach (double share in ValueShares)
        {
            var p = c.CustomersForShare(share);
            w.WriteStartObject();
            w.WriteNumber("shareOfValue", share);
            w.WriteNumber("customers", p.Customers);
            w.WriteNumber("percentOfCustomers", p.CustomerShare * 100);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("abc");
        foreach (var g in c.AbcGroups)
        {
            w.WriteNumber(g.Class.ToString(), g.Customers);
        }

        w.WriteEndObject();
        w.WriteStartObject("abcShareOfValue");
        foreach (var g in c.AbcGroups)
        {
            w.WriteNumber(g.Class.ToString(), g.Share);
        }

        w.WriteEndObject();
        w.WriteStartArray("deciles");
        foreach (var d in c.Quantiles)
        {
            w.WriteStartObject();
            w.WriteNumber("decile", d.Quantile);
            w.WriteNumber("customers", d.Customers);
            w.WriteNumber("value", d.Value);
            w.WriteNumber("share", d.Share);
            w.WriteNumber("cumulativeShare", d.CumulativeShare);
            w.WriteNumber("lift", d.Lift);
            w.WriteNumber("minValue", d.MinimumValue);
            w.WriteNumber("maxValue", d.MaximumValue);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("purchaseDeciles");
        foreach (var d in c.PurchaseQuantiles)
        {
            w.WriteStartObject();
            w.WriteNumber("decile", d.Quantile);
            w.WriteNumber("shareOfValue", d.ShareOfValue);
            w.WriteNumber("customers", d.Customers);
            w.WriteNumber("cumulativeCustomers", d.CumulativeCustomers);
            w.WriteNumber("cumulativeCustomerShare", d.CumulativeCustomerShare);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("segments");
        for (int s = 0; s < segments.Map.Segments.Count; s++)
        {
            w.WriteNumber(segments.Map.Segments[s], segments.Counts[s]);
        }

        w.WriteEndObject();
        w.WriteStartObject("tiers");
        foreach (var tier in new[] { GoldDragTier.Gold, GoldDragTier.Regular, GoldDragTier.Drag })
        {
            w.WriteNumber(ValueTiers.Name(tier), tiers.CountOf(tier));
        }

        w.WriteEndObject();
        w.WriteStartObject("valueMatrix");
        foreach (var cell in new[] { ValueMatrixCell.Best, ValueMatrixCell.Frequent, ValueMatrixCell.Spenders, ValueMatrixCell.Uncertain })
        {
            w.WriteNumber(cell.ToString().ToLowerInvariant(), tiers.CountOf(cell));
        }

        w.WriteEndObject();
        w.WriteStartArray("lorenz");
        foreach (var point in c.LorenzCurve)
        {
            w.WriteStartObject();
            w.WriteNumber("populationShare", point.PopulationShare);
            w.WriteNumber("valueShare", point.ValueShare);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
