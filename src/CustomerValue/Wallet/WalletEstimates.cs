namespace CustomerValue.Wallet;

/// <summary>Estimated wallets of a set of customers, with the share of wallet and the headroom they imply.</summary>
/// <remarks>Immutable and thread-safe. Row i of every column belongs to <c>CustomerIds[i]</c>.</remarks>
public sealed class WalletEstimates
{
    private readonly string[] _ids;
    private readonly double[] _ourSpend;
    private readonly double[] _wallet;

    internal WalletEstimates(string method, double quantile, string[] ids, double[] ourSpend, double[] wallet)
    {
        Method = method;
        Quantile = quantile;
        _ids = ids;
        _ourSpend = ourSpend;
        _wallet = wallet;
    }

    /// <summary>How the wallets were estimated (for example <c>knn(k=20, q=0.9)</c>).</summary>
    public string Method { get; }

    /// <summary>The quantile of spend among comparable customers taken as the realistic wallet.</summary>
    public double Quantile { get; }

    /// <summary>The number of customers.</summary>
    public int Count => _ids.Length;

    /// <summary>The customers.</summary>
    public IReadOnlyList<string> CustomerIds => _ids;

    /// <summary>Spend with us.</summary>
    public ReadOnlySpan<double> OurSpend => _ourSpend;

    /// <summary>The realistic wallet: the high quantile of spend among comparable customers, never below our spend.</summary>
    public ReadOnlySpan<double> Wallet => _wallet;

    /// <summary>One customer's estimate as a share-of-wallet result (share, headroom, and the big-customer flag at the default threshold 0.8).</summary>
    public ShareOfWalletResult this[int index] => ResultAt(index, ShareOfWalletOptions.Default);

    /// <summary>One customer's estimate, judging the big-customer flag by the given settings.</summary>
    public ShareOfWalletResult ResultAt(int index, ShareOfWalletOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        double share = ShareOfWalletCalculator.Share(_ourSpend[index], _wallet[index]);
        return new ShareOfWalletResult(_ids[index], _ourSpend[index], _wallet[index], share, _wallet[index] - _ourSpend[index], share >= options.BigCustomerThreshold);
    }
}
