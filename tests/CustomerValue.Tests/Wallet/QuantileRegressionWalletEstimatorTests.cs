using CustomerValue.Wallet;

namespace CustomerValue.Tests.Wallet;

public class QuantileRegressionWalletEstimatorTests
{
    private static WalletEstimationInput Synthetic(int n, int seed)
    {
        // spend = 1 + 2·x + U(0, 10): the 0.9 quantile line is 10 + 2·x.
        var rng = new Random(seed);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = rng.NextDouble() * 50;
            y[i] = 1 + (2 * x[i]) + (rng.NextDouble() * 10);
        }

        return WalletEstimationInput.Create(Enumerable.Range(0, n).Select(i => "c" + i).ToArray(), ["x"], x, y);
    }

    [Fact]
    public void It_recovers_the_conditional_ninety_percent_quantile_line()
    {
        var fit = new QuantileRegressionWalletEstimator().Fit(Synthetic(4000, 1));
        Assert.True(fit.Converged, fit.StopReason);
        Assert.Equal(10, fit.Intercept, 0.5);
        Assert.Equal(2, fit.Coefficients[0], 0.02);
    }

    [Fact]
    public void About_a_fraction_tau_of_customers_lie_below_the_fit()
    {
        var input = Synthetic(2000, 2);
        var fit = new QuantileRegressionWalletEstimator(new QuantileRegressionOptions { Quantile = 0.75 }).Fit(input);
        int below = 0;
        for (int i = 0; i < input.Count; i++)
        {
            below += input.OurSpend[i] < fit.Predict(input.FeaturesOf(i)) ? 1 : 0;
        }

        Assert.Equal(0.75, below / (double)input.Count, 0.01);
    }

    [Fact]
    public void The_fit_minimises_the_pinball_loss_against_nearby_lines()
    {
        var input = Synthetic(1000, 3);
        var fit = new QuantileRegressionWalletEstimator().Fit(input);
        double Loss(double a, double b)
        {
            var predicted = new double[input.Count];
            for (int i = 0; i < input.Count; i++)
            {
                predicted[i] = a + (b * input.FeaturesOf(i)[0]);
            }

            return Quantiles.PinballLoss(input.OurSpend, predicted, 0.9);
        }

        double best = Loss(fit.Intercept, fit.Coefficients[0]);
        Assert.Equal(fit.PinballLoss, best, 9);
        foreach (double da in new[] { -0.05, 0.05 })
        {
            foreach (double db in new[] { -0.002, 0, 0.002 })
            {
                Assert.True(best <= Loss(fit.Intercept + da, fit.Coefficients[0] + db) + 1e-9);
            }
        }
    }

    [Fact]
    public void Wallets_are_finite_and_never_below_our_spend_even_with_a_constant_feature()
    {
        var input = WalletEstimationInput.Create(["a", "b", "c", "d"], ["same", "x"], [1, 0, 1, 1, 1, 2, 1, 3], [0, 1e9, 5, 1e-9]);
        var est = new QuantileRegressionWalletEstimator().Estimate(input);
        for (int i = 0; i < est.Count; i++)
        {
            Assert.True(double.IsFinite(est.Wallet[i]));
            Assert.True(est.Wallet[i] >= est.OurSpend[i]);
        }
    }

    [Fact]
    public void Fewer_customers_than_coefficients_is_an_error() =>
        Assert.Throws<ArgumentException>(() => new QuantileRegressionWalletEstimator().Fit(WalletEstimationInput.Create(["a"], ["x"], [1], [1])));

    [Fact]
    public void Pinball_loss_weights_under_and_over_prediction_by_tau()
    {
        Assert.Equal(0.9, Quantiles.PinballLoss([1], [0], 0.9), 12);
        Assert.Equal(0.1, Quantiles.PinballLoss([0], [1], 0.9), 12);
    }
}
