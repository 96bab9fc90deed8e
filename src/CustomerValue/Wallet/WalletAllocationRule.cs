using System.Globalization;

namespace CustomerValue.Wallet;

/// <summary>
/// The Wallet Allocation Rule (Keiningham, Aksoy, Buoye &amp; Cooil 2011): a brand's share of a customer's wallet from
/// its rank among the N brands the customer uses, <c>SOW = (1 − rank/(N + 1)) · 2/N</c>.
/// </summary>
/// <remarks>
/// Ranks are 1 = most preferred. Tied brands take the average of the positions they occupy (two brands tied for
/// second place in a set of four both get rank 2.5), which keeps the sum of ranks at N(N+1)/2, so a customer's shares
/// over all N brands sum to exactly 1 (up to rounding). Stateless and thread-safe.
/// </remarks>
public static class WalletAllocationRule
{
    /// <summary>The share of wallet of a brand with (possibly fractional, tie-averaged) rank <paramref name="rank"/> among <paramref name="brandCount"/> brands.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="brandCount"/> &lt; 1, or the rank is not in [1, N].</exception>
    public static double Share(double rank, int brandCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brandCount, 1);
        if (!(rank >= 1 && rank <= brandCount))
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, string.Create(CultureInfo.InvariantCulture, $"The rank must be in [1, {brandCount}]."));
        }

        return (1.0 - (rank / (brandCount + 1.0))) * 2.0 / brandCount;
    }

    /// <summary>
    /// The shares of all N brands one customer uses, from the ranks the customer gave them (1 = most preferred; equal
    /// numbers are ties). The raw ranks are only compared, so any ordinal scale works (for example 1, 2, 2, 4 or 1, 2, 2, 3).
    /// </summary>
    /// <param name="ranks">The rank given to each brand; N = the length.</param>
    /// <param name="shares">Receives each brand's share; the shares sum to 1.</param>
    /// <exception cref="ArgumentException">The spans are empty or differ in length, or a rank is not finite.</exception>
    public static void Shares(ReadOnlySpan<double> ranks, Span<double> shares)
    {
        if (ranks.IsEmpty || ranks.Length != shares.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Wallet allocation rule: {ranks.Length} ranks and {shares.Length} destinations; need at least one brand and equal lengths."), nameof(ranks));
        }

        AverageRanks(ranks, shares);
        int n = ranks.Length;
        for (int i = 0; i < n; i++)
        {
            shares[i] = (1.0 - (shares[i] / (n + 1.0))) * 2.0 / n;
        }
    }

    /// <summary>
    /// The tie-averaged ranks 1..N of the given ordinal ranks: brands sharing a raw rank share the average of the
    /// positions they occupy.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length, or a rank is not finite.</exception>
    public static void AverageRanks(ReadOnlySpan<double> ranks, Span<double> averageRanks)
    {
        if (ranks.Length != averageRanks.Length)
        {
            throw new ArgumentException("The ranks and the destination must have the same length.", nameof(averageRanks));
        }

        int n = ranks.Length;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(ranks[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Brand {i + 1}: the rank must be a finite number (got {ranks[i]})."), nameof(ranks));
            }
        }

        // O(N²) counting: N is the number of brands one customer uses (a handful), so this beats sorting and allocates nothing.
        for (int i = 0; i < n; i++)
        {
            int below = 0;
            int equal = 0;
            for (int j = 0; j < n; j++)
            {
                if (ranks[j] < ranks[i])
                {
                    below++;
                }
                else if (ranks[j] == ranks[i])
                {
                    equal++;
                }
            }

            // Positions below+1 .. below+equal; their mean:
            averageRanks[i] = below + ((equal + 1) / 2.0);
        }
    }
}
