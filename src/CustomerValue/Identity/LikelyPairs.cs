using System.Globalization;
using CustomerValue.Transactions;

namespace CustomerValue.Identity;

/// <summary>The settings of <see cref="LikelyPairs"/>.</summary>
/// <remarks>Immutable; change with <c>with</c>.</remarks>
public sealed record LikelyPairOptions
{
    private readonly int _withinDays = 180;
    private readonly int _minOldDays = 2;
    private readonly double _minScore = 0.5;
    private readonly int _candidates = 5;

    /// <summary>The most days from the old id's last purchase to the new id's first. In 1..3650; default 180.</summary>
    public int WithinDays { get => _withinDays; init => _withinDays = value is >= 1 and <= 3650 ? value : throw new ArgumentOutOfRangeException(nameof(WithinDays), value, "LikelyPairOptions.WithinDays must be in 1..3650."); }

    /// <summary>The fewest purchase days of an old id (it needs a rhythm to have stopped). At least 2; default 2.</summary>
    public int MinimumOldPurchaseDays { get => _minOldDays; init => _minOldDays = value >= 2 ? value : throw new ArgumentOutOfRangeException(nameof(MinimumOldPurchaseDays), value, "LikelyPairOptions.MinimumOldPurchaseDays must be >= 2."); }

    /// <summary>Pairs scoring below this are not reported. In [0, 1]; default 0.5.</summary>
    public double MinimumScore { get => _minScore; init => _minScore = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MinimumScore), value, "LikelyPairOptions.MinimumScore must be in [0, 1]."); }

    /// <summary>The best-scoring old ids kept per new id before ids are matched one to one. At least 1; default 5.</summary>
    public int CandidatesPerNewId { get => _candidates; init => _candidates = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(CandidatesPerNewId), value, "LikelyPairOptions.CandidatesPerNewId must be >= 1."); }
}

/// <summary>One likely "lost + new" pair: an id that stopped and one that started soon after, buying alike.</summary>
/// <param name="OldId">The id that stopped.</param>
/// <param name="NewId">The id that started after it.</param>
/// <param name="Score">1 ÷ (1 + e^−<paramref name="Evidence"/>): the chance they are one customer with even prior odds, in (0, 1).</param>
/// <param name="Evidence">The log likelihood ratio, same customer against two customers: <paramref name="TimingEvidence"/> + <paramref name="SpendEvidence"/>.</param>
/// <param name="TimingEvidence">ln(W ÷ g) − d ÷ g: the gap d as the old id's next purchase at its own mean gap g (exponential), against a start anywhere in the W-day window.</param>
/// <param name="SpendEvidence">The difference of the two ids' mean log spend per purchase day under one customer's spread against two customers' spread (normal densities; 0 when a spend is not above zero).</param>
/// <param name="GapDays">Days from the old id's last purchase to the new id's first (≥ 1).</param>
/// <param name="OldMeanGapDays">The old id's mean days between purchase days.</param>
/// <param name="OldLastPurchase">The old id's last purchase day.</param>
/// <param name="NewFirstPurchase">The new id's first purchase day.</param>
/// <param name="OldPurchaseDays">The old id's purchase days.</param>
/// <param name="NewPurchaseDays">The new id's purchase days.</param>
/// <param name="OldMeanSpend">The old id's mean spend per purchase day.</param>
/// <param name="NewMeanSpend">The new id's mean spend per purchase day.</param>
public sealed record LikelyPair(string OldId, string NewId, double Score, double Evidence, double TimingEvidence, double SpendEvidence, int GapDays, double OldMeanGapDays, DateOnly OldLastPurchase, DateOnly NewFirstPurchase, int OldPurchaseDays, int NewPurchaseDays, double OldMeanSpend, double NewMeanSpend);

