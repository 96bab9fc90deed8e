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
        var model = new Option<FileInfo?>("--model") { Description = "Repeat-purchase model file (bgnbd, mbgnbd or pnbd) from fit, as in score. Default: fit BG/NBD on the summaries." };
        var spendModel = new Option<FileInfo?>("--spend-model") { Description = "Spend model file (gg) from fit, as in score. Default: fit Gamma-Gamma on the repeat buyers." };
        var accept = CliIo.AcceptUnconvergedOption();
        var command = new Command("segment", "Segment customers through the scoring pipeline: RFM quintile scores and named segment, gold/drag tier and MVC/MGC/BZ group by CLV (as score gives them), and ABC class and value decile by total spend.");
        input.AddTo(command);
        command.Options.Add(asOf);
        command.Options.Add(output);
        command.Options.Add(stats);
        command.Options.Add(map);
        command.Options.Add(model);
        command.Options.Add(spendModel);
        command.Options.Add(accept);
        command.SetAction(result => io.Guard(() => SummaryInput.PlainErrors(() =>
        {
            var date = CliParse.Date(result.GetValue(asOf)!, "--as-of");
            using var outputs = io.Outputs(("--output", result.GetValue(output)), ("--stats", result.GetValue(stats)));
            var segmentMap = ResolveMap(result.GetValue(map)!);

            // The one pipeline: RFM, segment, tier and value group are the numbers score gives each customer.
            if (result.GetValue(model) is not null || result.GetValue(spendModel) is not null)
            {
                input.RequireData(result, result.GetValue(model) is not null ? "--model" : "--spend-model");
            }

            var purchases = result.GetValue(model) is { } modelFile ? ScoreCommand.ReadPurchaseModel(modelFile, result.GetValue(accept)) : null;
            var spend = result.GetValue(spendModel) is { } spendFile ? ScoreCommand.ReadSpendModel(spendFile, result.GetValue(accept)) : null;
            var options = new Scoring.PipelineOptions(date) { TimeUnit = purchases?.TimeUnit ?? TimeUnit.Week };
            options = options with { Scoring = options.Scoring with { SegmentMap = segmentMap } };
            options = ItemInput.WithBasis(input, result, options);
            var report = input.NewReport(result);
            Scoring.PipelineResult run;
            try
            {
                run = ItemInput.RunPipeline(input, result, options, report, purchases, spend);
            }
            catch (InvalidOperationException e) when (e.Message.StartsWith("No purchases", StringComparison.Ordinal))
            {
                TransactionInput.WriteRejections(report.Build(), io);
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"No purchases on or before {date:yyyy-MM-dd} in {input.Describe(result)}: nothing to segment."), e);
            }

            TransactionInput.WriteRejections(report.Build(), io);
            var concentration = run.PastValueConcentration;
            outputs.WriteText(result.GetValue(output), writer => WriteCsv(writer, run, concentration));
            if (result.GetValue(stats) is { } statsFile)
            {
                outputs.WriteStream(statsFile, stream => WriteStats(stream, date, concentration, run));
            }

            outputs.Commit();
            var tiers = run.TierCounts();
            var groups = run.ValueGroupCounts();
            io.Tell($"segment: {run.RowsRead:N0} rows, {run.Count:N0} customers as of {date:yyyy-MM-dd}{(run.RowsAfterObservationEnd > 0 ? $" ({run.RowsAfterObservationEnd:N0} rows after it not used)" : string.Empty)} on the {segmentMap.Name} map; {ScoreCommand.Describe(run.Models)}; {ItemInput.BasisText(run)}: gold {tiers[(int)GoldDragTier.Gold]:N0}, drag {tiers[(int)GoldDragTier.Drag]:N0}, MVC {groups[(int)ValueGroup.MostValuable]:N0}, MGC {groups[(int)ValueGroup.MostGrowable]:N0}, BZ {groups[(int)ValueGroup.BelowZero]:N0}; ABC and deciles by {(run.PastValueBasis == "total_profit" ? "profit" : "spend")}, Gini {Display.Fixed(concentration.Gini, 2)}; wrote {result.GetValue(output)?.FullName ?? "standard output"}{(result.GetValue(stats) is { } s ? " and " + s.FullName : string.Empty)}.");
            return 0;
        })));
        return command;
    }

    internal static SegmentMap ResolveMap(string name) => name switch
    {
        "grid" => SegmentMap.RecencyFrequencyGrid,
        "classic" => SegmentMap.ClassicRfm,
        _ when File.Exists(name) => SegmentMap.LoadJson(name),
        _ => throw new ArgumentException($"--segment-map: '{name}' is neither grid, classic nor an existing JSON file."),
    };

    /// <summary>The segment CSV: the contract's columns, then the tier's basis and reasons, the value group, MVC kind, CLV and potential value.</summary>
    internal const string Header = "customer_id,recency_score,frequency_score,monetary_score,rfm_segment,abc_class,value_decile,tier,tier_basis,tier_reasons,value_group,mvc_type,clv,potential_value\n";

    private static void WriteCsv(TextWriter w, Scoring.PipelineResult run, ValueConcentration concentration)
    {
        w.Write(Header);
        var ci = CultureInfo.InvariantCulture;
        var scores = run.Scores;
        for (int i = 0; i < scores.Count; i++)
        {
            w.Write(Csv(scores.CustomerId(i)));
            w.Write(string.Create(ci, $",{scores.RecencyScore[i]},{scores.FrequencyScore[i]},{scores.MonetaryScore[i]},{scores.SegmentName(i)},{concentration.AbcName(i)},{concentration.QuantileOf[i]},{ValueTiers.Name(scores.Tier[i])},{run.ValueBasis},{run.TierReasonsOf(i)},{ValueTiers.Name(run.ValueGroups.Groups[i])},{Scoring.CustomerScoresCsv.MvcTypeName(run.ValueGroups.MvcTypes[i])},{scores.LifetimeValue[i]:R},{run.PotentialValue[i]:R}\n"));
        }
    }

    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static void WriteStats(Stream stream, DateOnly asOf, ValueConcentration c, Scoring.PipelineResult run)
    {
        var tiers = run.ValueGroups;
        var segmentCounts = new int[run.Scores.SegmentNames.Count];
        foreach (byte segment in run.Scores.Segment)
        {
            segmentCounts[segment]++;
        }

        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("customers", c.Count);
        w.WriteString("asOf", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("value", run.PastValueBasis == "total_profit" ? "total profit up to the as-of date" : "total spend up to the as-of date");
        w.WriteString("abcBasis", run.PastValueBasis);
        w.WriteString("tierBasis", run.ValueBasis);
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
        for (int s = 0; s < segmentCounts.Length; s++)
        {
            w.WriteNumber(run.Scores.SegmentNames[s], segmentCounts[s]);
        }

        w.WriteEndObject();
        w.WriteStartObject("tiers");
        foreach (var tier in new[] { GoldDragTier.Gold, GoldDragTier.Regular, GoldDragTier.Drag })
        {
            w.WriteNumber(ValueTiers.Name(tier), tiers.CountOf(tier));
        }

        w.WriteEndObject();
        w.WriteStartObject("valueGroups");
        foreach (var group in new[] { ValueGroup.MostValuable, ValueGroup.MostGrowable, ValueGroup.BelowZero, ValueGroup.Other })
        {
            w.WriteNumber(ValueTiers.Name(group), tiers.CountOf(group));
        }

        w.WriteEndObject();
        w.WriteString("potential", run.Wallets is null ? "none (too few customers to estimate wallets)" : $"wallet headroom x margin rate; wallets by {run.Wallets.Method}");
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
