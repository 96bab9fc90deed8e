using System.Globalization;

namespace CustomerValue.Lifetime;

/// <summary>
/// A discount rate together with the period it applies to, for example 10% per year. The period is part of the
/// value, so a rate can never be silently applied to the wrong unit.
/// </summary>
/// <remarks>
/// <para>A rate <c>d</c> per period <c>P</c> means that one unit of money received one period from now is worth
/// <c>1 / (1 + d)</c> today. The equivalent continuously compounded rate per period is <c>ln(1 + d)</c>; converting to
/// another unit scales that continuous rate by the ratio of the units' lengths in days (see
/// <see cref="TimeUnitExtensions.DaysPerUnit(TimeUnit)"/>: a month is 365.25 / 12 days, a year 365.25 days; there is no
/// other hidden factor). 10% per year is therefore (1.1)^(7 / 365.25) − 1 ≈ 0.1828% per week.</para>
/// <para>Immutable; thread-safe. <c>default(DiscountRate)</c> is a rate of zero (no discounting).</para>
/// </remarks>
public readonly record struct DiscountRate
{
    private DiscountRate(double rate, TimeUnit period)
    {
        Rate = rate;
        Period = period;
    }

    /// <summary>No discounting.</summary>
    public static DiscountRate Zero => default;

    /// <summary>The rate per <see cref="Period"/>, as a fraction (0.1 = 10%).</summary>
    public double Rate { get; }

    /// <summary>The period the rate applies to.</summary>
    public TimeUnit Period { get; }

    /// <summary>True when the rate is zero.</summary>
    public bool IsZero => Rate == 0;

    /// <summary>Creates a rate of <paramref name="rate"/> per <paramref name="period"/>.</summary>
    /// <param name="rate">The rate as a fraction (0.1 = 10%); finite and ≥ 0.</param>
    /// <param name="period">The period the rate applies to.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is NaN, infinite or negative, or the period is not a defined unit.</exception>
    public static DiscountRate Create(double rate, TimeUnit period)
    {
        if (!double.IsFinite(rate) || rate < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"Discount rate: the rate must be a finite fraction >= 0 (0.1 = 10%), got {rate.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (!Enum.IsDefined(period))
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "Discount rate: the period is not a defined time unit.");
        }

        return new DiscountRate(rate, period);
    }

    /// <summary>Creates a rate per year (the way finance usually states it).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is NaN, infinite or negative.</exception>
    public static DiscountRate PerYear(double rate) => Create(rate, TimeUnit.Year);

    /// <summary>Creates the rate equivalent to a continuously compounded rate <paramref name="continuousRate"/> per <paramref name="period"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is NaN, infinite or negative, or too large to represent.</exception>
    public static DiscountRate FromContinuous(double continuousRate, TimeUnit period)
    {
        if (!double.IsFinite(continuousRate) || continuousRate < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(continuousRate), continuousRate, $"Discount rate: the continuous rate must be finite and >= 0, got {continuousRate.ToString(CultureInfo.InvariantCulture)}.");
        }

        return Create(double.ExpM1(continuousRate), period);
    }

    /// <summary>The continuously compounded rate δ per <paramref name="unit"/>: a payment at time t (in that unit) is worth e^(−δ t) today.</summary>
    public double ContinuousRatePer(TimeUnit unit) => double.LogP1(Rate) * (unit.DaysPerUnit() / Period.DaysPerUnit());

    /// <summary>The equivalent rate per one <paramref name="unit"/>: (1 + rate)^(days per unit / days per period) − 1.</summary>
    public double RatePer(TimeUnit unit) => double.ExpM1(ContinuousRatePer(unit));

    /// <summary>The same rate restated per <paramref name="unit"/> (an equal value with another period).</summary>
    public DiscountRate ConvertTo(TimeUnit unit) => unit == Period ? this : Create(RatePer(unit), unit);

    /// <summary>The present value of one unit of money paid at <paramref name="time"/> (measured in <paramref name="unit"/>): e^(−δ t).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is NaN or negative.</exception>
    public double DiscountFactor(double time, TimeUnit unit)
    {
        if (double.IsNaN(time) || time < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "Discount factor: the time must be >= 0.");
        }

        return Math.Exp(-ContinuousRatePer(unit) * time);
    }

    /// <summary>The rate as text, for example <c>0.1 per year</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Rate:R} per {Period.ToName()}");
}
