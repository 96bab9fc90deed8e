using System.Globalization;

namespace CustomerValue.Segmentation;

/// <summary>One customer's RFM scores: 1..n per dimension, n = most recent / most frequent / highest spend.</summary>
/// <remarks>Immutable. Create with <see cref="Create"/>, which validates; scorers build it directly.</remarks>
public readonly record struct RfmScore
{
    internal RfmScore(byte recency, byte frequency, byte monetary)
    {
        Recency = recency;
        Frequency = frequency;
        Monetary = monetary;
    }

    /// <summary>The recency score (n = bought most recently).</summary>
    public byte Recency { get; }

    /// <summary>The frequency score (n = bought most often).</summary>
    public byte Frequency { get; }

    /// <summary>The monetary score (n = spent most).</summary>
    public byte Monetary { get; }

    /// <summary>The combined code, one digit per dimension in R, F, M order: "545".</summary>
    public string Code => string.Create(CultureInfo.InvariantCulture, $"{Recency}{Frequency}{Monetary}");

    /// <summary>The combined code as a number: 100·R + 10·F + M (545).</summary>
    public int NumericCode => (100 * Recency) + (10 * Frequency) + Monetary;

    /// <summary>Creates validated scores.</summary>
    /// <param name="recency">Recency score, 1..<paramref name="bins"/>.</param>
    /// <param name="frequency">Frequency score, 1..<paramref name="bins"/>.</param>
    /// <param name="monetary">Monetary score, 1..<paramref name="bins"/>.</param>
    /// <param name="bins">The number of bins, 2..9.</param>
    /// <exception cref="ArgumentOutOfRangeException">A score is outside 1..bins, or bins outside 2..9.</exception>
    public static RfmScore Create(int recency, int frequency, int monetary, int bins = 5)
    {
        if (bins is < 2 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "RfmScore: bins must be between 2 and 9.");
        }

        Check(recency, bins, nameof(recency));
        Check(frequency, bins, nameof(frequency));
        Check(monetary, bins, nameof(monetary));
        return new RfmScore((byte)recency, (byte)frequency, (byte)monetary);
    }

    /// <summary>Parses a code such as "545" (three digits 1..9).</summary>
    /// <exception cref="FormatException">Not three digits 1..9.</exception>
    public static RfmScore Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != 3 || code[0] is < '1' or > '9' || code[1] is < '1' or > '9' || code[2] is < '1' or > '9')
        {
            throw new FormatException($"RFM code '{code}' must be three digits 1..9 (recency, frequency, monetary), e.g. \"545\".");
        }

        return new RfmScore((byte)(code[0] - '0'), (byte)(code[1] - '0'), (byte)(code[2] - '0'));
    }

    /// <inheritdoc/>
    public override string ToString() => Code;

    private static void Check(int score, int bins, string name)
    {
        if (score < 1 || score > bins)
        {
            throw new ArgumentOutOfRangeException(name, score, string.Create(CultureInfo.InvariantCulture, $"RfmScore: the {name} score must be between 1 and {bins}, got {score}."));
        }
    }
}
