namespace CustomerValue.Wallet;

/// <summary>One customer's share of wallet over consecutive periods, its changes and the relationship stage it implies.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ShareOfWalletTrend
{
    private readonly double[] _shares;
    private readonly double[] _changes;
    private readonly RelationshipStage[] _stages;
    private readonly bool[] _stalledThenFell;

    private ShareOfWalletTrend(string customerId, double[] shares, double[] changes, RelationshipStage[] stages, bool[] stalledThenFell)
    {
        _stalledThenFell = stalledThenFell;
        CustomerId = customerId;
        _shares = shares;
        _changes = changes;
        _stages = stages;
    }

    /// <summary>The customer.</summary>
    public string CustomerId { get; }

    /// <summary>Share of wallet per period, oldest first.</summary>
    public IReadOnlyList<double> Shares => _shares;

    /// <summary>Change from the previous period in percentage points (NaN for the first period).</summary>
    public IReadOnlyList<double> ChangePoints => _changes;

    /// <summary>The stage after each period.</summary>
    public IReadOnlyList<RelationshipStage> Stages => _stages;

    /// <summary>Per period: the share stalled, then fell (<see cref="RelationshipStageOptions.StalledThenFell"/>), an early warning of churn.</summary>
    public IReadOnlyList<bool> StalledThenFell => _stalledThenFell;

    /// <summary>The stage after the latest period.</summary>
    public RelationshipStage Stage => _stages[^1];

    /// <summary>Builds the trend of one customer from spend with us and the wallet per period (oldest first).</summary>
    /// <param name="customerId">The customer (named in error messages).</param>
    /// <param name="ourSpend">Spend with us per period.</param>
    /// <param name="wallet">Category spend per period.</param>
    /// <param name="options">Stage thresholds (default <see cref="RelationshipStageOptions.Default"/>).</param>
    /// <exception cref="ArgumentException">No periods, lengths differ, or a period's values are invalid (0 ≤ our spend ≤ wallet, finite).</exception>
    public static ShareOfWalletTrend Create(string customerId, ReadOnlySpan<double> ourSpend, ReadOnlySpan<double> wallet, RelationshipStageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        options ??= RelationshipStageOptions.Default;
        options.Validate();
        if (ourSpend.IsEmpty || ourSpend.Length != wallet.Length)
        {
            throw new ArgumentException($"Customer '{customerId}': share of wallet over time needs at least one period and as many wallets as spends.", nameof(wallet));
        }

        int n = ourSpend.Length;
        var shares = new double[n];
        var changes = new double[n];
        var stages = new RelationshipStage[n];
        for (int i = 0; i < n; i++)
        {
            ShareOfWalletCalculator.Check(customerId, ourSpend[i], wallet[i]);
            shares[i] = ShareOfWalletCalculator.Share(ourSpend[i], wallet[i]);
            double previous = i > 0 ? shares[i - 1] : double.NaN;
            changes[i] = i > 0 ? (shares[i] - previous) * 100.0 : double.NaN;
            stages[i] = options.Classify(previous, shares[i]);
        }

        var stalled = new bool[n];
        for (int i = 0; i < n; i++)
        {
            stalled[i] = options.StalledThenFell(shares, i);
        }

        return new ShareOfWalletTrend(customerId, shares, changes, stages, stalled);
    }
}
