using System.Globalization;
using System.Runtime.CompilerServices;

namespace CustomerValue.Churn;

/// <summary>The default <see cref="IChurnWarningPolicy"/>: limits from <see cref="ChurnWarningOptions"/>, risk from P(alive) or, without a model, from the customer's own buying rhythm.</summary>
/// <remarks>
/// <para><b>Risk</b> (higher = more likely gone), in [0, 1]:</para>
/// <list type="bullet">
/// <item>with P(alive): 1 − P(alive);</item>
/// <item>otherwise, with a mean gap g between purchase days: 1 − e^(−d/g), the probability that an active Poisson
/// buyer with this customer's rhythm would have bought again within the d days that have passed;</item>
/// <item>otherwise (a single purchase day): 1 − e^(−d/c) with the assumed cycle c =
/// <see cref="ChurnWarningOptions.SinglePurchaseCycleDays"/> (default 90 days: risk 0.63 after one cycle, 0.95 at the
/// 270-day hiatus).</item>
/// </list>
/// <para><b>Reasons</b>: each signal whose value crosses its limit (see <see cref="ChurnWarningOptions"/>); unknown
/// (NaN) signals raise nothing; <c>risk</c> is raised whenever the risk reaches the watch limit, so every level above
/// none has at least one reason. <b>Level</b>: the highest level whose risk limit, or whose limit on the number of
/// reasons other than <c>risk</c>, is reached.
/// <b>Priority</b>: risk × value (value 1 when unknown, negative values count as 0). <b>Next purchase</b>: last
/// purchase + mean gap; without a gap, last purchase + 1 ÷ the model's purchase rate; otherwise unknown.</para>
/// <para>Monotone by construction: risk and level never rise when days since the last purchase fall, P(alive) rises,
/// the recent window gains purchases or spend, or a reason goes away; so a purchase on the as-of date never raises
/// them, and waiting without a purchase never lowers the P(alive), hiatus or overdue signals.</para>
/// <para>Immutable and thread-safe; create it with <c>new</c>, no DI needed.</para>
/// </remarks>
public sealed class ChurnWarningPolicy : IChurnWarningPolicy
{
    private const int ChunkSize = 1 << 16;
    private const double MaxNextPurchaseDays = 36500;
    private readonly Limits _limits;

    /// <summary>Creates the policy (default limits: <see cref="ChurnWarningOptions.Default"/>).</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public ChurnWarningPolicy(ChurnWarningOptions? options = null)
    {
        Options = options ?? ChurnWarningOptions.Default;
        Options.Validate();
        _limits = new Limits(Options);
    }

    /// <inheritdoc/>
    public ChurnWarningOptions Options { get; }

    /// <inheritdoc/>
    /// <example>
    /// <code>
    /// ChurnSignalTable signals = ChurnSignalAccumulator.Measure(transactions, new ChurnSignalOptions(asOf));
    /// ChurnWarning warning = new ChurnWarningPolicy().Evaluate(signals.Row(0));
    /// Console.WriteLine($"{warning.CustomerId}: {warning.Level}, risk {warning.Risk:0.00}");
    /// </code>
    /// </example>
    public ChurnWarning Evaluate(in ChurnSignals signals)
    {
        string id = signals.CustomerId ?? string.Empty;
        var error = Check(signals.DaysSinceLastPurchase, signals.MeanGapDays, signals.ProbabilityAlive, signals.PurchaseRatePerDay, signals.PreviousWindowPurchases, signals.RecentWindowPurchases, signals.PreviousWindowSpend, signals.RecentWindowSpend, signals.ShareOfWalletChangePoints, signals.MarginRate, signals.Value);
        if (error is not null)
        {
            throw Invalid("Customer '" + id + "'", error.Value);
        }

        var level = Core(
            in _limits, signals.DaysSinceLastPurchase, signals.MeanGapDays, signals.ProbabilityAlive, signals.PurchaseRatePerDay, signals.PreviousWindowPurchases, signals.RecentWindowPurchases,
            signals.PreviousWindowSpend, signals.RecentWindowSpend, signals.ShareOfWalletChangePoints, signals.ShareOfWalletStalledThenFell, signals.MarginRate, signals.Value, out double risk, out var reasons, out double priority, out double next);
        return new ChurnWarning(id, level, risk, reasons, Explain(signals, reasons), priority, next);
    }

