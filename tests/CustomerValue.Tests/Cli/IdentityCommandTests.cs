using System.Globalization;
using CustomerValue.Cli;
using CustomerValue.Tests.Identity;

namespace CustomerValue.Tests.Cli;

/// <summary>The <c>identity</c> command and <c>--aliases</c> on the other commands, called in-process.</summary>
public sealed class IdentityCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-identity-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Identity_reports_each_canonical_id_with_its_aliases_and_rows()
    {
        // By hand: c has rows under c (1), a (2) and b (1) = 4 rows, 3 of them under aliases, 3 ids present;
        // y has the alias x, which is not in the log: 1 row, 0 under aliases, 1 id present.
        string log = Write("log.csv", "customer_id,date,amount\na,2020-01-01,1\na,2020-01-02,1\nb,2020-02-01,1\nc,2020-03-01,1\ny,2020-01-01,1\nz,2020-01-01,1\n");
        string map = Write("map.csv", "alias_id,customer_id\na,b\nb,c\nx,y\n");
        var (code, output, error) = Run("identity", "--transactions", log, "--aliases", map);
        Assert.Equal(0, code);
        Assert.Equal("canonical_id,alias_ids,rows,alias_rows,ids_in_log\nc,a;b,4,3,3\ny,x,1,0,1\n", output);
        Assert.Contains("3 aliases of 2 customers; 6 rows, 3 of them under an alias id; 5 ids in the log are 3 customers.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_in_the_map_fails_every_command_with_one_line_naming_the_ids()
    {
        string map = Write("cycle.csv", "alias_id,customer_id\n1,2\n2,1\n");
        foreach (var args in new[] { new[] { "identity" }, ["summarize", "--calibration-end", "1997-09-30"], ["warn", "--as-of", "1998-06-30", "--model-free"] })
        {
            var (code, output, error) = Run([.. args, "--aliases", map]);
            Assert.Equal(2, code);
            Assert.Equal(string.Empty, output);
            Assert.Equal("customer-value: error: the aliases form a cycle, so no id is the customer: '1' -> '2' -> '1' ('cycle.csv' lines 2, 3).\n", error.ReplaceLineEndings("\n"));
        }
    }

    [Fact]
    public void Split_customers_with_the_map_give_the_original_outputs_of_summarize_segment_and_warn()
    {
        var split = CdnowSplit.Make(11);
        string log = Write("split.csv", split.Csv);
        string original = Write("original.csv", CdnowSplit.OriginalCsv());
        string map = Write("aliases.csv", split.AliasCsv);
        var commands = new[]
        {
            new[] { "summarize", "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30" },
            ["segment", "--as-of", "1998-06-30"],
            ["warn", "--as-of", "1998-06-30"],
        };
        foreach (var command in commands)
        {
            var expected = Run([.. command, "--transactions", original]);
            var merged = Run([.. command, "--transactions", log, "--aliases", map]);
            var unmerged = Run([.. command, "--transactions", log]);
            Assert.Equal(0, expected.Code);
            Assert.Equal(expected.Output, merged.Output);
            Assert.NotEqual(expected.Output, unmerged.Output);
        }
    }

    [Fact]
    public void Without_aliases_identity_lists_likely_pairs_best_first()
    {
        // A log starting 2020-01-01; "old" buys every 10 days in July and stops, "new" starts 15 days later with the
        // same spend; "other" starts in September with ten times the spend. Both are candidates for "old"; "new" wins.
        string log = Write("pairs.csv", "customer_id,date,amount\nfirst,2020-01-01,20\nold,2020-07-01,20\nold,2020-07-11,20\nold,2020-07-21,20\nnew,2020-08-05,20\nnew,2020-08-25,20\nother,2020-09-01,200\nother,2020-09-30,180\n");
        var (code, output, error) = Run("identity", "--transactions", log, "--min-score", "0");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("old_id,new_id,score,evidence,timing_evidence,spend_evidence,gap_days,old_mean_gap_days,old_last_purchase,new_first_purchase,old_purchase_days,new_purchase_days,old_mean_spend,new_mean_spend", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("old,new,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",15,10,2020-07-21,2020-08-05,3,2,20,20", lines[1], StringComparison.Ordinal);
        Assert.Contains("identity: no --aliases, so likely 'lost + new' pairs: 8 rows, 4 ids; 1 pairs", error, StringComparison.Ordinal);
        Assert.Equal(2, Run("identity", "--transactions", log, "--within-days", "0").Code);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
