using System.Globalization;

namespace CustomerValue.Wallet;

/// <summary>
/// What a wallet estimator learns from: per customer, what they spent with us and the features that make customers
/// comparable (for example company size, industry indicators, number of sites, last year's category purchases).
/// </summary>
/// <remarks>
/// Immutable and thread-safe: the factory copies its inputs. Features are stored row by row (customer i's features
/// are <c>Features.Slice(i * FeatureCount, FeatureCount)</c>). Every value is finite; spend is non-negative.
/// </remarks>
public sealed class WalletEstimationInput
{
    private readonly string[] _ids;
    private readonly double[] _features;
    private readonly double[] _spend;
    private readonly string[] _featureNames;

    private WalletEstimationInput(string[] ids, double[] features, double[] spend, string[] featureNames)
    {
        _ids = ids;
        _features = features;
        _spend = spend;
        _featureNames = featureNames;
    }

    /// <summary>The number of customers.</summary>
    public int Count => _ids.Length;

    /// <summary>The number of features per customer.</summary>
    public int FeatureCount => _featureNames.Length;

    /// <summary>The customers, row order.</summary>
    public IReadOnlyList<string> CustomerIds => _ids;

    /// <summary>The feature names.</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>All features, row by row.</summary>
    public ReadOnlySpan<double> Features => _features;

    /// <summary>Spend with us per customer.</summary>
    public ReadOnlySpan<double> OurSpend => _spend;

    /// <summary>One customer's features.</summary>
    public ReadOnlySpan<double> FeaturesOf(int customer) => _features.AsSpan(customer * FeatureCount, FeatureCount);

    /// <summary>Creates a validated, copied input.</summary>
    /// <param name="customerIds">The customers (non-empty ids).</param>
    /// <param name="featureNames">The feature names; their count is the number of features per customer (at least one).</param>
    /// <param name="features">The features row by row: <c>customerIds.Count × featureNames.Count</c> values.</param>
    /// <param name="ourSpend">Spend with us per customer (finite, ≥ 0).</param>
    /// <exception cref="ArgumentException">Sizes disagree, or a value is invalid (the message names the customer and the field).</exception>
    public static WalletEstimationInput Create(IReadOnlyList<string> customerIds, IReadOnlyList<string> featureNames, ReadOnlySpan<double> features, ReadOnlySpan<double> ourSpend)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(featureNames);
        int n = customerIds.Count;
        int d = featureNames.Count;
        if (d < 1)
        {
            throw new ArgumentException("Wallet estimation needs at least one feature.", nameof(featureNames));
        }

        if (n < 1)
        {
            throw new ArgumentException("Wallet estimation needs at least one customer.", nameof(customerIds));
        }

        if (features.Length != (long)n * d || ourSpend.Length != n)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Wallet estimation: {n} customers × {d} features need {n * (long)d} feature values and {n} spends; got {features.Length} and {ourSpend.Length}."), nameof(features));
        }

        var ids = new string[n];
        for (int i = 0; i < n; i++)
        {
            string id = customerIds[i];
            if (string.IsNullOrEmpty(id))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Wallet estimation: row {i}: the customer id is empty."), nameof(customerIds));
            }

            ids[i] = id;
            double s = ourSpend[i];
            if (!double.IsFinite(s) || s < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Customer '{id}': our_spend must be finite and non-negative (got {s})."), nameof(ourSpend));
            }

            for (int j = 0; j < d; j++)
            {
                double f = features[(i * d) + j];
                if (!double.IsFinite(f))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Customer '{id}': feature '{featureNames[j]}' must be finite (got {f})."), nameof(features));
                }
            }
        }

        return new WalletEstimationInput(ids, features.ToArray(), ourSpend.ToArray(), [.. featureNames]);
    }
}
