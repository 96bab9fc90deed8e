using CustomerValue.Churn;
using CustomerValue.Tests.Cli;

namespace CustomerValue.Tests.Churn;

/// <summary>
/// Share of wallet that stalled, then fell, as a churn reason (issue 15.2): the policy raises and explains it, the batch
/// path agrees with the scalar one, and <c>warn --wallets</c> and <c>score --wallets</c> give the same reasons.
/// </summary>
public sealed class ShareOfWalletReasonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-sow-reason-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_policy_raises_explains_and_counts_the_reason()
    {
        var policy = new ChurnWarningPolicy();
        var plain = new ChurnSignals("a", 3) { MeanGapDays = 30, ShareOfWalletChangePoints = -6 };
        var stalled = plain with { ShareOfWalletStalledThenFell = true };
        Assert.Equal(ChurnReasonCodes.None, policy.Evaluate(plain).Reasons);
        var w = policy.Evaluate(stalled);
        Assert.Equal("sow_stalled_then_fell", w.Reasons.ToCodes());
        Assert.Equal(ChurnLevel.Watch, w.Level);
        var reason = Assert.Single(w.Explanations);
        Assert.Equal(6, reason.Measured, 12);
        Assert.Equal("Share of wallet stalled, then fell 6.0 percentage points in the latest period: the customer is moving spend to competitors.", reason.Message);

        // With a 10-point fall both share-of-wallet reasons, and two reasons make a warning.
        var both = policy.Evaluate(stalled with { ShareOfWalletChangePoints = -10 });
        Assert.Equal("sow_drop;sow_stalled_then_fell", both.Reasons.ToCodes());
        Assert.Equal(ChurnLevel.Warning, both.Level);

        // The batch path gives the same.
        var columns = new ChurnSignalColumns(new double[] { 3, 3, 3 })
        {
            MeanGapDays = new double[] { 30, 30, 30 },
            ShareOfWalletChangePoints = new double[] { -6, -6, -10 },
            ShareOfWalletStalledThenFell = new[] { false, true, true },
        };
        var destination = ChurnWarningDestination.Allocate(3);
        policy.Evaluate(columns, destination);
        Assert.Equal([ChurnReasonCodes.None, w.Reasons, both.Reasons], destination.Reasons.ToArray());
        Assert.Throws<ArgumentException>(() => policy.Evaluate(columns with { ShareOfWalletStalledThenFell = new[] { true } }, ChurnWarningDestination.Allocate(3)));
    }

    [Fact]
    public void Warn_and_score_with_known_wallets_give_the_same_reasons_and_leave_other_customers_alone()
    {
        // Customer 1: shares 40, 41, 40, 30 % -> stalled (+1, -1), then -10: both reasons. Customer 2: 40, 41, 40, 34 ->
        // stalled, then -6: only sow_stalled_then_fell. Customer 3: 40, 50, 40, 34 -> no stall (+10): neither.
        string wallets = Path.Combine(_dir, "wallets.csv");
        File.WriteAllLines(wallets,
        [
            "customer_id,period,our_spend,wallet",
            "1,1997-Q3,40,100", "1,1997-Q4,41,100", "1,1998-Q1,40,100", "1,1998-Q2,30,100",
            "2,1997-Q3,40,100", "2,1998-Q2,34,100", "2,1998-Q1,40,100", "2,1997-Q4,41,100",
            "3,1997-Q3,40,100", "3,1997-Q4,50,100", "3,1998-Q1,40,100", "3,1998-Q2,34,100",
        ]);
        var plainWarn = Table(SummarizeCommandTests.Run("warn", "--sample", "--as-of", "1998-06-30").Out, 3);
        var warn = Table(SummarizeCommandTests.Run("warn", "--sample", "--as-of", "1998-06-30", "--wallets", wallets).Out, 3);
        var score = Table(SummarizeCommandTests.Run("score", "--sample", "--as-of", "1998-06-30", "--wallets", wallets).Out, 12);
        Assert.Contains("sow_drop;sow_stalled_then_fell", warn["1"], StringComparison.Ordinal);
        Assert.EndsWith("sow_stalled_then_fell", warn["2"], StringComparison.Ordinal);
        Assert.DoesNotContain("sow_drop", warn["2"], StringComparison.Ordinal);
        Assert.Equal(plainWarn["3"], warn["3"]);
        foreach (var (id, reasons) in warn)
        {
            Assert.Equal(reasons, score[id]);
            if (id is not ("1" or "2"))
            {
                Assert.Equal(plainWarn[id], reasons);
            }
        }

        // The model-free path reads them too.
        var free = Table(SummarizeCommandTests.Run("warn", "--sample", "--as-of", "1998-06-30", "--model-free", "--wallets", wallets).Out, 3);
        Assert.Contains("sow_drop;sow_stalled_then_fell", free["1"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_period_listed_twice_is_an_error_naming_the_file_and_line()
    {
        string wallets = Path.Combine(_dir, "w.csv");
        File.WriteAllLines(wallets, ["customer_id,period,our_spend,wallet", "1,1998-Q1,40,100", "1,1998-Q1,30,100"]);
        var (code, _, error) = SummarizeCommandTests.Run("warn", "--sample", "--as-of", "1998-06-30", "--wallets", wallets);
        Assert.Equal(2, code);
        Assert.Contains("w.csv: line 3: customer '1' has period '1998-Q1' twice.", error, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Table(string csv, int column) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[column]);
}
