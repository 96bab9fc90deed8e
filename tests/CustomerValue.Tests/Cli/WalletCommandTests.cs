using System.Globalization;
using CustomerValue.Cli;

namespace CustomerValue.Tests.Cli;

/// <summary>The <c>wallet</c> command, called in-process.</summary>
public sealed class WalletCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-wallet-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Known_wallets_give_share_headroom_and_the_big_customer_flag()
    {
        string file = Write("w.csv", "customer_id,our_spend,wallet\nsmall,20,200\nbig,85,100\n");
        var lines = Lines(Run("wallet", "--wallets", file));
        Assert.Equal(["customer_id,our_spend,wallet,share,headroom,big_customer", "small,20,200,0.1,180,false", "big,85,100,0.85,15,true"], lines);
    }

    [Fact]
    public void Wallets_per_period_add_the_change_and_the_relationship_stage()
    {
        string file = Write("p.csv", "customer_id,period,our_spend,wallet\na,1997-Q2,20,100\na,1997-Q1,5,100\na,1997-Q3,60,100\na,1997-Q4,45,100\n");
        var lines = Lines(Run("wallet", "--wallets", file));
        Assert.Equal("customer_id,period,our_spend,wallet,share,headroom,big_customer,change_points,stage,stalled_then_fell", lines[0]);
        Assert.Equal(["pursuit", "growth", "won", "declining"], lines.Skip(1).Select(l => l.Split(',')[^2]));
        Assert.All(lines.Skip(1), l => Assert.EndsWith(",false", l, StringComparison.Ordinal));

        // 40, 41, 40 % (stalled two quarters), then 30 %: the early warning.
        string stalled = Write("s.csv", "customer_id,period,our_spend,wallet\nb,1997-Q1,40,100\nb,1997-Q2,41,100\nb,1997-Q3,40,100\nb,1997-Q4,30,100\n");
        Assert.Equal(["false", "false", "false", "true"], Lines(Run("wallet", "--wallets", stalled)).Skip(1).Select(l => l.Split(',')[^1]));
        Assert.Equal("1997-Q1", lines[1].Split(',')[1]);
        Assert.Equal(-15, double.Parse(lines[4].Split(',')[7], CultureInfo.InvariantCulture), 9);
    }

    [Fact]
    public void Brand_ranks_follow_the_wallet_allocation_rule_with_tied_ranks_averaged()
    {
        string file = Write("r.csv", "customer_id,brand,rank\nc1,us,1\nc1,x,2\nc1,y,2\n");
        var lines = Lines(Run("wallet", "--ranks", file));
        Assert.Equal(["customer_id,brand,rank,average_rank,brands,share", "c1,us,1,1,3,0.5", "c1,x,2,2.5,3,0.25", "c1,y,2,2.5,3,0.25"], lines);
    }

    [Fact]
    public void Features_give_realistic_wallets_never_below_our_spend()
    {
        var rng = new Random(3);
        var csv = new System.Text.StringBuilder("customer_id,our_spend,employees,sites\n");
        for (int i = 0; i < 60; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"c{i},{rng.Next(0, 1000)},{rng.Next(1, 500)},{rng.Next(1, 10)}\n");
        }

        string file = Write("f.csv", csv.ToString());
        foreach (var method in new[] { "knn", "quantile-regression" })
        {
            var rows = Lines(Run("wallet", "--features", file, "--method", method, "--neighbours", "10")).Skip(1).Select(l => l.Split(',')).ToArray();
            Assert.Equal(60, rows.Length);
            Assert.All(rows, r => Assert.True(double.Parse(r[2], CultureInfo.InvariantCulture) >= double.Parse(r[1], CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void Without_a_file_it_estimates_wallets_for_the_cdnow_sample()
    {
        var lines = Lines(Run("wallet", "--as-of", "1997-09-30"));
        Assert.Equal("customer_id,our_spend,wallet,share,headroom,big_customer", lines[0]);
        Assert.Equal(2358, lines.Length);
    }

    [Fact]
    public void Bad_rows_name_the_file_line_customer_and_field()
    {
        string file = Write("bad.csv", "customer_id,our_spend,wallet\nok,1,2\nacme,120,100\n");
        var (code, output, error) = RunRaw("wallet", "--wallets", file);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal("customer-value: error: bad.csv: line 3: Customer 'acme': our_spend 120 exceeds the wallet 100; the wallet is the customer's total category spend, ours included.", error.TrimEnd());
        string notNumber = Write("nan.csv", "customer_id,our_spend,wallet\nx,abc,2\n");
        Assert.Contains("line 2, field 'our_spend': 'abc' is not a finite number", RunRaw("wallet", "--wallets", notNumber).Error, StringComparison.Ordinal);
        string missing = Write("missing.csv", "customer_id,brand\nx,y\n");
        Assert.Contains("the column 'rank' is missing", RunRaw("wallet", "--ranks", missing).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_input_files_or_no_as_of_date_are_refused()
    {
        string file = Write("w.csv", "customer_id,our_spend,wallet\na,1,2\n");
        Assert.Equal(2, RunRaw("wallet", "--wallets", file, "--ranks", file).Code);
        Assert.Contains("--as-of", RunRaw("wallet").Error, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string Run(params string[] args)
    {
        var (code, output, error) = RunRaw(args);
        Assert.True(code == 0, error);
        return output;
    }

    private static (int Code, string Output, string Error) RunRaw(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
