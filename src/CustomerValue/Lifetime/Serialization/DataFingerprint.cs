using System.Runtime.CompilerServices;
using System.Buffers.Binary;
using System.Security.Cryptography;
using CustomerValue.Lifetime.Fitting;
using CustomerValue.Summaries;

namespace CustomerValue.Lifetime.Serialization;

/// <summary>
/// A fingerprint of the data a model was fitted on, so a model file can be matched to its data: the SHA-256 of the
/// compressed fitting rows (distinct rows with their customer counts) in sorted order.
/// </summary>
/// <remarks>
/// The fingerprint depends only on the multiset of rows, not on customer ids or row order: the same customers in another
/// order give the same fingerprint, one changed value gives another. Each distinct row (three doubles, then its count)
/// is hashed as little-endian IEEE 754 bytes; rows are sorted by their first, second, then third value. The text is
/// <c>sha256:</c> followed by 64 lower-case hex digits. Static and thread-safe.
/// </remarks>
public static class DataFingerprint
{
    /// <summary>The fingerprint of repeat-purchase fitting data (x, t_x, T).</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static string Compute(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age) =>
        Compute(frequency, recency, age, default);

    /// <summary>The fingerprint of weighted rows (a row of weight w counts as w identical rows; empty weights mean 1 each).</summary>
    /// <exception cref="ArgumentException">The spans differ in length, or a weight is negative or not finite.</exception>
    public static string Compute(ReadOnlySpan<double> first, ReadOnlySpan<double> second, ReadOnlySpan<double> third, ReadOnlySpan<double> weights)
    {
        return Compute(WeightedSummaries.Compress(first, second, third, weights));
    }

    /// <summary>The fingerprint of rows already compressed (compression sorts them in the fingerprint's order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static string Compute(WeightedSummaries rows)
    {
        // The SHA-256 of the rows' 32-byte little-endian records in order, fed through a small buffer.
        const int Rows = 2048;
        var bytes = new byte[32 * Math.Min(Rows, Math.Max(1, rows.Count))];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int first = 0; first < rows.Count; first += Rows)
        {
            int count = Math.Min(Rows, rows.Count - first);
            for (int k = 0; k < count; k++)
            {
                var buffer = bytes.AsSpan(32 * k, 32);
                int i = first + k;
                BinaryPrimitives.WriteDoubleLittleEndian(buffer, rows.Frequency[i]);
                BinaryPrimitives.WriteDoubleLittleEndian(buffer[8..], rows.Recency[i]);
                BinaryPrimitives.WriteDoubleLittleEndian(buffer[16..], rows.Age[i]);
                BinaryPrimitives.WriteDoubleLittleEndian(buffer[24..], rows.Weight[i]);
            }

            hash.AppendData(bytes, 0, 32 * count);
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The fingerprint of the data a repeat-purchase model (BG/NBD, MBG/NBD, Pareto/NBD) fits: every customer's (x, t_x, T).</summary>
    public static string ForRepeatPurchases(CustomerSummaries summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        return Compute(summaries.Frequency, summaries.Recency, summaries.Age);
    }

    /// <summary>The fingerprint of the data BG/BB fits: the weighted (x, t_x, n) opportunity patterns.</summary>
    public static string ForOpportunityPatterns(OpportunityPatterns patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var x = new double[patterns.Count];
        var tx = new double[patterns.Count];
        var n = new double[patterns.Count];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = patterns.Frequency[i];
            tx[i] = patterns.Recency[i];
            n[i] = patterns.Opportunities[i];
        }

        return Compute(x, tx, n, patterns.Weight);
    }

    /// <summary>The fingerprint of the data sBG fits: the customers still active after each period, as rows (period, count, 0).</summary>
    public static string ForRetention(IReadOnlyList<double> activeCustomers)
    {
        ArgumentNullException.ThrowIfNull(activeCustomers);
        var period = new double[activeCustomers.Count];
        for (int i = 0; i < period.Length; i++)
        {
            period[i] = i;
        }

        return Compute(period, [.. activeCustomers], new double[period.Length]);
    }

    /// <summary>The fingerprint of the data a spend model (Gamma-Gamma) fits: (x, m̄) of the customers with x &gt; 0.</summary>
    public static string ForSpend(CustomerSummaries summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var repeat = summaries.RepeatCustomers();
        return Compute(repeat.Frequency, repeat.MonetaryValue, new double[repeat.Count]);
    }
}
