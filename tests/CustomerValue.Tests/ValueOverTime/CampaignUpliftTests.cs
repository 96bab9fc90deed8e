using CustomerValue.Lifetime;
using CustomerValue.Samples;
using CustomerValue.Transactions;
using CustomerValue.ValueOverTime;
using FsCheck.Xunit;

namespace CustomerValue.Tests.ValueOverTime;

/// <summary>
/// Campaign uplift (issue 15.4): the intervals against published and SciPy values, the retention formula against
/// domain.md, an A/A split of CDNOW that covers zero at the nominal rate, and an injected effect recovered.
/// </summary>
public sealed class CampaignUpliftTests
{
    private static readonly DateOnly From = new(2020, 1, 1), To = new(2020, 12, 30);

    private static Transaction T(string id, DateOnly day, double amount) => new(id, day.ToDateTime(TimeOnly.MinValue), amount);

    /// <summary>Members c0..c(n-1) of a group, the first <paramref name="retained"/> of whom buy once in the window.</summary>
    private static void Group(string name, int n, int retained, Dictionary<string, string> groups, List<Transaction> log, double amount = 10)
    {
        for (int k = 0; k < n; k++)
        {
            groups[name + k] = name;
            if (k < retained)
            {
                log.Add(T(name + k, From.AddDays(k % 300), amount));
            }
        }
    }

    /// <summary>Newcombe (1998, Statistics in Medicine 17, p. 873), example (a): 56/70 − 48/80 = 0.2000, method 10 gives 0.0524 to 0.3339.</summary>
    [Fact]
    public void Retention_interval_is_newcombes_published_hybrid_score_interval()
    {
        var groups = new Dictionary<string, string>();
        var log = new List<Transaction>();
        Group("treated", 70, 56, groups, log);
        Group("control", 80, 48, groups, log);
        var uplift = CampaignUplift.Analyze(log, groups, new CampaignUpliftOptions(From, To));
        var r = Assert.Single(uplift.Comparisons).Retention;
        Assert.Equal(0.2, r.Estimate, 12);
        Assert.Equal(0.0524, r.Low, 4);
        Assert.Equal(0.3339, r.High, 4);
        Assert.Equal(["control", "treated"], uplift.Groups.Select(g => g.Group));
        Assert.Equal((80, 48, 0.6), (uplift.Groups[0].Customers, uplift.Groups[0].Retained, uplift.Groups[0].Retention));
    }

    /// <summary>
    /// Welch's interval for spend per customer against SciPy 1.10: a = [12.5, 0, 0, 30.25, 7, 0, 18, 44.1, 0, 9.9, 0, 21],
    /// b = [0, 5, 0, 0, 11.2, 0, 3.3, 0, 0, 8, 0, 0, 15.5, 0]; mean difference 8.824404761904763, Welch-Satterthwaite df
    /// 13.3825, t.ppf(0.975, df) → 95 % interval (−0.4972920498755151, 18.14610157368504).
    /// </summary>
    [Fact]
    public void Spend_interval_is_welchs_as_scipy_computes_it()
    {
        double[] a = [12.5, 0, 0, 30.25, 7, 0, 18, 44.1, 0, 9.9, 0, 21], b = [0, 5, 0, 0, 11.2, 0, 3.3, 0, 0, 8, 0, 0, 15.5, 0];
        var groups = new Dictionary<string, string>();
        var log = new List<Transaction>();
        for (int k = 0; k < a.Length; k++)
        {
            groups["a" + k] = "mail";
            log.Add(T("a" + k, From.AddDays(3), a[k]));
        }

        for (int k = 0; k < b.Length; k++)
        {
            groups["b" + k] = "control";
            log.Add(T("b" + k, From.AddDays(5), b[k]));
        }

        var s = CampaignUplift.Analyze(log, groups, new CampaignUpliftOptions(From, To)).Comparisons[0].SpendPerCustomer;
        Assert.Equal(8.824404761904763, s.Estimate, 10);
        Assert.Equal(-0.4972920498755151, s.Low, 8);
        Assert.Equal(18.14610157368504, s.High, 8);
        Assert.True(s.CoversZero);
    }

