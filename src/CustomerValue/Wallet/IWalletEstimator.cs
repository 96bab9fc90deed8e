namespace CustomerValue.Wallet;

/// <summary>
/// Estimates each customer's wallet when their category spend is unknown, as the "realistic wallet" of Perlich,
/// Rosset et al. (KDD 2007): a high quantile of spend with us among comparable customers, never below the customer's
/// own spend. Headroom = wallet − our spend is the growth potential behind Most Growable Customers.
/// </summary>
/// <remarks>Implementations are immutable and thread-safe; they never return NaN or infinite wallets.</remarks>
public interface IWalletEstimator
{
    /// <summary>Estimates the wallet of every customer in <paramref name="input"/>, learning from the same customers.</summary>
    /// <exception cref="ArgumentException">The input is too small for the method (the message says why).</exception>
    WalletEstimates Estimate(WalletEstimationInput input);
}
