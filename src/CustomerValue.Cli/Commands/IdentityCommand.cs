using System.CommandLine;
using System.Globalization;
using CustomerValue.Identity;

namespace CustomerValue.Cli.Commands;

/// <summary>
/// <c>customer-value identity</c>: with <c>--aliases</c>, what the alias map merges in the log
/// (<c>canonical_id,alias_ids,rows,alias_rows,ids_in_log</c>).
/// </summary>
internal static class IdentityCommand
{
    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var output = new Option<FileInfo?>("--output") { Description = "Output CSV file. Default: standard output." };
        var within = new Option<int>("--within-days") { Description = "Without --aliases: the most days from an id's last purchase to another id's first for a likely pair.", DefaultValueFactory = _ => 180 };
        var minScore = new Option<double>("--min-score") { Description = "Without --aliases: the lowest score reported (0..1).", DefaultValueFactory = _ => 0.5 };
        var command = new Command(
            "identity",
            "One customer across ids. With --aliases: the merges the map makes in the log, one row per canonical id with aliases: canonical_id,alias_ids (';'-joined),rows,alias_rows,ids_in_log. Without: likely 'lost + new' pairs for a person to confirm (an id that stops and another that starts soon after, buying alike), best first: " + PairsHeader.TrimEnd() + ".");
        input.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(within);
        command.Options.Add(minScore);
        command.SetAction(result => io.Guard(() =>
        {
            if (input.AliasMapOf(result) is not { } aliases)
            {
                return Pairs(io, input, result, output, result.GetValue(within), result.GetValue(minScore));
            }

            var report = input.NewReport(result);
            var merges = IdentityMerges.Build(aliases, input.Read(result, null, report, applyAliases: false));
            TransactionInput.WriteRejections(report.Build(), io);
            io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"customer-value: {aliases.Count} aliases of {aliases.CanonicalIds.Count} customers; {merges.Rows} rows, {merges.AliasRows} of them under an alias id; {merges.DistinctIdsBefore} ids in the log are {merges.CustomersAfter} customers."));
            using var outputs = io.Outputs(("--output", result.GetValue(output)));
            outputs.WriteText(result.GetValue(output), writer => WriteMerges(writer, merges));
            outputs.Commit();
            return 0;
        }));
        return command;
    }

    /// <summary>The likely-pairs CSV header.</summary>
    internal const string PairsHeader = "old_id,new_id,score,evidence,timing_evidence,spend_evidence,gap_days,old_mean_gap_days,old_last_purchase,new_first_purchase,old_purchase_days,new_purchase_days,old_mean_spend,new_mean_spend\n";

    private static int Pairs(CliIo io, TransactionInput input, ParseResult result, Option<FileInfo?> output, int withinDays, double minScore)
    {
        if (withinDays is < 1 or > 3650)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--within-days: must be 1..3650, got {withinDays}."));
        }

        if (!double.IsFinite(minScore) || minScore is < 0 or > 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--min-score: must be in [0, 1], got {minScore}."));
        }

        var report = input.NewReport(result);
        var rows = input.Read(result, null, report).ToList();
        TransactionInput.WriteRejections(report.Build(), io);
        var pairs = LikelyPairs.Find(rows, new LikelyPairOptions { WithinDays = withinDays, MinimumScore = minScore });
        using var outputs = io.Outputs(("--output", result.GetValue(output)));
        outputs.WriteText(result.GetValue(output), writer =>
        {
            writer.Write(PairsHeader);
            foreach (var p in pairs)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Csv.Quote(p.OldId)},{Csv.Quote(p.NewId)},{p.Score:R},{p.Evidence:R},{p.TimingEvidence:R},{p.SpendEvidence:R},{p.GapDays},{p.OldMeanGapDays:R},{p.OldLastPurchase:yyyy-MM-dd},{p.NewFirstPurchase:yyyy-MM-dd},{p.OldPurchaseDays},{p.NewPurchaseDays},{p.OldMeanSpend:R},{p.NewMeanSpend:R}\n"));
            }
        });
        outputs.Commit();
        int ids = rows.Select(r => r.CustomerId).Distinct(StringComparer.Ordinal).Count();
        io.Tell($"identity: no --aliases, so likely 'lost + new' pairs: {rows.Count:N0} rows, {ids:N0} ids; {pairs.Count:N0} pairs with score >= {minScore} (an id that stopped with 2+ purchase days, another starting 1..{withinDays} days later; score from timing against the old id's mean gap and spend per purchase day, one to one, best first) for a person to confirm; wrote {result.GetValue(output)?.FullName ?? "standard output"}.");
        return 0;
    }

    private static void WriteMerges(TextWriter w, IdentityMerges merges)
    {
        w.Write("canonical_id,alias_ids,rows,alias_rows,ids_in_log\n");
        foreach (var m in merges.Merges)
        {
            w.Write(Csv.Quote(m.CanonicalId));
            w.Write(',');
            w.Write(Csv.Quote(string.Join(';', m.AliasIds)));
            w.Write(string.Create(CultureInfo.InvariantCulture, $",{m.Rows},{m.AliasRows},{m.IdsInLog}\n"));
        }
    }
}