    /// <inheritdoc/>
    public void Evaluate(ChurnSignalColumns signals, ChurnWarningDestination destination)
    {
        signals.CheckLengths();
        int n = signals.Count;
        destination.CheckLength(n);
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        if (chunks <= 1 || Environment.ProcessorCount == 1)
        {
            int bad = EvaluateRange(in _limits, signals, destination, 0, n);
            ThrowIfBad(signals, bad);
            return;
        }

        int firstBad = int.MaxValue;
        var limits = _limits;
        Parallel.For(0, chunks, c =>
        {
            int start = c * ChunkSize;
            int bad = EvaluateRange(in limits, signals, destination, start, Math.Min(n, start + ChunkSize));
            if (bad >= 0)
            {
                int seen;
                while (bad < (seen = Volatile.Read(ref firstBad)) && Interlocked.CompareExchange(ref firstBad, bad, seen) != seen)
                {
                }
            }
        });
        ThrowIfBad(signals, firstBad == int.MaxValue ? -1 : firstBad);
    }

    /// <inheritdoc/>
    public IReadOnlyList<ChurnReason> Explain(in ChurnSignals signals, ChurnReasonCodes reasons)
    {
        if (reasons == ChurnReasonCodes.None)
        {
            return [];
        }

        var o = Options;
        var list = new List<ChurnReason>(reasons.Count());
        double days = signals.DaysSinceLastPurchase;
        string window = double.IsFinite(signals.WindowDays) ? F($"{signals.WindowDays:0} days") : "window";
        foreach (var r in ChurnReasonCodesExtensions.All)
        {
            if ((reasons & r) == 0)
            {
                continue;
            }

            switch (r)
            {
                case ChurnReasonCodes.RiskHigh:
                    list.Add(new(r, r.Code(), RiskOf(signals), o.WatchRisk, RiskMessage(signals)));
                    break;
                case ChurnReasonCodes.ProbabilityAliveLow:
                    list.Add(new(r, r.Code(), signals.ProbabilityAlive, o.ProbabilityAliveBelow, F($"P(alive) is {signals.ProbabilityAlive:0.00}, below the {o.ProbabilityAliveBelow:0.00} limit.")));
                    break;
                case ChurnReasonCodes.Hiatus:
                    list.Add(new(r, r.Code(), days, o.HiatusDays, F($"{days:0} days since the last order, at or beyond the {o.HiatusDays:0}-day hiatus limit.")));
                    break;
                case ChurnReasonCodes.Overdue:
                    double ratio = days / signals.MeanGapDays;
                    list.Add(new(r, r.Code(), ratio, o.OverdueRatio, F($"{days:0} days since the last order, {ratio:0.0} times this customer's usual {signals.MeanGapDays:0}-day cycle (limit {o.OverdueRatio:0.0}); an active customer leaves a gap this long with probability {Math.Exp(-ratio):0.000}.")));
                    break;
                case ChurnReasonCodes.FrequencyDecline:
                    double fall = (signals.PreviousWindowPurchases - signals.RecentWindowPurchases) / signals.PreviousWindowPurchases;
                    list.Add(new(r, r.Code(), fall, o.FrequencyDeclineFrom, F($"{signals.RecentWindowPurchases:0} purchase {(signals.RecentWindowPurchases == 1 ? "day" : "days")} in the last {window} against {signals.PreviousWindowPurchases:0} in the {window} before: down {fall:0%} (limit {o.FrequencyDeclineFrom:0%}).")));
                    break;
                case ChurnReasonCodes.SpendDecline:
                    double spendFall = (signals.PreviousWindowSpend - signals.RecentWindowSpend) / signals.PreviousWindowSpend;
                    list.Add(new(r, r.Code(), spendFall, o.SpendDeclineFrom, F($"Spend of {signals.RecentWindowSpend:0.##} in the last {window} against {signals.PreviousWindowSpend:0.##} in the {window} before: down {spendFall:0%} (limit {o.SpendDeclineFrom:0%}).")));
                    break;
                case ChurnReasonCodes.ShareOfWalletDrop:
                    list.Add(new(r, r.Code(), -signals.ShareOfWalletChangePoints, o.ShareOfWalletDropPoints, F($"Share of wallet fell {-signals.ShareOfWalletChangePoints:0.0} percentage points since the previous period (limit {o.ShareOfWalletDropPoints:0.0}): the customer is moving spend to competitors.")));
                    break;
                case ChurnReasonCodes.ShareOfWalletStalledThenFell:
                    list.Add(new(r, r.Code(), -signals.ShareOfWalletChangePoints, double.NaN, double.IsNaN(signals.ShareOfWalletChangePoints)
                        ? "Share of wallet stalled, then fell in the latest period: the customer is moving spend to competitors."
                        : F($"Share of wallet stalled, then fell {-signals.ShareOfWalletChangePoints:0.0} percentage points in the latest period: the customer is moving spend to competitors.")));
                    break;
                case ChurnReasonCodes.MarginBelowLimit:
                    list.Add(new(r, r.Code(), signals.MarginRate, o.MarginBelow, F($"Margin of {signals.MarginRate:0.0%} is below the {o.MarginBelow:0%} limit.")));
                    break;
                default:
                    break;
            }
        }

        return list;
    }

