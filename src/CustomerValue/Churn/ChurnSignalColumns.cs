using System.Globalization;

namespace CustomerValue.Churn;

/// <summary>
/// The churn signals of many customers as columns (struct of arrays): the input of the batch path of
/// <see cref="IChurnWarningPolicy"/>. Row i of every column belongs to the same customer.
/// </summary>
/// <remarks>
/// Only <see cref="DaysSinceLastPurchase"/> is required. An optional column is either empty (the signal is not
/// measured for anyone) or as long as the required one; within a column, NaN means "unknown for this customer".
/// Memory-backed so the policy can split the rows into chunks and score them on several threads.
/// </remarks>
public readonly record struct ChurnSignalColumns
{
    /// <summary>Creates columns with the required recency column.</summary>
    public ChurnSignalColumns(ReadOnlyMemory<double> daysSinceLastPurchase) => DaysSinceLastPurchase = daysSinceLastPurchase;

    /// <summary>The number of customers.</summary>
    public int Count => DaysSinceLastPurchase.Length;

    /// <summary>Days from the last purchase to the as-of date.</summary>
    public ReadOnlyMemory<double> DaysSinceLastPurchase { get; init; }

    /// <summary>See <see cref="ChurnSignals.MeanGapDays"/>.</summary>
    public ReadOnlyMemory<double> MeanGapDays { get; init; }

    /// <summary>See <see cref="ChurnSignals.ProbabilityAlive"/>.</summary>
    public ReadOnlyMemory<double> ProbabilityAlive { get; init; }

    /// <summary>See <see cref="ChurnSignals.PurchaseRatePerDay"/>.</summary>
    public ReadOnlyMemory<double> PurchaseRatePerDay { get; init; }

    /// <summary>See <see cref="ChurnSignals.PreviousWindowPurchases"/>.</summary>
    public ReadOnlyMemory<double> PreviousWindowPurchases { get; init; }

    /// <summary>See <see cref="ChurnSignals.RecentWindowPurchases"/>.</summary>
    public ReadOnlyMemory<double> RecentWindowPurchases { get; init; }

    /// <summary>See <see cref="ChurnSignals.PreviousWindowSpend"/>.</summary>
    public ReadOnlyMemory<double> PreviousWindowSpend { get; init; }

    /// <summary>See <see cref="ChurnSignals.RecentWindowSpend"/>.</summary>
    public ReadOnlyMemory<double> RecentWindowSpend { get; init; }

    /// <summary>See <see cref="ChurnSignals.ShareOfWalletChangePoints"/>.</summary>
    public ReadOnlyMemory<double> ShareOfWalletChangePoints { get; init; }

    /// <summary>See <see cref="ChurnSignals.ShareOfWalletStalledThenFell"/>.</summary>
    public ReadOnlyMemory<bool> ShareOfWalletStalledThenFell { get; init; }

    /// <summary>See <see cref="ChurnSignals.MarginRate"/>.</summary>
    public ReadOnlyMemory<double> MarginRate { get; init; }

    /// <summary>See <see cref="ChurnSignals.Value"/>.</summary>
    public ReadOnlyMemory<double> Value { get; init; }

    /// <summary>Checks that every optional column is empty or as long as the required one.</summary>
    /// <exception cref="ArgumentException">A column has another length; the message names it.</exception>
    public void CheckLengths()
    {
        int n = Count;
        Check(MeanGapDays, nameof(MeanGapDays), n);
        Check(ProbabilityAlive, nameof(ProbabilityAlive), n);
        Check(PurchaseRatePerDay, nameof(PurchaseRatePerDay), n);
        Check(PreviousWindowPurchases, nameof(PreviousWindowPurchases), n);
        Check(RecentWindowPurchases, nameof(RecentWindowPurchases), n);
        Check(PreviousWindowSpend, nameof(PreviousWindowSpend), n);
        Check(RecentWindowSpend, nameof(RecentWindowSpend), n);
        Check(ShareOfWalletChangePoints, nameof(ShareOfWalletChangePoints), n);
        if (!ShareOfWalletStalledThenFell.IsEmpty && ShareOfWalletStalledThenFell.Length != n)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Churn signals: column {nameof(ShareOfWalletStalledThenFell)} has {ShareOfWalletStalledThenFell.Length} rows; {nameof(DaysSinceLastPurchase)} has {n}. An optional column is empty or full length."), nameof(ShareOfWalletStalledThenFell));
        }

        Check(MarginRate, nameof(MarginRate), n);
        Check(Value, nameof(Value), n);
    }

    /// <summary>Row <paramref name="index"/> as scalar signals (absent columns give NaN).</summary>
    /// <param name="index">The row.</param>
    /// <param name="customerId">The customer's id, for messages.</param>
    /// <param name="windowDays">The window length for messages (NaN when unknown).</param>
    public ChurnSignals Row(int index, string customerId, double windowDays = double.NaN) => new(customerId, DaysSinceLastPurchase.Span[index])
    {
        MeanGapDays = At(MeanGapDays, index),
        ProbabilityAlive = At(ProbabilityAlive, index),
        PurchaseRatePerDay = At(PurchaseRatePerDay, index),
        PreviousWindowPurchases = At(PreviousWindowPurchases, index),
        RecentWindowPurchases = At(RecentWindowPurchases, index),
        PreviousWindowSpend = At(PreviousWindowSpend, index),
        RecentWindowSpend = At(RecentWindowSpend, index),
        WindowDays = windowDays,
        ShareOfWalletChangePoints = At(ShareOfWalletChangePoints, index),
        ShareOfWalletStalledThenFell = !ShareOfWalletStalledThenFell.IsEmpty && ShareOfWalletStalledThenFell.Span[index],
        MarginRate = At(MarginRate, index),
        Value = At(Value, index),
    };

    private static double At(ReadOnlyMemory<double> column, int index) => column.IsEmpty ? double.NaN : column.Span[index];

    private static void Check(ReadOnlyMemory<double> column, string name, int n)
    {
        if (!column.IsEmpty && column.Length != n)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Churn signals: column {name} has {column.Length} rows; {nameof(DaysSinceLastPurchase)} has {n}. An optional column is empty or full length."), name);
        }
    }
}
