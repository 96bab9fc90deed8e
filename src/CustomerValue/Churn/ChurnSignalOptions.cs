using CustomerValue.Wallet;

namespace CustomerValue.Churn;

/// <summary>The as-of date and windows for measuring churn signals from a transaction log.</summary>
/// <remarks>
/// The recent window is the <see cref="WindowDays"/> days ending on the as-of date (inclusive); the previous window
/// is the same number of days just before it. Immutable; <see cref="Validate"/> reports every invalid field at once.
/// </remarks>
/// <param name="AsOf">The date the signals describe: purchases after it are ignored (never the clock).</param>
public sealed record ChurnSignalOptions(DateOnly AsOf)
{
    /// <summary>The length of each of the two comparison windows, in days. In 1..3650; default 180.</summary>
    public int WindowDays { get; init; } = 180;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">One or more fields are invalid; the message lists them all.</exception>
    public void Validate() =>
        new OptionErrors(nameof(ChurnSignalOptions))
            .Check(WindowDays is >= 1 and <= 3650, nameof(WindowDays), $"must be in 1..3650 (got {WindowDays})")
            .Check(AsOf.DayNumber >= 2 * 3650, nameof(AsOf), $"must leave room for two windows before it (got {AsOf:yyyy-MM-dd})")
            .ThrowIfAny();
}
