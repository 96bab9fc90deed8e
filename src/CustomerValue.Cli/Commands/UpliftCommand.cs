using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CustomerValue.ValueOverTime;

namespace CustomerValue.Cli.Commands;

/// <summary>
/// <c>customer-value uplift</c>: a campaign measured against its control group — per group retention, purchase rate and
/// spend per customer in a window, differences with confidence intervals, incremental revenue and the lifetime value of
/// the retention difference, plus a balance check in the window before.
/// </summary>
internal static class UpliftCommand
{
    /// <summary>The per-group CSV header.</summary>
    internal const string Header = "group,role,customers,retained,retention,purchase_days,purchase_rate,spend,spend_per_customer,clv_per_customer,retention_diff,retention_diff_low,retention_diff_high,purchase_rate_diff,purchase_rate_diff_low,purchase_rate_diff_high,spend_per_customer_diff,spend_per_customer_diff_low,spend_per_customer_diff_high,incremental_revenue,incremental_revenue_low,incremental_revenue_high,clv_diff,clv_diff_low,clv_diff_high,clv_diff_total,clv_diff_total_low,clv_diff_total_high,net_margin,net_margin_low,net_margin_high,net_clv,net_clv_low,net_clv_high\n";

    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var groupsFile = new Option<FileInfo>("--groups") { Description = "CSV customer_id,group (header required; any order, extra columns ignored): each customer's group, one group per customer.", Required = true };
        var from = new Option<string>("--from") { Description = "The measurement window's first day (YYYY-MM-DD), typically the campaign's start.", Required = true };
        var to = new Option<string>("--to") { Description = "The measurement window's last day (YYYY-MM-DD).", Required = true };
        var control = new Option<string>("--control") { Description = "The name of the control group in --groups.", DefaultValueFactory = _ => "control" };
        var confidence = new Option<double>("--confidence") { Description = "Confidence level of the intervals.", DefaultValueFactory = _ => 0.95 };
        var discountRate = new Option<double>("--discount-rate") { Description = "Discount rate of the retention formula as a fraction per --discount-period, converted to the window's length.", DefaultValueFactory = _ => 0.10 };
        var discountPeriod = ScoreCommand.DiscountPeriodOption();
        var margin = new Option<double>("--margin") { Description = "Margin as a fraction of spend in the retention formula and the net margin (1: revenue).", DefaultValueFactory = _ => 1 };
        var cost = new Option<double>("--cost-per-customer") { Description = "What treating one customer cost, for net_margin (incremental revenue × --margin − cost × customers) and net_clv (lifetime value of the retention difference − cost).", DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo?>("--output") { Description = "Per group CSV: " + Header.TrimEnd() + ". Default: standard output." };
        var stats = new Option<FileInfo?>("--stats") { Description = "JSON: the window, methods, groups and comparisons, the retention formula's m and i, and the balance check in the window before." };
        var command = new Command("uplift", "Measure a campaign against its control group: per group retention, purchase days and spend per customer in the window; each group's difference from the control with confidence intervals (Newcombe for retention, Welch for means), incremental revenue, the lifetime value of the retention difference (Gupta-Lehmann m*r/(1+i-r)), and a balance check in the window before.");
        input.AddTo(command);
        foreach (var option in new Option[] { groupsFile, from, to, control, confidence, discountRate, discountPeriod, margin, cost, output, stats })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => io.Guard(() => SummaryInput.PlainErrors(() =>
        {
            var first = CliParse.Date(result.GetValue(from)!, "--from");
            var last = CliParse.Date(result.GetValue(to)!, "--to");
            if (last < first)
            {
                throw new ArgumentException($"--to ({last:yyyy-MM-dd}) is before --from ({first:yyyy-MM-dd}).");
            }

            double level = result.GetValue(confidence);
            if (!(level > 0 && level < 1))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--confidence: must be in (0, 1) (0.95 = 95 %), got {level}."));
            }

            double marginRate = result.GetValue(margin);
            if (!double.IsFinite(marginRate) || marginRate > 1)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--margin: must be a finite fraction <= 1, got {marginRate}."));
            }

            double costPerCustomer = result.GetValue(cost);
            if (!double.IsFinite(costPerCustomer) || costPerCustomer < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--cost-per-customer: must be a finite amount >= 0, got {costPerCustomer}."));
            }

            var options = new CampaignUpliftOptions(first, last)
            {
                CostPerTreatedCustomer = costPerCustomer,
                ControlGroup = result.GetValue(control)!,
                Confidence = level,
                DiscountRate = ScoreCommand.Rate(result.GetValue(discountRate), result.GetValue(discountPeriod)),
                MarginRate = marginRate,
            };
            using var outputs = io.Outputs(("--output", result.GetValue(output)), ("--stats", result.GetValue(stats)));
            var groups = CampaignGroups.ReadFile(result.GetValue(groupsFile)!.FullName, input.AliasMapOf(result));
            var report = input.NewReport(result);
            CampaignUplift uplift;
            try
            {
                uplift = CampaignUplift.Analyze(input.Read(result, null, report), groups, options);
            }
            finally
            {
                TransactionInput.WriteRejections(report.Build(), io);
            }

            outputs.WriteText(result.GetValue(output), writer => WriteGroups(writer, uplift));
            if (result.GetValue(stats) is { } statsFile)
            {
                outputs.WriteStream(statsFile, stream => WriteStats(stream, uplift));
            }

            outputs.Commit();
            var ci = CultureInfo.InvariantCulture;
            var lines = uplift.Comparisons.Select(c => string.Create(ci, $"{c.Group} vs {options.ControlGroup}: retention {Points(c.Retention.Estimate)} [{Points(c.Retention.Low)}, {Points(c.Retention.High)}], spend per customer {Display.Number(c.SpendPerCustomer.Estimate)} [{Display.Number(c.SpendPerCustomer.Low)}, {Display.Number(c.SpendPerCustomer.High)}], incremental revenue {Display.Number(c.IncrementalRevenue.Estimate)}, lifetime value of the retention difference {Display.Number(c.LifetimeValueTotal.Estimate)}, net of costs {Display.Number(c.NetMargin.Estimate)} in the window ({Pays(c.NetMargin)}) and {Display.Number(c.NetLifetimeValue.Estimate)} over lifetimes ({Pays(c.NetLifetimeValue)})"));
            string balance = uplift.Balanced
                ? $"balanced in {options.PreWindow.From:yyyy-MM-dd}..{options.PreWindow.To:yyyy-MM-dd} (every interval there holds 0)"
                : $"NOT balanced in {options.PreWindow.From:yyyy-MM-dd}..{options.PreWindow.To:yyyy-MM-dd}: {string.Join(", ", Unbalanced(uplift))} differ before the window — the groups may not be equivalent, so read the differences with care";
            var written = new[] { result.GetValue(output)?.FullName ?? "standard output", result.GetValue(stats)?.FullName }.Where(f => f is not null);
            io.Tell($"uplift: {uplift.RowsRead:N0} rows; {uplift.Groups.Sum(g => g.Customers):N0} customers in {uplift.Groups.Count} groups ({string.Join(", ", uplift.Groups.Select(g => $"{g.Group} {g.Customers:N0}"))}){(uplift.UngroupedCustomers > 0 ? $", {uplift.UngroupedCustomers:N0} customers of the log in no group not used" : string.Empty)}; window {first:yyyy-MM-dd}..{last:yyyy-MM-dd} ({options.WindowDays} days), {Display.Percent(level, 0)} intervals; {string.Join("; ", lines)}; {balance}; wrote {string.Join(", ", written)}.");
            return 0;
        })));
        return command;
    }

    private static string Pays(IntervalEstimate net) => net.Low > 0 ? "pays" : net.High < 0 ? "does not pay" : "not shown either way";

    private static string Points(double fraction) => (fraction * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pts";

    private static IEnumerable<string> Unbalanced(CampaignUplift uplift)
    {
        foreach (var c in uplift.PreWindowComparisons)
        {
            if (!c.Retention.CoversZero)
            {
                yield return $"{c.Group} retention";
            }

            if (!c.PurchaseRate.CoversZero)
            {
                yield return $"{c.Group} purchase rate";
            }

            if (!c.SpendPerCustomer.CoversZero)
            {
                yield return $"{c.Group} spend";
            }
        }
    }

    private static void WriteGroups(TextWriter w, CampaignUplift uplift)
    {
        w.Write(Header);
        var ci = CultureInfo.InvariantCulture;
        foreach (var g in uplift.Groups)
        {
            var comparison = uplift.Comparisons.FirstOrDefault(c => c.Group == g.Group);
            w.Write(string.Create(ci, $"{Csv.Quote(g.Group)},{(comparison is null ? "control" : "treated")},{g.Customers},{g.Retained},{g.Retention:R},{g.PurchaseDays},{g.PurchaseRate:R},{g.Spend:R},{g.SpendPerCustomer:R},{uplift.LifetimeValueAt(g.Retention):R}"));
            if (comparison is null)
            {
                w.Write(",,,,,,,,,,,,,,,,,,,,,,,,\n");
                continue;
            }

            foreach (var e in new[] { comparison.Retention, comparison.PurchaseRate, comparison.SpendPerCustomer, comparison.IncrementalRevenue, comparison.LifetimeValuePerCustomer, comparison.LifetimeValueTotal, comparison.NetMargin, comparison.NetLifetimeValue })
            {
                w.Write(string.Create(ci, $",{e.Estimate:R},{e.Low:R},{e.High:R}"));
            }

            w.Write('\n');
        }
    }

    private static void WriteStats(Stream stream, CampaignUplift uplift)
    {
        var o = uplift.Options;
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("from", o.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("to", o.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteNumber("windowDays", o.WindowDays);
        w.WriteString("control", o.ControlGroup);
        w.WriteNumber("confidence", o.Confidence);
        w.WriteNumber("costPerTreatedCustomer", o.CostPerTreatedCustomer);
        w.WriteNumber("marginRate", o.MarginRate);
        w.WriteStartObject("methods");
        w.WriteString("retention", CampaignUplift.RetentionMethod);
        w.WriteString("means", CampaignUplift.MeanMethod);
        w.WriteString("lifetimeValue", CampaignUplift.LifetimeValueMethod);
        w.WriteEndObject();
        w.WriteStartObject("retentionFormula");
        w.WriteNumber("marginPerRetained", uplift.MarginPerRetained);
        w.WriteNumber("discountRatePerWindow", uplift.WindowDiscountRate);
        w.WriteEndObject();
        w.WriteNumber("rowsRead", uplift.RowsRead);
        w.WriteNumber("rowsOutsideWindows", uplift.RowsOutsideWindows);
        w.WriteNumber("rowsOfUngroupedCustomers", uplift.RowsOfUngroupedCustomers);
        w.WriteNumber("ungroupedCustomers", uplift.UngroupedCustomers);
        WriteWindow(w, "window", o.From, o.To, uplift.Groups, uplift.Comparisons);
        WriteWindow(w, "balance", o.PreWindow.From, o.PreWindow.To, uplift.PreWindowGroups, uplift.PreWindowComparisons);
        w.WriteBoolean("balanced", uplift.Balanced);
        w.WriteEndObject();
    }

    private static void WriteWindow(Utf8JsonWriter w, string name, DateOnly from, DateOnly to, IReadOnlyList<GroupOutcome> groups, IReadOnlyList<GroupComparison> comparisons)
    {
        w.WriteStartObject(name);
        w.WriteString("from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteStartArray("groups");
        foreach (var g in groups)
        {
            w.WriteStartObject();
            w.WriteString("group", g.Group);
            w.WriteNumber("customers", g.Customers);
            w.WriteNumber("retained", g.Retained);
            w.WriteNumber("retention", g.Retention);
            w.WriteNumber("purchaseDays", g.PurchaseDays);
            w.WriteNumber("purchaseRate", g.PurchaseRate);
            w.WriteNumber("spend", g.Spend);
            w.WriteNumber("spendPerCustomer", g.SpendPerCustomer);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("comparisons");
        foreach (var c in comparisons)
        {
            w.WriteStartObject();
            w.WriteString("group", c.Group);
            Interval(w, "retention", c.Retention);
            Interval(w, "purchaseRate", c.PurchaseRate);
            Interval(w, "spendPerCustomer", c.SpendPerCustomer);
            Interval(w, "incrementalRevenue", c.IncrementalRevenue);
            Interval(w, "lifetimeValuePerCustomer", c.LifetimeValuePerCustomer);
            Interval(w, "lifetimeValueTotal", c.LifetimeValueTotal);
            Interval(w, "netMargin", c.NetMargin);
            Interval(w, "netLifetimeValue", c.NetLifetimeValue);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Interval(Utf8JsonWriter w, string name, IntervalEstimate e)
    {
        w.WriteStartObject(name);
        w.WriteNumber("estimate", e.Estimate);
        w.WriteNumber("low", e.Low);
        w.WriteNumber("high", e.High);
        w.WriteEndObject();
    }
}