    /// <summary>domain.md: r = 0.9 and i = 0.12 give a margin multiple of 4.0909; with m = 10 per retained customer, a CLV of 40.909.</summary>
    [Fact]
    public void Lifetime_value_of_retention_is_gupta_lehmanns_formula()
    {
        var groups = new Dictionary<string, string>();
        var log = new List<Transaction>();
        Group("control", 100, 90, groups, log);
        Group("treated", 100, 100, groups, log);

        // A 365-day window at 12 % per 365 days: i = 0.12 exactly over the window.
        var options = new CampaignUpliftOptions(From, From.AddDays(364)) { DiscountRate = DiscountRate.Create(Math.Pow(1.12, 1 / 365.0) - 1, TimeUnit.Day) };
        var uplift = CampaignUplift.Analyze(log, groups, options);
        Assert.Equal(0.12, uplift.WindowDiscountRate, 12);
        Assert.Equal(10, uplift.MarginPerRetained, 12);
        Assert.Equal(40.909, uplift.LifetimeValueAt(0.9), 3);
        Assert.Equal(10 / 0.12, uplift.LifetimeValueAt(1), 9);
        var c = uplift.Comparisons[0];
        Assert.Equal((10 / 0.12) - (10 * 0.9 / 0.22), c.LifetimeValuePerCustomer.Estimate, 9);
        Assert.Equal(c.LifetimeValuePerCustomer.Estimate * 100, c.LifetimeValueTotal.Estimate, 9);

        // Which actions pay: at 2 per treated customer, net = value − 200; in the window both groups spent 10 per buyer,
        // so the incremental revenue is 10 × (100 − 90) = 100 and the net margin 100 − 200 = −100.
        var paid = CampaignUplift.Analyze(log, groups, options with { CostPerTreatedCustomer = 2 }).Comparisons[0];
        Assert.Equal(c.LifetimeValueTotal.Estimate - 200, paid.NetLifetimeValue.Estimate, 9);
        Assert.Equal(c.LifetimeValueTotal.Low - 200, paid.NetLifetimeValue.Low, 9);
        Assert.Equal(-100, paid.NetMargin.Estimate, 9);
    }

    /// <summary>
    /// An A/A test: CDNOW's customers split at random into two halves 300 times (seeds 1..300); no treatment, so each
    /// 95 % interval should hold zero about 95 % of the time. With 300 splits the binomial standard error is 1.3 points,
    /// so the rates are asserted within 0.91..0.99 (3 standard errors).
    /// </summary>
    [Fact]
    public void An_aa_split_of_cdnow_covers_zero_at_the_nominal_rate()
    {
        var log = SampleData.CdnowTransactions();
        var ids = log.Select(t => t.CustomerId).Distinct().Order(StringComparer.Ordinal).ToArray();
        var options = new CampaignUpliftOptions(new DateOnly(1998, 1, 1), new DateOnly(1998, 6, 30));
        int splits = 300, retention = 0, rate = 0, spend = 0, value = 0;
        for (int seed = 1; seed <= splits; seed++)
        {
            var random = new Random(seed);
            var groups = ids.ToDictionary(id => id, _ => random.Next(2) == 0 ? "control" : "a2", StringComparer.Ordinal);
            var c = CampaignUplift.Analyze(log, groups, options).Comparisons[0];
            retention += c.Retention.CoversZero ? 1 : 0;
            rate += c.PurchaseRate.CoversZero ? 1 : 0;
            spend += c.SpendPerCustomer.CoversZero ? 1 : 0;
            value += c.LifetimeValuePerCustomer.CoversZero ? 1 : 0;
        }

        Assert.InRange(retention / (double)splits, 0.91, 0.99);
        Assert.InRange(rate / (double)splits, 0.91, 0.99);
        Assert.InRange(spend / (double)splits, 0.91, 0.99);
        Assert.InRange(value / (double)splits, 0.91, 0.99);
    }

