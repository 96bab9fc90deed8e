using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime;

/// <summary>
/// sBG on the two published retention series (Fader &amp; Hardie 2007), fitted on years 1-7: Regular α = 0.704,
/// β = 1.182 (LL ≈ −1680.27); High End α = 0.668, β = 3.806 (LL ≈ −1611.16); High End projected survival for
/// years 8-12 ≈ 0.460 0.436 0.414 0.395 0.378 (fractions of the original cohort still active, S(t)).
/// </summary>
public sealed class ShiftedBetaGeometricGoldenTests
{
    private static readonly double[] RegularAll = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173];
    private static readonly double[] HighEndAll = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394];

    private static double[] Years0To7(double[] series) => series[..8];

    [Theory]
    [InlineData("regular", 0.704, 1.182, -1680.27)]
    [InlineData("high end", 0.668, 3.806, -1611.16)]
    public void Fit_on_years_1_to_7_reproduces_the_published_parameters(string series, double alpha, double beta, double logLikelihood)
    {
        var fit = ShiftedBetaGeometricModel.Fit(Years0To7(series == "regular" ? RegularAll : HighEndAll));
        Assert.True(fit.Converged, $"stopped: {fit.StopReason}");
        Assert.Equal(alpha, Math.Round(fit.Parameters.Alpha, 3));
        Assert.Equal(beta, Math.Round(fit.Parameters.Beta, 3));
        Assert.Equal(logLikelihood, fit.LogLikelihood, 0.05);
        Assert.Equal(1000, fit.CustomerCount);
        Assert.True(fit.HasStandardErrors);
    }

    [Fact]
    public void Log_likelihood_at_the_published_parameters_matches_mpmath()
    {
        // mpmath (30 digits) at the rounded published parameters: −1680.26519055, −1611.15815035.
        Assert.Equal(-1680.26519055, new ShiftedBetaGeometricModel(ShiftedBetaGeometricParameters.Create(0.704, 1.182)).LogLikelihood(Years0To7(RegularAll)), 1e-7);
        Assert.Equal(-1611.15815035, new ShiftedBetaGeometricModel(ShiftedBetaGeometricParameters.Create(0.668, 3.806)).LogLikelihood(Years0To7(HighEndAll)), 1e-7);
    }

    [Fact]
    public void High_end_projection_for_years_8_to_12_is_the_published_survival()
    {
        var fitted = new ShiftedBetaGeometricModel(ShiftedBetaGeometricModel.Fit(Years0To7(HighEndAll)).Parameters);
        double[] published = [0.460, 0.436, 0.414, 0.395, 0.378];
        var projected = fitted.ProjectSurvival(8, 12);
        for (int i = 0; i < published.Length; i++)
        {
            Assert.Equal(published[i], Math.Round(projected[i], 3));
        }

        // And at the published parameters, against mpmath: S(8) = 0.460478958809, S(12) = 0.378040420182.
        var model = new ShiftedBetaGeometricModel(ShiftedBetaGeometricParameters.Create(0.668, 3.806));
        Assert.Equal(0.460478958809273, model.Survival(8), 1e-13);
        Assert.Equal(0.378040420182090, model.Survival(12), 1e-13);
    }

    [Fact]
    public void Projection_tracks_the_actual_years_8_to_12_within_two_points()
    {
        var model = new ShiftedBetaGeometricModel(ShiftedBetaGeometricModel.Fit(Years0To7(HighEndAll)).Parameters);
        for (int t = 8; t <= 12; t++)
        {
            Assert.Equal(HighEndAll[t] / 1000, model.Survival(t), 0.02);
        }
    }

    [Fact]
    public void Churn_probabilities_survival_and_retention_are_consistent()
    {
        var model = new ShiftedBetaGeometricModel(ShiftedBetaGeometricParameters.Create(0.704, 1.182));
        Assert.Equal(0.704 / (0.704 + 1.182), model.ChurnProbability(1), 1e-15);
        for (int t = 1; t <= 50; t++)
        {
            Assert.Equal(model.Survival(t - 1) - model.ChurnProbability(t), model.Survival(t), 1e-13);
            Assert.Equal(model.Survival(t) / model.Survival(t - 1), model.RetentionRate(t), 1e-12);
        }
    }

    [Theory]
    [InlineData(0, 5.41485604837404)]
    [InlineData(1, 5.90175316775302)]
    [InlineData(4, 6.89705739774609)]
    public void Derl_matches_the_discounted_sum_of_survival(int renewals, double expected)
    {
        // mpmath: Σ_{t>k} S(t)/S(k)·1.1^−(t−k−1) at α = 0.668, β = 3.806, d = 0.1.
        var model = new ShiftedBetaGeometricModel(ShiftedBetaGeometricParameters.Create(0.668, 3.806));
        Assert.Equal(expected, model.DiscountedExpectedResidualLifetime(0.1, renewals), 1e-12);
    }

    [Fact]
    public void Derl_is_finite_for_tiny_discount_rates_and_long_tenure()
    {
        var model = new ShiftedBetaGeometricModel(ShiftedBetaGeometricParameters.Create(0.704, 1.182));
        foreach (double d in new[] { 1e-6, 1e-3, 0.01, 0.5, 10 })
        {
            foreach (int k in new[] { 0, 1, 10, 1000, 100000 })
            {
                double derl = model.DiscountedExpectedResidualLifetime(d, k);
                Assert.True(double.IsFinite(derl) && derl > 0 && derl <= (1 + d) / d, $"DERL({d}, {k}) = {derl}");
            }
        }
    }

    [Fact]
    public void Increasing_counts_are_rejected_naming_the_period()
    {
        var e = Assert.Throws<ArgumentException>(() => ShiftedBetaGeometricModel.Fit([1000, 600, 700]));
        Assert.Contains("period 2", e.Message);
    }
}
