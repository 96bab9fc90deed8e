using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Fitting;

namespace CustomerValue.Tests.Lifetime.Value;

public class PredictionIntervalTests
{
    private const double Lambda = 0.3, Mu = 0.05;

    private static readonly CovarianceMatrix Covariance = new(["lambda", "mu"], new[,] { { 0.0004, -0.00005 }, { -0.00005, 0.0001 } });

    private static readonly PredictionIntervals Intervals = new(new ExponentialLifetimeModel(Lambda, Mu), Covariance, p => new ExponentialLifetimeModel(p[0], p[1]));

    [Fact]
    public void The_standard_error_of_p_alive_matches_the_analytic_gradient()
    {
        const double x = 3, tx = 10, T = 25;
        double s = Lambda + Mu, d = T - tx, grow = Math.Exp(s * d);
        double q = Mu / s * (grow - 1), p = 1 / (1 + q);
        double dQdLambda = (-Mu / (s * s) * (grow - 1)) + (Mu / s * d * grow);
        double dQdMu = ((1 / s) - (Mu / (s * s))) * (grow - 1) + (Mu / s * d * grow);
        double[] g = [-p * p * dQdLambda, -p * p * dQdMu];
        double expectedSe = Math.Sqrt((g[0] * g[0] * 0.0004) + (2 * g[0] * g[1] * -0.00005) + (g[1] * g[1] * 0.0001));

        var interval = Intervals.ProbabilityAlive(x, tx, T);
        Assert.Equal(p, interval.Estimate, 15);
        Assert.Equal(expectedSe, interval.StandardError, expectedSe * 1e-7);
        Assert.Equal(p - (1.959963984540054 * expectedSe), interval.Lower, 1e-9);
        Assert.Equal(Math.Min(1, p + (1.959963984540054 * expectedSe)), interval.Upper, 1e-9);
        Assert.Equal(0.95, interval.Level);
    }

    [Fact]
    public void Expected_purchases_for_a_customer_known_alive_vary_only_with_the_rates()
    {
        // x = t_x = T = 0: P(alive) = 1, E[Y(t)] = λ(1 − e^(−μt))/μ.
        const double t = 20;
        double e = Lambda * -double.ExpM1(-Mu * t) / Mu;
        double dLambda = e / Lambda;
        double dMu = (Lambda * t * Math.Exp(-Mu * t) / Mu) - (e / Mu);
        double se = Math.Sqrt((dLambda * dLambda * 0.0004) + (2 * dLambda * dMu * -0.00005) + (dMu * dMu * 0.0001));
        var interval = Intervals.ExpectedPurchases(t, 0, 0, 0);
        Assert.Equal(e, interval.Estimate, 14);
        Assert.Equal(se, interval.StandardError, se * 1e-7);
    }

    [Fact]
    public void Clv_intervals_scale_with_a_fixed_spend_and_widen_with_spend_uncertainty()
    {
        var options = LifetimeValueOptions.Create(52, DiscountRate.PerYear(0.1));
        var one = Intervals.LifetimeValue(3, 10, 25, 1.0, options);
        var ten = Intervals.LifetimeValue(3, 10, 25, 10.0, options);
        Assert.Equal(one.StandardError * 10, ten.StandardError, ten.StandardError * 1e-6);

        var spend = new ShrinkageSpendModel(10, 2);
        var known = Intervals.LifetimeValue(3, 10, 25, 10, spend, null, null, options);
        var uncertain = Intervals.LifetimeValue(3, 10, 25, 10, spend, new CovarianceMatrix(["mean", "weight"], new[,] { { 4.0, 0 }, { 0, 0.1 } }), p => new ShrinkageSpendModel(p[0], p[1]), options);
        Assert.Equal(ten.Estimate, known.Estimate, 12);
        Assert.Equal(ten.StandardError, known.StandardError, ten.StandardError * 1e-6);
        // Spend (x m̄ + k mean)/(x + k) moves by k/(x + k) = 0.4 per unit of the mean (SE 2) and not at all with k when m̄ = mean.
        double spendTerm = known.Estimate / 10 * 0.4 * 2;
        Assert.Equal(Math.Sqrt((known.StandardError * known.StandardError) + (spendTerm * spendTerm)), uncertain.StandardError, uncertain.StandardError * 1e-6);
        Assert.Equal(known.Estimate, uncertain.Estimate);
    }

    [Fact]
    public void A_singular_fit_gives_nan_bounds_and_a_bad_level_is_refused()
    {
        var singular = new CovarianceMatrix(["lambda", "mu"], new[,] { { double.NaN, double.NaN }, { double.NaN, double.NaN } });
        var intervals = new PredictionIntervals(new ExponentialLifetimeModel(Lambda, Mu), singular, p => new ExponentialLifetimeModel(p[0], p[1]));
        var interval = intervals.ProbabilityAlive(1, 1, 2);
        Assert.True(double.IsNaN(interval.StandardError));
        Assert.False(double.IsNaN(interval.Estimate));
        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => new PredictionIntervals(new ExponentialLifetimeModel(Lambda, Mu), Covariance, p => new ExponentialLifetimeModel(p[0], p[1]), 1.0)).ParamName);
        Assert.Throws<ArgumentException>(() => new PredictionIntervals(new ExponentialLifetimeModel(Lambda, Mu), new CovarianceMatrix(["a"], new[,] { { 1.0 } }), p => new ExponentialLifetimeModel(p[0], p[1])));
    }
}
