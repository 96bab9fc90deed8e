using System.Globalization;
using CustomerValue.Transactions;

namespace CustomerValue.ValueOverTime;

/// <summary>The rows of a log up to an as-of date, held once, with the rows read and those after it counted (shared by the analyses that look at a log several ways).</summary>
internal static class LogUpTo
{
    /// <summary>The rows on or before <paramref name="asOf"/>; throws when there are none.</summary>
    /// <param name="transactions">The log.</param>
    /// <param name="asOf">The observation end.</param>
    /// <param name="what">What cannot be done without rows, for the message ("no migration to measure").</param>
    public static (List<Transaction> Rows, long Read, long After) Collect(IEnumerable<Transaction> transactions, DateOnly asOf, string what)
    {
        var rows = new List<Transaction>();
        long read = 0, after = 0;
        foreach (var t in transactions)
        {
            read++;
            if (t.Date > asOf)
            {
                after++;
            }
            else
            {
                rows.Add(t);
            }
        }

        if (rows.Count == 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"No purchases on or before {asOf:yyyy-MM-dd}: {what}."));
        }

        return (rows, read, after);
    }
}
