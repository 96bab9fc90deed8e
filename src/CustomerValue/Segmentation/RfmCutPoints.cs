using System.Globalization;

namespace CustomerValue.Segmentation;

/// <summary>
/// The bin boundaries an RFM scoring produced: with them any customer, in the scored base or new, gets the score the
/// batch would give.
/// </summary>
/// <remarks>
/// <para><b>The tie rule.</b> With n bins over N customers, a customer's frequency (or monetary) score is
/// 1 + ⌊n·L / N⌋, where L is the number of customers with a strictly smaller value; the recency score is
/// 1 + ⌊n·G / N⌋, where G is the number of customers who bought strictly longer ago. The score is therefore a
/// function of the value alone: equal values always get the same score, even when that leaves a bin short (a tie
/// group straddling a boundary goes to the lower bin; with many equal values some scores may not occur at all).
/// Equivalently, with the values sorted ascending (x₀ ≤ … ≤ x_{N−1}) and cut point c_k = x_{⌈kN/n⌉−1}
/// (k = 1..n−1), the score is 1 + #{k : value &gt; c_k}; for recency, c_k = x_{N−⌈kN/n⌉} (in days) and the score is
/// 1 + #{k : days &lt; c_k}.</para>
/// <para><b>Nested binning.</b> Frequency cut points are kept per recency score and monetary cut points per
/// (recency, frequency) pair, each computed over that group only; an empty group has cut points +∞ (any value
/// scores 1 there).</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class RfmCutPoints
{
    private readonly double[] _recency;
    private readonly double[] _frequency;
    private readonly double[] _monetary;

    internal RfmCutPoints(int bins, RfmBinning binning, double[] recency, double[] frequency, double[] monetary)
    {
        Bins = bins;
        Binning = binning;
        _recency = recency;
        _frequency = frequency;
        _monetary = monetary;
    }

    /// <summary>The number of bins n.</summary>
    public int Bins { get; }

    /// <summary>Independent or nested binning.</summary>
    public RfmBinning Binning { get; }

    /// <summary>The n − 1 recency cut points in days: recency score = 1 + #{k : days since last purchase &lt; c_k}.</summary>
    public ReadOnlySpan<double> Recency => _recency;

    /// <summary>The n − 1 frequency cut points: score = 1 + #{k : frequency &gt; c_k}.</summary>
    /// <param name="recencyScore">With nested binning, the recency score (1..n) whose group is wanted; ignored (pass 0) for independent binning.</param>
    /// <exception cref="ArgumentOutOfRangeException">Nested binning and the recency score is outside 1..n.</exception>
    public ReadOnlySpan<double> Frequency(int recencyScore = 0) =>
        _frequency.AsSpan(Binning == RfmBinning.Nested ? GroupOffset(recencyScore, nameof(recencyScore)) : 0, Bins - 1);

    /// <summary>The n − 1 monetary cut points: score = 1 + #{k : monetary &gt; c_k}.</summary>
    /// <param name="recencyScore">With nested binning, the recency score (1..n); ignored for independent binning.</param>
    /// <param name="frequencyScore">With nested binning, the frequency score (1..n); ignored for independent binning.</param>
    /// <exception cref="ArgumentOutOfRangeException">Nested binning and a score is outside 1..n.</exception>
    public ReadOnlySpan<double> Monetary(int recencyScore = 0, int frequencyScore = 0)
    {
        if (Binning != RfmBinning.Nested)
        {
            return _monetary.AsSpan(0, Bins - 1);
        }

        int r = GroupOffset(recencyScore, nameof(recencyScore)) / (Bins - 1);
        int f = GroupOffset(frequencyScore, nameof(frequencyScore)) / (Bins - 1);
        return _monetary.AsSpan(((r * Bins) + f) * (Bins - 1), Bins - 1);
    }

    /// <summary>Scores one customer with these cut points (the scalar path; equals the batch).</summary>
    /// <param name="recencyDays">Days since the last purchase, finite and ≥ 0.</param>
    /// <param name="frequency">Number of purchases, finite and ≥ 0.</param>
    /// <param name="monetary">Monetary value, finite.</param>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    public RfmScore Score(double recencyDays, double frequency, double monetary)
    {
        RfmInput.Validate([recencyDays], [frequency], [monetary], null);
        int cuts = Bins - 1;
        byte r = ScoreBelow(recencyDays, _recency);
        byte f = ScoreAbove(frequency, _frequency.AsSpan(Binning == RfmBinning.Nested ? (r - 1) * cuts : 0, cuts));
        byte m = ScoreAbove(monetary, _monetary.AsSpan(Binning == RfmBinning.Nested ? ((((r - 1) * Bins) + f - 1) * cuts) : 0, cuts));
        return new RfmScore(r, f, m);
    }

    /// <summary>1 + #{k : value &gt; cuts[k]}.</summary>
    internal static byte ScoreAbove(double value, ReadOnlySpan<double> cuts)
    {
        int s = 1;
        for (int k = 0; k < cuts.Length; k++)
        {
            s += value > cuts[k] ? 1 : 0;
        }

        return (byte)s;
    }

    /// <summary>1 + #{k : value &lt; cuts[k]}.</summary>
    internal static byte ScoreBelow(double value, ReadOnlySpan<double> cuts)
    {
        int s = 1;
        for (int k = 0; k < cuts.Length; k++)
        {
            s += value < cuts[k] ? 1 : 0;
        }

        return (byte)s;
    }

    private int GroupOffset(int score, string name)
    {
        if (score < 1 || score > Bins)
        {
            throw new ArgumentOutOfRangeException(name, score, string.Create(CultureInfo.InvariantCulture, $"RfmCutPoints: with nested binning the {name} must be between 1 and {Bins}."));
        }

        return (score - 1) * (Bins - 1);
    }
}
