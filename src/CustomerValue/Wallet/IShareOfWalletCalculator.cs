namespace CustomerValue.Wallet;

/// <summary>Share of wallet when the wallet (the customer's category spend) is known: our spend ÷ wallet.</summary>
/// <remarks>
/// Implementations are immutable and thread-safe. Inputs must be finite with 0 ≤ our spend ≤ wallet; a customer
/// with a zero wallet has share 0 (no category spend, nothing captured). The span overload allocates nothing,
/// checks lengths once and gives the same shares as the scalar one.
/// </remarks>
public interface IShareOfWalletCalculator
{
    /// <summary>The settings in use.</summary>
    ShareOfWalletOptions Options { get; }

    /// <summary>One customer's share of wallet.</summary>
    /// <param name="customerId">The customer (named in error messages).</param>
    /// <param name="ourSpend">Spend with us in the period.</param>
    /// <param name="wallet">Total category spend in the same period.</param>
    /// <exception cref="ArgumentException">A value is not finite, our spend is negative, or it exceeds the wallet.</exception>
    ShareOfWalletResult Calculate(string customerId, double ourSpend, double wallet);

    /// <summary>Shares of wallet for many customers; element i of <paramref name="customerIds"/> names row i in error messages.</summary>
    /// <param name="customerIds">The customers, or null to name rows by their 0-based index.</param>
    /// <param name="ourSpend">Spend with us.</param>
    /// <param name="wallet">Category spend.</param>
    /// <param name="share">Receives our spend ÷ wallet.</param>
    /// <exception cref="ArgumentException">The lengths differ, or a row is invalid (the message names the first bad row).</exception>
    void Calculate(IReadOnlyList<string>? customerIds, ReadOnlySpan<double> ourSpend, ReadOnlySpan<double> wallet, Span<double> share);
}
