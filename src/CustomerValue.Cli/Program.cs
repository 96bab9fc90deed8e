using System.CommandLine;
using CustomerValue.Cli.Commands;

namespace CustomerValue.Cli;

/// <summary>The <c>customer-value</c> command line.</summary>
internal static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with the given output streams (used by tests).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = BuildRoot(output, error);
        var config = new InvocationConfiguration { Output = output, Error = error };
        return root.Parse(args).Invoke(config);
    }

    internal static RootCommand BuildRoot(TextWriter output, TextWriter error)
    {
        var io = new CliIo(output, error);
        var root = new RootCommand("customer-value: what each customer is worth and what to do about it. Every command works on the embedded CDNOW sample when no input file is given (said on stderr; --sample asks for it).");
        root.Options.Add(CliParse.SampleOption());
        root.Subcommands.Add(OverviewCommand.Create(io));
        root.Subcommands.Add(SummarizeCommand.Create(io));
        root.Subcommands.Add(SqlCommand.Create(io));
        root.Subcommands.Add(FitCommand.Create(io));
        root.Subcommands.Add(PredictCommand.Create(io));
        root.Subcommands.Add(SegmentCommand.Create(io));
        root.Subcommands.Add(WarnCommand.Create(io));
        root.Subcommands.Add(WalletCommand.Create(io));
        root.Subcommands.Add(ScoreCommand.Create(io));
        root.Subcommands.Add(ReportCommand.Create(io));
        root.Subcommands.Add(BasketCommand.Create(io));
        root.Subcommands.Add(ProfitCommand.Create(io));
        root.Subcommands.Add(SequencesCommand.Create(io));
        root.Subcommands.Add(CrossSellCommand.Create(io));
        root.Subcommands.Add(IdentityCommand.Create(io));
        root.Subcommands.Add(MigrateCommand.Create(io));
        root.Subcommands.Add(WinbackCommand.Create(io));
        root.Subcommands.Add(UpliftCommand.Create(io));
        return root;
    }
}