/// <summary>
/// Without an alias map: likely "lost + new" pairs for a person to confirm — an id that stops and another that starts
/// soon after and buys alike (a customer who moved, or changed channel, under a new id).
/// </summary>
/// <remarks>
/// <para><b>Candidates.</b> An old id O with at least <see cref="LikelyPairOptions.MinimumOldPurchaseDays"/> purchase
/// days, and a new id N whose first purchase comes 1 to W = <see cref="LikelyPairOptions.WithinDays"/> days after O's
/// last (so the two never overlap). A first purchase within the log's first W days is not a start: that id may have
/// bought before the log began.</para>
/// <para><b>Score.</b> The evidence is a log likelihood ratio, "one customer" against "two customers", in two parts.
/// <i>Timing</i>: if N is O continuing, the gap d from O's last purchase to N's first is O's next gap, exponential with
/// O's mean gap g; if not, N's start is anywhere in the window: ln(W ÷ g) − d ÷ g. <i>Spend</i>: the difference Δ of the
/// two ids' mean log spend per purchase day is normal with variance σ²w(1/nO + 1/nN) for one customer (σ²w = the log's
/// pooled within-customer variance of log spend per purchase day, nO and nN = the ids' purchase days with spend above
/// zero) and 2σ²b for two (σ²b = the variance of the ids' mean log spend): the log ratio of the two normal densities.
/// Score = 1 ÷ (1 + e^−evidence), the chance of one customer with even prior odds.</para>
/// <para><b>Matching.</b> For each new id the <see cref="LikelyPairOptions.CandidatesPerNewId"/> best old ids are
/// kept; pairs are then taken best first, each id used at most once (greedy one-to-one), down to
/// <see cref="LikelyPairOptions.MinimumScore"/>; ties by old id, then new id (ordinal). Behaviour alone cannot confirm a
/// pair: the list is for a person who can check names, addresses or accounts. Thread-safe.</para>
/// </remarks>
public static class LikelyPairs
{
    /// <summary>Finds the likely pairs of a log, best first.</summary>
    /// <param name="transactions">The log (valid rows, any order), read with its ids as written.</param>
    /// <param name="options">The settings; null for the defaults.</param>
    public static IReadOnlyList<LikelyPair> Find(IEnumerable<Transaction> transactions, LikelyPairOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        options ??= new LikelyPairOptions();
        var all = Candidates(transactions, options, options.CandidatesPerNewId);
        all.Sort(Best);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new List<LikelyPair>();
        foreach (var pair in all)
        {
            if (!used.Contains(pair.OldId) && !used.Contains(pair.NewId))
            {
                used.Add(pair.OldId);
                used.Add(pair.NewId);
                pairs.Add(pair);
            }
        }

        return pairs;
    }

    /// <summary>Every scored candidate pair at or above the minimum score, up to <paramref name="perNewId"/> per new id (for tests and inspection).</summary>
    internal static List<LikelyPair> Candidates(IEnumerable<Transaction> transactions, LikelyPairOptions options, int perNewId)
    {
        var spendByDay = new Dictionary<string, SortedDictionary<int, double>>(StringComparer.Ordinal);
        foreach (var t in transactions)
        {
            if (!spendByDay.TryGetValue(t.CustomerId, out var days))
            {
                days = [];
                spendByDay.Add(t.CustomerId, days);
            }

            int day = t.Date.DayNumber;
            days[day] = days.GetValueOrDefault(day) + t.Amount;
        }

        var ids = spendByDay
            .Select(kv => IdHistory.Of(kv.Key, kv.Value))
            .OrderBy(h => h.First).ThenBy(h => h.Id, StringComparer.Ordinal)
            .ToArray();
        // A start within the first window of the log may be a customer who bought before the log began: not observed as new.
        int observedFrom = ids.Length == 0 ? 0 : ids[0].First + options.WithinDays;
        var starts = ids.Select(h => h.First).ToArray();
        var spread = SpreadOf(ids);
        var candidates = new Dictionary<string, List<LikelyPair>>(StringComparer.Ordinal);
        foreach (var old in ids)
        {
            if (old.Days < options.MinimumOldPurchaseDays)
            {
                continue;
            }

            int from = LowerBound(starts, Math.Max(old.Last + 1, observedFrom));
            for (int j = from; j < ids.Length && ids[j].First <= old.Last + options.WithinDays; j++)
            {
                var pair = Score(old, ids[j], options.WithinDays, spread);
                if (pair.Score < options.MinimumScore)
                {
                    continue;
                }

                if (!candidates.TryGetValue(pair.NewId, out var list))
                {
                    list = [];
                    candidates.Add(pair.NewId, list);
                }

                list.Add(pair);
                if (list.Count > perNewId)
                {
                    list.Sort(Best);
                    list.RemoveAt(list.Count - 1);
                }
            }
        }

        return candidates.Values.SelectMany(l => l).ToList();
    }

