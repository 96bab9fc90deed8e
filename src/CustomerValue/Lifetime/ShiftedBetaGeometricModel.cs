using System.Globalization;
using CustomerValue.Lifetime.Fitting;
using CustomerValue.Numerics;

namespace CustomerValue.Lifetime;

/// <summary>
/// The shifted-beta-geometric (sBG) model of contractual retention (Fader &amp; Hardie 2007, "How to project customer
/// retention"): a cohort renews period by period; each customer cancels with a fixed probability θ per period,
/// θ ~ Beta(α, β) across the cohort, so the cohort's retention rate rises over time as the likeliest cancellers leave.
/// </summary>
/// <remarks>
/// <para>Periods are counted from the start of the contract: period t = 1 is the first renewal decision. With B the
/// Beta function: P(T = t) = B(α+1, β+t−1)/B(α, β) (the probability of cancelling at renewal t);
/// S(t) = B(α, β+t)/B(α, β) (the fraction of the cohort still active after t renewals, S(0) = 1);
/// r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1) (the retention rate at renewal t).</para>
/// <para>DERL (Fader &amp; Hardie 2010): the expected discounted number of further renewals of a customer who has made
/// <c>renewals</c> = k renewals so far, Σ_{t&gt;k} S(t)/S(k)·(1+d)^(−(t−k−1)) = (β+k)/(α+β+k)·₂F₁(1, β+k+1; α+β+k+1; 1/(1+d)),
/// the next renewal undiscounted (the published form with n = k + 1). Multiply by the payment per period for a value.</para>
/// <para>All quantities use log-Beta functions and our <see cref="Hypergeometric"/>; finite for any number of periods.
/// Immutable and thread-safe.</para>
/// </remarks>
public sealed class ShiftedBetaGeometricModel
{
    /// <summary>A model with the given parameters.</summary>
    /// <exception cref="ArgumentException">The parameters are uninitialised (default).</exception>
    public ShiftedBetaGeometricModel(ShiftedBetaGeometricParameters parameters)
    {
        if (parameters == default)
        {
            throw new ArgumentException("ShiftedBetaGeometricModel: the parameters are uninitialised; create them with ShiftedBetaGeometricParameters.Create.", nameof(parameters));
        }

        Parameters = parameters;
        LogBetaAB = LogSpace.LogBeta(parameters.Alpha, parameters.Beta);
    }

    /// <summary>The model's parameters.</summary>
    public ShiftedBetaGeometricParameters Parameters { get; }

    private double LogBetaAB { get; }

    /// <summary>
    /// Fits sBG by maximum likelihood to a cohort's active-customer counts: <paramref name="activeCustomers"/>[0] is
    /// the cohort size at the start, [t] the customers still active after t renewals (for example 1000, 631, 468, …).
    /// </summary>
    /// <param name="activeCustomers">At least two non-increasing, finite, non-negative counts, the first positive.</param>
    /// <param name="options">Fit options, or null for the defaults. Initial values, when given, are alpha, beta.</param>
    /// <returns>The fit; <see cref="FitResult{TParameters}.CustomerCount"/> is the cohort size.</returns>
    /// <exception cref="ArgumentException">The counts are too few, negative, non-finite or increase; the message names the period.</exception>
    public static FitResult<ShiftedBetaGeometricParameters> Fit(IReadOnlyList<double> activeCustomers, FitOptions? options = null)
    {
        var survivors = ValidateCounts(activeCustomers);
        var estimate = MaximumLikelihood.Estimate(new ShiftedBetaGeometricLikelihood(survivors), [1, 1], options, "sBG");
        var p = estimate.Parameters;
        return new FitResult<ShiftedBetaGeometricParameters>(ShiftedBetaGeometricParameters.Create(p[0], p[1]), estimate);
    }

    /// <summary>The log-likelihood of a cohort's active-customer counts under these parameters.</summary>
    /// <exception cref="ArgumentException">The counts are invalid (see <see cref="Fit"/>).</exception>
    public double LogLikelihood(IReadOnlyList<double> activeCustomers) =>
        new ShiftedBetaGeometricLikelihood(ValidateCounts(activeCustomers)).Evaluate([Parameters.Alpha, Parameters.Beta], []);

    /// <summary>P(T = t): the probability that a new customer cancels at renewal <paramref name="period"/> (t ≥ 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The period is below 1.</exception>
    public double ChurnProbability(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        return Math.Exp(LogSpace.LogBeta(Parameters.Alpha + 1, Parameters.Beta + period - 1) - LogBetaAB);
    }

    /// <summary>S(t): the fraction of a new cohort still active after <paramref name="period"/> renewals (S(0) = 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The period is negative.</exception>
    public double Survival(int period)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(period);
        return period == 0 ? 1 : Math.Exp(LogSpace.LogBeta(Parameters.Alpha, Parameters.Beta + period) - LogBetaAB);
    }

    /// <summary>r_t = (β+t−1)/(α+β+t−1): the share of customers active after renewal t−1 who renew at renewal <paramref name="period"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The period is below 1.</exception>
    public double RetentionRate(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        return (Parameters.Beta + period - 1) / (Parameters.Alpha + Parameters.Beta + period - 1);
    }

    /// <summary>S(t) for t = <paramref name="firstPeriod"/> … <paramref name="lastPeriod"/>, into a new array (the survival projection).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period is negative or the range is reversed.</exception>
    public double[] ProjectSurvival(int firstPeriod, int lastPeriod)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstPeriod);
        ArgumentOutOfRangeException.ThrowIfLessThan(lastPeriod, firstPeriod);
        var result = new double[lastPeriod - firstPeriod + 1];
        for (int t = firstPeriod; t <= lastPeriod; t++)
        {
            result[t - firstPeriod] = Survival(t);
        }

        return result;
    }

    /// <summary>
    /// DERL: the discounted expected residual lifetime, in renewals, of a customer who has made
    /// <paramref name="renewals"/> renewals, at discount rate <paramref name="discountRate"/> per period (see remarks).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The discount rate is NaN, infinite or not positive, or renewals is negative.</exception>
    public double DiscountedExpectedResidualLifetime(double discountRate, int renewals)
    {
        if (!(discountRate > 0 && double.IsFinite(discountRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(discountRate), discountRate, "sBG: the discount rate per period must be finite and > 0.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(renewals);
        double a = Parameters.Alpha, b = Parameters.Beta + renewals;
        return b / (a + b) * Hypergeometric.Hyp2F1(1, b + 1, a + b + 1, 1 / (1 + discountRate));
    }

    private static double[] ValidateCounts(IReadOnlyList<double> activeCustomers)
    {
        ArgumentNullException.ThrowIfNull(activeCustomers);
        if (activeCustomers.Count < 2)
        {
            throw new ArgumentException("sBG: give at least two active-customer counts (the cohort size and the survivors after one period).", nameof(activeCustomers));
        }

        var counts = activeCustomers.ToArray();
        for (int t = 0; t < counts.Length; t++)
        {
            double c = counts[t];
            if (!(c >= 0 && double.IsFinite(c)) || (t == 0 && c == 0) || (t > 0 && c > counts[t - 1]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"sBG: active customers at period {t} must be finite, >= 0, positive at period 0 and not above the previous period; got {c}."),
                    nameof(activeCustomers));
            }
        }

        return counts;
    }
}
