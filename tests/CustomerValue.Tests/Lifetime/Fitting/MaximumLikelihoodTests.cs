using CustomerValue.Lifetime.Fitting;
using MathNet.Numerics;

namespace CustomerValue.Tests.Lifetime.Fitting;

/// <summary>The fitting engine on likelihoods whose maximum is known in closed form.</summary>
public sealed class MaximumLikelihoodTests
{
    /// <summary>Exponential(λ): λ̂ = n / Σx, SE(λ̂) = λ̂/√n.</summary>
    private sealed class Exponential(double[] data, bool analytic) : ILogLikelihood
    {
        public string[] ParameterNames => ["lambda"];

        public double CustomerCount => data.Length;

        public int DistinctRows => data.Length;

        public bool HasGradient => analytic;

        public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
        {
            double lambda = parameters[0], sum = data.Sum();
            if (!gradient.IsEmpty)
            {
                gradient[0] = (data.Length / lambda) - sum;
            }

            return (data.Length * Math.Log(lambda)) - (lambda * sum);
        }
    }

    /// <summary>Gamma(shape, rate) with weights; the maximum satisfies ln k − ψ(k) = ln x̄ − mean(ln x), rate = k / x̄.</summary>
    private sealed class GammaDistribution(double[] data, double[] weights, bool analytic) : ILogLikelihood
    {
        public string[] ParameterNames => ["shape", "rate"];

        public double CustomerCount => weights.Sum();

        public int DistinctRows => data.Length;

        public bool HasGradient => analytic;

        public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
        {
            double k = parameters[0], rate = parameters[1];
            return ChunkedSum.Run(data.Length, gradient, (start, end, g) =>
            {
                double sum = 0;
                for (int i = start; i < end; i++)
                {
                    double x = data[i], w = weights[i];
                    sum += w * ((k * Math.Log(rate)) - SpecialFunctions.GammaLn(k) + ((k - 1) * Math.Log(x)) - (rate * x));
                    if (!g.IsEmpty)
                    {
                        g[0] += w * (Math.Log(rate) - SpecialFunctions.DiGamma(k) + Math.Log(x));
                        g[1] += w * ((k / rate) - x);
                    }
                }

                return sum;
            });
        }
    }

    private static double[] Sample(int n, int seed)
    {
        var random = new Random(seed);
        var data = new double[n];
        for (int i = 0; i < n; i++)
        {
            // Gamma(2, 0.5) as the sum of two exponentials with rate 0.5.
            data[i] = (-Math.Log(1 - random.NextDouble()) - Math.Log(1 - random.NextDouble())) / 0.5;
        }

        return data;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Exponential_rate_and_standard_error_match_the_closed_form(bool analytic)
    {
        var data = Sample(500, 1);
        var estimate = MaximumLikelihood.Estimate(new Exponential(data, analytic), [1.0], null, "test");
        double expected = data.Length / data.Sum();
        Assert.Equal(expected, estimate.Parameters[0], expected * 1e-7);
        Assert.Equal(expected / Math.Sqrt(data.Length), estimate.StandardErrors[0], expected / Math.Sqrt(data.Length) * 1e-4);
        Assert.NotEqual(FitStopReason.IterationLimit, estimate.StopReason);
        Assert.NotEqual(FitStopReason.OptimizerFailed, estimate.StopReason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Weighted_gamma_fit_satisfies_the_likelihood_equations(bool analytic)
    {
        var data = Sample(20000, 2);
        var weights = data.Select((_, i) => 1.0 + (i % 3)).ToArray();
        var estimate = MaximumLikelihood.Estimate(new GammaDistribution(data, weights, analytic), [1.0, 1.0], null, "test");
        double w = weights.Sum();
        double mean = data.Zip(weights, (x, v) => x * v).Sum() / w;
        double meanLog = data.Zip(weights, (x, v) => Math.Log(x) * v).Sum() / w;
        double k = estimate.Parameters[0];
        Assert.Equal(Math.Log(mean) - meanLog, Math.Log(k) - SpecialFunctions.DiGamma(k), 1e-7);
        Assert.Equal(k / mean, estimate.Parameters[1], 1e-6);
        Assert.Equal(2.0, k, 0.1);
        Assert.True(estimate.Covariance[0, 1] > 0, "shape and rate estimates are positively correlated");
        Assert.Equal(estimate.Covariance[0, 1], estimate.Covariance[1, 0]);
    }

    [Fact]
    public void Running_out_of_iterations_is_a_result_not_an_exception()
    {
        var data = Sample(1000, 3);
        var options = new FitOptions { MaxIterations = 1 };
        var estimate = MaximumLikelihood.Estimate(new GammaDistribution(data, [.. data.Select(_ => 1.0)], true), [50.0, 0.01], options, "test");
        Assert.Equal(FitStopReason.IterationLimit, estimate.StopReason);
        Assert.True(double.IsFinite(estimate.LogLikelihood));
        Assert.True(estimate.Iterations <= 1);
    }

    [Fact]
    public void Same_data_gives_bitwise_the_same_answer()
    {
        var data = Sample(50000, 4);
        var weights = data.Select(_ => 1.0).ToArray();
        var first = MaximumLikelihood.Estimate(new GammaDistribution(data, weights, true), [1.0, 1.0], null, "test");
        var second = MaximumLikelihood.Estimate(new GammaDistribution(data, weights, true), [1.0, 1.0], null, "test");
        Assert.Equal(first.Parameters, second.Parameters);
        Assert.Equal(first.LogLikelihood, second.LogLikelihood);
        Assert.Equal(first.StandardErrors, second.StandardErrors);
    }

    [Fact]
    public void L2_penalty_shrinks_the_parameters()
    {
        var data = Sample(200, 5);
        var likelihood = new Exponential(data, true);
        var plain = MaximumLikelihood.Estimate(likelihood, [1.0], null, "test");
        var penalised = MaximumLikelihood.Estimate(likelihood, [1.0], new FitOptions { L2Penalty = 1 }, "test");
        Assert.True(penalised.Parameters[0] < plain.Parameters[0]);

        // Stationary point of −LL/N + λθ²: 1/θ − x̄ − 2θ = 0.
        double mean = data.Average(), theta = penalised.Parameters[0];
        Assert.Equal(0, (1 / theta) - mean - (2 * theta), 1e-6);
    }

    [Fact]
    public void Initial_values_of_the_wrong_count_are_rejected_with_the_model_name()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            MaximumLikelihood.Estimate(new Exponential([1.0], true), [1.0], new FitOptions { InitialValues = [1.0, 2.0] }, "Test model"));
        Assert.Contains("Test model", error.Message);
        Assert.Contains("lambda", error.Message);
    }

    [Fact]
    public void Singular_hessian_gives_unavailable_covariance_not_a_crash()
    {
        var singular = MaximumLikelihood.InvertPositiveDefinite(new double[,] { { 1, 1 }, { 1, 1 } });
        Assert.Null(singular);
        var inverse = MaximumLikelihood.InvertPositiveDefinite(new double[,] { { 4, 2 }, { 2, 3 } })!;
        Assert.Equal(3.0 / 8, inverse[0, 0], 1e-15);
        Assert.Equal(-2.0 / 8, inverse[0, 1], 1e-15);
        Assert.Equal(4.0 / 8, inverse[1, 1], 1e-15);
    }
}
