namespace CustomerValue.Summaries;

/// <summary>The observation window and time unit of a customer summary.</summary>
/// <remarks>
/// <para>Conventions (those of the BTYD literature and of Python <c>lifetimes</c>):</para>
/// <list type="bullet">
/// <item>Purchases on the same calendar day are one purchase occasion (their amounts are added).</item>
/// <item>The calibration period runs from each customer's first purchase up to and including <see cref="CalibrationEnd"/>.</item>
/// <item><c>frequency</c> x = purchase days in calibration − 1 (repeat purchase occasions).</item>
/// <item><c>recency</c> t_x = days from first to last calibration purchase, in <see cref="TimeUnit"/>; 0 when x = 0.</item>
/// <item><c>T</c> (age) = days from first purchase to <see cref="CalibrationEnd"/>, in <see cref="TimeUnit"/>.</item>
/// <item><c>monetary value</c> = mean spend per repeat purchase day (the first day excluded); 0 when x = 0.</item>
/// <item>With a <see cref="HoldoutEnd"/>: holdout frequency = purchase days after the calibration end up to and including the holdout end;
/// holdout monetary value = mean spend per holdout purchase day; holdout duration = days from calibration end to holdout end, in the unit.
/// Customers whose first purchase falls in the holdout are not in the calibration summary; they are counted in
/// <see cref="CustomerSummaries.CustomersFirstSeenInHoldout"/>.</item>
/// </list>
/// Immutable.
/// </remarks>
public sealed record SummaryOptions
{
    /// <summary>Creates options.</summary>
    /// <param name="calibrationEnd">The last day of the calibration period (inclusive).</param>
    /// <param name="timeUnit">The unit of recency, T and holdout duration.</param>
    /// <param name="holdoutEnd">The last day of the holdout period (inclusive), or null for no holdout.</param>
    /// <exception cref="ArgumentException">The holdout ends on or before the calibration end.</exception>
    public SummaryOptions(DateOnly calibrationEnd, TimeUnit timeUnit, DateOnly? holdoutEnd = null)
    {
        if (holdoutEnd is { } h && h <= calibrationEnd)
        {
            throw new ArgumentException($"The holdout end {h:yyyy-MM-dd} must be after the calibration end {calibrationEnd:yyyy-MM-dd}.", nameof(holdoutEnd));
        }

        _ = timeUnit.DaysPerUnit();
        CalibrationEnd = calibrationEnd;
        TimeUnit = timeUnit;
        HoldoutEnd = holdoutEnd;
    }

    /// <summary>The last day of the calibration period (inclusive).</summary>
    public DateOnly CalibrationEnd { get; }

    /// <summary>The unit of recency, T and holdout duration.</summary>
    public TimeUnit TimeUnit { get; }

    /// <summary>The last day of the holdout period (inclusive), or null.</summary>
    public DateOnly? HoldoutEnd { get; }

    /// <summary>The last day any purchase may have: the holdout end, or the calibration end without a holdout.</summary>
    public DateOnly ObservationEnd => HoldoutEnd ?? CalibrationEnd;
}
