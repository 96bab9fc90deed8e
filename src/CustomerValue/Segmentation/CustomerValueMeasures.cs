using System.Globalization;
using CustomerValue.Summaries;

namespace CustomerValue.Segmentation;

/// <summary>
/// The value measures a caller has for each customer, as columns: a required value and optional recency, potential,
/// share of wallet, purchase counts and tenure. Value tiers use whatever is present.
/// </summary>
/// <remarks>
/// <para><b>Value</b> is the one scale customers are ranked on: actual value such as CLV or trailing margin (which
/// can be below zero), or sales when nothing better is known. <b>Potential value</b> is the unrealised value, e.g.
/// wallet headroom × margin rate (<see cref="WithPotentialFromHeadroom"/>).</para>
/// <para>Immutable and thread-safe; every <c>With…</c> returns a new instance and validates its column.</para>
/// </remarks>
public sealed class CustomerValueMeasures
{
    private readonly string[]? _ids;
    private readonly double[] _value;
    private readonly double[]? _daysSinceLastPurchase;
    private readonly double[]? _potential;
    private readonly double[]? _shareOfWallet;
    private readonly double[]? _purchases;
    private readonly double[]? _averagePurchase;
    private readonly double[]? _tenureDays;

    private CustomerValueMeasures(string[]? ids, double[] value, double[]? daysSinceLastPurchase, double[]? potential, double[]? shareOfWallet, double[]? purchases, double[]? averagePurchase, double[]? tenureDays)
    {
        _ids = ids;
        _value = value;
        _daysSinceLastPurchase = daysSinceLastPurchase;
        _potential = potential;
        _shareOfWallet = shareOfWallet;
        _purchases = purchases;
        _averagePurchase = averagePurchase;
        _tenureDays = tenureDays;
    }

    /// <summary>The number of customers.</summary>
    public int Count => _value.Length;

    /// <summary>Customer ids, or null.</summary>
    public IReadOnlyList<string>? CustomerIds => _ids;

    /// <summary>The value of each customer (finite; may be negative).</summary>
    public ReadOnlySpan<double> Value => _value;

    /// <summary>Days since the last purchase, or empty when not given.</summary>
    public ReadOnlySpan<double> DaysSinceLastPurchase => _daysSinceLastPurchase;

    /// <summary>Potential (unrealised) value, or empty.</summary>
    public ReadOnlySpan<double> PotentialValue => _potential;

    /// <summary>Share of wallet in [0, 1], or empty.</summary>
    public ReadOnlySpan<double> ShareOfWallet => _shareOfWallet;

    /// <summary>Number of purchases, or empty.</summary>
    public ReadOnlySpan<double> Purchases => _purchases;

    /// <summary>Average purchase amount, or empty (given together with <see cref="Purchases"/>).</summary>
    public ReadOnlySpan<double> AveragePurchase => _averagePurchase;

    /// <summary>Days from the first purchase to the as-of date, or empty.</summary>
    public ReadOnlySpan<double> TenureDays => _tenureDays;

    /// <summary>True when days since the last purchase are given.</summary>
    public bool HasRecency => _daysSinceLastPurchase is not null;

    /// <summary>True when potential value is given.</summary>
    public bool HasPotential => _potential is not null;

    /// <summary>True when share of wallet is given.</summary>
    public bool HasShareOfWallet => _shareOfWallet is not null;

    /// <summary>True when purchase counts and average amounts are given.</summary>
    public bool HasPurchases => _purchases is not null;

    /// <summary>True when tenure is given.</summary>
    public bool HasTenure => _tenureDays is not null;

