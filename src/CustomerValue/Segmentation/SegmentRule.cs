using System.Globalization;

namespace CustomerValue.Segmentation;

/// <summary>An inclusive range of RFM scores, <c>Min..Max</c> within 1..9.</summary>
/// <remarks>Immutable. <see cref="Any"/> (1..9) matches every score on any scale.</remarks>
public readonly record struct ScoreRange
{
    private ScoreRange(int min, int max)
    {
        Min = min;
        Max = max;
    }

    /// <summary>Every score (1..9).</summary>
    public static ScoreRange Any { get; } = new(1, 9);

    /// <summary>The lowest matching score.</summary>
    public int Min { get; }

    /// <summary>The highest matching score (a maximum above the map's bins is clipped to them).</summary>
    public int Max { get; }

    /// <summary>The range <paramref name="min"/>..<paramref name="max"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 1 ≤ min ≤ max ≤ 9.</exception>
    public static ScoreRange Of(int min, int max)
    {
        if (min < 1 || max > 9 || min > max)
        {
            throw new ArgumentOutOfRangeException(nameof(min), string.Create(CultureInfo.InvariantCulture, $"A score range needs 1 <= min <= max <= 9, got {min}..{max}."));
        }

        return new ScoreRange(min, max);
    }

    /// <summary>The single score <paramref name="score"/>.</summary>
    public static ScoreRange Exactly(int score) => Of(score, score);

    /// <summary>True when <paramref name="score"/> is in the range.</summary>
    public bool Contains(int score) => score >= Min && score <= Max;

    /// <inheritdoc/>
    public override string ToString() => Min == Max ? Min.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Min}-{Max}");
}

/// <summary>One rule of a segment map: customers whose three scores are in the three ranges belong to <see cref="Segment"/>.</summary>
/// <remarks>Immutable. Several rules may name the same segment (a segment that is a union of boxes).</remarks>
public sealed class SegmentRule
{
    private SegmentRule(string segment, ScoreRange recency, ScoreRange frequency, ScoreRange monetary)
    {
        Segment = segment;
        Recency = recency;
        Frequency = frequency;
        Monetary = monetary;
    }

    /// <summary>The segment name (non-empty, no commas or line breaks, so it can go into a CSV field as is).</summary>
    public string Segment { get; }

    /// <summary>The recency scores that match.</summary>
    public ScoreRange Recency { get; }

    /// <summary>The frequency scores that match.</summary>
    public ScoreRange Frequency { get; }

    /// <summary>The monetary scores that match.</summary>
    public ScoreRange Monetary { get; }

    /// <summary>Creates a rule.</summary>
    /// <param name="segment">The segment name.</param>
    /// <param name="recency">Matching recency scores.</param>
    /// <param name="frequency">Matching frequency scores.</param>
    /// <param name="monetary">Matching monetary scores; null for any.</param>
    /// <exception cref="ArgumentException">The name is empty or holds a comma, quote or line break.</exception>
    public static SegmentRule Create(string segment, ScoreRange recency, ScoreRange frequency, ScoreRange? monetary = null)
    {
        CheckName(segment, "SegmentRule");
        return new SegmentRule(segment, recency, frequency, monetary ?? ScoreRange.Any);
    }

    /// <summary>True when the scores match every range.</summary>
    public bool Matches(RfmScore score) => Recency.Contains(score.Recency) && Frequency.Contains(score.Frequency) && Monetary.Contains(score.Monetary);

    /// <inheritdoc/>
    public override string ToString() => $"{Segment}: R {Recency}, F {Frequency}, M {Monetary}";

    internal static void CheckName(string? name, string owner)
    {
        if (string.IsNullOrWhiteSpace(name) || name.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            throw new ArgumentException($"{owner}: a segment name must be non-empty and hold no comma, quote or line break, got '{name}'.");
        }
    }
}
