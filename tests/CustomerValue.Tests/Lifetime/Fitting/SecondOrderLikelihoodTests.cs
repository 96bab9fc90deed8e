using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Fitting;
using CustomerValue.Tests.Lifetime;

namespace CustomerValue.Tests.Lifetime.Fitting;

/// <summary>
/// The analytic gradients and Hessians of the likelihoods that have them, against central differences of their own
/// values and gradients (an independent route: only the log-likelihood value is shared), on CDNOW and on a seeded
/// synthetic base large enough to run the vector lanes on many parallel segments.
/// </summary>
public sealed class SecondOrderLikelihoodTests
{
    public static TheoryData<bool, string> Cases => new()
    {
        { false, "cdnow" },
        { true, "cdnow" },
        { false, "synthetic" },
        { true, "synthetic" },
    };

    private static WeightedSummaries Data(string which)
    {
        if (which == "cdnow")
        {
            var s = CdnowData.ExactWeeks;
            return WeightedSummaries.Compress(s.Frequency, s.Recency, s.Age);
        }

        // 40,000 customers with continuous times (every row distinct): many segments, every lane path.
        var random = new Random(20261203);
        int n = 40_000;
        var x = new double[n];
        var tx = new double[n];
        var t = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = 1 + (38 * random.NextDouble());
            x[i] = random.NextDouble() < 0.6 ? 0 : random.Next(1, 12);
            tx[i] = x[i] == 0 ? 0 : t[i] * random.NextDouble();
        }

        return WeightedSummaries.Compress(x, tx, t);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BgNbd_gradient_and_hessian_match_central_differences(bool modified, string which)
    {
        var likelihood = new BgNbdLikelihood(Data(which), modified);
        double[] theta = [0.31, 3.7, 0.85, 2.2];
        var gradient = new double[4];
        var hessian = new double[16];
        double value = likelihood.Evaluate(theta, gradient, hessian);

        // The three kinds of call agree with each other.
        var gradientOnly = new double[4];
        Assert.Equal(value, likelihood.Evaluate(theta, gradientOnly), Math.Abs(value) * 1e-13);
        Assert.Equal(value, likelihood.Evaluate(theta, []), Math.Abs(value) * 1e-13);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(gradient[i], gradientOnly[i], Math.Abs(gradient[i]) * 1e-12 + 1e-9);
        }

        var point = (double[])theta.Clone();
        var plus = new double[4];
        var minus = new double[4];
        for (int j = 0; j < 4; j++)
        {
            double h = 1e-5 * theta[j];
            point[j] = theta[j] + h;
            double fPlus = likelihood.Evaluate(point, plus);
            point[j] = theta[j] - h;
            double fMinus = likelihood.Evaluate(point, minus);
            point[j] = theta[j];

            double numericGradient = (fPlus - fMinus) / (2 * h);
            Assert.Equal(numericGradient, gradient[j], (Math.Abs(numericGradient) * 1e-6) + 1e-3);
            for (int i = 0; i < 4; i++)
            {
                double numeric = (plus[i] - minus[i]) / (2 * h);
                Assert.Equal(numeric, hessian[(i * 4) + j], (Math.Abs(numeric) * 1e-5) + 1e-2);
                Assert.Equal(hessian[(i * 4) + j], hessian[(j * 4) + i]);
            }
        }
    }
}