    /// <summary>
    /// An injected effect: 3,000 customers per group, each retained with probability 0.30 (control) or 0.40 (treated),
    /// a retained customer spending an exponential amount with mean 50; so the true retention difference is 0.10 and the
    /// true spend difference per customer 0.10 × 50 = 5. Over 60 seeded simulations the 95 % intervals hold the truth
    /// about 95 % of the time (asserted ≥ 0.85) and exclude zero every time (the effect is 8 standard errors).
    /// </summary>
    [Fact]
    public void An_effect_injected_into_a_synthetic_treated_group_is_recovered()
    {
        int runs = 60, retentionHolds = 0, spendHolds = 0, revenueHolds = 0;
        double meanEstimate = 0;
        for (int seed = 1; seed <= runs; seed++)
        {
            var random = new Random(1000 + seed);
            var groups = new Dictionary<string, string>();
            var log = new List<Transaction>();
            foreach (var (name, p) in new[] { ("control", 0.30), ("treated", 0.40) })
            {
                for (int k = 0; k < 3000; k++)
                {
                    string id = name + k;
                    groups[id] = name;
                    log.Add(T(id, From.AddDays(-random.Next(1, 300)), 20));
                    if (random.NextDouble() < p)
                    {
                        log.Add(T(id, From.AddDays(random.Next(0, 300)), -50 * Math.Log(1 - random.NextDouble())));
                    }
                }
            }

            var c = CampaignUplift.Analyze(log, groups, new CampaignUpliftOptions(From, To)).Comparisons[0];
            Assert.False(c.Retention.CoversZero);
            Assert.False(c.SpendPerCustomer.CoversZero);
            retentionHolds += c.Retention.Low <= 0.10 && c.Retention.High >= 0.10 ? 1 : 0;
            spendHolds += c.SpendPerCustomer.Low <= 5 && c.SpendPerCustomer.High >= 5 ? 1 : 0;
            revenueHolds += c.IncrementalRevenue.Low <= 15000 && c.IncrementalRevenue.High >= 15000 ? 1 : 0;
            meanEstimate += c.Retention.Estimate / runs;
        }

        Assert.InRange(retentionHolds / (double)runs, 0.85, 1);
        Assert.InRange(spendHolds / (double)runs, 0.85, 1);
        Assert.InRange(revenueHolds / (double)runs, 0.85, 1);
        Assert.Equal(0.10, meanEstimate, 2);
    }

