using CustomerValue.Churn;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerValue.Tests;

public static partial class Arbitraries
{
    /// <summary>Valid churn signals for one customer: every optional signal is sometimes NaN (unknown).</summary>
    public static Arbitrary<ChurnSignals> ChurnSignalValues() => ChurnSignalGen().ToArbitrary();

    /// <summary>A transaction log (see <see cref="TransactionLogs"/>) with an as-of date on or after its last purchase and a purchase to add on that date.</summary>
    public static Arbitrary<LogAsOf> LogsWithAsOf() =>
        TransactionLogs().Generator.SelectMany(log =>
            Gen.Choose(0, 400).SelectMany(extra =>
                Gen.Choose(0, 200).SelectMany(later =>
                    Gen.Elements(log.Rows.Select(r => r.CustomerId).Distinct().ToArray()).SelectMany(customer =>
                        Gen.Choose(0, 50000).Select(cents =>
                            new LogAsOf(log, log.Rows.Max(r => r.Date).AddDays(extra), later, customer, cents / 100.0))))))
        .ToArbitrary();

    private static Gen<double> MaybeNaN(Gen<double> gen) => Gen.Frequency((1, Gen.Constant(double.NaN)), (3, gen));

    private static Gen<ChurnSignals> ChurnSignalGen() =>
        from days in Gen.Choose(0, 1000)
        from gap in MaybeNaN(Gen.Choose(1, 4000).Select(v => v / 10.0))
        from alive in MaybeNaN(Gen.Choose(0, 1000).Select(v => v / 1000.0))
        from rate in MaybeNaN(Gen.Choose(0, 1000).Select(v => v / 10000.0))
        from prevN in MaybeNaN(Gen.Choose(0, 12).Select(v => (double)v))
        from recN in MaybeNaN(Gen.Choose(0, 12).Select(v => (double)v))
        from prevS in MaybeNaN(Gen.Choose(0, 100000).Select(v => v / 100.0))
        from recS in MaybeNaN(Gen.Choose(0, 100000).Select(v => v / 100.0))
        from sow in MaybeNaN(Gen.Choose(-1000, 1000).Select(v => v / 10.0))
        from margin in MaybeNaN(Gen.Choose(-50, 100).Select(v => v / 100.0))
        from value in MaybeNaN(Gen.Choose(0, 100000).Select(v => v / 10.0))
        select new ChurnSignals("c", days)
        {
            MeanGapDays = gap,
            ProbabilityAlive = alive,
            PurchaseRatePerDay = rate,
            PreviousWindowPurchases = prevN,
            RecentWindowPurchases = recN,
            PreviousWindowSpend = prevS,
            RecentWindowSpend = recS,
            ShareOfWalletChangePoints = sow,
            MarginRate = margin,
            Value = value,
        };
}

/// <summary>A log, an as-of date on or after its last purchase, a number of days to wait, and a purchase to add on the as-of date.</summary>
public sealed record LogAsOf(TransactionLog Log, DateOnly AsOf, int LaterDays, string Customer, double Amount)
{
    /// <inheritdoc/>
    public override string ToString() => $"as of {AsOf:yyyy-MM-dd} (+{LaterDays}), buyer {Customer} {Amount}: {Log}";
}
