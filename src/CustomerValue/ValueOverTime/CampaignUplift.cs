using System.Globalization;
using CustomerValue.Lifetime;
using CustomerValue.Transactions;

namespace CustomerValue.ValueOverTime;

/// <summary>The settings of a <see cref="CampaignUplift"/>: the measurement window, the control group, the confidence level and the economics of the retention difference.</summary>
/// <remarks>Immutable; change with <c>with</c>.</remarks>
public sealed record CampaignUpliftOptions
{
    private readonly double _confidence = 0.95;
    private readonly double _margin = 1;
    private readonly string _control = "control";
    private readonly double _cost;

    /// <summary>Options for the window <paramref name="from"/>..<paramref name="to"/> (both days included).</summary>
    /// <param name="from">The window's first day (typically the campaign's start).</param>
    /// <param name="to">The window's last day.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public CampaignUpliftOptions(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, string.Create(CultureInfo.InvariantCulture, $"CampaignUpliftOptions: the window ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})."));
        }

        From = from;
        To = to;
    }

    /// <summary>The window's first day.</summary>
    public DateOnly From { get; }

    /// <summary>The window's last day.</summary>
    public DateOnly To { get; }

    /// <summary>The window's length in days.</summary>
    public int WindowDays => To.DayNumber - From.DayNumber + 1;

    /// <summary>The balance check's window: the same number of days just before <see cref="From"/>.</summary>
    public (DateOnly From, DateOnly To) PreWindow => (From.AddDays(-WindowDays), From.AddDays(-1));

    /// <summary>The name of the control group in the group file. Default <c>control</c>.</summary>
    public string ControlGroup
    {
        get => _control;
        init => _control = string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException("CampaignUpliftOptions.ControlGroup must be a group name.", nameof(ControlGroup))
            : value;
    }

    /// <summary>The confidence level of the intervals, in (0, 1). Default 0.95.</summary>
    public double Confidence
    {
        get => _confidence;
        init => _confidence = value is > 0 and < 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Confidence), value, "CampaignUpliftOptions.Confidence must be in (0, 1).");
    }

    /// <summary>The discount rate of the lifetime value of the retention difference (converted to the window's length). Default 10 % a year.</summary>
    public DiscountRate DiscountRate { get; init; } = DiscountRate.PerYear(0.10);

    /// <summary>What treating one customer cost (the campaign's cost per member of a treated group), for the net values. Default 0.</summary>
    public double CostPerTreatedCustomer
    {
        get => _cost;
        init => _cost = double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(CostPerTreatedCustomer), value, "CampaignUpliftOptions.CostPerTreatedCustomer must be finite and >= 0.");
    }

    /// <summary>Margin as a fraction of spend, applied to the lifetime value of the retention difference and the net margin. Default 1 (revenue).</summary>
    public double MarginRate
    {
        get => _margin;
        init => _margin = double.IsFinite(value) && value <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MarginRate), value, "CampaignUpliftOptions.MarginRate must be a finite fraction <= 1.");
    }
}

/// <summary>What one group did in a window.</summary>
/// <param name="Group">The group's name.</param>
/// <param name="Customers">Members (from the group file, whether or not they bought).</param>
/// <param name="Retained">Members with a purchase in the window.</param>
/// <param name="PurchaseDays">Distinct customer purchase days in the window.</param>
/// <param name="Spend">Spend in the window.</param>
/// <param name="SpendVariance">The sample variance of spend per member (n − 1 in the denominator).</param>
/// <param name="PurchaseDaysVariance">The sample variance of purchase days per member.</param>
public sealed record GroupOutcome(string Group, int Customers, int Retained, long PurchaseDays, double Spend, double SpendVariance, double PurchaseDaysVariance)
{
    /// <summary>Retention: the share of members who bought in the window.</summary>
    public double Retention => (double)Retained / Customers;

    /// <summary>Purchase days per member.</summary>
    public double PurchaseRate => (double)PurchaseDays / Customers;

    /// <summary>Spend per member.</summary>
    public double SpendPerCustomer => Spend / Customers;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Group}: {Customers} customers, retention {Retention:P1}, {PurchaseRate:0.###} purchase days and {SpendPerCustomer:0.##} spend per customer");
}

