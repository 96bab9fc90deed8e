using System.Globalization;

namespace CustomerValue.Churn;

/// <summary>Where the batch path of <see cref="IChurnWarningPolicy"/> writes its results: one element per customer in each column.</summary>
/// <remarks>Memory-backed so the policy can fill chunks on several threads. <see cref="NextPurchaseInDays"/> may be empty to skip it.</remarks>
public readonly record struct ChurnWarningDestination
{
    /// <summary>Creates a destination.</summary>
    public ChurnWarningDestination(Memory<ChurnLevel> levels, Memory<double> risk, Memory<ChurnReasonCodes> reasons, Memory<double> priority, Memory<double> nextPurchaseInDays = default)
    {
        Levels = levels;
        Risk = risk;
        Reasons = reasons;
        Priority = priority;
        NextPurchaseInDays = nextPurchaseInDays;
    }

    /// <summary>Receives each customer's level.</summary>
    public Memory<ChurnLevel> Levels { get; }

    /// <summary>Receives each customer's risk in [0, 1].</summary>
    public Memory<double> Risk { get; }

    /// <summary>Receives each customer's reasons as flags.</summary>
    public Memory<ChurnReasonCodes> Reasons { get; }

    /// <summary>Receives risk × value.</summary>
    public Memory<double> Priority { get; }

    /// <summary>Receives days from the as-of date to the expected next purchase (NaN when unknown); empty to skip.</summary>
    public Memory<double> NextPurchaseInDays { get; }

    /// <summary>Allocates a destination for <paramref name="count"/> customers.</summary>
    public static ChurnWarningDestination Allocate(int count) =>
        new(new ChurnLevel[count], new double[count], new ChurnReasonCodes[count], new double[count], new double[count]);

    internal void CheckLength(int n)
    {
        if (Levels.Length != n || Risk.Length != n || Reasons.Length != n || Priority.Length != n || (!NextPurchaseInDays.IsEmpty && NextPurchaseInDays.Length != n))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Churn warnings: every destination column must hold {n} rows (levels {Levels.Length}, risk {Risk.Length}, reasons {Reasons.Length}, priority {Priority.Length}, next purchase {NextPurchaseInDays.Length})."));
        }
    }
}
