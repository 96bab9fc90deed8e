using System.Globalization;
using CustomerValue.Segmentation;
using CustomerValue.Wallet;

namespace CustomerValue.Scoring;

/// <summary>
/// The value groups of a pipeline run, computed once: gold / regular / drag and MVC / MGC / BZ on the run's value basis
/// (CLV, or CLV on each customer's margin on the profit basis), with potential value = estimated wallet headroom × margin rate (Peppers &amp; Rogers; see docs/segmentation.md).
/// </summary>
internal static class PipelineValueGroups
{
    /// <summary>Up to this many customers the wallets are k-nearest-neighbour estimates (exact, O(n²)); above it, quantile regression (linear in customers).</summary>
    internal const int NearestNeighbourLimit = 20_000;

    /// <summary>The wallet features, per customer: purchase days, tenure in days and days since the last purchase (as <c>wallet</c> uses from a log).</summary>
    internal static readonly string[] FeatureNames = ["purchase_days", "tenure_days", "days_since_last"];

    public static (ValueTiers Groups, WalletEstimates? Wallets, double[] Potential, double[] DaysSinceLast, double[] Headroom) Classify(ScoringInput input, CustomerScores scores, PipelineOptions options)
    {
        var w = Wallets(input, scores.CustomerIds, options.WalletEstimator);
        var measures = CustomerValueMeasures.Create(scores.LifetimeValue, w.Ids)
            .WithDaysSinceLastPurchase(w.Days)
            .WithPurchases(w.Purchases, w.Average)
            .WithTenureDays(w.Tenure);
        int n = scores.Count;
        var potential = new double[n];
        if (w.Wallets is not null)
        {
            if (input.MarginRate.IsEmpty)
            {
                double margin = Math.Clamp(options.MarginRate, 0, 1);
                measures = measures.WithPotentialFromHeadroom(w.Headroom, margin).WithShareOfWallet(w.Share);
            }
            else
            {
                // The profit basis: each customer's own margin rate, in [0, 1] (a loss-making customer has no potential profit).
                var rates = input.MarginRate.Span;
                var own = new double[n];
                for (int i = 0; i < n; i++)
                {
                    own[i] = w.Headroom[i] * Math.Clamp(rates[i], 0, 1);
                }

                measures = measures.WithPotentialValue(own).WithShareOfWallet(w.Share);
            }

            potential = measures.PotentialValue.ToArray();
        }

        return (new ValueTierClassifier(options.Scoring.ValueTiers).Classify(measures), w.Wallets, potential, w.Days, w.Headroom);
    }

    /// <summary>
    /// The wallet estimate of a customer base (no model needed): features purchase days, tenure in days and days since
    /// the last purchase; spend = total spend to date (at least 0); headroom = max(0, wallet − spend); share = spend ÷
    /// wallet. The estimator: <paramref name="estimator"/>, or k nearest neighbours (k = 20, q = 0.9) from 21 up to
    /// 20,000 customers and quantile regression (q = 0.9) otherwise (none under 4 customers: no wallets, headroom 0).
    /// </summary>
    public static (IReadOnlyList<string> Ids, WalletEstimates? Wallets, double[] Headroom, double[] Share, double[] Spend, double[] Days, double[] Purchases, double[] Average, double[] Tenure) Wallets(ScoringInput input, IReadOnlyList<string>? customerIds, IWalletEstimator? estimator)
    {
        int n = input.Count;
        double unit = input.TimeUnit.DaysPerUnit();
        var x = input.Frequency.Span;
        var tx = input.Recency.Span;
        var t = input.Age.Span;
        var m = input.MonetaryValue.Span;
        var days = new double[n];
        var purchases = new double[n];
        var spend = new double[n];
        var tenure = new double[n];
        var average = new double[n];
        var features = new double[n * 3];
        for (int i = 0; i < n; i++)
        {
            days[i] = input.DaysSinceLastPurchase.IsEmpty ? Math.Max(0, (t[i] - tx[i]) * unit) : input.DaysSinceLastPurchase.Span[i];
            purchases[i] = input.Purchases.IsEmpty ? x[i] + 1 : input.Purchases.Span[i];
            double total = input.TotalSpend.IsEmpty ? x[i] * m[i] : input.TotalSpend.Span[i];
            spend[i] = double.IsFinite(total) ? Math.Max(0, total) : 0;
            tenure[i] = t[i] * unit;
            average[i] = purchases[i] > 0 ? spend[i] / purchases[i] : 0;
            features[i * 3] = purchases[i];
            features[(i * 3) + 1] = tenure[i];
            features[(i * 3) + 2] = days[i];
        }

        IReadOnlyList<string> ids = customerIds ?? [.. Enumerable.Range(1, n).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        estimator ??= (n > NearestNeighbourLimit || n <= KNearestNeighbourWalletOptions.Default.Neighbours
            ? (n >= 4 ? new QuantileRegressionWalletEstimator() : null)
            : new KNearestNeighbourWalletEstimator());
        WalletEstimates? wallets = null;
        var headroom = new double[n];
        var share = new double[n];
        if (estimator is not null)
        {
            wallets = estimator.Estimate(WalletEstimationInput.Create(ids, FeatureNames, features, spend));
            var wallet = wallets.Wallet;
            for (int i = 0; i < n; i++)
            {
                headroom[i] = Math.Max(0, wallet[i] - spend[i]);
                share[i] = ShareOfWalletCalculator.Share(spend[i], wallet[i]);
            }
        }

        return (ids, wallets, headroom, share, spend, days, purchases, average, tenure);
    }
}
