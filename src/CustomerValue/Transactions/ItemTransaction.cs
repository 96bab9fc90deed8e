using System.Globalization;

namespace CustomerValue.Transactions;

/// <summary>
/// One line of an item-level transaction log: a <see cref="Transaction"/> (customer, time, amount) plus what was bought,
/// in which order, and what it earned. Every item-level field is optional (null when the log has no such column).
/// </summary>
/// <remarks>
/// <para>The item-level analyses (market baskets, purchase sequences, cross-selling, profitability) read these lines;
/// the value models read only <see cref="ToTransaction"/>. When a log gives quantity and unit price, the reader sets
/// <see cref="Amount"/> = quantity × unit price.</para>
/// <para>A value type with no behaviour beyond simple projections; immutable.</para>
/// </remarks>
/// <param name="CustomerId">The customer's identifier; never empty.</param>
/// <param name="Timestamp">When the purchase happened (only the calendar date counts).</param>
/// <param name="Amount">The line's sales value (finite; negative only for returns when they are allowed).</param>
/// <param name="OrderId">The order (invoice, basket) the line belongs to, or null when the log has no order column.</param>
/// <param name="Item">The item (product, stock code, SKU), or null when the log has no item column.</param>
/// <param name="Category">The item's category (product line, sub-category), or null when the log has none.</param>
/// <param name="Quantity">Units bought, or null.</param>
/// <param name="UnitPrice">Price per unit, or null.</param>
/// <param name="Profit">The line's profit (margin contribution) in the currency of <paramref name="Amount"/>, or null. A log with a cost column gives profit = amount − cost.</param>
/// <param name="Discount">The line's discount (a rate or an amount; only "greater than zero" is used), or null.</param>
public readonly record struct ItemTransaction(
    string CustomerId,
    DateTime Timestamp,
    double Amount,
    string? OrderId = null,
    string? Item = null,
    string? Category = null,
    double? Quantity = null,
    double? UnitPrice = null,
    double? Profit = null,
    double? Discount = null)
{
    /// <summary>The calendar date of the purchase.</summary>
    public DateOnly Date => DateOnly.FromDateTime(Timestamp);

    /// <summary>True when the line was sold at a discount (a discount greater than zero).</summary>
    public bool IsDiscounted => Discount is > 0;

    /// <summary>The (customer, time, amount) part, for the value models and summaries.</summary>
    public Transaction ToTransaction() => new(CustomerId, Timestamp, Amount);

    /// <summary>
    /// The order key: <see cref="OrderId"/> when present, otherwise the customer and the calendar day
    /// (<c>customer_id@YYYY-MM-DD</c>), so that a log without order ids treats one customer's purchases of one day as one order.
    /// </summary>
    public string OrderKey => OrderId ?? string.Create(CultureInfo.InvariantCulture, $"{CustomerId}@{Date:yyyy-MM-dd}");
}

/// <summary>Checks in-memory item-level lines with the same rules the readers apply to files.</summary>
public static class ItemTransactionRules
{
    /// <summary>
    /// Returns the reason the line at <paramref name="position"/> (1-based) is not valid, or null when it is:
    /// an empty customer id, a non-finite amount, quantity, unit price, profit or discount, or a negative amount when
    /// returns are not allowed.
    /// </summary>
    /// <param name="line">The line.</param>
    /// <param name="position">Its 1-based position, used in the message.</param>
    /// <param name="allowReturns">Whether negative amounts are accepted.</param>
    public static RejectedRow? Check(in ItemTransaction line, long position, bool allowReturns = false)
    {
        if (string.IsNullOrEmpty(line.CustomerId))
        {
            return new RejectedRow(position, "customer_id", RejectReason.MissingField, "the customer id is empty");
        }

        var basic = TransactionRules.Check(position, line.CustomerId, line.Amount, allowReturns);
        if (basic is not null)
        {
            return basic;
        }

        return NonFinite(position, "quantity", line.Quantity)
            ?? NonFinite(position, "price", line.UnitPrice)
            ?? NonFinite(position, "profit", line.Profit)
            ?? NonFinite(position, "discount", line.Discount);
    }

    /// <summary>Throws for the first invalid line (see <see cref="Check"/>); used by the analyses on in-memory input.</summary>
    /// <exception cref="ArgumentException">A line is invalid; the message names its position, field and reason.</exception>
    internal static void ThrowIfInvalid(in ItemTransaction line, long position, bool allowReturns, string paramName)
    {
        if (Check(line, position, allowReturns) is { } bad)
        {
            throw new ArgumentException($"Transaction {bad.LineNumber}, field '{bad.Field}': {bad.Message}.", paramName);
        }
    }

    private static RejectedRow? NonFinite(long position, string field, double? value) =>
        value is { } v && !double.IsFinite(v)
            ? new RejectedRow(position, field, RejectReason.NonFiniteAmount, $"the {field} {v.ToString(CultureInfo.InvariantCulture)} is not finite")
            : null;
}
