using System.Globalization;
using CustomerValue.Summaries;

namespace CustomerValue.Segmentation;

/// <summary>
/// The three RFM inputs of a customer base as columns (struct of arrays): days since the last purchase, number of
/// purchases and monetary value, one row per customer.
/// </summary>
/// <remarks>
/// <para>Immutable and thread-safe. Build it from caller-held columns with <see cref="FromColumns"/>, or from
/// customer summaries and an explicit as-of date with <see cref="FromSummaries"/>. Every value is validated once
/// here, so scorers read the columns without further checks.</para>
/// </remarks>
public sealed class RfmInput
{
    private readonly string[]? _ids;
    private readonly double[] _recencyDays;
    private readonly double[] _frequency;
    private readonly double[] _monetary;

    private RfmInput(string[]? ids, double[] recencyDays, double[] frequency, double[] monetary)
    {
        _ids = ids;
        _recencyDays = recencyDays;
        _frequency = frequency;
        _monetary = monetary;
    }

    /// <summary>The number of customers.</summary>
    public int Count => _recencyDays.Length;

    /// <summary>Customer ids, one per row, or null when the caller gave none.</summary>
    public IReadOnlyList<string>? CustomerIds => _ids;

    /// <summary>Days since the last purchase (≥ 0; smaller = more recent).</summary>
    public ReadOnlySpan<double> RecencyDays => _recencyDays;

    /// <summary>Number of purchases (≥ 0; larger = more frequent).</summary>
    public ReadOnlySpan<double> Frequency => _frequency;

    /// <summary>Monetary value (finite; may be negative, e.g. net of returns or a margin).</summary>
    public ReadOnlySpan<double> Monetary => _monetary;

    /// <summary>Builds the input from caller-held columns, validating every row.</summary>
    /// <param name="recencyDays">Days since the last purchase, finite and ≥ 0.</param>
    /// <param name="frequency">Number of purchases, finite and ≥ 0.</param>
    /// <param name="monetary">Monetary value, finite.</param>
    /// <param name="customerIds">Optional ids, one per row (used in error messages and outputs).</param>
    /// <exception cref="ArgumentException">Lengths differ or a value is invalid; the message names the row (and customer) and field.</exception>
    public static RfmInput FromColumns(ReadOnlySpan<double> recencyDays, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, IReadOnlyList<string>? customerIds = null)
    {
        int n = recencyDays.Length;
        if (frequency.Length != n || monetary.Length != n || (customerIds is not null && customerIds.Count != n))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"RfmInput: all columns must have one value per customer; got recency {n}, frequency {frequency.Length}, monetary {monetary.Length}{(customerIds is null ? string.Empty : $", ids {customerIds.Count}")}."));
        }

        Validate(recencyDays, frequency, monetary, customerIds);
        return new RfmInput(customerIds?.ToArray(), recencyDays.ToArray(), frequency.ToArray(), monetary.ToArray());
    }

    /// <summary>
    /// Builds the input from customer summaries built from a transaction log: recency = days from the last purchase
    /// to <paramref name="asOf"/>; frequency = purchase occasions (distinct purchase days, x + 1); monetary = total
    /// spend in the window (first purchase included).
    /// </summary>
    /// <param name="summaries">Summaries with purchase details (<see cref="CustomerSummaries.HasPurchaseDetails"/>).</param>
    /// <param name="asOf">The date recency is measured to; on or after every last purchase.</param>
    /// <exception cref="ArgumentException">The summaries have no purchase details, or a last purchase is after <paramref name="asOf"/> (the message names the customer).</exception>
    public static RfmInput FromSummaries(CustomerSummaries summaries, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        int n = summaries.Count;
        if (n > 0 && !summaries.HasPurchaseDetails)
        {
            throw new ArgumentException("RfmInput: the summaries have no purchase dates or totals; build them from a transaction log, or use FromColumns.", nameof(summaries));
        }

        var recency = new double[n];
        var frequency = new double[n];
        var monetary = new double[n];
        var last = summaries.LastPurchase;
        var x = summaries.Frequency;
        var total = summaries.TotalSpend;
        int asOfDay = asOf.DayNumber;
        for (int i = 0; i < n; i++)
        {
            int days = asOfDay - last[i].DayNumber;
            if (days < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Customer '{summaries.CustomerIds[i]}': last purchase {last[i]:yyyy-MM-dd} is after the as-of date {asOf:yyyy-MM-dd}."), nameof(asOf));
            }

            recency[i] = days;
            frequency[i] = x[i] + 1;
            monetary[i] = total[i];
        }

        return new RfmInput([.. summaries.CustomerIds], recency, frequency, monetary);
    }

    /// <summary>The id of row <paramref name="index"/> for messages: the customer id, or "row N".</summary>
    internal string Describe(int index) => Describe(_ids, index);

    internal static string Describe(IReadOnlyList<string>? ids, int index) =>
        ids is null ? string.Create(CultureInfo.InvariantCulture, $"Row {index + 1}") : string.Create(CultureInfo.InvariantCulture, $"Row {index + 1}, customer '{ids[index]}'");

    /// <summary>Validates RFM columns of equal length (shared with the span batch path).</summary>
    internal static void Validate(ReadOnlySpan<double> recencyDays, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, IReadOnlyList<string>? ids)
    {
        for (int i = 0; i < recencyDays.Length; i++)
        {
            double r = recencyDays[i], f = frequency[i], m = monetary[i];
            if (!double.IsFinite(r) || r < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Describe(ids, i)}: recency (days since last purchase) must be finite and >= 0, got {r}."));
            }

            if (!double.IsFinite(f) || f < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Describe(ids, i)}: frequency must be finite and >= 0, got {f}."));
            }

            if (!double.IsFinite(m))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Describe(ids, i)}: monetary value must be finite, got {m}."));
            }
        }
    }
}
