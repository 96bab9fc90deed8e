namespace CustomerValue.Wallet;

/// <summary>Settings of the share-of-wallet calculation.</summary>
/// <remarks>Immutable. <see cref="Validate"/> reports every invalid field in one exception; consumers call it when they are built.</remarks>
public sealed record ShareOfWalletOptions
{
    /// <summary>The default settings: a big customer from a share of 0.8.</summary>
    public static ShareOfWalletOptions Default { get; } = new();

    /// <summary>
    /// The share of wallet from which a customer is a "big customer" (the source documents: their spend with us is 80%
    /// or more of their category spend). In (0, 1]; default 0.8.
    /// </summary>
    public double BigCustomerThreshold { get; init; } = 0.8;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">One or more fields are invalid; the message lists them all.</exception>
    public void Validate() =>
        new OptionErrors(nameof(ShareOfWalletOptions))
            .Range(BigCustomerThreshold, nameof(BigCustomerThreshold), 0, 1, minInclusive: false)
            .ThrowIfAny();
}
