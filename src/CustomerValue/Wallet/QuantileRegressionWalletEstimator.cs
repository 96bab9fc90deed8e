using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace CustomerValue.Wallet;

/// <summary>
/// The realistic wallet by linear quantile regression of spend with us on customer features at a high quantile τ
/// (default 0.9; Perlich, Rosset et al., KDD 2007), never below the customer's own spend.
/// </summary>
/// <remarks>
/// <para>Algorithm: iteratively reweighted least squares for the pinball loss (Schlossmacher 1973). Starting from
/// ordinary least squares, each iteration solves a weighted least-squares problem (by QR decomposition) with weights
/// τ/|r_i| above the fit and (1 − τ)/|r_i| below it, residuals floored at 1e-6 of the mean absolute spend; the
/// coefficients with the lowest pinball loss seen are kept. Features are centred and scaled internally for
/// conditioning; the reported coefficients are on the original scale. The fit stops when the loss improves by less
/// than the relative tolerance (converged) or at the iteration limit (reported, not thrown).</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class QuantileRegressionWalletEstimator : IWalletEstimator
{
    /// <summary>Creates the estimator (default settings: <see cref="QuantileRegressionOptions.Default"/>).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public QuantileRegressionWalletEstimator(QuantileRegressionOptions? options = null)
    {
        Options = options ?? QuantileRegressionOptions.Default;
        Options.Validate();
    }

    /// <summary>The settings in use.</summary>
    public QuantileRegressionOptions Options { get; }

    /// <inheritdoc/>
    public WalletEstimates Estimate(WalletEstimationInput input)
    {
        var fit = Fit(input);
        int n = input.Count;
        var spend = input.OurSpend.ToArray();
        var wallet = new double[n];
        for (int i = 0; i < n; i++)
        {
            double predicted = fit.Predict(input.FeaturesOf(i));
            wallet[i] = double.IsFinite(predicted) ? Math.Max(spend[i], predicted) : spend[i];
        }

        return new WalletEstimates(string.Create(CultureInfo.InvariantCulture, $"quantile-regression(q={Options.Quantile})"), Options.Quantile, [.. input.CustomerIds], spend, wallet);
    }

    /// <summary>Fits the τ-quantile of spend with us as a linear function of the features.</summary>
    /// <exception cref="ArgumentException">There are fewer customers than coefficients (features + 1).</exception>
    public QuantileRegressionFit Fit(WalletEstimationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input.Count;
        int d = input.FeatureCount;
        int p = d + 1;
        if (n < p)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Quantile regression with {d} features needs at least {p} customers; got {n}."), nameof(input));
        }

        double tau = Options.Quantile;
        var y = input.OurSpend.ToArray();

        // Centre and scale the features (a constant feature is only centred; the intercept absorbs it).
        var mean = new double[d];
        var scale = new double[d];
        var features = input.Features;
        for (int j = 0; j < d; j++)
        {
            double m = 0;
            for (int i = 0; i < n; i++)
            {
                m += features[(i * d) + j];
            }

            m /= n;
            double v = 0;
            for (int i = 0; i < n; i++)
            {
                double z = features[(i * d) + j] - m;
                v += z * z;
            }

            double sd = Math.Sqrt(v / n);
            mean[j] = m;
            scale[j] = sd > 0 && double.IsFinite(1 / sd) ? sd : 1;
        }

        var x = Matrix<double>.Build.Dense(n, p);
        for (int i = 0; i < n; i++)
        {
            x[i, 0] = 1;
            for (int j = 0; j < d; j++)
            {
                x[i, j + 1] = (features[(i * d) + j] - mean[j]) / scale[j];
            }
        }

        var target = Vector<double>.Build.DenseOfArray(y);
        double meanAbs = 0;
        foreach (double v in y)
        {
            meanAbs += Math.Abs(v);
        }

        double floor = 1e-6 * Math.Max(meanAbs / n, 1e-12);
        var beta = Solve(x, target, null) ?? Vector<double>.Build.Dense(p);
        var best = beta;
        double bestLoss = Loss(x, target, beta, tau);
        double previous = bestLoss;
        var weights = new double[n];
        int iterations = 0;
        bool converged = false;
        string reason = string.Create(CultureInfo.InvariantCulture, $"reached the iteration limit ({Options.MaxIterations})");
        for (int it = 1; it <= Options.MaxIterations; it++)
        {
            iterations = it;
            var fitted = x * beta;
            for (int i = 0; i < n; i++)
            {
                double r = y[i] - fitted[i];
                weights[i] = (r >= 0 ? tau : 1 - tau) / Math.Max(Math.Abs(r), floor);
            }

            var next = Solve(x, target, weights);
            if (next is null)
            {
                reason = "the weighted least-squares system became singular";
                break;
            }

            beta = next;
            double loss = Loss(x, target, beta, tau);
            if (loss < bestLoss)
            {
                bestLoss = loss;
                best = beta;
            }

            if (Math.Abs(previous - loss) <= Options.Tolerance * Math.Max(loss, 1e-300))
            {
                converged = true;
                reason = "the pinball loss stopped improving";
                break;
            }

            previous = loss;
        }

        // Back to the original feature scale.
        var coefficients = new double[d];
        double intercept = best[0];
        for (int j = 0; j < d; j++)
        {
            coefficients[j] = best[j + 1] / scale[j];
            intercept -= coefficients[j] * mean[j];
        }

        return new QuantileRegressionFit(tau, intercept, coefficients, [.. input.FeatureNames], bestLoss, iterations, converged, reason);
    }

    private static Vector<double>? Solve(Matrix<double> x, Vector<double> y, double[]? weights)
    {
        Matrix<double> a = x;
        Vector<double> b = y;
        if (weights is not null)
        {
            a = x.Clone();
            b = y.Clone();
            for (int i = 0; i < x.RowCount; i++)
            {
                double s = Math.Sqrt(weights[i]);
                b[i] *= s;
                for (int j = 0; j < x.ColumnCount; j++)
                {
                    a[i, j] *= s;
                }
            }
        }

        var solution = a.QR().Solve(b);
        foreach (double v in solution)
        {
            if (!double.IsFinite(v))
            {
                return null;
            }
        }

        return solution;
    }

    private static double Loss(Matrix<double> x, Vector<double> y, Vector<double> beta, double tau)
    {
        var fitted = x * beta;
        double sum = 0;
        for (int i = 0; i < y.Count; i++)
        {
            sum += Quantiles.Pinball(y[i] - fitted[i], tau);
        }

        return sum / y.Count;
    }
}
