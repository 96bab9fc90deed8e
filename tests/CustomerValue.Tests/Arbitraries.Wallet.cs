using FsCheck;
using FsCheck.Fluent;

namespace CustomerValue.Tests;

public static partial class Arbitraries
{
    /// <summary>Survey ranks of 1..12 brands by one customer, on a 1..5 ordinal scale, so ties are common.</summary>
    public static Arbitrary<BrandRanks> BrandRankSets() =>
        Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 5), n))
            .Select(r => new BrandRanks([.. r.Select(v => (double)v)]))
            .ToArbitrary();

    /// <summary>A valid (our spend, wallet) pair: wallet 0..1e6 with cents, our spend a fraction of it (including 0 and all).</summary>
    public static Arbitrary<SpendAndWallet> SpendAndWallets() =>
        Gen.Choose(0, 100_000_000).SelectMany(walletCents =>
            Gen.Frequency(
                (1, Gen.Constant(0.0)),
                (1, Gen.Constant(1.0)),
                (6, Gen.Choose(0, 1000).Select(p => p / 1000.0)))
            .Select(f => new SpendAndWallet(walletCents / 100.0 * f, walletCents / 100.0)))
        .ToArbitrary();
}

/// <summary>One customer's brand ranks (1 = most preferred).</summary>
public sealed record BrandRanks(double[] Ranks)
{
    /// <inheritdoc/>
    public override string ToString() => string.Join(",", Ranks);
}

/// <summary>Spend with us and the customer's wallet.</summary>
public sealed record SpendAndWallet(double OurSpend, double Wallet);