    /// <summary>Starts from one value per customer.</summary>
    /// <param name="value">Finite values.</param>
    /// <param name="customerIds">Optional ids, one per value.</param>
    /// <exception cref="ArgumentException">A value is not finite, or the ids have another length.</exception>
    public static CustomerValueMeasures Create(ReadOnlySpan<double> value, IReadOnlyList<string>? customerIds = null)
    {
        if (customerIds is not null && customerIds.Count != value.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"CustomerValueMeasures: {value.Length} values but {customerIds.Count} customer ids."), nameof(customerIds));
        }

        var ids = customerIds?.ToArray();
        return new CustomerValueMeasures(ids, Check(value, value.Length, ids, "value", double.NegativeInfinity, double.PositiveInfinity), null, null, null, null, null, null);
    }

    /// <summary>
    /// Measures from summaries of a transaction log: value = total spend in the window, days since the last purchase
    /// and tenure to <paramref name="asOf"/>, purchases = purchase days (x + 1), average purchase = total ÷ purchases.
    /// </summary>
    /// <exception cref="ArgumentException">The summaries lack purchase details, or a purchase is after <paramref name="asOf"/>.</exception>
    public static CustomerValueMeasures FromSummaries(CustomerSummaries summaries, DateOnly asOf)
    {
        var rfm = RfmInput.FromSummaries(summaries, asOf);
        int n = rfm.Count;
        var average = new double[n];
        var tenure = new double[n];
        for (int i = 0; i < n; i++)
        {
            average[i] = rfm.Monetary[i] / rfm.Frequency[i];
            tenure[i] = asOf.DayNumber - summaries.FirstPurchase[i].DayNumber;
        }

        return Create(rfm.Monetary, rfm.CustomerIds)
            .WithDaysSinceLastPurchase(rfm.RecencyDays)
            .WithPurchases(rfm.Frequency, average)
            .WithTenureDays(tenure);
    }

    /// <summary>Adds days since the last purchase (finite, ≥ 0).</summary>
    public CustomerValueMeasures WithDaysSinceLastPurchase(ReadOnlySpan<double> days) =>
        new(_ids, _value, Check(days, Count, _ids, "days since last purchase", 0, double.PositiveInfinity), _potential, _shareOfWallet, _purchases, _averagePurchase, _tenureDays);

    /// <summary>Adds potential value (finite).</summary>
    public CustomerValueMeasures WithPotentialValue(ReadOnlySpan<double> potential) =>
        new(_ids, _value, _daysSinceLastPurchase, Check(potential, Count, _ids, "potential value", double.NegativeInfinity, double.PositiveInfinity), _shareOfWallet, _purchases, _averagePurchase, _tenureDays);

    /// <summary>Adds potential value as wallet headroom (wallet − our spend, finite) × a margin rate.</summary>
    /// <param name="headroom">Headroom per customer (a negative headroom counts as none).</param>
    /// <param name="marginRate">The margin rate, finite, in [0, 1].</param>
    public CustomerValueMeasures WithPotentialFromHeadroom(ReadOnlySpan<double> headroom, double marginRate)
    {
        if (!double.IsFinite(marginRate) || marginRate < 0 || marginRate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(marginRate), marginRate, "CustomerValueMeasures: the margin rate must be in [0, 1].");
        }

        var checkedHeadroom = Check(headroom, Count, _ids, "wallet headroom", double.NegativeInfinity, double.PositiveInfinity);
        for (int i = 0; i < checkedHeadroom.Length; i++)
        {
            checkedHeadroom[i] = Math.Max(checkedHeadroom[i], 0) * marginRate;
        }

        return new(_ids, _value, _daysSinceLastPurchase, checkedHeadroom, _shareOfWallet, _purchases, _averagePurchase, _tenureDays);
    }

    /// <summary>Adds share of wallet (our spend ÷ the customer's category spend), in [0, 1].</summary>
    public CustomerValueMeasures WithShareOfWallet(ReadOnlySpan<double> shareOfWallet) =>
        new(_ids, _value, _daysSinceLastPurchase, _potential, Check(shareOfWallet, Count, _ids, "share of wallet", 0, 1), _purchases, _averagePurchase, _tenureDays);

    /// <summary>Adds the number of purchases (≥ 0) and the average purchase amount (finite).</summary>
    public CustomerValueMeasures WithPurchases(ReadOnlySpan<double> purchases, ReadOnlySpan<double> averagePurchase) =>
        new(_ids, _value, _daysSinceLastPurchase, _potential, _shareOfWallet,
            Check(purchases, Count, _ids, "purchases", 0, double.PositiveInfinity),
            Check(averagePurchase, Count, _ids, "average purchase", double.NegativeInfinity, double.PositiveInfinity), _tenureDays);

    /// <summary>Adds tenure: days from the first purchase to the as-of date (≥ 0).</summary>
    public CustomerValueMeasures WithTenureDays(ReadOnlySpan<double> tenureDays) =>
        new(_ids, _value, _daysSinceLastPurchase, _potential, _shareOfWallet, _purchases, _averagePurchase, Check(tenureDays, Count, _ids, "tenure days", 0, double.PositiveInfinity));

    private static double[] Check(ReadOnlySpan<double> column, int count, string[]? ids, string field, double min, double max)
    {
        if (column.Length != count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"CustomerValueMeasures: the {field} column needs {count} values, got {column.Length}."));
        }

        for (int i = 0; i < column.Length; i++)
        {
            double v = column[i];
            if (!double.IsFinite(v) || v < min || v > max)
            {
                string range = double.IsNegativeInfinity(min) ? "finite" : double.IsPositiveInfinity(max)
                    ? string.Create(CultureInfo.InvariantCulture, $"finite and >= {min}")
                    : string.Create(CultureInfo.InvariantCulture, $"in [{min}, {max}]");
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{RfmInput.Describe(ids, i)}: {field} must be {range}, got {v}."));
            }
        }

        return column.ToArray();
    }
}
