using System.Globalization;

namespace CustomerValue.Profitability;

/// <summary>The rules of the customer profitability analysis.</summary>
/// <remarks>Immutable; change with <c>with</c>.</remarks>
public sealed record ProfitabilityOptions
{
    private readonly double _priceOnlyShare = 0.5;
    private readonly double _marginLimit = 0.25;
    private readonly int _trendDays = 365;
    private readonly double _topShare = 0.1;
    private readonly double _coreShare = 0.5;

    /// <summary>Creates the options for an analysis that ends on <paramref name="asOf"/>.</summary>
    /// <param name="asOf">The last day of observation: later lines are not counted.</param>
    public ProfitabilityOptions(DateOnly asOf) => AsOf = asOf;

    /// <summary>The last day of observation (inclusive); later lines are ignored and counted.</summary>
    public DateOnly AsOf { get; init; }

    /// <summary>
    /// A customer is price-only ("transaction customer") when the share of their sales bought on discount is at least
    /// this, and their cumulative profit is zero or less. In [0, 1]; default 0.5.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in [0, 1].</exception>
    public double PriceOnlyShare { get => _priceOnlyShare; init => _priceOnlyShare = Fraction(value, nameof(PriceOnlyShare)); }

    /// <summary>The early-warning margin limit for items and categories: a margin rate below it is flagged. Default 0.25 (the source's 25 %).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not finite.</exception>
    public double MarginLimit
    {
        get => _marginLimit;
        init => _marginLimit = double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(MarginLimit), value, "The margin limit must be finite.");
    }

    /// <summary>
    /// The length in days of the two windows compared to find customers "profitable now but losing value": the last
    /// <c>TrendDays</c> up to <see cref="AsOf"/> against the <c>TrendDays</c> before them. Default 365.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int TrendDays { get => _trendDays; init => _trendDays = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(TrendDays), value, "The trend window is at least one day."); }

    /// <summary>Group 1 ("top"): the customers, from the largest sales down, who make the first this share of sales. Default 0.1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in (0, 1].</exception>
    public double TopShare { get => _topShare; init => _topShare = Fraction(value, nameof(TopShare)); }

    /// <summary>Group 2 ("core"): the customers after group 1 up to this cumulative share of sales. Default 0.5 (so they make 40 % of sales).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in (0, 1].</exception>
    public double CoreShare { get => _coreShare; init => _coreShare = Fraction(value, nameof(CoreShare)); }

    private static double Fraction(double value, string name) =>
        double.IsFinite(value) && value >= 0 && value <= 1 ? value : throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be in [0, 1], got {value}."));
}

/// <summary>The profit group of a customer (the source's three profitable groups, after removing price-only customers).</summary>
public enum ProfitGroup
{
    /// <summary>Price-only ("transaction") customer: mostly bought on discount and earned nothing; removed before grouping.</summary>
    PriceOnly,

    /// <summary>Below zero: cumulative profit under zero (and not price-only).</summary>
    BelowZero,

    /// <summary>Group 1: the few customers, from the largest sales down, who make the first <see cref="ProfitabilityOptions.TopShare"/> of sales, with positive profit.</summary>
    Top,

    /// <summary>Group 2: the customers after group 1 up to <see cref="ProfitabilityOptions.CoreShare"/> of sales, with positive profit: the likeliest largest profit source.</summary>
    Core,

    /// <summary>Group 3: profitable now but losing value: positive profit, and less sales in the last trend window than in the one before.</summary>
    Declining,

    /// <summary>Every other customer.</summary>
    Other,
}