/// <summary>An estimated difference with its confidence interval.</summary>
/// <param name="Estimate">The point estimate.</param>
/// <param name="Low">The interval's lower end.</param>
/// <param name="High">The interval's upper end.</param>
public readonly record struct IntervalEstimate(double Estimate, double Low, double High)
{
    /// <summary>Whether the interval holds zero (no difference shown at this confidence).</summary>
    public bool CoversZero => Low <= 0 && High >= 0;

    /// <summary>The interval times a constant (a positive one keeps the order).</summary>
    internal IntervalEstimate Times(double factor) => factor >= 0 ? new(Estimate * factor, Low * factor, High * factor) : new(Estimate * factor, High * factor, Low * factor);

    /// <summary>The interval shifted by a constant.</summary>
    internal IntervalEstimate Minus(double amount) => new(Estimate - amount, Low - amount, High - amount);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Estimate:0.####} [{Low:0.####}, {High:0.####}]");
}

/// <summary>One treated group against the control.</summary>
/// <param name="Group">The treated group.</param>
/// <param name="Retention">Retention difference (treated − control), Newcombe's hybrid score interval.</param>
/// <param name="PurchaseRate">Purchase days per customer, difference, Welch's t interval.</param>
/// <param name="SpendPerCustomer">Spend per customer, difference, Welch's t interval.</param>
/// <param name="IncrementalRevenue">The spend difference times the treated group's customers.</param>
/// <param name="LifetimeValuePerCustomer">The lifetime value of the retention difference per customer, Gupta &amp; Lehmann's m · r / (1 + i − r) treated minus control, delta-method interval.</param>
/// <param name="LifetimeValueTotal">The same times the treated group's customers.</param>
/// <param name="NetMargin">Whether the campaign paid within the window: incremental revenue × margin rate − cost per treated customer × the group's customers.</param>
/// <param name="NetLifetimeValue">Whether it pays over the customers' lifetimes: the lifetime value of the retention difference (total) − the same cost.</param>
public sealed record GroupComparison(string Group, IntervalEstimate Retention, IntervalEstimate PurchaseRate, IntervalEstimate SpendPerCustomer, IntervalEstimate IncrementalRevenue, IntervalEstimate LifetimeValuePerCustomer, IntervalEstimate LifetimeValueTotal, IntervalEstimate NetMargin, IntervalEstimate NetLifetimeValue)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Group} vs control: retention {Retention}, spend per customer {SpendPerCustomer}, incremental revenue {IncrementalRevenue}");
}

/// <summary>
/// A campaign measured against a control group: per group purchase rate, retention and spend per customer in a window;
/// each treated group's differences from the control with confidence intervals; the incremental revenue; and the
/// lifetime value of the retention difference (Gupta &amp; Lehmann 2003).
/// </summary>
/// <remarks>
/// <para><b>Groups.</b> A group file assigns customers to groups (one group per customer); members who never bought
/// count, with zero purchases. Rows of customers in no group are counted and not used. Each group needs two members.</para>
/// <para><b>Methods.</b> Retention (the share of members with a purchase in the window): difference of two independent
/// proportions, Newcombe's (1998) hybrid score interval from the two Wilson intervals (method 10), which keeps its
/// coverage near 0 % and 100 %. Purchase days and spend per customer: difference of two means, Welch's t interval with
/// Welch-Satterthwaite degrees of freedom (no equal-variance assumption; by the central limit theorem for skewed spend,
/// so trust it with dozens of buyers per group, not a handful). Incremental revenue: the spend difference × the
/// treated group's members. Lifetime value of the retention difference: m · r / (1 + i − r) for each group's retention r,
/// with the window as the period, i the discount rate over the window's length, and m the margin per retained customer
/// per window (pooled spend of the buyers of all groups ÷ their number × the margin rate); its interval by the delta
/// method on the two retentions (m taken as known).</para>
/// <para><b>Balance.</b> The same measures in the window of equal length just before (<see cref="CampaignUpliftOptions.PreWindow"/>):
/// statistically equivalent groups differ there only by chance; an interval that excludes zero there is reported, as
/// a reason to doubt the comparison.</para>
/// <para>Immutable once built.</para>
/// </remarks>
public sealed class CampaignUplift
{
    /// <summary>The methods, in words, as the outputs cite them.</summary>
    public const string RetentionMethod = "Newcombe hybrid score interval (method 10, from two Wilson intervals)";

