using CustomerValue.Lifetime;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;
using CustomerValue.Transactions;
using CustomerValue.ValueOverTime;
using FsCheck.Xunit;

namespace CustomerValue.Tests.ValueOverTime;

/// <summary>
/// Win-back (issue 15.3): the important, the lost and last year's top customers worked out by hand, the value if won
/// back against BG/NBD's closed form for an active customer (a hypergeometric series summed here), and the list's
/// invariants on random logs.
/// </summary>
public sealed class WinBackTests
{
    private static readonly BgNbdModel Purchases = new(BgNbdParameters.Create(0.25, 4, 0.8, 2.4), TimeUnit.Week);
    private static readonly GammaGammaModel Spend = new(GammaGammaParameters.Create(6, 4, 16));

    private static Transaction T(string id, string date, double amount) => new(id, DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture), amount);

    private static readonly Transaction[] HandLog =
    [
        T("a", "2019-08-01", 100), T("a", "2020-08-01", 50), T("a", "2020-08-01", 30), T("a", "2020-12-01", 20),
        T("b", "2020-09-01", 300), T("b", "2021-06-01", 10),
        T("c", "2020-07-01", 200),
        T("d", "2021-06-30", 5),
        T("e", "2019-09-01", 500), T("e", "2020-06-30", 40),
        T("f", "2021-07-15", 999),
    ];

    private static WinBackOptions Options(double topShare) =>
        new(new DateOnly(2021, 6, 30)) { LookbackDays = 365, SilentDays = 90, TopShare = topShare, LastYearTop = 3, PurchaseModel = Purchases, SpendModel = Spend };

    [Fact]
    public void Important_lost_and_last_years_top_match_the_hand_count()
    {
        // By hand, as of 2021-06-30 with a 365-day look-back (from 2020-07-01):
        // look-back spend a 100 (two days: 2020-08-01 merged, 2020-12-01), b 310, c 200, d 5; e bought only before it, f after the as-of date.
        // Top half of the 4 buyers: b, c. Silent over 90 days: c (364 days since 2020-07-01); b bought 29 days ago.
        var half = WinBack.Analyze(HandLog, Options(0.5));
        Assert.Equal((11L, 1L), (half.RowsRead, half.RowsAfterAsOf));
        Assert.Equal((4, 2), (half.LookbackBuyers, half.Important));
        var c = Assert.Single(half.Lost);
        Assert.Equal((1, "c", 200.0, 1, 2), (c.Rank, c.CustomerId, c.LookbackSpend, c.LookbackPurchaseDays, c.ValueRank));
        Assert.Equal((new DateOnly(2020, 7, 1), new DateOnly(2020, 7, 1), 364), (c.FirstPurchase, c.LastPurchase, c.DaysSilent));
        Assert.Null(c.UsualGapDays);
        Assert.Null(c.SilenceMultiple);

        // Top 75 % (3 of 4): b, c, a; lost c and a. a: purchase days 2019-08-01, 2020-08-01, 2020-12-01 -> gaps 366 and 122
        // days, mean 244; silent 211 days.
        var most = WinBack.Analyze(HandLog, Options(0.75));
        Assert.Equal(3, most.Important);
        Assert.Equal(["c", "a"], most.Lost.Select(l => l.CustomerId));
        var a = most.Lost[1];
        Assert.Equal((2, 100.0, 2, 3, 211), (a.Rank, a.LookbackSpend, a.LookbackPurchaseDays, a.ValueRank, a.DaysSilent));
        Assert.Equal(244.0, a.UsualGapDays);
        Assert.Equal(211.0 / 244.0, a.SilenceMultiple!.Value, 12);
        Assert.Equal(300.0, most.LostLookbackSpend);

        // Last year = 2019-07-01..2020-06-30: e 540, a 100; nobody else. This year: e 0 (stopped), a 100 on two days.
        Assert.Equal(["e", "a"], most.LastYearTop.Select(t => t.CustomerId));
        Assert.Equal((540.0, 0.0, false, -1.0), (most.LastYearTop[0].LastYearSpend, most.LastYearTop[0].ThisYearSpend, most.LastYearTop[0].StillOrdering, most.LastYearTop[0].Change));
        Assert.Equal((100.0, 100.0, true, 0.0, 2), (most.LastYearTop[1].LastYearSpend, most.LastYearTop[1].ThisYearSpend, most.LastYearTop[1].StillOrdering, most.LastYearTop[1].Change, most.LastYearTop[1].ThisYearPurchaseDays));
        Assert.Equal(1, most.LastYearTopStillOrdering);
    }

    [Fact]
    public void Each_customer_has_the_pipelines_p_alive_clv_tier_and_churn_level()
    {
        var w = WinBack.Analyze(HandLog, Options(1));
        var run = new CustomerBasePipeline(new PipelineOptions(new DateOnly(2021, 6, 30))).Run(HandLog, Purchases, Spend);
        foreach (var lost in w.Lost)
        {
            int i = Enumerable.Range(0, run.Count).Single(k => run.Scores.CustomerId(k) == lost.CustomerId);
            Assert.Equal(run.Scores.ProbabilityAlive[i], lost.ProbabilityAlive);
            Assert.Equal(run.Scores.LifetimeValue[i], lost.LifetimeValue);
            Assert.Equal(run.Scores.Tier[i], lost.Tier);
            Assert.Equal(run.Scores.ChurnLevel[i], lost.ChurnLevel);
        }
    }

    /// <summary>
    /// With no discounting, the value if won back is E[purchases in the horizon | active] × expected spend. For BG/NBD,
    /// E[Y(t) | active, x, T] = (a + b + x − 1)/(a − 1) · [1 − ((α + T)/(α + T + t))^(r + x) ₂F₁(r + x, b + x; a + b + x − 1; t/(α + T + t))]
    /// (Fader, Hardie &amp; Lee 2005, eq. 10 divided by P(alive)); the ₂F₁ is summed here term by term.
    /// </summary>
    [Fact]
    public void Value_if_won_back_is_the_active_customers_forecast_of_the_closed_form()
    {
        var log = SampleLog();
        var asOf = new DateOnly(2021, 6, 30);
        var run = new CustomerBasePipeline(new PipelineOptions(asOf) { DiscountRate = DiscountRate.Zero, Horizon = 52 }).Run(log, Purchases, Spend);
        double r = 0.25, alpha = 4, a = 0.8, b = 2.4, t = 52;
        for (int i = 0; i < run.Count; i++)
        {
            double x = run.Input.Frequency.Span[i], age = run.Input.Age.Span[i];
            double z = t / (alpha + age + t);
            double expected = (a + b + x - 1) / (a - 1) * (1 - (Math.Pow((alpha + age) / (alpha + age + t), r + x) * Hyp2F1(r + x, b + x, a + b + x - 1, z)));
            double value = expected * run.Scores.ExpectedSpend[i];
            Assert.Equal(1.0, run.LifetimeValueIfAliveOf(i) / value, 9);

            // And CLV = P(alive) × value if active (the factorisation the scorer relies on).
            Assert.Equal(run.Scores.LifetimeValue[i], run.Scores.ProbabilityAlive[i] * run.LifetimeValueIfAliveOf(i), 9);
        }
    }

    /// <summary>The list's invariants on random logs: lost ⊆ important, silent past the limit, ranked by look-back spend, values finite and at least the CLV.</summary>
    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = 60)]
    public bool Lost_customers_are_important_silent_ranked_and_finite(TransactionLog log)
    {
        var asOf = new DateOnly(2020, 12, 31);
        var options = new WinBackOptions(asOf) { LookbackDays = 300, SilentDays = 60, TopShare = 0.5, PurchaseModel = Purchases, SpendModel = Spend };
        var w = WinBack.Analyze(log.Rows, options);
        var start = asOf.AddDays(-299);
        var spend = log.Rows.Where(x => x.Date >= start).GroupBy(x => x.CustomerId).ToDictionary(g => g.Key, g => g.Sum(x => x.Amount));
        var last = log.Rows.GroupBy(x => x.CustomerId).ToDictionary(g => g.Key, g => g.Max(x => x.Date));
        if (w.LookbackBuyers != spend.Count || w.Important != (int)Math.Ceiling(spend.Count * 0.5))
        {
            return false;
        }

        double previous = double.PositiveInfinity;
        int previousRank = 0;
        foreach (var l in w.Lost)
        {
            bool ok = Math.Abs(l.LookbackSpend - spend[l.CustomerId]) < 1e-6
                && l.LookbackSpend <= previous + 1e-9
                && l.ValueRank > previousRank && l.ValueRank <= w.Important
                && l.LastPurchase == last[l.CustomerId]
                && l.DaysSilent == asOf.DayNumber - last[l.CustomerId].DayNumber && l.DaysSilent > 60
                && l.ProbabilityAlive is >= 0 and <= 1
                && double.IsFinite(l.ValueIfWonBack) && l.ValueIfWonBack >= l.LifetimeValue * (1 - 1e-12);
            if (!ok)
            {
                return false;
            }

            previous = l.LookbackSpend;
            previousRank = l.ValueRank;
        }

        // Every important customer not listed bought within the silence limit.
        int silentImportant = spend.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(w.Important)
            .Count(p => asOf.DayNumber - last[p.Key].DayNumber > 60);
        return silentImportant == w.Lost.Count;
    }

    [Fact]
    public void A_silence_limit_as_long_as_the_look_back_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => WinBack.Analyze(HandLog, new WinBackOptions(new DateOnly(2021, 6, 30)) { LookbackDays = 100, SilentDays = 100 }));
        Assert.Contains("SilentDays (100) must be shorter than LookbackDays (100)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new WinBackOptions(new DateOnly(2021, 6, 30)) { TopShare = 0 });
    }

    private static double Hyp2F1(double a, double b, double c, double z)
    {
        double term = 1, sum = 1;
        for (int n = 0; n < 100000 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
        }

        return sum;
    }

    private static List<Transaction> SampleLog()
    {
        var random = new Random(21);
        var log = new List<Transaction>();
        for (int c = 0; c < 60; c++)
        {
            var day = new DateOnly(2020, 1, 1).AddDays(random.Next(0, 200));
            while (day <= new DateOnly(2021, 6, 30))
            {
                log.Add(new Transaction("c" + c, day.ToDateTime(TimeOnly.MinValue), random.Next(100, 10000) / 100.0));
                day = day.AddDays(random.Next(5, 150) * (1 + (c % 3)));
            }
        }

        return log;
    }
}
