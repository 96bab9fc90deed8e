namespace CustomerValue.Wallet;

/// <summary>One customer's share of wallet for one period.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="OurSpend">What the customer spent with us (0 ≤ our spend ≤ wallet).</param>
/// <param name="Wallet">The customer's total category spend, with us and elsewhere.</param>
/// <param name="Share">Our spend ÷ wallet, in [0, 1]; 0 when the wallet is 0.</param>
/// <param name="Headroom">Wallet − our spend: what the customer spends elsewhere (the growth potential).</param>
/// <param name="IsBigCustomer">True when <paramref name="Share"/> reaches the big-customer threshold.</param>
public readonly record struct ShareOfWalletResult(string CustomerId, double OurSpend, double Wallet, double Share, double Headroom, bool IsBigCustomer);
