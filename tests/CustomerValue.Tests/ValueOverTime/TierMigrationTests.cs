using CustomerValue.Lifetime;
using CustomerValue.Scoring;
using CustomerValue.Transactions;
using CustomerValue.ValueOverTime;
using CustomerValue.Wallet;
using FsCheck.Xunit;

namespace CustomerValue.Tests.ValueOverTime;

/// <summary>Tier migration: statuses, spends and states worked out by hand, the pipeline's tiers per period, and every customer accounted for in every period.</summary>
public sealed class TierMigrationTests
{
    private static readonly BgNbdModel Purchases = new(BgNbdParameters.Create(0.25, 4, 0.8, 2.4), TimeUnit.Week);
    private static readonly GammaGammaModel Spend = new(GammaGammaParameters.Create(6, 4, 16));

    private static Transaction T(string id, string date, double amount) => new(id, DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture), amount);

    private static TierMigrationOptions Options(DateOnly asOf, double lapsedDays = 365) =>
        new(CalendarPeriod.Quarter, asOf) { LapsedDays = lapsedDays, PurchaseModel = Purchases, SpendModel = Spend };

    [Fact]
    public void Statuses_spend_and_purchase_days_per_quarter_match_the_hand_count()
    {
        var log = new[]
        {
            T("a", "2020-01-10", 10), T("a", "2020-01-20", 5), T("a", "2020-05-01", 20),
            T("b", "2020-02-01", 30),
            T("c", "2020-08-15", 7), T("c", "2020-08-15", 3),
            T("d", "2020-03-31", 1), T("d", "2020-12-31", 2), T("d", "2021-01-05", 9),
        };
        var m = TierMigration.Analyze(log, Options(new DateOnly(2020, 12, 31), lapsedDays: 100));

        Assert.Equal(["a", "b", "c", "d"], m.CustomerIds);
        Assert.Equal(["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"], m.Periods.Select(p => p.Label));
        Assert.Equal(new DateOnly(2020, 6, 30), m.Periods[1].End);
        Assert.Equal((9L, 1L), (m.RowsRead, m.RowsAfterAsOf));

        // By hand, lapsed = last purchase more than 100 days before the quarter's end:
        // a: new (Jan), active (May), lapsed (Sep 30 - May 1 = 152 days), lapsed.
        // b: new, lapsed (Jun 30 - Feb 1 = 150), lapsed, lapsed.
        // c: not yet, not yet, new (Aug 15), lapsed (Dec 31 - Aug 15 = 138).
        // d: new (Mar 31), active (91 days), lapsed (183 days), active (bought Dec 31).
        string[][] expected =
        [
            ["new", "active", "lapsed", "lapsed"],
            ["new", "lapsed", "lapsed", "lapsed"],
            ["not_yet", "not_yet", "new", "lapsed"],
            ["new", "active", "lapsed", "active"],
        ];
        for (int c = 0; c < 4; c++)
        {
            Assert.Equal(expected[c], Enumerable.Range(0, 4).Select(p => MigrationStates.Name(m.StatusOf(c, p))));
        }

        Assert.Equal((15.0, 2), (m.SpendIn(0, 0), m.PurchaseDaysIn(0, 0)));
        Assert.Equal((10.0, 1), (m.SpendIn(2, 2), m.PurchaseDaysIn(2, 2)));
        Assert.Equal((2.0, 1), (m.SpendIn(3, 3), m.PurchaseDaysIn(3, 3)));
        Assert.Equal((0.0, 0), (m.SpendIn(1, 3), m.PurchaseDaysIn(1, 3)));

        // Q3 -> Q4 in the tier scheme: a lapsed -> lapsed, b lapsed -> lapsed, c new -> lapsed, d lapsed -> active tier.
        var q3q4 = m.Transitions(MigrationScheme.Tier, 2, 3);
        int lapsed = MigrationStates.IndexOf(MigrationScheme.Tier, "lapsed");
        int fresh = MigrationStates.IndexOf(MigrationScheme.Tier, "new");
        Assert.Equal(2, q3q4.Count(lapsed, lapsed));
        Assert.Equal(1, q3q4.Count(fresh, lapsed));
        Assert.Equal(1.0, q3q4.Rate(fresh, lapsed));
        Assert.Null(q3q4.Rate(MigrationStates.IndexOf(MigrationScheme.Tier, "not_yet"), 0));
        Assert.Equal(4, q3q4.Total);

        // new -> lapsed one quarter later: Q1 has a, b, d new (b lapses), Q3 has c new (lapses): 2 of 4.
        var rate = m.Conversion(MigrationScheme.Tier, "new", "lapsed", 1);
        Assert.Equal((4L, 2L, 0.5), (rate.FromCustomers, rate.Converted, rate.Rate!.Value));
    }

    [Fact]
    public void Each_period_has_the_pipelines_tiers_groups_and_clv_as_of_its_end()
    {
        var log = SampleLog();
        var m = TierMigration.Analyze(log, Options(new DateOnly(2021, 6, 30)));
        for (int p = 0; p < m.Periods.Count; p++)
        {
            var run = new CustomerBasePipeline(new PipelineOptions(m.Periods[p].End)).Run(log, Purchases, Spend);
            Assert.Equal(run.Count, m.Periods[p].Customers);
            for (int i = 0; i < run.Count; i++)
            {
                int c = m.CustomerIds.ToList().IndexOf(run.Scores.CustomerId(i));
                Assert.Equal(run.Scores.Tier[i], m.TierOf(c, p));
                Assert.Equal(run.ValueGroups.Groups[i], m.GroupOf(c, p));
                Assert.Equal(run.ValueGroups.Matrix[i], m.ValueMatrixCellOf(c, p));
                Assert.Equal(run.Scores.LifetimeValue[i], m.LifetimeValueOf(c, p));
            }
        }
    }

    [Fact]
    public void A_failing_period_is_named()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TierMigration.Analyze([T("a", "2020-05-01", 1)], new TierMigrationOptions(CalendarPeriod.Quarter, new DateOnly(2020, 1, 31))));
        Assert.Contains("No purchases on or before 2020-01-31", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 15.2: every customer is accounted for in every period — exactly one state per scheme, states adding up to
    /// the customers, transitions adding up to the customers, <c>new</c> exactly once (in the period of the first
    /// purchase, counted here from the rows), <c>not_yet</c> only before it, and the period spends adding up to the log's.
    /// </summary>
    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = 60)]
    public bool Every_customer_is_in_exactly_one_state_in_every_period(TransactionLog log)
    {
        var asOf = new DateOnly(2020, 12, 31);
        var m = TierMigration.Analyze(log.Rows, Options(asOf, lapsedDays: 60));
        int n = log.Rows.Select(r => r.CustomerId).Distinct().Count();
        if (m.CustomerIds.Count != n)
        {
            return false;
        }

        foreach (var scheme in new[] { MigrationScheme.Tier, MigrationScheme.ValueGroup })
        {
            for (int p = 0; p < m.Periods.Count; p++)
            {
                if (m.StateCounts(scheme, p).Sum() != n || (p > 0 && m.Transitions(scheme, p - 1, p).Total != n))
                {
                    return false;
                }
            }
        }

        for (int c = 0; c < n; c++)
        {
            var rows = log.Rows.Where(r => r.CustomerId == m.CustomerIds[c]).ToArray();
            string firstLabel = CalendarPeriod.Quarter.Label(CalendarPeriod.Quarter.IndexOf(rows.Min(r => r.Date)));
            int firstPeriod = m.Periods.ToList().FindIndex(p => p.Label == firstLabel);
            double spend = 0;
            for (int p = 0; p < m.Periods.Count; p++)
            {
                var status = m.StatusOf(c, p);
                var expected = p < firstPeriod ? CustomerStatus.NotYet : p == firstPeriod ? CustomerStatus.New : status;
                if (status != expected || (p > firstPeriod && status is CustomerStatus.New or CustomerStatus.NotYet))
                {
                    return false;
                }

                spend += m.SpendIn(c, p);
            }

            if (Math.Abs(spend - rows.Sum(r => r.Amount)) > 1e-6)
            {
                return false;
            }
        }

        return true;
    }

    private static List<Transaction> SampleLog()
    {
        var random = new Random(15);
        var log = new List<Transaction>();
        for (int c = 0; c < 80; c++)
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
