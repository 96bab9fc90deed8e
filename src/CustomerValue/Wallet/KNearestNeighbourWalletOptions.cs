namespace CustomerValue.Wallet;

/// <summary>Settings of the k-nearest-neighbour wallet estimate.</summary>
/// <remarks>Immutable. <see cref="Validate"/> reports every invalid field in one exception.</remarks>
public sealed record KNearestNeighbourWalletOptions
{
    /// <summary>The defaults: 20 neighbours, the 0.9 quantile, standardised features.</summary>
    public static KNearestNeighbourWalletOptions Default { get; } = new();

    /// <summary>How many comparable customers to look at (the customer itself excluded). At least 1; default 20.</summary>
    public int Neighbours { get; init; } = 20;

    /// <summary>The quantile of the neighbours' spend taken as the realistic wallet. In (0, 1); default 0.9.</summary>
    public double Quantile { get; init; } = 0.9;

    /// <summary>
    /// Whether to standardise each feature to mean 0 and standard deviation 1 before measuring (Euclidean) distance,
    /// so that no feature dominates by its unit. Default true. A constant feature is left unscaled.
    /// </summary>
    public bool Standardize { get; init; } = true;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">One or more fields are invalid; the message lists them all.</exception>
    public void Validate() =>
        new OptionErrors(nameof(KNearestNeighbourWalletOptions))
            .Check(Neighbours >= 1, nameof(Neighbours), $"must be at least 1 (got {Neighbours})")
            .Range(Quantile, nameof(Quantile), 0, 1, minInclusive: false, maxInclusive: false)
            .ThrowIfAny();
}
