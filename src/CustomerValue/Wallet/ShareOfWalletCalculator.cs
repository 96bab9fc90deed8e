using System.Globalization;

namespace CustomerValue.Wallet;

/// <summary>The default <see cref="IShareOfWalletCalculator"/>: share = our spend ÷ wallet, validated per customer.</summary>
/// <remarks>Immutable and thread-safe; create it with <c>new</c>, no DI needed.</remarks>
public sealed class ShareOfWalletCalculator : IShareOfWalletCalculator
{
    /// <summary>Creates a calculator with the given settings (default: <see cref="ShareOfWalletOptions.Default"/>).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ShareOfWalletCalculator(ShareOfWalletOptions? options = null)
    {
        Options = options ?? ShareOfWalletOptions.Default;
        Options.Validate();
    }

    /// <inheritdoc/>
    public ShareOfWalletOptions Options { get; }

    /// <inheritdoc/>
    public ShareOfWalletResult Calculate(string customerId, double ourSpend, double wallet)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        Check(customerId, ourSpend, wallet);
        double share = Share(ourSpend, wallet);
        return new ShareOfWalletResult(customerId, ourSpend, wallet, share, wallet - ourSpend, share >= Options.BigCustomerThreshold);
    }

    /// <inheritdoc/>
    public void Calculate(IReadOnlyList<string>? customerIds, ReadOnlySpan<double> ourSpend, ReadOnlySpan<double> wallet, Span<double> share)
    {
        if (ourSpend.Length != wallet.Length || share.Length != ourSpend.Length || (customerIds is not null && customerIds.Count != ourSpend.Length))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Share of wallet: our spend ({ourSpend.Length}), wallet ({wallet.Length}), destination ({share.Length}) and customer ids ({customerIds?.Count.ToString(CultureInfo.InvariantCulture) ?? "none"}) must have the same length."));
        }

        for (int i = 0; i < ourSpend.Length; i++)
        {
            double o = ourSpend[i];
            double w = wallet[i];
            if (!IsValid(o, w))
            {
                Check(customerIds?[i] ?? ("row " + i.ToString(CultureInfo.InvariantCulture)), o, w);
            }

            share[i] = Share(o, w);
        }
    }

    /// <summary>Whether the big-customer flag applies to a share.</summary>
    public bool IsBigCustomer(double share) => share >= Options.BigCustomerThreshold;

    internal static double Share(double ourSpend, double wallet) => wallet > 0 ? Math.Min(1.0, ourSpend / wallet) : 0.0;

    internal static bool IsValid(double ourSpend, double wallet) =>
        double.IsFinite(ourSpend) && double.IsFinite(wallet) && ourSpend >= 0 && ourSpend <= wallet;

    internal static void Check(string customerId, double ourSpend, double wallet)
    {
        if (!double.IsFinite(ourSpend))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Customer '{customerId}': our_spend must be finite (got {ourSpend})."), nameof(ourSpend));
        }

        if (!double.IsFinite(wallet))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Customer '{customerId}': wallet must be finite (got {wallet})."), nameof(wallet));
        }

        if (ourSpend < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Customer '{customerId}': our_spend must not be negative (got {ourSpend})."), nameof(ourSpend));
        }

        if (ourSpend > wallet)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Customer '{customerId}': our_spend {ourSpend} exceeds the wallet {wallet}; the wallet is the customer's total category spend, ours included."), nameof(ourSpend));
        }
    }
}
