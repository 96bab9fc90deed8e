using CustomerValue.Wallet;

namespace CustomerValue.Tests.Wallet;

public class KNearestNeighbourWalletEstimatorTests
{
    [Fact]
    public void The_wallet_is_the_quantile_of_the_nearest_customers_spend_excluding_the_customer_itself()
    {
        // One feature; customers a..e sit at 0..4 with spends 10..50. Each customer's two nearest others decide.
        var input = WalletEstimationInput.Create(["a", "b", "c", "d", "e"], ["size"], [0, 1, 2, 3, 4], [10, 20, 30, 40, 50]);
        var estimator = new KNearestNeighbourWalletEstimator(new KNearestNeighbourWalletOptions { Neighbours = 2, Quantile = 0.5, Standardize = false });
        var w = estimator.Estimate(input).Wallet.ToArray();
        Assert.Equal(25, w[0], 12);        // median of 20, 30
        Assert.Equal(30, w[2], 12);        // median of 20, 40 = 30
        Assert.Equal(50, w[4], 12);        // median of 30, 40 = 35, but never below its own 50
    }

    [Fact]
    public void Type_seven_quantile_interpolates_between_neighbours()
    {
        var input = WalletEstimationInput.Create(["a", "b", "c", "d", "e", "f"], ["x"], [0, 1, 2, 3, 4, 100], [0, 100, 200, 300, 400, 0]);
        var estimator = new KNearestNeighbourWalletEstimator(new KNearestNeighbourWalletOptions { Neighbours = 4, Quantile = 0.9, Standardize = false });
        // Customer a's nearest four: b..e with spends 100..400; h = 3·0.9 = 2.7 → 300 + 0.7·100 = 370.
        Assert.Equal(370, estimator.Estimate(input).Wallet[0], 9);
    }

    [Fact]
    public void Standardising_stops_a_large_unit_feature_from_dominating()
    {
        // Revenue spreads over tens of units, the site count over 5: raw distance follows revenue, standardised distance weighs both.
        string[] ids = ["a", "b", "c", "d"];
        double[] features = [1_000_000, 0, 1_000_030, 5, 1_000_040, 0, 1_000_070, 5];
        var input = WalletEstimationInput.Create(ids, ["revenue", "sites"], features, [5, 50, 6, 60]);
        var raw = new KNearestNeighbourWalletEstimator(new() { Neighbours = 1, Standardize = false }).Estimate(input).Wallet.ToArray();
        var std = new KNearestNeighbourWalletEstimator(new() { Neighbours = 1, Standardize = true }).Estimate(input).Wallet.ToArray();
        Assert.Equal(50, raw[0]);   // nearest by raw revenue is b
        Assert.Equal(6, std[0]);    // standardised, the site count makes c the nearest
    }

    [Fact]
    public void The_wallet_is_never_below_our_spend_and_headroom_is_wallet_minus_spend()
    {
        var rng = new Random(7);
        int n = 300;
        var features = Enumerable.Range(0, n * 2).Select(_ => rng.NextDouble() * 10).ToArray();
        var spend = Enumerable.Range(0, n).Select(i => features[i * 2] * 100 * rng.NextDouble()).ToArray();
        var input = WalletEstimationInput.Create(Enumerable.Range(0, n).Select(i => "c" + i).ToArray(), ["f1", "f2"], features, spend);
        var est = new KNearestNeighbourWalletEstimator().Estimate(input);
        for (int i = 0; i < n; i++)
        {
            var r = est[i];
            Assert.True(r.Wallet >= r.OurSpend);
            Assert.Equal(r.Wallet - r.OurSpend, r.Headroom);
            Assert.InRange(r.Share, 0, 1);
        }

        Assert.Equal("knn(k=20, q=0.9)", est.Method);
    }

    [Fact]
    public void Too_few_customers_for_k_is_an_error_that_says_so()
    {
        var input = WalletEstimationInput.Create(["a", "b"], ["x"], [0, 1], [1, 2]);
        var e = Assert.Throws<ArgumentException>(() => new KNearestNeighbourWalletEstimator().Estimate(input));
        Assert.Contains("20 were asked for", e.Message);
    }

    [Fact]
    public void Invalid_options_report_every_field_at_once()
    {
        var e = Assert.Throws<ArgumentException>(() => new KNearestNeighbourWalletEstimator(new() { Neighbours = 0, Quantile = 1 }));
        Assert.Contains("Neighbours", e.Message);
        Assert.Contains("Quantile", e.Message);
    }

    [Fact]
    public void Bad_input_names_the_customer_and_the_feature()
    {
        var e = Assert.Throws<ArgumentException>(() => WalletEstimationInput.Create(["a", "b"], ["employees"], [1, double.NaN], [1, 2]));
        Assert.Contains("'b'", e.Message);
        Assert.Contains("employees", e.Message);
        var negative = Assert.Throws<ArgumentException>(() => WalletEstimationInput.Create(["a", "b"], ["employees"], [1, 2], [1, -2]));
        Assert.Contains("our_spend", negative.Message);
    }
}
