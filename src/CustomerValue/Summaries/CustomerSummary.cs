namespace CustomerValue.Summaries;

/// <summary>
/// One customer's recency-frequency-monetary summary: what every lifetime model reads.
/// </summary>
/// <remarks>See <see cref="SummaryOptions"/> for the conventions. Create it with <see cref="Create"/>, which validates.</remarks>
public readonly record struct CustomerSummary
{
    private CustomerSummary(double frequency, double recency, double age, double monetaryValue)
    {
        Frequency = frequency;
        Recency = recency;
        Age = age;
        MonetaryValue = monetaryValue;
    }

    /// <summary>x: the number of repeat purchase occasions in the calibration period (≥ 0, whole).</summary>
    public double Frequency { get; }

    /// <summary>t_x: time from first to last purchase (0 ≤ t_x ≤ T; 0 when x = 0).</summary>
    public double Recency { get; }

    /// <summary>T: time from first purchase to the end of calibration.</summary>
    public double Age { get; }

    /// <summary>Mean spend per repeat purchase occasion (0 when x = 0).</summary>
    public double MonetaryValue { get; }

    /// <summary>Creates a validated summary.</summary>
    /// <param name="frequency">x, a whole number ≥ 0.</param>
    /// <param name="recency">t_x, with 0 ≤ t_x ≤ T.</param>
    /// <param name="age">T ≥ 0.</param>
    /// <param name="monetaryValue">Mean repeat spend; finite.</param>
    /// <exception cref="ArgumentException">A value is NaN, infinite, negative or inconsistent; the message names it.</exception>
    public static CustomerSummary Create(double frequency, double recency, double age, double monetaryValue = 0)
    {
        string? error = Validate(frequency, recency, age, monetaryValue);
        if (error is not null)
        {
            throw new ArgumentException(error);
        }

        return new CustomerSummary(frequency, recency, age, monetaryValue);
    }

    /// <summary>Checks the values; returns a message naming the bad field, or null when they are valid.</summary>
    internal static string? Validate(double frequency, double recency, double age, double monetaryValue)
    {
        if (!double.IsFinite(frequency) || frequency < 0 || frequency != Math.Floor(frequency))
        {
            return $"frequency must be a whole number >= 0, got {frequency.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        if (!double.IsFinite(age) || age < 0)
        {
            return $"T must be finite and >= 0, got {age.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        if (!double.IsFinite(recency) || recency < 0 || recency > age * (1 + 1e-12))
        {
            return $"recency must satisfy 0 <= recency <= T (T = {age.ToString(System.Globalization.CultureInfo.InvariantCulture)}), got {recency.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        if (frequency == 0 && recency != 0)
        {
            return $"recency must be 0 when frequency is 0, got {recency.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        if (!double.IsFinite(monetaryValue))
        {
            return $"monetary value must be finite, got {monetaryValue.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        return null;
    }
}
