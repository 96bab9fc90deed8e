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
        var command = new Command(
            "identity",
            "One customer across ids. With --aliases: the merges the map makes in the log, one row per canonical id with aliases: canonical_id,alias_ids (';'-joined),rows,alias_rows,ids_in_log.");
        input.AddTo(command);
        command.Options.Add(output);
        input.Aliases.Required = true;
        command.SetAction(result => io.Guard(() =>
        {
            var aliases = input.AliasMapOf(result)!;
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
