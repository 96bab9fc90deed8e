using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CustomerValue.Segmentation;

/// <summary>
/// The vectorised inner loops of RFM scoring: validation, bin scoring and the bracket-counting pass of the
/// large-input selection. Each has a scalar twin used for remainders and on hardware without 256-bit vectors; both
/// give identical results (comparisons only, no arithmetic on the values).
/// </summary>
internal static class RfmKernels
{
    /// <summary>Throws for the first value that is not finite (or negative, when <paramref name="nonNegative"/>).</summary>
    public static void Validate(ReadOnlySpan<double> values, bool nonNegative, string field, int rowOffset)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double start = ref MemoryMarshal.GetReference(values);
            var zero = Vector256<double>.Zero;
            var negativeLimit = nonNegative ? zero : Vector256.Create(double.NegativeInfinity);
            for (; i <= values.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);

                // v - v is 0 for finite v and NaN for NaN and ±infinity; NaN never equals 0.
                var bad = ~Vector256.Equals(v - v, zero) | Vector256.LessThan(v, negativeLimit);
                if (bad != Vector256<double>.Zero)
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v) || (nonNegative && v < 0))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Row {rowOffset + i + 1}: {field} must be finite{(nonNegative ? " and >= 0" : string.Empty)}, got {v}."));
            }
        }
    }

    /// <summary>scores[i] = 1 + #{k : values[i] &gt; cuts[k]} (or &lt; when <paramref name="below"/>).</summary>
    public static void Score(ReadOnlySpan<double> values, ReadOnlySpan<double> cuts, Span<byte> scores, bool below)
    {
        int n = values.Length;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && cuts.Length <= 8)
        {
            ref double src = ref MemoryMarshal.GetReference(values);
            ref byte dst = ref MemoryMarshal.GetReference(scores);
            Span<Vector256<double>> cutVectors = stackalloc Vector256<double>[cuts.Length];
            for (int k = 0; k < cuts.Length; k++)
            {
                cutVectors[k] = Vector256.Create(cuts[k]);
            }

            const int Block = 32;
            for (; i <= n - Block; i += Block)
            {
                var s0 = Narrow(ScoreVector(ref src, i, cutVectors, below), ScoreVector(ref src, i + 4, cutVectors, below));
                var s1 = Narrow(ScoreVector(ref src, i + 8, cutVectors, below), ScoreVector(ref src, i + 12, cutVectors, below));
                var s2 = Narrow(ScoreVector(ref src, i + 16, cutVectors, below), ScoreVector(ref src, i + 20, cutVectors, below));
                var s3 = Narrow(ScoreVector(ref src, i + 24, cutVectors, below), ScoreVector(ref src, i + 28, cutVectors, below));
                var shorts0 = Vector256.Narrow(s0, s1);
                var shorts1 = Vector256.Narrow(s2, s3);
                Vector256.Narrow(shorts0, shorts1).AsByte().StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            double v = values[i];
            int s = 1;
            if (below)
            {
                for (int k = 0; k < cuts.Length; k++)
                {
                    s += v < cuts[k] ? 1 : 0;
                }
            }
            else
            {
                for (int k = 0; k < cuts.Length; k++)
                {
                    s += v > cuts[k] ? 1 : 0;
                }
            }

            scores[i] = (byte)s;
        }
    }

    /// <summary>
    /// The bracket pass of the large-input selection over one chunk: per bracket t, counts values below lo[t], equal
    /// to lo[t], equal to hi[t], at most hi[t], and strictly between lo[t] and hi[t] (collected later by <see cref="CollectInside"/>).
    /// </summary>
    public static void CountBrackets(ReadOnlySpan<double> values, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi, BracketCounts counts)
    {
        int k = lo.Length;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && k <= 8)
        {
            // Brackets in groups of four lanes; unused lanes get an empty bracket (lo = +inf, hi = -inf) whose counts are ignored.
            Span<double> padLo = stackalloc double[8];
            Span<double> padHi = stackalloc double[8];
            padLo.Fill(double.PositiveInfinity);
            padHi.Fill(double.NegativeInfinity);
            lo.CopyTo(padLo);
            hi.CopyTo(padHi);
            var lo0 = Vector256.Create(padLo[0], padLo[1], padLo[2], padLo[3]);
            var lo1 = Vector256.Create(padLo[4], padLo[5], padLo[6], padLo[7]);
            var hi0 = Vector256.Create(padHi[0], padHi[1], padHi[2], padHi[3]);
            var hi1 = Vector256.Create(padHi[4], padHi[5], padHi[6], padHi[7]);
            bool two = k > 4;
            Vector256<long> below0 = default, atLo0 = default, atHi0 = default, upTo0 = default, inside0 = default;
            Vector256<long> below1 = default, atLo1 = default, atHi1 = default, upTo1 = default, inside1 = default;
            for (; i < values.Length; i++)
            {
                double x = values[i];
                var xv = Vector256.Create(x);
                below0 -= Vector256.LessThan(xv, lo0).AsInt64();
                atLo0 -= Vector256.Equals(xv, lo0).AsInt64();
                atHi0 -= Vector256.Equals(xv, hi0).AsInt64();
                upTo0 -= Vector256.LessThanOrEqual(xv, hi0).AsInt64();
                inside0 -= (Vector256.GreaterThan(xv, lo0) & Vector256.LessThan(xv, hi0)).AsInt64();
                if (two)
                {
                    below1 -= Vector256.LessThan(xv, lo1).AsInt64();
                    atLo1 -= Vector256.Equals(xv, lo1).AsInt64();
                    atHi1 -= Vector256.Equals(xv, hi1).AsInt64();
                    upTo1 -= Vector256.LessThanOrEqual(xv, hi1).AsInt64();
                    inside1 -= (Vector256.GreaterThan(xv, lo1) & Vector256.LessThan(xv, hi1)).AsInt64();
                }
            }

            for (int t = 0; t < Math.Min(k, 4); t++)
            {
                counts.Below[t] += below0[t];
                counts.AtLo[t] += atLo0[t];
                counts.AtHi[t] += atHi0[t];
                counts.UpToHi[t] += upTo0[t];
                counts.Inside[t] += inside0[t];
            }

            for (int t = 4; t < k; t++)
            {
                counts.Below[t] += below1[t - 4];
                counts.AtLo[t] += atLo1[t - 4];
                counts.AtHi[t] += atHi1[t - 4];
                counts.UpToHi[t] += upTo1[t - 4];
                counts.Inside[t] += inside1[t - 4];
            }

            return;
        }

        for (; i < values.Length; i++)
        {
            double x = values[i];
            for (int t = 0; t < k; t++)
            {
                double l = lo[t], h = hi[t];
                counts.Below[t] += x < l ? 1 : 0;
                counts.AtLo[t] += x == l ? 1 : 0;
                counts.AtHi[t] += x == h ? 1 : 0;
                counts.UpToHi[t] += x <= h ? 1 : 0;
                counts.Inside[t] += x > l && x < h ? 1 : 0;
            }
        }
    }

    /// <summary>
    /// Copies the values of one chunk that lie strictly inside the wanted brackets into their regions of
    /// <paramref name="destination"/>: bracket t's values go to [start[t], start[t] + its total), at the positions
    /// reserved through <paramref name="cursors"/> (one atomic reservation per bracket per chunk). The order within a
    /// region depends on scheduling; selection from it does not.
    /// </summary>
    public static void CollectInside(ReadOnlySpan<double> values, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi, ReadOnlySpan<bool> wanted, long[] cursors, Span<double> destination)
    {
        int k = lo.Length;
        Span<int> counts = stackalloc int[k];
        counts.Clear();
        for (int i = 0; i < values.Length; i++)
        {
            double x = values[i];
            for (int t = 0; t < k; t++)
            {
                counts[t] += wanted[t] && x > lo[t] && x < hi[t] ? 1 : 0;
            }
        }

        Span<long> next = stackalloc long[k];
        for (int t = 0; t < k; t++)
        {
            next[t] = counts[t] == 0 ? 0 : Interlocked.Add(ref cursors[t], counts[t]) - counts[t];
        }

        for (int i = 0; i < values.Length; i++)
        {
            double x = values[i];
            for (int t = 0; t < k; t++)
            {
                if (wanted[t] && x > lo[t] && x < hi[t])
                {
                    destination[(int)next[t]++] = x;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> ScoreVector(ref double src, int offset, ReadOnlySpan<Vector256<double>> cuts, bool below)
    {
        var v = Vector256.LoadUnsafe(ref src, (nuint)offset);
        var score = Vector256<long>.One;
        if (below)
        {
            foreach (var c in cuts)
            {
                score -= Vector256.LessThan(v, c).AsInt64();
            }
        }
        else
        {
            foreach (var c in cuts)
            {
                score -= Vector256.GreaterThan(v, c).AsInt64();
            }
        }

        return score;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Narrow(Vector256<long> a, Vector256<long> b) => Vector256.Narrow(a, b);
}

/// <summary>Counters of one bracket pass (one chunk, or merged).</summary>
internal sealed class BracketCounts
{
    public BracketCounts(int brackets)
    {
        Below = new long[brackets];
        AtLo = new long[brackets];
        AtHi = new long[brackets];
        UpToHi = new long[brackets];
        Inside = new long[brackets];
    }

    public long[] Below { get; }

    public long[] AtLo { get; }

    public long[] AtHi { get; }

    public long[] UpToHi { get; }

    /// <summary>Values strictly between lo[t] and hi[t].</summary>
    public long[] Inside { get; }

    public void Add(BracketCounts other)
    {
        for (int t = 0; t < Below.Length; t++)
        {
            Below[t] += other.Below[t];
            AtLo[t] += other.AtLo[t];
            AtHi[t] += other.AtHi[t];
            UpToHi[t] += other.UpToHi[t];
            Inside[t] += other.Inside[t];
        }
    }
}