    /// <summary>
    /// On random logs and random two-group splits: every member counted once, rates in [0, 1], each interval around its
    /// estimate, and swapping the groups' roles negates every difference and mirrors its interval (both methods are
    /// symmetric in the two groups).
    /// </summary>
    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = 80)]
    public bool Intervals_hold_their_estimates_and_swapping_the_groups_mirrors_them(TransactionLog log, int seed)
    {
        var ids = log.Rows.Select(r => r.CustomerId).Distinct().Order(StringComparer.Ordinal).ToList();
        ids.AddRange(["never1", "never2", "never3", "never4"]);
        var random = new Random(seed);
        var groups = ids.Select((id, k) => (id, g: k < 2 ? "control" : k < 4 ? "mail" : random.Next(2) == 0 ? "control" : "mail"))
            .ToDictionary(p => p.id, p => p.g, StringComparer.Ordinal);
        var swapped = groups.ToDictionary(p => p.Key, p => p.Value == "control" ? "mail" : "control", StringComparer.Ordinal);
        var options = new CampaignUpliftOptions(new DateOnly(2020, 4, 1), new DateOnly(2020, 9, 30));
        var a = CampaignUplift.Analyze(log.Rows, groups, options);
        var b = CampaignUplift.Analyze(log.Rows, swapped, options);
        if (a.Groups.Sum(g => g.Customers) != ids.Count || a.Groups.Any(g => g.Retention is < 0 or > 1 || g.Retained > g.Customers))
        {
            return false;
        }

        static bool Around(IntervalEstimate e) => e.Low <= e.Estimate + 1e-12 && e.Estimate <= e.High + 1e-12 && double.IsFinite(e.Low) && double.IsFinite(e.High);
        static bool Mirror(IntervalEstimate e, IntervalEstimate f) => Math.Abs(e.Estimate + f.Estimate) <= 1e-9 * (1 + Math.Abs(e.Estimate)) && Math.Abs(e.Low + f.High) <= 1e-9 * (1 + Math.Abs(e.Low)) && Math.Abs(e.High + f.Low) <= 1e-9 * (1 + Math.Abs(e.High));
        var c = a.Comparisons[0];
        var d = b.Comparisons[0];
        return new[] { c.Retention, c.PurchaseRate, c.SpendPerCustomer, c.LifetimeValuePerCustomer }.All(Around)
            && Mirror(c.Retention, d.Retention) && Mirror(c.PurchaseRate, d.PurchaseRate) && Mirror(c.SpendPerCustomer, d.SpendPerCustomer);
    }

    [Fact]
    public void Groups_without_a_control_or_with_one_member_are_refused()
    {
        var groups = new Dictionary<string, string>();
        var log = new List<Transaction>();
        Group("x", 5, 3, groups, log);
        Group("y", 5, 3, groups, log);
        var e = Assert.Throws<ArgumentException>(() => CampaignUplift.Analyze(log, groups, new CampaignUpliftOptions(From, To)));
        Assert.Contains("No customer is in the control group 'control' (groups: x, y)", e.Message, StringComparison.Ordinal);
        groups["z0"] = "control";
        e = Assert.Throws<ArgumentException>(() => CampaignUplift.Analyze(log, groups, new CampaignUpliftOptions(From, To)));
        Assert.Contains("Group 'control' has 1 customer: at least 2 are needed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_group_file_names_the_line_of_a_customer_listed_twice_also_through_an_alias()
    {
        var e = Assert.Throws<FormatException>(() => CampaignGroups.Read(new StringReader("customer_id,group\na,control\nb,mail\na,mail\n"), "g.csv"));
        Assert.Contains("'g.csv' line 4, field customer_id: customer 'a' is listed twice, on lines 2 and 4", e.Message, StringComparison.Ordinal);
        var aliases = CustomerValue.Identity.AliasMap.Create([("old", "a")]);
        e = Assert.Throws<FormatException>(() => CampaignGroups.Read(new StringReader("group,customer_id\ncontrol,a\nmail,old\n"), "g.csv", aliases));
        Assert.Contains("as 'a' and 'old', one customer by the alias map", e.Message, StringComparison.Ordinal);
        var ok = CampaignGroups.Read(new StringReader("group,customer_id,extra\ncontrol,old,1\n\nmail,b,2\n"), "g.csv", aliases);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "control", ["b"] = "mail" }, ok);
        e = Assert.Throws<FormatException>(() => CampaignGroups.Read(new StringReader("id,group\n"), "g.csv"));
        Assert.Contains("no 'customer_id' column", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Groups_that_differ_before_the_window_are_reported_as_unbalanced()
    {
        // The treated group bought twice as often in the window before (the same length, 2019): not equivalent groups.
        var groups = new Dictionary<string, string>();
        var log = new List<Transaction>();
        Group("control", 200, 100, groups, log);
        Group("treated", 200, 100, groups, log);
        for (int k = 0; k < 200; k++)
        {
            log.Add(T("treated" + k, From.AddDays(-10), 30));
            if (k % 4 == 0)
            {
                log.Add(T("control" + k, From.AddDays(-20), 30));
            }
        }

        var uplift = CampaignUplift.Analyze(log, groups, new CampaignUpliftOptions(From, To));
        Assert.False(uplift.Balanced);
        Assert.False(uplift.PreWindowComparisons[0].Retention.CoversZero);
        Assert.True(uplift.Comparisons[0].Retention.CoversZero);
        Assert.Equal((new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31)), uplift.Options.PreWindow);
    }
}