    /// <summary>The method of the mean differences.</summary>
    public const string MeanMethod = "Welch t interval (Welch-Satterthwaite degrees of freedom)";

    /// <summary>The method of the lifetime value of the retention difference.</summary>
    public const string LifetimeValueMethod = "Gupta-Lehmann m*r/(1+i-r), window as the period; delta-method interval on the two retentions";

    private CampaignUplift(CampaignUpliftOptions options, IReadOnlyList<GroupOutcome> groups, IReadOnlyList<GroupComparison> comparisons, IReadOnlyList<GroupOutcome> preGroups, IReadOnlyList<GroupComparison> preComparisons, double margin, double windowRate, long read, long outside, long ungrouped, int ungroupedCustomers)
    {
        Options = options;
        Groups = groups;
        Comparisons = comparisons;
        PreWindowGroups = preGroups;
        PreWindowComparisons = preComparisons;
        MarginPerRetained = margin;
        WindowDiscountRate = windowRate;
        RowsRead = read;
        RowsOutsideWindows = outside;
        RowsOfUngroupedCustomers = ungrouped;
        UngroupedCustomers = ungroupedCustomers;
    }

    /// <summary>The settings.</summary>
    public CampaignUpliftOptions Options { get; }

    /// <summary>Every group in the window: the control first, then the others by name (ordinal).</summary>
    public IReadOnlyList<GroupOutcome> Groups { get; }

    /// <summary>Each treated group against the control, in the order of <see cref="Groups"/>.</summary>
    public IReadOnlyList<GroupComparison> Comparisons { get; }

    /// <summary>The groups in the balance window before.</summary>
    public IReadOnlyList<GroupOutcome> PreWindowGroups { get; }

    /// <summary>The comparisons in the balance window before.</summary>
    public IReadOnlyList<GroupComparison> PreWindowComparisons { get; }

    /// <summary>Whether every balance-window interval (retention, purchase rate, spend) holds zero.</summary>
    public bool Balanced => PreWindowComparisons.All(c => c.Retention.CoversZero && c.PurchaseRate.CoversZero && c.SpendPerCustomer.CoversZero);

    /// <summary>m of the retention formula: margin per retained customer per window.</summary>
    public double MarginPerRetained { get; }

    /// <summary>i of the retention formula: the discount rate over the window's length.</summary>
    public double WindowDiscountRate { get; }

    /// <summary>Rows read.</summary>
    public long RowsRead { get; }

    /// <summary>Rows of grouped customers outside both windows.</summary>
    public long RowsOutsideWindows { get; }

    /// <summary>Rows of customers in no group (not used).</summary>
    public long RowsOfUngroupedCustomers { get; }

    /// <summary>Customers of the log in no group.</summary>
    public int UngroupedCustomers { get; }

    /// <summary>The lifetime value of a group's retention: m · r / (1 + i − r) with this run's m and i.</summary>
    /// <param name="retention">r, in [0, 1].</param>
    public double LifetimeValueAt(double retention) => RetentionLifetimeValue.LifetimeValue(MarginPerRetained, retention, WindowDiscountRate);

    /// <inheritdoc/>
    public override string ToString() => string.Join("; ", Comparisons.Select(c => c.ToString()));

    /// <summary>Measures a campaign.</summary>
    /// <param name="transactions">The log (every row is read; rows outside the window and the balance window are counted).</param>
    /// <param name="groups">Each customer's group (ids as in the log after any alias map).</param>
    /// <param name="options">The window and settings.</param>
    /// <returns>The groups, the comparisons and the balance check.</returns>
    /// <exception cref="ArgumentException">No control group, no treated group, a group with fewer than two members, or full retention with no discounting.</exception>
    /// <example>
    /// <code>
    /// var groups = new Dictionary&lt;string, string&gt; { ["1"] = "control", ["2"] = "mailing", /* … */ };
    /// var uplift = CampaignUplift.Analyze(log, groups, new CampaignUpliftOptions(new DateOnly(1998, 1, 1), new DateOnly(1998, 6, 30)));
    /// IntervalEstimate retention = uplift.Comparisons[0].Retention;   // treated − control, with its 95 % interval
    /// </code>
    /// </example>
    public static CampaignUplift Analyze(IEnumerable<Transaction> transactions, IReadOnlyDictionary<string, string> groups, CampaignUpliftOptions options)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(options);
        var names = groups.Values.Distinct(StringComparer.Ordinal).Where(g => g != options.ControlGroup).Order(StringComparer.Ordinal).Prepend(options.ControlGroup).ToArray();
        if (!groups.Values.Contains(options.ControlGroup, StringComparer.Ordinal))
        {
            throw new ArgumentException($"No customer is in the control group '{options.ControlGroup}' (groups: {string.Join(", ", names.Skip(1))}): name the control group.", nameof(groups));
        }

