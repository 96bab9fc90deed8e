using System.Globalization;

namespace CustomerValue.Lifetime;

/// <summary>How future purchases are discounted to today.</summary>
public enum DiscountingMethod
{
    /// <summary>
    /// Period by period: the purchases expected in period k (of length <see cref="LifetimeValueOptions.PeriodLength"/>),
    /// E[Y(k)] − E[Y(k−1)], are discounted by (1 + d)^−k, d being the rate per period (end-of-period convention). A last
    /// partial period is discounted as if it were whole.
    /// </summary>
    Discrete = 0,

    /// <summary>
    /// Continuously: ∫₀ᴴ e^(−δt) dE[Y(t)], δ the continuously compounded rate per model time unit, computed by
    /// integration by parts and composite Gauss-Legendre quadrature (see the remarks of
    /// <see cref="CustomerLifetimeValueCalculator"/>).
    /// </summary>
    Continuous = 1,
}

/// <summary>
/// What a lifetime-value calculation covers: the horizon, the discount rate, how to discount and the margin.
/// </summary>
/// <remarks>
/// <see cref="Horizon"/> and <see cref="PeriodLength"/> are in the time unit of the repeat-purchase model the options are
/// used with; the <see cref="DiscountRate"/> states its own period and is converted to that unit. Immutable;
/// thread-safe. <c>default(LifetimeValueOptions)</c> has a horizon of zero (every value is 0); use <see cref="Create"/>.
/// </remarks>
public readonly record struct LifetimeValueOptions
{
    /// <summary>The largest number of discrete periods a horizon may span.</summary>
    public const int MaxPeriods = 1_000_000;

    private LifetimeValueOptions(double horizon, DiscountRate discountRate, DiscountingMethod method, double periodLength, double marginRate)
    {
        Horizon = horizon;
        DiscountRate = discountRate;
        Method = method;
        PeriodLength = periodLength;
        MarginRate = marginRate;
    }

    /// <summary>How far ahead purchases are counted, in model time units (for example 52 with a weekly model = one year).</summary>
    public double Horizon { get; }

    /// <summary>The discount rate, with its own period.</summary>
    public DiscountRate DiscountRate { get; }

    /// <summary>Discrete (period by period) or continuous discounting.</summary>
    public DiscountingMethod Method { get; }

    /// <summary>The length of one discounting period for <see cref="DiscountingMethod.Discrete"/>, in model time units (1 = one model unit).</summary>
    public double PeriodLength { get; }

    /// <summary>The fraction of spend that is margin (1 = value is revenue).</summary>
    public double MarginRate { get; }

    /// <summary>Creates validated options.</summary>
    /// <param name="horizon">The horizon in model time units; finite and ≥ 0.</param>
    /// <param name="discountRate">The discount rate (any period).</param>
    /// <param name="method">Discrete (default) or continuous discounting.</param>
    /// <param name="periodLength">For discrete discounting, the period length in model time units; finite and &gt; 0 (default 1).</param>
    /// <param name="marginRate">The margin as a fraction of spend, at most 1 (default 1: value = revenue); negative for loss-making business.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN, infinite or out of range, or the horizon spans more than <see cref="MaxPeriods"/> periods; the message names it.</exception>
    public static LifetimeValueOptions Create(
        double horizon, DiscountRate discountRate, DiscountingMethod method = DiscountingMethod.Discrete, double periodLength = 1, double marginRate = 1)
    {
        if (!double.IsFinite(horizon) || horizon < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"Lifetime value options: the horizon must be finite and >= 0, got {Text(horizon)}.");
        }

        if (!Enum.IsDefined(method))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "Lifetime value options: unknown discounting method.");
        }

        if (!double.IsFinite(periodLength) || periodLength <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(periodLength), periodLength, $"Lifetime value options: the period length must be finite and > 0, got {Text(periodLength)}.");
        }

        if (method == DiscountingMethod.Discrete && horizon / periodLength > MaxPeriods)
        {
            throw new ArgumentOutOfRangeException(nameof(periodLength), periodLength, $"Lifetime value options: a horizon of {Text(horizon)} in periods of {Text(periodLength)} spans more than {MaxPeriods} periods; use longer periods or continuous discounting.");
        }

        if (!double.IsFinite(marginRate) || marginRate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(marginRate), marginRate, $"Lifetime value options: the margin rate must be a finite fraction <= 1, got {Text(marginRate)}.");
        }

        return new LifetimeValueOptions(horizon, discountRate, method, periodLength, marginRate);
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
