using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime;

/// <summary>Data simulated from known BG/NBD parameters gives them back within sampling error.</summary>
public sealed class BgNbdRecoveryTests
{
    public static TheoryData<double, double, double, double, int> Cases => new()
    {
        { 0.243, 4.414, 0.793, 2.426, 11 },  // CDNOW
        { 2.0, 5.0, 1.5, 8.0, 12 },          // frequent buyers, slow churn
        { 0.8, 1.0, 0.4, 0.9, 13 },          // fast churn
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_recovers_the_simulating_parameters_within_three_standard_errors(double r, double alpha, double a, double b, int seed)
    {
        var truth = BgNbdParameters.Create(r, alpha, a, b);
        var data = BgNbdSimulator.Simulate(truth, 20000, seed);
        var fit = BgNbdModel.Fit(data);
        Assert.True(fit.Converged, fit.StopReason.ToString());
        Assert.True(fit.HasStandardErrors);
        double[] expected = [r, alpha, a, b];
        for (int i = 0; i < 4; i++)
        {
            double z = (fit.Estimates[i] - expected[i]) / fit.StandardErrors[i];
            Assert.True(Math.Abs(z) < 3, $"{fit.ParameterNames[i]}: fitted {fit.Estimates[i]}, true {expected[i]}, SE {fit.StandardErrors[i]}, z = {z}");
        }
    }

    [Fact]
    public void Fits_are_deterministic()
    {
        var data = BgNbdSimulator.Simulate(BgNbdParameters.Create(0.5, 3, 0.9, 2), 30000, 5);
        var first = BgNbdModel.Fit(data);
        var second = BgNbdModel.Fit(data);
        Assert.Equal(first.Estimates, second.Estimates);
        Assert.Equal(first.LogLikelihood, second.LogLikelihood);
        Assert.Equal(first.StandardErrors, second.StandardErrors);
    }
}