        if (names.Length < 2)
        {
            throw new ArgumentException($"Every customer is in the control group '{options.ControlGroup}': there is no treated group to measure.", nameof(groups));
        }

        var groupIndex = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var members = new int[names.Length];
        var ids = groups.Keys.Order(StringComparer.Ordinal).ToArray();
        var customerIndex = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        var customerGroup = new int[ids.Length];
        for (int c = 0; c < ids.Length; c++)
        {
            customerIndex.Add(ids[c], c);
            customerGroup[c] = groupIndex[groups[ids[c]]];
            members[customerGroup[c]]++;
        }

        for (int g = 0; g < names.Length; g++)
        {
            if (members[g] < 2)
            {
                throw new ArgumentException($"Group '{names[g]}' has {members[g]} customer{(members[g] == 1 ? string.Empty : "s")}: at least 2 are needed to measure a difference.", nameof(groups));
            }
        }

        // Each grouped customer's purchases in the two windows: day → spend (amounts summed in sorted order, the same for any row order).
        int from = options.From.DayNumber, to = options.To.DayNumber;
        int preFrom = options.PreWindow.From.DayNumber, preTo = options.PreWindow.To.DayNumber;
        var inWindow = new List<(int Customer, int Day, double Amount)>();
        var inPre = new List<(int Customer, int Day, double Amount)>();
        long read = 0, outside = 0, ungrouped = 0;
        var ungroupedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in transactions)
        {
            read++;
            if (!customerIndex.TryGetValue(t.CustomerId, out int c))
            {
                ungrouped++;
                ungroupedIds.Add(t.CustomerId);
                continue;
            }

            int day = t.Date.DayNumber;
            if (day >= from && day <= to)
            {
                inWindow.Add((c, day, t.Amount));
            }
            else if (day >= preFrom && day <= preTo)
            {
                inPre.Add((c, day, t.Amount));
            }
            else
            {
                outside++;
            }
        }

        var window = Outcomes(inWindow, names, customerGroup, members);
        var pre = Outcomes(inPre, names, customerGroup, members);

        // m: margin per retained customer per window, pooled over every group; i over the window's length.
        int retained = window.Sum(g => g.Retained);
        double margin = retained > 0 ? window.Sum(g => g.Spend) / retained * options.MarginRate : 0;
        double rate = double.ExpM1(options.DiscountRate.ContinuousRatePer(TimeUnit.Day) * options.WindowDays);
        if (rate <= 0 && window.Any(g => g.Retained == g.Customers))
        {
            throw new ArgumentException("The lifetime value of retention is infinite with full retention and no discounting: give a discount rate above 0.", nameof(options));
        }

        return new CampaignUplift(options, window, Compare(window, options, margin, rate), pre, Compare(pre, options, margin, rate), margin, rate, read, outside, ungrouped, ungroupedIds.Count);
    }

    private static GroupOutcome[] Outcomes(List<(int Customer, int Day, double Amount)> rows, string[] names, int[] customerGroup, int[] members)
    {
        // Per customer: purchase days and spend (sorted by customer, day, amount, so sums are order-free).
        rows.Sort();
        int n = customerGroup.Length;
        var days = new int[n];
        var spend = new double[n];
        for (int k = 0; k < rows.Count; k++)
        {
            var (c, day, amount) = rows[k];
            spend[c] += amount;
            if (k == 0 || rows[k - 1].Customer != c || rows[k - 1].Day != day)
            {
                days[c]++;
            }
        }

        // Per group in two passes over the customers: counts and sums, then squared deviations from the group's means.
        int groupCount = names.Length;
        var retained = new int[groupCount];
        var purchaseDays = new long[groupCount];
        var total = new double[groupCount];
        for (int c = 0; c < n; c++)
        {
            int g = customerGroup[c];
            retained[g] += days[c] > 0 ? 1 : 0;
            purchaseDays[g] += days[c];
            total[g] += spend[c];
        }

        var spendSquares = new double[groupCount];
        var daySquares = new double[groupCount];
        for (int c = 0; c < n; c++)
        {
            int g = customerGroup[c];
            double ds = spend[c] - (total[g] / members[g]), dd = days[c] - ((double)purchaseDays[g] / members[g]);
            spendSquares[g] += ds * ds;
            daySquares[g] += dd * dd;
        }

        var outcomes = new GroupOutcome[groupCount];
        for (int g = 0; g < groupCount; g++)
        {
            outcomes[g] = new GroupOutcome(names[g], members[g], retained[g], purchaseDays[g], total[g], spendSquares[g] / (members[g] - 1), daySquares[g] / (members[g] - 1));
        }

        return outcomes;
    }

    private static GroupComparison[] Compare(GroupOutcome[] outcomes, CampaignUpliftOptions options, double margin, double windowRate)
    {
        var control = outcomes[0];
        double z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.5 + (options.Confidence / 2));
        var comparisons = new GroupComparison[outcomes.Length - 1];
        for (int g = 1; g < outcomes.Length; g++)
        {
            var treated = outcomes[g];
            var spend = Welch(treated.SpendPerCustomer, treated.SpendVariance, treated.Customers, control.SpendPerCustomer, control.SpendVariance, control.Customers, options.Confidence);
            var rate = Welch(treated.PurchaseRate, treated.PurchaseDaysVariance, treated.Customers, control.PurchaseRate, control.PurchaseDaysVariance, control.Customers, options.Confidence);
            var retention = Newcombe(treated.Retained, treated.Customers, control.Retained, control.Customers, z);
            var value = RetentionValue(margin, windowRate, treated, control, z);
            double cost = options.CostPerTreatedCustomer * treated.Customers;
            var revenue = spend.Times(treated.Customers);
            var total = value.Times(treated.Customers);
            comparisons[g - 1] = new GroupComparison(treated.Group, retention, rate, spend, revenue, value, total, revenue.Times(options.MarginRate).Minus(cost), total.Minus(cost));
        }

        return comparisons;
    }

    /// <summary>Welch's t interval for the difference of two means.</summary>
    internal static IntervalEstimate Welch(double mean1, double variance1, int n1, double mean2, double variance2, int n2, double confidence)
    {
        double d = mean1 - mean2;
        double a = variance1 / n1, b = variance2 / n2;
        double se = Math.Sqrt(a + b);
        if (!(se > 0))
        {
            return new IntervalEstimate(d, d, d);
        }

        double df = (a + b) * (a + b) / ((a * a / (n1 - 1)) + (b * b / (n2 - 1)));
        double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, df, 0.5 + (confidence / 2));
        return new IntervalEstimate(d, d - (t * se), d + (t * se));
    }

    /// <summary>Newcombe's hybrid score interval for p1 − p2 (method 10 of Newcombe 1998).</summary>
    internal static IntervalEstimate Newcombe(int x1, int n1, int x2, int n2, double z)
    {
        var (l1, u1) = Wilson(x1, n1, z);
        var (l2, u2) = Wilson(x2, n2, z);
        double p1 = (double)x1 / n1, p2 = (double)x2 / n2, d = p1 - p2;
        double low = d - Math.Sqrt(((p1 - l1) * (p1 - l1)) + ((u2 - p2) * (u2 - p2)));
        double high = d + Math.Sqrt(((u1 - p1) * (u1 - p1)) + ((p2 - l2) * (p2 - l2)));
        return new IntervalEstimate(d, Math.Max(-1, low), Math.Min(1, high));
    }

    /// <summary>The Wilson score interval of a proportion.</summary>
    internal static (double Low, double High) Wilson(int x, int n, double z)
    {
        double p = (double)x / n, z2 = z * z;
        double centre = p + (z2 / (2 * n));
        double half = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n)));
        double denominator = 1 + (z2 / n);
        return (Math.Max(0, (centre - half) / denominator), Math.Min(1, (centre + half) / denominator));
    }

    private static IntervalEstimate RetentionValue(double m, double i, GroupOutcome treated, GroupOutcome control, double z)
    {
        double rt = treated.Retention, rc = control.Retention;
        double d = RetentionLifetimeValue.LifetimeValue(m, rt, i) - RetentionLifetimeValue.LifetimeValue(m, rc, i);

        // d/dr of m r / (1 + i − r) = m (1 + i) / (1 + i − r)²; Var(r̂) = r (1 − r) / n.
        double gt = m * (1 + i) / ((1 + i - rt) * (1 + i - rt)), gc = m * (1 + i) / ((1 + i - rc) * (1 + i - rc));
        double se = Math.Sqrt((gt * gt * rt * (1 - rt) / treated.Customers) + (gc * gc * rc * (1 - rc) / control.Customers));
        return double.IsFinite(se) ? new IntervalEstimate(d, d - (z * se), d + (z * se)) : new IntervalEstimate(d, d, d);
    }
}

