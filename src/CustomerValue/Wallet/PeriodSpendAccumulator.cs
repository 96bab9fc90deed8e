using System.Globalization;
using CustomerValue.Transactions;

namespace CustomerValue.Wallet;

/// <summary>
/// Spend with us per customer and calendar period (for example per quarter), built from a transaction stream: the
/// numerator of share of wallet over time.
/// </summary>
/// <remarks>
/// Memory: one number per customer and period in the range (linear in customers), nothing per transaction.
/// Transactions outside [<see cref="From"/>, <see cref="To"/>] are counted in <see cref="Skipped"/> and otherwise
/// ignored. Not thread-safe while adding; build one per thread.
/// </remarks>
public sealed class PeriodSpendAccumulator
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private readonly int _firstPeriod;
    private double[] _spend;

    /// <summary>Creates an accumulator for the periods that contain <paramref name="from"/> through <paramref name="to"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public PeriodSpendAccumulator(CalendarPeriod period, DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The period range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})."), nameof(to));
        }

        Period = period;
        From = from;
        To = to;
        _firstPeriod = period.IndexOf(from);
        PeriodCount = period.IndexOf(to) - _firstPeriod + 1;
        _spend = new double[PeriodCount * 16];
    }

    /// <summary>The calendar period.</summary>
    public CalendarPeriod Period { get; }

    /// <summary>The first day counted.</summary>
    public DateOnly From { get; }

    /// <summary>The last day counted.</summary>
    public DateOnly To { get; }

    /// <summary>The number of periods.</summary>
    public int PeriodCount { get; }

    /// <summary>Transactions outside the range.</summary>
    public long Skipped { get; private set; }

    /// <summary>The customers seen, in order of first appearance.</summary>
    public IReadOnlyList<string> CustomerIds => _ids;

    /// <summary>The label of period <paramref name="period"/> (0 = the first).</summary>
    public string PeriodLabel(int period) => Period.Label(_firstPeriod + period);

    /// <summary>Adds one transaction.</summary>
    /// <exception cref="ArgumentException">The customer id is empty or the amount is not finite.</exception>
    public void Add(in Transaction transaction)
    {
        ArgumentException.ThrowIfNullOrEmpty(transaction.CustomerId);
        if (!double.IsFinite(transaction.Amount))
        {
            throw new ArgumentException($"Customer '{transaction.CustomerId}', {transaction.Date:yyyy-MM-dd}: the amount must be finite.", nameof(transaction));
        }

        var date = transaction.Date;
        if (date < From || date > To)
        {
            Skipped++;
            return;
        }

        if (!_index.TryGetValue(transaction.CustomerId, out int c))
        {
            c = _ids.Count;
            _index.Add(transaction.CustomerId, c);
            _ids.Add(transaction.CustomerId);
            if ((c + 1) * PeriodCount > _spend.Length)
            {
                Array.Resize(ref _spend, _spend.Length * 2);
            }
        }

        _spend[(c * PeriodCount) + Period.IndexOf(date) - _firstPeriod] += transaction.Amount;
    }

    /// <summary>One customer's spend per period, oldest first (a view; valid until the next <see cref="Add"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The customer index is out of range.</exception>
    public ReadOnlySpan<double> SpendOf(int customer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(customer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(customer, _ids.Count);
        return _spend.AsSpan(customer * PeriodCount, PeriodCount);
    }
}
