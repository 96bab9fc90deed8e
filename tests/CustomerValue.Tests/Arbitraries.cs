using CustomerValue.Transactions;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerValue.Tests;

/// <summary>
/// The FsCheck generators for valid inputs, in one place (split by area into partial files). Use with
/// <c>[Property(Arbitrary = new[] { typeof(Arbitraries) })]</c>.
/// </summary>
public static partial class Arbitraries
{
    /// <summary>A small transaction log: 1..40 rows over 1..8 customers, dates in 2020, amounts 0..500 with cents.</summary>
    public static Arbitrary<TransactionLog> TransactionLogs() =>
        Gen.Choose(1, 8).SelectMany(customers =>
            Gen.ListOf(
                Gen.Choose(1, customers).SelectMany(c =>
                    Gen.Choose(0, 365).SelectMany(day =>
                        Gen.Choose(0, 50000).Select(cents =>
                            new Transaction("c" + c, new DateTime(2020, 1, 1).AddDays(day), cents / 100.0)))))
            .Where(l => l.Count > 0 && l.Count <= 40)
            .Select(l => new TransactionLog([.. l])))
        .ToArbitrary();
}

/// <summary>A generated transaction log (a wrapper so FsCheck prints it readably).</summary>
public sealed record TransactionLog(Transaction[] Rows)
{
    /// <inheritdoc/>
    public override string ToString() => string.Join("; ", Rows.Select(r => $"{r.CustomerId}@{r.Date:yyyy-MM-dd}:{r.Amount}"));
}