/// <summary>Reads the group file of a campaign: <c>customer_id,group</c>.</summary>
public static class CampaignGroups
{
    /// <summary>Reads a CSV file (<c>.csv</c> or <c>.csv.gz</c>) with a header naming the columns <c>customer_id</c> and <c>group</c> (any order, extra columns ignored).</summary>
    /// <param name="path">The file.</param>
    /// <param name="aliases">An alias map applied to the ids (as the log's readers apply it); null for none.</param>
    /// <returns>Each customer's group, by the customer's canonical id.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A missing column, an empty field, or a customer listed twice (also through an alias); the message names the file, line and id.</exception>
    public static IReadOnlyDictionary<string, string> ReadFile(string path, Identity.AliasMap? aliases = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Group file '{path}' was not found.", path);
        }

        using var reader = TransactionCsvReader.OpenText(path);
        return Read(reader, Path.GetFileName(path), aliases);
    }

    /// <summary>Reads groups from CSV text (see <see cref="ReadFile"/>).</summary>
    /// <param name="reader">The text; its first line is the header.</param>
    /// <param name="sourceName">A name for error messages.</param>
    /// <param name="aliases">An alias map applied to the ids; null for none.</param>
    /// <returns>Each customer's group.</returns>
    /// <exception cref="FormatException">A missing column, an empty field, or a customer listed twice.</exception>
    public static IReadOnlyDictionary<string, string> Read(TextReader reader, string? sourceName = null, Identity.AliasMap? aliases = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string where = sourceName is null ? "the group file" : $"'{sourceName}'";
        var header = reader.ReadLine() ?? throw new FormatException($"{where} is empty: expected a header row with the columns customer_id,group.");
        var names = CsvLine.Split(header.AsSpan(), ',').ConvertAll(n => n.Trim());
        int idColumn = names.IndexOf("customer_id"), groupColumn = names.IndexOf("group");
        if (idColumn < 0 || groupColumn < 0)
        {
            throw new FormatException($"{where}: the header has no '{(idColumn < 0 ? "customer_id" : "group")}' column (columns: {string.Join(",", names)}).");
        }

        var groups = new Dictionary<string, (string Group, long Line, string Id)>(StringComparer.Ordinal);
        long line = 1;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var fields = CsvLine.Split(text.AsSpan(), ',');
            string id = idColumn < fields.Count ? fields[idColumn].Trim() : string.Empty;
            string group = groupColumn < fields.Count ? fields[groupColumn].Trim() : string.Empty;
            if (id.Length == 0 || group.Length == 0)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{where} line {line}, field {(id.Length == 0 ? "customer_id" : "group")}: empty."));
            }

            string canonical = aliases?.Resolve(id) ?? id;
            if (groups.TryGetValue(canonical, out var earlier))
            {
                string same = earlier.Id == id ? string.Empty : $" (as '{earlier.Id}' and '{id}', one customer by the alias map)";
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{where} line {line}, field customer_id: customer '{canonical}' is listed twice{same}, on lines {earlier.Line} and {line}: a customer belongs to one group."));
            }

            groups.Add(canonical, (group, line, id));
        }

        return groups.ToDictionary(p => p.Key, p => p.Value.Group, StringComparer.Ordinal);
    }
}
