using CustomerValue.Lifetime.Fitting;

namespace CustomerValue.Lifetime;

/// <summary>
/// Delta-method intervals for the predictions of a fitted repeat-purchase model (and, for lifetime value, a spend
/// model): P(alive), expected purchases and CLV, from the parameters' covariance.
/// </summary>
/// <remarks>
/// Each prediction is recomputed with every parameter moved up and down by a relative step (see
/// <see cref="DeltaMethod"/>); the model is rebuilt from the moved parameters by the given delegate. The purchase and
/// spend models are fitted separately, so their parameters are treated as independent (a block-diagonal covariance).
/// Immutable and thread-safe when the delegates are. Meant for reporting single customers or small groups.
/// </remarks>
public sealed class PredictionIntervals
{
    private readonly double[] _parameters;
    private readonly Func<double[], IRepeatPurchaseModel> _rebuild;

    /// <summary>Creates intervals for <paramref name="model"/>.</summary>
    /// <param name="model">The fitted model.</param>
    /// <param name="covariance">The covariance of its parameters, in <see cref="IRepeatPurchaseModel.Parameters"/> order (for example <c>FitResult.Covariance</c>).</param>
    /// <param name="rebuild">Builds the same kind of model from parameter values in the same order.</param>
    /// <param name="level">The confidence level, in (0, 1); default 0.95.</param>
    /// <exception cref="ArgumentException">The covariance does not match the model's parameters, or the level is outside (0, 1).</exception>
    public PredictionIntervals(IRepeatPurchaseModel model, CovarianceMatrix covariance, Func<double[], IRepeatPurchaseModel> rebuild, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(covariance);
        ArgumentNullException.ThrowIfNull(rebuild);
        _parameters = [.. model.Parameters.Select(p => p.Value)];
        if (_parameters.Length != covariance.Dimension)
        {
            throw new ArgumentException($"Prediction intervals: the model has {_parameters.Length} parameters but the covariance is for {covariance.Dimension} ({string.Join(", ", covariance.ParameterNames)}).", nameof(covariance));
        }

        _ = DeltaMethod.Quantile(level);
        Model = model;
        Covariance = covariance;
        Level = level;
        _rebuild = rebuild;
    }

    /// <summary>The fitted model.</summary>
    public IRepeatPurchaseModel Model { get; }

    /// <summary>The covariance of its parameters.</summary>
    public CovarianceMatrix Covariance { get; }

    /// <summary>The confidence level.</summary>
    public double Level { get; }

    /// <summary>P(alive | x, t_x, T) with its interval (bounds within [0, 1]).</summary>
    public PredictionInterval ProbabilityAlive(double frequency, double recency, double age)
    {
        _ = Model.ProbabilityAlive(frequency, recency, age);
        return DeltaMethod.Interval(_parameters, Covariance, p => _rebuild(p).ProbabilityAlive(frequency, recency, age), Level, 0, 1);
    }

    /// <summary>E[Y(t) | x, t_x, T] with its interval (bounds ≥ 0).</summary>
    public PredictionInterval ExpectedPurchases(double horizon, double frequency, double recency, double age)
    {
        _ = Model.ExpectedPurchases(horizon, frequency, recency, age);
        return DeltaMethod.Interval(_parameters, Covariance, p => _rebuild(p).ExpectedPurchases(horizon, frequency, recency, age), Level, 0);
    }

    /// <summary>The lifetime value with a fixed spend per purchase, with its interval (only the purchase model is uncertain).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The spend is NaN, infinite or negative.</exception>
    public PredictionInterval LifetimeValue(double frequency, double recency, double age, double spendPerPurchase, LifetimeValueOptions options)
    {
        _ = new CustomerLifetimeValueCalculator(Model, spendPerPurchase, options).LifetimeValue(frequency, recency, age, 0);
        return DeltaMethod.Interval(
            _parameters, Covariance,
            p => new CustomerLifetimeValueCalculator(_rebuild(p), spendPerPurchase, options).LifetimeValue(frequency, recency, age, 0),
            Level, options.MarginRate >= 0 ? 0 : double.NegativeInfinity);
    }

    /// <summary>
    /// The lifetime value with a spend model, with its interval: both models' parameters are uncertain (independently).
    /// </summary>
    /// <param name="frequency">x.</param>
    /// <param name="recency">t_x.</param>
    /// <param name="age">T.</param>
    /// <param name="monetaryValue">The customer's mean repeat spend m̄.</param>
    /// <param name="spendModel">The fitted spend model.</param>
    /// <param name="spendCovariance">The covariance of its parameters (in <see cref="ISpendModel.Parameters"/> order), or null to treat spend as known.</param>
    /// <param name="rebuildSpend">Builds the same kind of spend model from parameter values in the same order (needed with a covariance).</param>
    /// <param name="options">Horizon, discounting and margin.</param>
    /// <exception cref="ArgumentException">The spend covariance does not match the spend model, or is given without <paramref name="rebuildSpend"/>.</exception>
    public PredictionInterval LifetimeValue(
        double frequency, double recency, double age, double monetaryValue,
        ISpendModel spendModel, CovarianceMatrix? spendCovariance, Func<double[], ISpendModel>? rebuildSpend, LifetimeValueOptions options)
    {
        ArgumentNullException.ThrowIfNull(spendModel);
        _ = new CustomerLifetimeValueCalculator(Model, spendModel, options).LifetimeValue(frequency, recency, age, monetaryValue);
        int k = _parameters.Length;
        double[] spendParameters = [.. spendModel.Parameters.Select(p => p.Value)];
        int m = spendCovariance is null ? 0 : spendParameters.Length;
        if (spendCovariance is not null)
        {
            if (spendCovariance.Dimension != m)
            {
                throw new ArgumentException($"Prediction intervals: the spend model has {m} parameters but its covariance is for {spendCovariance.Dimension}.", nameof(spendCovariance));
            }

            if (rebuildSpend is null)
            {
                throw new ArgumentException("Prediction intervals: a spend covariance needs a way to rebuild the spend model (rebuildSpend).", nameof(rebuildSpend));
            }
        }

        var names = new string[k + m];
        var joint = new double[k + m, k + m];
        for (int i = 0; i < k + m; i++)
        {
            names[i] = i < k ? Covariance.ParameterNames[i] : "spend." + spendCovariance!.ParameterNames[i - k];
            for (int j = 0; j < k + m; j++)
            {
                joint[i, j] = i < k && j < k ? Covariance[i, j] : i >= k && j >= k ? spendCovariance![i - k, j - k] : 0;
            }
        }

        double[] point = [.. _parameters, .. spendParameters.AsSpan(0, m)];
        return DeltaMethod.Interval(
            point, new CovarianceMatrix(names, joint),
            p =>
            {
                var spend = m == 0 ? spendModel : rebuildSpend!(p[k..]);
                return new CustomerLifetimeValueCalculator(_rebuild(p[..k]), spend, options).LifetimeValue(frequency, recency, age, monetaryValue);
            },
            Level, options.MarginRate >= 0 ? 0 : double.NegativeInfinity);
    }
}
