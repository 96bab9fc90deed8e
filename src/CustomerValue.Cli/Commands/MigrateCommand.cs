using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CustomerValue.Segmentation;
using CustomerValue.Summaries;
using CustomerValue.ValueOverTime;
using CustomerValue.Wallet;

namespace CustomerValue.Cli.Commands;

/// <summary>
/// <c>customer-value migrate</c>: every customer's tier per quarter or year (gold / regular / drag, MVC / MGC / BZ,
/// new, lapsed) through the one pipeline, the transitions between periods and conversion rates.
/// </summary>
internal static class MigrateCommand
{
    /// <summary>The per-customer-per-period CSV header.</summary>
    internal const string Header = "customer_id,period,period_end,status,tier,value_group,tier_state,group_state,value_matrix,clv,spend,purchase_days,share_of_wallet,sow_stalled_then_fell\n";

    /// <summary>The transitions CSV header.</summary>
    internal const string TransitionsHeader = "scheme,from_period,to_period,from_state,to_state,customers,rate\n";

    /// <summary>The conversions the stats report: (scheme, from, to).</summary>
    internal static readonly (MigrationScheme Scheme, string From, string To)[] Conversions =
    [
        (MigrationScheme.ValueGroup, "mgc", "mvc"),
        (MigrationScheme.ValueGroup, "new", "mvc"),
        (MigrationScheme.ValueGroup, "mvc", "mvc"),
        (MigrationScheme.Tier, "gold", "gold"),
        (MigrationScheme.Tier, "new", "gold"),
        (MigrationScheme.Tier, "drag", "lapsed"),
    ];

    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var asOf = new Option<string>("--as-of", "--calibration-end") { Description = "The observation end (YYYY-MM-DD): the last period is valued as of it; later purchases are not used. For the sample: 1998-06-30.", Required = true };
        var period = new Option<string>("--period") { Description = "quarter or year: the calendar periods at whose ends every customer is valued.", DefaultValueFactory = _ => "quarter" };
        period.AcceptOnlyFromAmong("quarter", "year");
        var lapsed = new Option<double>("--lapsed-days") { Description = "A customer whose last purchase is more than this many days before a period's end is lapsed in it.", DefaultValueFactory = _ => ValueTierOptions.Default.DragInactiveDays };
        var output = new Option<FileInfo?>("--output") { Description = "Per customer and period CSV: " + Header.TrimEnd() + ". Default: standard output." };
        var transitions = new Option<FileInfo?>("--transitions") { Description = "Transition matrices CSV: " + TransitionsHeader.TrimEnd() + " (every consecutive pair of periods, and 'all' pooled)." };
        var stats = new Option<FileInfo?>("--stats") { Description = "JSON: periods with customers per state and value-matrix cell, conversion rates (MGC -> MVC, first buyer -> MVC, gold persistence year on year)." };
        var model = new Option<FileInfo?>("--model") { Description = "Repeat-purchase model file (bgnbd, mbgnbd or pnbd) from fit, used at every period's end. Default: fit BG/NBD per period." };
        var spendModel = new Option<FileInfo?>("--spend-model") { Description = "Spend model file (gg) from fit, used at every period's end. Default: fit Gamma-Gamma per period." };
        var accept = CliIo.AcceptUnconvergedOption();
        var command = new Command("migrate", "Value over time: every customer's tier per quarter or year through the scoring pipeline (gold/regular/drag and MVC/MGC/BZ by CLV as of each period's end, plus new and lapsed), transition matrices with counts and rates, conversion rates and gold persistence year on year, and the value matrix per period.");
        input.AddTo(command);
        command.Options.Add(asOf);
        command.Options.Add(period);
        command.Options.Add(lapsed);
        command.Options.Add(output);
        command.Options.Add(transitions);
        command.Options.Add(stats);
        command.Options.Add(model);
        command.Options.Add(spendModel);
        command.Options.Add(accept);
        command.SetAction(result => io.Guard(() => SummaryInput.PlainErrors(() =>
        {
            var date = CliParse.Date(result.GetValue(asOf)!, "--as-of");
            double lapsedDays = result.GetValue(lapsed);
            if (!double.IsFinite(lapsedDays) || lapsedDays < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--lapsed-days: must be a finite number of days >= 0, got {lapsedDays}."));
            }

            var calendar = result.GetValue(period) == "year" ? CalendarPeriod.Year : CalendarPeriod.Quarter;
            using var outputs = io.Outputs(("--output", result.GetValue(output)), ("--transitions", result.GetValue(transitions)), ("--stats", result.GetValue(stats)));
            var report = input.NewReport(result);
            if (result.GetValue(model) is not null || result.GetValue(spendModel) is not null)
            {
                input.RequireData(result, result.GetValue(model) is not null ? "--model" : "--spend-model");
            }

            var purchases = result.GetValue(model) is { } modelFile ? ScoreCommand.ReadPurchaseModel(modelFile, result.GetValue(accept)) : null;
            var spend = result.GetValue(spendModel) is { } spendFile ? ScoreCommand.ReadSpendModel(spendFile, result.GetValue(accept)) : null;
            var options = new TierMigrationOptions(calendar, date) { LapsedDays = lapsedDays, PurchaseModel = purchases, SpendModel = spend };
            if (purchases is not null)
            {
                options = options with { Pipeline = options.Pipeline with { TimeUnit = purchases.TimeUnit } };
            }

            TierMigration migration;
            try
            {
                migration = TierMigration.Analyze(input.Read(result, null, report), options);
            }
            finally
            {
                TransactionInput.WriteRejections(report.Build(), io);
            }

            outputs.WriteText(result.GetValue(output), writer => WriteCustomers(writer, migration));
            if (result.GetValue(transitions) is { } transitionsFile)
            {
                outputs.WriteText(transitionsFile, writer => WriteTransitions(writer, migration));
            }

            if (result.GetValue(stats) is { } statsFile)
            {
                outputs.WriteStream(statsFile, stream => WriteStats(stream, migration));
            }

            outputs.Commit();
            var periods = migration.Periods;
            int year = migration.PeriodsPerYear;
            var goldYear = migration.Conversion(MigrationScheme.Tier, "gold", "gold", year);
            var mgc = migration.Conversion(MigrationScheme.ValueGroup, "mgc", "mvc", 1);
            var first = migration.Conversion(MigrationScheme.ValueGroup, "new", "mvc", 1);
            var written = new[] { result.GetValue(output)?.FullName ?? "standard output", result.GetValue(transitions)?.FullName, result.GetValue(stats)?.FullName }.Where(f => f is not null);
            io.Tell($"migrate: {migration.RowsRead:N0} rows, {migration.CustomerIds.Count:N0} customers, {periods.Count} {(calendar == CalendarPeriod.Year ? "years" : "quarters")} {periods[0].Label}..{periods[^1].Label} as of {date:yyyy-MM-dd}{(migration.RowsAfterAsOf > 0 ? $" ({migration.RowsAfterAsOf:N0} rows after it not used)" : string.Empty)}; each period valued by the scoring pipeline as of its end ({(purchases is null ? "BG/NBD fitted per period" : "the given purchase model")}, {(spend is null ? "Gamma-Gamma fitted per period" : "the given spend model")}, tiers by CLV), lapsed after {Display.Number(lapsedDays)} days; gold still gold a year later {Rate(goldYear)}, MGC -> MVC next period {Rate(mgc)}, first buyers -> MVC next period {Rate(first)}; wrote {string.Join(", ", written)}.");
            return 0;
        })));
        return command;
    }

    private static string Rate(ConversionRate rate) =>
        rate.Rate is { } r ? string.Create(CultureInfo.InvariantCulture, $"{Display.Percent(r, 1)} ({rate.Converted:N0} of {rate.FromCustomers:N0})") : "n/a (none to start from)";

    private static void WriteCustomers(TextWriter w, TierMigration m)
    {
        w.Write(Header);
        var ci = CultureInfo.InvariantCulture;
        var periods = m.Periods;
        for (int c = 0; c < m.CustomerIds.Count; c++)
        {
            string id = Csv.Quote(m.CustomerIds[c]);
            for (int p = 0; p < periods.Count; p++)
            {
                var status = m.StatusOf(c, p);
                string tierState = MigrationStates.Of(MigrationScheme.Tier)[m.StateOf(MigrationScheme.Tier, c, p)];
                string groupState = MigrationStates.Of(MigrationScheme.ValueGroup)[m.StateOf(MigrationScheme.ValueGroup, c, p)];
                w.Write(id);
                if (status == CustomerStatus.NotYet)
                {
                    w.Write(string.Create(ci, $",{periods[p].Label},{periods[p].End:yyyy-MM-dd},not_yet,,,{tierState},{groupState},,,0,0,,false\n"));
                    continue;
                }

                w.Write(string.Create(ci, $",{periods[p].Label},{periods[p].End:yyyy-MM-dd},{MigrationStates.Name(status)},{ValueTiers.Name(m.TierOf(c, p))},{ValueTiers.Name(m.GroupOf(c, p))},{tierState},{groupState},{CellName(m.ValueMatrixCellOf(c, p))},{m.LifetimeValueOf(c, p):R},{m.SpendIn(c, p):R},{m.PurchaseDaysIn(c, p)},{(m.ShareOfWalletOf(c, p) is { } sow ? sow.ToString("R", ci) : string.Empty)},{(m.ShareOfWalletStalledThenFell(c, p) ? "true" : "false")}\n"));
            }
        }
    }

    private static string CellName(ValueMatrixCell cell) => cell == ValueMatrixCell.None ? string.Empty : cell.ToString().ToLowerInvariant();

    private static void WriteTransitions(TextWriter w, TierMigration m)
    {
        w.Write(TransitionsHeader);
        foreach (var scheme in new[] { MigrationScheme.Tier, MigrationScheme.ValueGroup })
        {
            for (int p = 0; p + 1 < m.Periods.Count; p++)
            {
                WriteMatrix(w, m.Transitions(scheme, p, p + 1));
            }

            if (m.Periods.Count > 1)
            {
                WriteMatrix(w, m.PooledTransitions(scheme));
            }
        }
    }

    private static void WriteMatrix(TextWriter w, TransitionMatrix matrix)
    {
        var states = matrix.States;
        string scheme = MigrationStates.Name(matrix.Scheme);
        for (int f = 0; f < states.Count; f++)
        {
            for (int t = 0; t < states.Count; t++)
            {
                string rate = matrix.Rate(f, t) is { } r ? r.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
                w.Write(string.Create(CultureInfo.InvariantCulture, $"{scheme},{matrix.FromPeriod},{matrix.ToPeriod},{states[f]},{states[t]},{matrix.Count(f, t)},{rate}\n"));
            }
        }
    }

    private static void WriteStats(Stream stream, TierMigration m)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("period", m.Options.Period == CalendarPeriod.Year ? "year" : "quarter");
        w.WriteString("asOf", m.Options.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteNumber("customers", m.CustomerIds.Count);
        w.WriteNumber("lapsedDays", m.Options.LapsedDays);
        w.WriteString("tierBasis", "clv");
        w.WriteStartArray("periods");
        for (int p = 0; p < m.Periods.Count; p++)
        {
            var period = m.Periods[p];
            w.WriteStartObject();
            w.WriteString("period", period.Label);
            w.WriteString("start", period.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("end", period.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteNumber("customersToDate", period.Customers);
            w.WriteNumber("customerEquity", period.CustomerEquity);
            w.WriteNumber("sowStalledThenFell", m.StalledThenFellCount(p));
            foreach (var scheme in new[] { MigrationScheme.Tier, MigrationScheme.ValueGroup })
            {
                var counts = m.StateCounts(scheme, p);
                w.WriteStartObject(scheme == MigrationScheme.Tier ? "tiers" : "valueGroups");
                for (int s = 0; s < counts.Length; s++)
                {
                    w.WriteNumber(MigrationStates.Of(scheme)[s], counts[s]);
                }

                w.WriteEndObject();
            }

            var cells = m.ValueMatrixCounts(p);
            w.WriteStartObject("valueMatrix");
            foreach (var cell in new[] { ValueMatrixCell.Best, ValueMatrixCell.Frequent, ValueMatrixCell.Spenders, ValueMatrixCell.Uncertain })
            {
                w.WriteNumber(CellName(cell), cells[(int)cell]);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("conversions");
        var lags = m.PeriodsPerYear > 1 ? new[] { 1, m.PeriodsPerYear } : [1];
        foreach (var (scheme, from, to) in Conversions)
        {
            foreach (int lag in lags)
            {
                WriteConversion(w, m.Conversion(scheme, from, to, lag));
            }
        }

        w.WriteEndArray();
        w.WriteStartArray("goldPersistence");
        foreach (var rate in m.ConversionsByPeriod(MigrationScheme.Tier, "gold", "gold", m.PeriodsPerYear))
        {
            WriteConversion(w, rate);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteConversion(Utf8JsonWriter w, ConversionRate rate)
    {
        w.WriteStartObject();
        w.WriteString("scheme", MigrationStates.Name(rate.Scheme));
        w.WriteString("from", rate.From);
        w.WriteString("to", rate.To);
        w.WriteNumber("lagPeriods", rate.LagPeriods);
        if (rate.FromPeriod is { } fromPeriod)
        {
            w.WriteString("fromPeriod", fromPeriod);
        }

        w.WriteNumber("fromCustomers", rate.FromCustomers);
        w.WriteNumber("converted", rate.Converted);
        if (rate.Rate is { } r)
        {
            w.WriteNumber("rate", r);
        }
        else
        {
            w.WriteNull("rate");
        }

        w.WriteEndObject();
    }
}