    private double RiskOf(in ChurnSignals s)
    {
        Core(in _limits, s.DaysSinceLastPurchase, s.MeanGapDays, s.ProbabilityAlive, s.PurchaseRatePerDay, s.PreviousWindowPurchases, s.RecentWindowPurchases, s.PreviousWindowSpend, s.RecentWindowSpend, s.ShareOfWalletChangePoints, s.ShareOfWalletStalledThenFell, s.MarginRate, s.Value, out double risk, out _, out _, out _);
        return risk;
    }

    private string RiskMessage(in ChurnSignals s)
    {
        double risk = RiskOf(s);
        double days = s.DaysSinceLastPurchase;
        if (s.ProbabilityAlive >= 0)
        {
            return F($"The lifetime model gives a {risk:0%} chance that this customer has stopped buying (P(alive) {s.ProbabilityAlive:0.00}).");
        }

        return s.MeanGapDays > 0
            ? F($"{days:0} days since the last order; an active customer with this customer's {s.MeanGapDays:0}-day rhythm would have ordered again by now with probability {risk:0.00}.")
            : F($"{days:0} days since the only order; with the {Options.SinglePurchaseCycleDays:0}-day cycle assumed for one-time buyers, an active customer would have ordered again by now with probability {risk:0.00}.");
    }

    internal static DateOnly? NextDate(DateOnly asOf, double days)
    {
        if (!double.IsFinite(days))
        {
            return null;
        }

        long target = asOf.DayNumber + (long)Math.Round(days, MidpointRounding.AwayFromZero);
        return target >= DateOnly.MinValue.DayNumber && target <= DateOnly.MaxValue.DayNumber ? DateOnly.FromDayNumber((int)target) : null;
    }

