using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Transactions;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Churn;

public class ChurnWarningPropertyTests
{
    private static readonly ChurnWarningPolicy Policy = new();

    private static ChurnSignalTable Measure(IEnumerable<Transaction> rows, DateOnly asOf) =>
        ChurnSignalAccumulator.Measure(rows.OrderBy(r => r.Date), new ChurnSignalOptions(asOf) { WindowDays = 60 });

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool Batch_equals_scalar(ChurnSignals[] rows)
    {
        double[] Col(Func<ChurnSignals, double> f) => rows.Select(f).ToArray();
        var columns = new ChurnSignalColumns(Col(s => s.DaysSinceLastPurchase))
        {
            MeanGapDays = Col(s => s.MeanGapDays),
            ProbabilityAlive = Col(s => s.ProbabilityAlive),
            PurchaseRatePerDay = Col(s => s.PurchaseRatePerDay),
            PreviousWindowPurchases = Col(s => s.PreviousWindowPurchases),
            RecentWindowPurchases = Col(s => s.RecentWindowPurchases),
            PreviousWindowSpend = Col(s => s.PreviousWindowSpend),
            RecentWindowSpend = Col(s => s.RecentWindowSpend),
            ShareOfWalletChangePoints = Col(s => s.ShareOfWalletChangePoints),
            MarginRate = Col(s => s.MarginRate),
            Value = Col(s => s.Value),
        };
        var d = ChurnWarningDestination.Allocate(rows.Length);
        Policy.Evaluate(columns, d);
        for (int i = 0; i < rows.Length; i++)
        {
            var w = Policy.Evaluate(rows[i]);
            if (w.Level != d.Levels.Span[i] || !w.Risk.Equals(d.Risk.Span[i]) || w.Reasons != d.Reasons.Span[i]
                || !w.Priority.Equals(d.Priority.Span[i]) || !w.NextPurchaseInDays.Equals(d.NextPurchaseInDays.Span[i])
                || w.Explanations.Count != w.Reasons.Count())
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool Every_customer_gets_exactly_one_defined_level_a_risk_in_zero_one_and_a_reason_above_none(ChurnSignals s)
    {
        var w = Policy.Evaluate(s);
        return Enum.IsDefined(w.Level) && w.Risk >= 0 && w.Risk <= 1 && double.IsFinite(w.Priority)
            && (w.Level == ChurnLevel.None || w.Explanations.Count > 0);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool Every_customer_in_a_log_gets_exactly_one_level(LogAsOf input)
    {
        var table = Measure(input.Log.Rows, input.AsOf);
        var d = ChurnWarningDestination.Allocate(table.Count);
        Policy.Evaluate(table.ToColumns(), d);
        int customers = input.Log.Rows.Select(r => r.CustomerId).Distinct().Count();
        return table.Count == customers && table.CustomerIds.Distinct().Count() == customers && d.Levels.ToArray().All(l => Enum.IsDefined(l));
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool A_purchase_on_the_as_of_date_never_raises_risk_or_level(LogAsOf input)
    {
        var before = Measure(input.Log.Rows, input.AsOf);
        var after = Measure([.. input.Log.Rows, new Transaction(input.Customer, input.AsOf.ToDateTime(TimeOnly.MinValue), input.Amount)], input.AsOf);
        int i = before.CustomerIds.ToList().IndexOf(input.Customer);
        int j = after.CustomerIds.ToList().IndexOf(input.Customer);
        var wb = Policy.Evaluate(before.Row(i));
        var wa = Policy.Evaluate(after.Row(j));
        return wa.Risk <= wb.Risk && wa.Level <= wb.Level && (wa.Reasons & ~wb.Reasons) == ChurnReasonCodes.None;
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool A_purchase_never_raises_risk_or_level_when_p_alive_does_not_fall(ChurnSignals s, double amount, double aliveGain)
    {
        double gain = double.IsFinite(aliveGain) ? Math.Abs(aliveGain) % 1 : 0;
        double spend = double.IsFinite(amount) ? Math.Abs(amount) % 1e4 : 0;
        var after = s with
        {
            DaysSinceLastPurchase = 0,
            ProbabilityAlive = double.IsNaN(s.ProbabilityAlive) ? double.NaN : Math.Min(1, s.ProbabilityAlive + gain),
            RecentWindowPurchases = s.RecentWindowPurchases + 1,
            RecentWindowSpend = s.RecentWindowSpend + spend,
        };
        var wb = Policy.Evaluate(s);
        var wa = Policy.Evaluate(after);
        return wa.Risk <= wb.Risk && wa.Level <= wb.Level;
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool Without_a_new_purchase_a_later_as_of_date_never_lowers_the_hiatus_overdue_or_risk_signals(LogAsOf input)
    {
        var early = Measure(input.Log.Rows, input.AsOf);
        var late = Measure(input.Log.Rows, input.AsOf.AddDays(input.LaterDays));
        for (int i = 0; i < early.Count; i++)
        {
            var a = Policy.Evaluate(early.Row(i));
            var b = Policy.Evaluate(late.Row(i));
            const ChurnReasonCodes timeSignals = ChurnReasonCodes.Hiatus | ChurnReasonCodes.Overdue;
            if (late.DaysSinceLastPurchase[i] < early.DaysSinceLastPurchase[i] || b.Risk < a.Risk || (a.Reasons & timeSignals & ~b.Reasons) != 0)
            {
                return false;
            }

            double ratioA = early.DaysSinceLastPurchase[i] / early.MeanGapDays[i];
            double ratioB = late.DaysSinceLastPurchase[i] / late.MeanGapDays[i];
            if (ratioB < ratioA)
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool With_a_fitted_bg_nbd_a_later_as_of_date_never_lowers_p_alive_risk(LogAsOf input)
    {
        // The published CDNOW parameters, in days so that day-level logs have room to move.
        var model = new BgNbdModel(BgNbdParameters.Create(0.243, 4.414 * 7, 0.793, 2.426), TimeUnit.Day);
        var early = Measure(input.Log.Rows, input.AsOf).WithModel(model);
        var late = Measure(input.Log.Rows, input.AsOf.AddDays(input.LaterDays)).WithModel(model);
        for (int i = 0; i < early.Count; i++)
        {
            var a = Policy.Evaluate(early.Row(i));
            var b = Policy.Evaluate(late.Row(i));
            bool aliveNeverRises = double.IsNaN(early.ProbabilityAlive[i]) || late.ProbabilityAlive[i] <= early.ProbabilityAlive[i] + 1e-12;
            if (!aliveNeverRises || b.Risk < a.Risk - 1e-12 || ((a.Reasons & ChurnReasonCodes.ProbabilityAliveLow) != 0 && (b.Reasons & ChurnReasonCodes.ProbabilityAliveLow) == 0))
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool With_p_alive_falling_over_time_the_risk_never_falls(ChurnSignals s, int laterDays, double aliveLoss)
    {
        double loss = double.IsFinite(aliveLoss) ? Math.Abs(aliveLoss) % 1 : 0;
        var later = s with
        {
            DaysSinceLastPurchase = s.DaysSinceLastPurchase + Math.Abs(laterDays % 1000),
            ProbabilityAlive = double.IsNaN(s.ProbabilityAlive) ? double.NaN : Math.Max(0, s.ProbabilityAlive - loss),
        };
        var a = Policy.Evaluate(s);
        var b = Policy.Evaluate(later);
        const ChurnReasonCodes timeSignals = ChurnReasonCodes.ProbabilityAliveLow | ChurnReasonCodes.Hiatus | ChurnReasonCodes.Overdue;
        return b.Risk >= a.Risk && (a.Reasons & timeSignals & ~b.Reasons) == 0;
    }
}
