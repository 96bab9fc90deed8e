namespace CustomerValue.Segmentation;

/// <summary>Places customers in the source documents' value tiers: gold / drag, MVC / MGC / BZ with MVC kinds, and the value matrix.</summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IValueTierClassifier
{
    /// <summary>The thresholds used.</summary>
    ValueTierOptions Options { get; }

    /// <summary>Classifies every customer from whatever measures are present.</summary>
    /// <param name="measures">The value measures.</param>
    /// <returns>The tiers; a tier whose inputs are missing is reported as such (see <see cref="ValueTiers"/>).</returns>
    ValueTiers Classify(CustomerValueMeasures measures);
}
