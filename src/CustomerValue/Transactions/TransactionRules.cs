using System.Globalization;

namespace CustomerValue.Transactions;

/// <summary>The acceptance rules shared by every reader (CSV, Parquet, in-memory logs).</summary>
internal static class TransactionRules
{
    /// <summary>The largest amount magnitude summed exactly: amounts are kept as whole micro-units in 64 bits.</summary>
    public const double MaxAmount = 9.2e12;

    /// <summary>Checks an amount: finite, within range, and not negative unless returns are allowed.</summary>
    public static RejectedRow? CheckAmount(double amount, bool allowReturns, string amountField)
    {
        if (!double.IsFinite(amount))
        {
            return new RejectedRow(0, amountField, RejectReason.NonFiniteAmount, $"the amount {amount.ToString(CultureInfo.InvariantCulture)} is not finite");
        }

        if (Math.Abs(amount) > MaxAmount)
        {
            return new RejectedRow(0, amountField, RejectReason.AmountOutOfRange, $"the amount {amount.ToString(CultureInfo.InvariantCulture)} is beyond ±9.2e12, the range summed exactly");
        }

        if (amount < 0 && !allowReturns)
        {
            return new RejectedRow(0, amountField, RejectReason.NegativeAmount, $"the amount {amount.ToString(CultureInfo.InvariantCulture)} is negative and returns are not allowed (--allow-returns)");
        }

        return null;
    }

    /// <summary>Checks an in-memory transaction; returns the rejection (with <paramref name="position"/>) or null. A date after the end of observation is not checked here (it is a cut-off, counted by the caller).</summary>
    public static RejectedRow? Check(long position, string? customerId, double amount, bool allowReturns)
    {
        if (string.IsNullOrWhiteSpace(customerId))
        {
            return new RejectedRow(position, "customer_id", RejectReason.MissingField, "the customer id is empty");
        }

        var rejected = CheckAmount(amount, allowReturns, "amount");
        return rejected is null ? null : rejected with { LineNumber = position };
    }
}
