using System.Globalization;

namespace CustomerValue.Lifetime;

/// <summary>
/// The simple retention formula of Gupta &amp; Lehmann (2003, "Customers as assets", J. Interactive Marketing 17(1)):
/// with a constant margin m per period, a constant retention rate r per period and a discount rate i per period,
/// over an infinite horizon and with margins received at the end of each period, CLV = m · r / (1 + i − r).
/// </summary>
/// <remarks>Static and thread-safe. Example: r = 0.9 and i = 0.12 give a margin multiple of 0.9 / 0.22 = 4.0909….</remarks>
public static class RetentionLifetimeValue
{
    /// <summary>The margin multiple r / (1 + i − r).</summary>
    /// <param name="retentionRate">r, the share of customers kept each period, in [0, 1].</param>
    /// <param name="discountRate">i, the discount rate per period (the same period as the retention rate), finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A rate is out of range, or r = 1 with i = 0 (the value is infinite).</exception>
    public static double Multiple(double retentionRate, double discountRate)
    {
        if (!double.IsFinite(retentionRate) || retentionRate < 0 || retentionRate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(retentionRate), retentionRate, $"Retention formula: the retention rate must be in [0, 1], got {Text(retentionRate)}.");
        }

        if (!double.IsFinite(discountRate) || discountRate < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(discountRate), discountRate, $"Retention formula: the discount rate must be finite and >= 0, got {Text(discountRate)}.");
        }

        double denominator = 1 + discountRate - retentionRate;
        if (denominator <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(discountRate), discountRate, "Retention formula: with full retention and no discounting the value is infinite.");
        }

        return retentionRate / denominator;
    }

    /// <summary>CLV = m · r / (1 + i − r).</summary>
    /// <param name="marginPerPeriod">m, the margin per customer per period; finite.</param>
    /// <param name="retentionRate">r per period, in [0, 1].</param>
    /// <param name="discountRate">i per period (the same period), finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static double LifetimeValue(double marginPerPeriod, double retentionRate, double discountRate)
    {
        if (!double.IsFinite(marginPerPeriod))
        {
            throw new ArgumentOutOfRangeException(nameof(marginPerPeriod), marginPerPeriod, "Retention formula: the margin must be finite.");
        }

        return marginPerPeriod * Multiple(retentionRate, discountRate);
    }

    /// <summary>CLV = m · r / (1 + i − r) with the discount rate converted to the period of the margin and retention rate.</summary>
    /// <param name="marginPerPeriod">m, the margin per customer per <paramref name="period"/>; finite.</param>
    /// <param name="retentionRate">r per <paramref name="period"/>, in [0, 1].</param>
    /// <param name="discountRate">The discount rate (any period; converted to <paramref name="period"/>).</param>
    /// <param name="period">The period of the margin and of the retention rate.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static double LifetimeValue(double marginPerPeriod, double retentionRate, DiscountRate discountRate, TimeUnit period) =>
        LifetimeValue(marginPerPeriod, retentionRate, discountRate.RatePer(period));

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
