using CustomerValue.Lifetime;
using MathNet.Numerics.Distributions;

namespace CustomerValue.Tests.Lifetime;

/// <summary>BG/BB and sBG fitted to data simulated (seeded) from known parameters give those parameters back.</summary>
public sealed class DiscreteModelSimulationTests
{
    [Fact]
    public void BgBb_fit_recovers_simulated_parameters_within_sampling_error()
    {
        var truth = BgBbParameters.Create(1.5, 0.9, 0.6, 3.0);
        var random = new Random(20261123);
        const int customers = 20000, n = 8;
        var f = new int[customers];
        var r = new int[customers];
        var o = new int[customers];
        for (int i = 0; i < customers; i++)
        {
            double p = Beta.Sample(random, truth.Alpha, truth.Beta);
            double theta = Beta.Sample(random, truth.Gamma, truth.Delta);
            for (int t = 1; t <= n; t++)
            {
                // Drop out at the start of an opportunity with probability θ, then buy with probability p.
                if (random.NextDouble() < theta)
                {
                    break;
                }

                if (random.NextDouble() < p)
                {
                    f[i]++;
                    r[i] = t;
                }
            }

            o[i] = n;
        }

        var fit = BgBbModel.Fit(OpportunityPatterns.FromColumns(f, r, o));
        AssertRecovered(fit.Converged, [truth.Alpha, truth.Beta, truth.Gamma, truth.Delta], fit.Estimates, fit.StandardErrors, fit.ParameterNames);
    }

    [Fact]
    public void Sbg_fit_recovers_simulated_parameters_within_sampling_error()
    {
        var truth = ShiftedBetaGeometricParameters.Create(0.8, 2.5);
        var random = new Random(20261124);
        var active = new double[9];
        for (int i = 0; i < 20000; i++)
        {
            double theta = Beta.Sample(random, truth.Alpha, truth.Beta);
            active[0]++;
            for (int t = 1; t <= 8; t++)
            {
                if (random.NextDouble() < theta)
                {
                    break;
                }

                active[t]++;
            }
        }

        var fit = ShiftedBetaGeometricModel.Fit(active);
        AssertRecovered(fit.Converged, [truth.Alpha, truth.Beta], fit.Estimates, fit.StandardErrors, fit.ParameterNames);
    }

    private static void AssertRecovered(bool converged, double[] truth, IReadOnlyList<double> estimates, IReadOnlyList<double> errors, IReadOnlyList<string> names)
    {
        Assert.True(converged);
        for (int i = 0; i < truth.Length; i++)
        {
            // 3.5 standard errors: all checks together fail by chance for well under 1% of seeds.
            Assert.True(Math.Abs(estimates[i] - truth[i]) <= 3.5 * errors[i], $"{names[i]}: fitted {estimates[i]} ± {errors[i]}, true {truth[i]}");
            Assert.True(errors[i] < 0.25 * truth[i], $"{names[i]}: standard error {errors[i]} too wide to test recovery");
        }
    }
}
