namespace CustomerValue.Segmentation;

/// <summary>Measures how concentrated value is across customers: ABC classes, deciles, Lorenz curve, Gini and "top p% bring s%".</summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IValueConcentrationAnalyzer
{
    /// <summary>The thresholds and resolutions used.</summary>
    ConcentrationOptions Options { get; }

    /// <summary>Analyses one value per customer (spend, margin, CLV…).</summary>
    /// <param name="values">The values, finite; their total must be positive.</param>
    /// <param name="customerIds">Optional ids, one per value (for messages).</param>
    /// <exception cref="ArgumentException">A value is not finite (the message names the row and customer), lengths differ, or the total is not positive.</exception>
    ValueConcentration Analyze(ReadOnlySpan<double> values, IReadOnlyList<string>? customerIds = null);
}
