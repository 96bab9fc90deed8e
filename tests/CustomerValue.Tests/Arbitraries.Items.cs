using CustomerValue.Transactions;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerValue.Tests;

public static partial class Arbitraries
{
    /// <summary>
    /// A small item-level log: 1..60 lines, 1..6 customers, 1..15 orders, items a..h (few, so that item sets repeat),
    /// categories by item, dates within 2020, amounts, profits from −20 to 80 and some discounts.
    /// </summary>
    public static Arbitrary<ItemLog> ItemLogs() =>
        Gen.Choose(1, 15).SelectMany(orders =>
            Gen.ListOf(
                Gen.Choose(1, orders).SelectMany(o =>
                    Gen.Choose(0, 7).SelectMany(item =>
                        Gen.Choose(0, 120).SelectMany(day =>
                            Gen.Choose(0, 10000).SelectMany(cents =>
                                Gen.Choose(-20, 80).SelectMany(profit =>
                                    Gen.Choose(0, 3).Select(discount =>
                                        new ItemTransaction(
                                            "c" + (o % 6),
                                            new DateTime(2020, 1, 1).AddDays(day),
                                            cents / 100.0,
                                            "o" + o,
                                            ((char)('a' + item)).ToString(),
                                            item < 3 ? "X" : item < 6 ? "Y" : "Z",
                                            Profit: profit,
                                            Discount: discount == 0 ? 0.2 : 0))))))))
            .Where(l => l.Count > 0 && l.Count <= 60)
            .Select(l => new ItemLog([.. l])))
        .ToArbitrary();
}

/// <summary>A generated item-level log (a wrapper so FsCheck prints it readably).</summary>
public sealed record ItemLog(ItemTransaction[] Lines)
{
    /// <inheritdoc/>
    public override string ToString() => string.Join("; ", Lines.Select(r => $"{r.CustomerId}/{r.OrderId}@{r.Date:MM-dd}:{r.Item}"));
}