    private static int Best(LikelyPair a, LikelyPair b)
    {
        int c = b.Score.CompareTo(a.Score);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.OldId, b.OldId);
        }

        return c != 0 ? c : string.CompareOrdinal(a.NewId, b.NewId);
    }

    private static LikelyPair Score(IdHistory old, IdHistory next, int window, SpendSpread spread)
    {
        int gap = next.First - old.Last;
        double usual = (double)(old.Last - old.First) / (old.Days - 1);
        double timing = Math.Log(window / usual) - (gap / usual);
        double spend = 0;
        if (double.IsFinite(old.MeanLogSpend) && double.IsFinite(next.MeanLogSpend) && spread.Within > 0 && spread.Between > 0)
        {
            double delta = old.MeanLogSpend - next.MeanLogSpend;
            double same = spread.Within * ((1.0 / old.PositiveDays) + (1.0 / next.PositiveDays));
            double apart = 2 * spread.Between;
            spend = (-0.5 * Math.Log(same / apart)) - (0.5 * delta * delta * ((1 / same) - (1 / apart)));
        }

        double evidence = timing + spend;
        double score = 1 / (1 + Math.Exp(-Math.Clamp(evidence, -700, 700)));
        return new LikelyPair(old.Id, next.Id, score, evidence, timing, spend, gap, usual, DateOnly.FromDayNumber(old.Last), DateOnly.FromDayNumber(next.First), old.Days, next.Days, old.MeanSpend, next.MeanSpend);
    }

    /// <summary>
    /// The spread of log spend per purchase day: <c>Within</c> = the pooled variance of a customer's days around their
    /// own mean (ids with two or more positive days), <c>Between</c> = the variance of the ids' means.
    /// </summary>
    private static SpendSpread SpreadOf(IReadOnlyList<IdHistory> ids)
    {
        double within = 0, withinDf = 0, sum = 0, sumSq = 0;
        int n = 0;
        foreach (var h in ids)
        {
            if (!double.IsFinite(h.MeanLogSpend))
            {
                continue;
            }

            n++;
            sum += h.MeanLogSpend;
            sumSq += h.MeanLogSpend * h.MeanLogSpend;
            if (h.PositiveDays >= 2)
            {
                within += h.LogSpendSquares;
                withinDf += h.PositiveDays - 1;
            }
        }

        double between = n >= 2 ? (sumSq - (sum * sum / n)) / (n - 1) : 0;
        return new SpendSpread(withinDf > 0 ? within / withinDf : 0, Math.Max(between, 0));
    }

    private readonly record struct SpendSpread(double Within, double Between);

    private static int LowerBound(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private sealed record IdHistory(string Id, int First, int Last, int Days, double MeanSpend, int PositiveDays, double MeanLogSpend, double LogSpendSquares)
    {
        public static IdHistory Of(string id, SortedDictionary<int, double> days)
        {
            var logs = days.Values.Where(v => v > 0 && double.IsFinite(v)).Select(v => Math.Log(v)).Order().ToArray();
            double mean = logs.Length > 0 ? logs.Sum() / logs.Length : double.NaN;
            double squares = logs.Sum(v => (v - mean) * (v - mean));
            return new IdHistory(id, days.Keys.First(), days.Keys.Last(), days.Count, days.Values.Order().Sum() / days.Count, logs.Length, mean, logs.Length > 0 ? squares : 0);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Id} {First}..{Last}");
    }
}
