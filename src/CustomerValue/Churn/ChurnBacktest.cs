using CustomerValue.Lifetime;
using CustomerValue.Transactions;

namespace CustomerValue.Churn;

/// <summary>One evaluated signal in a <see cref="ChurnBacktest"/>.</summary>
/// <param name="Signal">The signal: <c>p_alive</c> (score 1 − P(alive), flag P(alive) below the limit), <c>hiatus</c> (score days since the last purchase, flag at the hiatus limit), <c>overdue</c> (score the overdue ratio, flag at its limit) or <c>policy</c> (score the risk, flag level warning or critical).</param>
/// <param name="Population"><c>all</c> customers, or <c>repeat</c> customers (two or more purchase days, where the overdue ratio is defined).</param>
/// <param name="Metrics">Precision, recall, AUC and top-decile lift against "no purchase in the holdout".</param>
public readonly record struct ChurnBacktestRow(string Signal, string Population, ClassificationMetrics Metrics);

/// <summary>
/// Checks warnings against what happened: signals measured as of the calibration end, outcome = no purchase between
/// the calibration end (exclusive) and the holdout end (inclusive), in the spirit of Wübben &amp; von Wangenheim (2008).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class ChurnBacktest
{
    /// <summary>Runs the back-test.</summary>
    /// <param name="transactions">The whole log (calibration and holdout).</param>
    /// <param name="calibrationEnd">The as-of date of the signals.</param>
    /// <param name="holdoutEnd">The last day of the holdout.</param>
    /// <param name="policy">The policy (its limits define the flags).</param>
    /// <param name="model">A fitted model for P(alive), or null to skip the <c>p_alive</c> rows.</param>
    /// <param name="windowDays">The length of each comparison window.</param>
    /// <exception cref="ArgumentException">The holdout ends on or before the calibration end, or the log has no customer.</exception>
    public static IReadOnlyList<ChurnBacktestRow> Run(IEnumerable<Transaction> transactions, DateOnly calibrationEnd, DateOnly holdoutEnd, IChurnWarningPolicy policy, IRepeatPurchaseModel? model = null, int windowDays = 180)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(policy);
        if (holdoutEnd <= calibrationEnd)
        {
            throw new ArgumentException($"The holdout end {holdoutEnd:yyyy-MM-dd} must be after the calibration end {calibrationEnd:yyyy-MM-dd}.", nameof(holdoutEnd));
        }

        var accumulator = new ChurnSignalAccumulator(new ChurnSignalOptions(calibrationEnd) { WindowDays = windowDays });
        var boughtInHoldout = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in transactions)
        {
            accumulator.Add(t);
            if (t.Date > calibrationEnd && t.Date <= holdoutEnd)
            {
                boughtInHoldout.Add(t.CustomerId);
            }
        }

        var table = accumulator.ToTable();
        int n = table.Count;
        if (n == 0)
        {
            throw new ArgumentException("The log has no purchase up to the calibration end.", nameof(transactions));
        }

        if (model is not null)
        {
            table = table.WithModel(model);
        }

        var churned = new bool[n];
        for (int i = 0; i < n; i++)
        {
            churned[i] = !boughtInHoldout.Contains(table.CustomerIds[i]);
        }

        var warnings = ChurnWarningDestination.Allocate(n);
        policy.Evaluate(table.ToColumns(), warnings);
        var o = policy.Options;
        var rawAlive = new double[n];
        if (model is not null)
        {
            var x = new double[n];
            var tx = new double[n];
            var age = new double[n];
            table.ToSummaryColumns(model.TimeUnit, x, tx, age);
            model.ProbabilityAlive(x, tx, age, rawAlive);
        }

        var rows = new List<ChurnBacktestRow>();
        foreach (bool repeatOnly in new[] { false, true })
        {
            var index = new List<int>(n);
            for (int i = 0; i < n; i++)
            {
                if (!repeatOnly || (table.PurchaseDays[i] > 1 && double.IsFinite(table.MeanGapDays[i])))
                {
                    index.Add(i);
                }
            }

            int m = index.Count;
            if (m == 0)
            {
                continue;
            }

            string population = repeatOnly ? "repeat" : "all";
            var outcome = new bool[m];
            var score = new double[m];
            var flag = new bool[m];
            for (int k = 0; k < m; k++)
            {
                outcome[k] = churned[index[k]];
            }

            if (model is not null)
            {
                for (int k = 0; k < m; k++)
                {
                    score[k] = 1 - rawAlive[index[k]];
                    flag[k] = rawAlive[index[k]] < o.ProbabilityAliveBelow;
                }

                rows.Add(new("p_alive", population, ClassificationMetrics.Evaluate(score, flag, outcome)));
            }

            for (int k = 0; k < m; k++)
            {
                score[k] = table.DaysSinceLastPurchase[index[k]];
                flag[k] = score[k] >= o.HiatusDays;
            }

            rows.Add(new("hiatus", population, ClassificationMetrics.Evaluate(score, flag, outcome)));
            if (repeatOnly)
            {
                for (int k = 0; k < m; k++)
                {
                    int i = index[k];
                    score[k] = table.DaysSinceLastPurchase[i] / table.MeanGapDays[i];
                    flag[k] = score[k] >= o.OverdueRatio;
                }

                rows.Add(new("overdue", population, ClassificationMetrics.Evaluate(score, flag, outcome)));
            }

            var risk = warnings.Risk.Span;
            var levels = warnings.Levels.Span;
            for (int k = 0; k < m; k++)
            {
                score[k] = risk[index[k]];
                flag[k] = levels[index[k]] >= ChurnLevel.Warning;
            }

            rows.Add(new("policy", population, ClassificationMetrics.Evaluate(score, flag, outcome)));
        }

        return rows;
    }
}