    private static int EvaluateRange(in Limits limits, ChurnSignalColumns s, ChurnWarningDestination d, int start, int end)
    {
        var days = s.DaysSinceLastPurchase.Span;
        var gap = s.MeanGapDays.Span;
        var pAlive = s.ProbabilityAlive.Span;
        var rate = s.PurchaseRatePerDay.Span;
        var prevN = s.PreviousWindowPurchases.Span;
        var recN = s.RecentWindowPurchases.Span;
        var prevS = s.PreviousWindowSpend.Span;
        var recS = s.RecentWindowSpend.Span;
        var sow = s.ShareOfWalletChangePoints.Span;
        var stalled = s.ShareOfWalletStalledThenFell.Span;
        var margin = s.MarginRate.Span;
        var value = s.Value.Span;
        var levels = d.Levels.Span;
        var risk = d.Risk.Span;
        var reasons = d.Reasons.Span;
        var priority = d.Priority.Span;
        var next = d.NextPurchaseInDays.Span;
        bool writeNext = !next.IsEmpty;
        for (int i = start; i < end; i++)
        {
            double dd = days[i];
            double g = At(gap, i);
            double p = At(pAlive, i);
            double ra = At(rate, i);
            double pn = At(prevN, i);
            double rn = At(recN, i);
            double ps = At(prevS, i);
            double rs = At(recS, i);
            double sw = At(sow, i);
            double m = At(margin, i);
            double v = At(value, i);
            if (!Valid(dd, g, p, ra, pn, rn, ps, rs, sw, m, v))
            {
                return i;
            }

            bool st = !stalled.IsEmpty && stalled[i];
            levels[i] = Core(in limits, dd, g, p, ra, pn, rn, ps, rs, sw, st, m, v, out risk[i], out reasons[i], out priority[i], out double nx);
            if (writeNext)
            {
                next[i] = nx;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double At(ReadOnlySpan<double> column, int i) => column.IsEmpty ? double.NaN : column[i];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bit(bool condition) => condition ? 1 : 0;

    /// <summary>
    /// The policy for one customer. Written without data-dependent branches (each comparison becomes a 0/1 value), since
    /// real signals are as unpredictable for the branch predictor as random ones; NaN fails every comparison, so an
    /// unknown signal raises nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ChurnLevel Core(
        in Limits l, double days, double gap, double pAlive, double rate, double prevN, double recN, double prevS, double recS, double sow, bool stalled, double margin, double value,
        out double risk, out ChurnReasonCodes reasons, out double priority, out double nextInDays)
    {
        bool hasGap = gap > 0;
        bool hasAlive = pAlive >= 0;

        // Model-free: 1 − e^(−d/cycle), the cycle being the customer's own mean gap or the assumed single-purchase cycle.
        double inverseCycle = hasGap ? 1 / gap : l.InverseSingleCycle;
        double modelFree = 0.0 - double.ExpM1(-days * inverseCycle);
        risk = hasAlive ? 1 - pAlive : modelFree;

        bool judgeDecline = prevN >= l.MinimumPrevious;
        int r = Bit(pAlive < l.ProbabilityAliveBelow)
            | (Bit(days >= l.HiatusDays) << 1)
            | (Bit(hasGap & (days >= l.OverdueRatio * gap)) << 2)
            | (Bit(judgeDecline & (recN <= prevN * (1 - l.FrequencyDecline))) << 3)
            | (Bit(judgeDecline & (prevS > 0) & (recS <= prevS * (1 - l.SpendDecline))) << 4)
            | (Bit(sow <= -l.SowDropPoints) << 5)
            | (Bit(margin < l.MarginBelow) << 6)
            | (Bit(stalled) << 8);
        int count = System.Numerics.BitOperations.PopCount((uint)r);
        r |= Bit(risk >= l.WatchRisk) << 7;
        reasons = (ChurnReasonCodes)r;

        int byRisk = Bit(risk >= l.WatchRisk) + Bit(risk >= l.WarningRisk) + Bit(risk >= l.CriticalRisk);
        int byCount = Bit(count >= l.WatchReasons) + Bit(count >= l.WarningReasons) + Bit(count >= l.CriticalReasons);
        priority = risk * (double.IsNaN(value) ? 1.0 : Math.Max(value, 0.0));
        double cycle = hasGap ? gap : rate > 0 ? 1 / rate : double.NaN;
        double next = cycle - days;
        nextInDays = Math.Abs(next) <= MaxNextPurchaseDays ? next : double.NaN;
        return (ChurnLevel)Math.Max(byRisk, byCount);
    }

    /// <summary>The hot-loop form of <see cref="Check"/>: comparisons only (NaN fails every ordered comparison).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Valid(double days, double gap, double pAlive, double rate, double prevN, double recN, double prevS, double recS, double sow, double margin, double value) =>
        days >= 0 && days < double.PositiveInfinity
        && (double.IsNaN(gap) || (gap > 0 && gap < double.PositiveInfinity))
        && (double.IsNaN(pAlive) || (pAlive >= 0 && pAlive <= 1))
        && (double.IsNaN(rate) || (rate >= 0 && rate < double.PositiveInfinity))
        && (double.IsNaN(prevN) || (prevN >= 0 && prevN < double.PositiveInfinity))
        && (double.IsNaN(recN) || (recN >= 0 && recN < double.PositiveInfinity))
        && (double.IsNaN(prevS) || Math.Abs(prevS) < double.PositiveInfinity)
        && (double.IsNaN(recS) || Math.Abs(recS) < double.PositiveInfinity)
        && (double.IsNaN(sow) || (sow >= -100 && sow <= 100))
        && (double.IsNaN(margin) || (margin >= -1e6 && margin <= 1))
        && (double.IsNaN(value) || Math.Abs(value) < double.PositiveInfinity);

    private static (string Field, double Value, string Rule)? Check(double days, double gap, double pAlive, double rate, double prevN, double recN, double prevS, double recS, double sow, double margin, double value)
    {
        if (!(days >= 0 && days < double.PositiveInfinity))
        {
            return ("DaysSinceLastPurchase", days, "must be finite and non-negative");
        }

        if (!(double.IsNaN(gap) || (gap > 0 && gap < double.PositiveInfinity)))
        {
            return ("MeanGapDays", gap, "must be positive and finite, or NaN when unknown");
        }

        if (!(double.IsNaN(pAlive) || (pAlive >= 0 && pAlive <= 1)))
        {
            return ("ProbabilityAlive", pAlive, "must be in [0, 1], or NaN when unknown");
        }

        if (!(double.IsNaN(rate) || (rate >= 0 && rate < double.PositiveInfinity)))
        {
            return ("PurchaseRatePerDay", rate, "must be finite and non-negative, or NaN when unknown");
        }

        if (!NonNegativeOrNaN(prevN))
        {
            return ("PreviousWindowPurchases", prevN, "must be finite and non-negative, or NaN when unknown");
        }

        if (!NonNegativeOrNaN(recN))
        {
            return ("RecentWindowPurchases", recN, "must be finite and non-negative, or NaN when unknown");
        }

        if (!(double.IsNaN(prevS) || double.IsFinite(prevS)))
        {
            return ("PreviousWindowSpend", prevS, "must be finite, or NaN when unknown");
        }

        if (!(double.IsNaN(recS) || double.IsFinite(recS)))
        {
            return ("RecentWindowSpend", recS, "must be finite, or NaN when unknown");
        }

        if (!(double.IsNaN(sow) || (sow >= -100 && sow <= 100)))
        {
            return ("ShareOfWalletChangePoints", sow, "must be in [-100, 100] percentage points, or NaN when unknown");
        }

        if (!(double.IsNaN(margin) || (margin >= -1e6 && margin <= 1)))
        {
            return ("MarginRate", margin, "must be a finite fraction at most 1, or NaN when unknown");
        }

        if (!(double.IsNaN(value) || double.IsFinite(value)))
        {
            return ("Value", value, "must be finite, or NaN when unknown");
        }

        return null;
    }

    private static bool NonNegativeOrNaN(double v) => double.IsNaN(v) || (v >= 0 && v < double.PositiveInfinity);

    private static void ThrowIfBad(ChurnSignalColumns signals, int row)
    {
        if (row < 0)
        {
            return;
        }

        var s = signals.Row(row, string.Empty);
        var error = Check(s.DaysSinceLastPurchase, s.MeanGapDays, s.ProbabilityAlive, s.PurchaseRatePerDay, s.PreviousWindowPurchases, s.RecentWindowPurchases, s.PreviousWindowSpend, s.RecentWindowSpend, s.ShareOfWalletChangePoints, s.MarginRate, s.Value);
        throw Invalid(F($"Row {row}"), error!.Value);
    }

    private static ArgumentException Invalid(string who, (string Field, double Value, string Rule) error) =>
        new(F($"{who}: {error.Field} {error.Rule} (got {error.Value})."), error.Field);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The limits, flattened for the hot loop.</summary>
    private readonly struct Limits(ChurnWarningOptions o)
    {
        public readonly double ProbabilityAliveBelow = o.ProbabilityAliveBelow;
        public readonly double HiatusDays = o.HiatusDays;
        public readonly double InverseSingleCycle = 1 / o.SinglePurchaseCycleDays;
        public readonly double OverdueRatio = o.OverdueRatio;
        public readonly double FrequencyDecline = o.FrequencyDeclineFrom;
        public readonly double SpendDecline = o.SpendDeclineFrom;
        public readonly double MinimumPrevious = o.MinimumPreviousWindowPurchases;
        public readonly double SowDropPoints = o.ShareOfWalletDropPoints;
        public readonly double MarginBelow = o.MarginBelow;
        public readonly double WatchRisk = o.WatchRisk;
        public readonly double WarningRisk = o.WarningRisk;
        public readonly double CriticalRisk = o.CriticalRisk;
        public readonly int WatchReasons = o.WatchReasons;
        public readonly int WarningReasons = o.WarningReasons;
        public readonly int CriticalReasons = o.CriticalReasons;
    }
}
