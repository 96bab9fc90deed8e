using CustomerValue.Lifetime;
using CustomerValue.Transactions;

namespace CustomerValue.Cli.Report;

/// <summary>One week of the tracking chart: the cumulative repeat purchases up to its end, actual and expected by the model.</summary>
internal readonly record struct TrackingPoint(DateOnly End, double Weeks, double Actual, double Expected);

/// <summary>
/// Collects each customer's purchase days while the log streams past (<see cref="Tap"/>), then gives the weekly
/// cumulative repeat purchases of the customers who first bought by the as-of date — what happened, and what a
/// repeat-purchase model fitted up to the as-of date expected (Fader, Hardie &amp; Lee 2005, figure 3).
/// </summary>
/// <remarks>
/// Purchases on one day are one purchase occasion, as in the summaries; a customer's first day is their trial, every
/// later day a repeat purchase. Memory: one <see cref="int"/> per transaction plus one entry per customer.
/// </remarks>
internal sealed class RepeatPurchaseTracker
{
    private readonly Dictionary<string, List<int>> _days = new(StringComparer.Ordinal);

    /// <summary>Passes the transactions through unchanged, remembering each one's customer and day.</summary>
    public IEnumerable<Transaction> Tap(IEnumerable<Transaction> transactions)
    {
        foreach (var t in transactions)
        {
            if (!_days.TryGetValue(t.CustomerId, out var days))
            {
                days = new List<int>(4);
                _days.Add(t.CustomerId, days);
            }

            days.Add(t.Date.DayNumber);
            yield return t;
        }
    }

    /// <summary>
    /// Weekly cumulative repeat purchases from the first purchase in the log to <paramref name="end"/>, of the
    /// customers whose first purchase is on or before <paramref name="asOf"/>; the expectation of
    /// <paramref name="model"/> (in weeks) is the sum over customers of E[X(t − first purchase)].
    /// </summary>
    public IReadOnlyList<TrackingPoint> Track(DateOnly asOf, DateOnly end, IRepeatPurchaseModel model)
    {
        int asOfDay = asOf.DayNumber, endDay = end.DayNumber;
        var firstDays = new Dictionary<int, int>();   // first purchase day -> customers
        var repeatDays = new List<int>();
        int start = int.MaxValue;
        foreach (var days in _days.Values)
        {
            days.Sort();
            int first = days[0];
            if (first > asOfDay)
            {
                continue;
            }

            start = Math.Min(start, first);
            firstDays[first] = firstDays.GetValueOrDefault(first) + 1;
            int previous = first;
            foreach (int d in days)
            {
                if (d != previous && d <= endDay)
                {
                    repeatDays.Add(d);
                }

                previous = d;
            }
        }

        if (start == int.MaxValue)
        {
            return [];
        }

        repeatDays.Sort();
        var points = new List<TrackingPoint>();
        int next = 0;
        for (int day = start + 7; ; day += 7)
        {
            int at = Math.Min(day, endDay);
            while (next < repeatDays.Count && repeatDays[next] <= at)
            {
                next++;
            }

            double expected = 0;
            foreach (var (first, customers) in firstDays)
            {
                if (at > first)
                {
                    expected += customers * model.ExpectedPurchasesNewCustomer((at - first) / 7.0);
                }
            }

            points.Add(new TrackingPoint(DateOnly.FromDayNumber(at), (at - start) / 7.0, next, expected));
            if (at == endDay)
            {
                return points;
            }
        }
    }
}
