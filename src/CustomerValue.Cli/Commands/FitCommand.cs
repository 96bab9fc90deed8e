using System.CommandLine;
using System.Globalization;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;
using CustomerValue.Samples;
using CustomerValue.Summaries;

namespace CustomerValue.Cli.Commands;

/// <summary><c>customer-value fit</c>: customer summaries → a fitted lifetime model as a portable JSON file.</summary>
internal static class FitCommand
{
    public static Command Create(CliIo io)
    {
        var model = new Option<string>("--model") { Description = "The model: bgnbd, mbgnbd, pnbd, gg (Gamma-Gamma spend, fitted on customers with frequency > 0 and their monetary_value), bgbb (discrete opportunities: --summary frequency,recency,periods[,weights]) or sbg (contractual retention: --summary with a column active, the cohort size then the customers active after each renewal).", Required = true };
        model.AcceptOnlyFromAmong([.. LifetimeModelNames.FittedOnSummaries, LifetimeModelNames.BgBb, LifetimeModelNames.ShiftedBetaGeometric]);
        var summary = new Option<FileInfo?>("--summary") { Description = "Summary CSV as written by summarize (customer_id,frequency,recency,T; monetary_value for gg), or a compressed fit table with a weight column (frequency,recency,T,weight for bgnbd and mbgnbd; frequency,monetary_value,weight for gg), as sql --query fit-table and spend-fit-table write. Default: the embedded CDNOW sample summarised at 1997-09-30." };
        var timeUnit = SummaryInput.TimeUnitOption("The unit of recency and T in the summary (and of the fitted model): day, week, month or year.");
        var output = new Option<FileInfo?>("--output") { Description = "The model file to write (JSON). Default: standard output." };
        var command = new Command("fit", "Fit a lifetime model by maximum likelihood and write it as a portable JSON model file (parameters, standard errors, covariance, log-likelihood, convergence, data fingerprint).");
        command.Options.Add(model);
        command.Options.Add(summary);
        command.Options.Add(timeUnit);
        command.Options.Add(output);
        command.SetAction(result => io.Guard(() => SummaryInput.PlainErrors(() =>
        {
            string name = result.GetValue(model)!;
            var unit = CliParse.Unit(result.GetValue(timeUnit)!);
            var file = result.GetValue(summary);
            if (file is not null && CliParse.SampleAsked(result))
            {
                throw new ArgumentException("--sample: give the embedded sample or --summary, not both.");
            }

            if (file is null)
            {
                CliParse.AnnounceSample(io, result, "--summary");
            }
            else if (name == "gg" && !IsWeighted(file))
            {
                SummaryInput.RequireMonetaryValue(file, "the gg model");
            }

            var document = DiscreteModelCommands.Handles(name)
                ? DiscreteModelCommands.Fit(name, file, unit)
                : file is not null && IsWeighted(file)
                ? WeightedFitTable.Fit(name, file, CliParse.Given(result, timeUnit) ? unit : null, unit, io)
                : LifetimeModelCatalog.Get(name).FitOnSummaries!(file is null
                    ? SummaryInput.Sample(unit)
                    : SummaryInput.ReadCsv(file, CliParse.Given(result, timeUnit) ? unit : null, unit, "the --time-unit default", io), null);
            var target = result.GetValue(output);
            if (target is null)
            {
                io.Output.Write(LifetimeModelJson.ToJson(document));
                io.Error.WriteLine(Describe(document, file));
            }
            else
            {
                using var outputs = io.Outputs(("--output", target));
                outputs.WriteStream(target, stream => LifetimeModelJson.Write(stream, document));
                outputs.Commit();
                io.Error.WriteLine(Describe(document, file) + $" -> {target.Name}");
            }

            return Verdict(document, io);
        })));
        return command;
    }

    /// <summary>
    /// Exit code 0 for a converged, non-degenerate fit; otherwise the diagnostics on stderr and
    /// <see cref="CliIo.NotConverged"/> (the model file is written either way).
    /// </summary>
    internal static int Verdict(LifetimeModelDocument document, CliIo io)
    {
        if (document.Fit is not { } fit || (fit.Converged && !fit.Degenerate))
        {
            return 0;
        }

        io.Error.WriteLine($"customer-value: fit: the {document.Model} fit {(fit.Converged ? "converged but is degenerate" : fit.Degenerate ? "did not converge and is degenerate" : "did not converge")}; predict, score and warn refuse it without --accept-unconverged.");
        foreach (string diagnostic in fit.Diagnostics)
        {
            io.Error.WriteLine($"customer-value: fit: {diagnostic}");
        }

        return CliIo.NotConverged;
    }

    /// <summary>True when a summary file is a compressed fit table (it has a <c>weight</c> column).</summary>
    private static bool IsWeighted(FileInfo file) => file.Exists && SummaryInput.HeaderColumns(file).Contains(WeightedFitTable.WeightColumn, StringComparer.OrdinalIgnoreCase);

    /// <summary>One readable line: model, parameters with standard errors, log-likelihood, convergence.</summary>
    internal static string Describe(LifetimeModelDocument document, FileInfo? source)
    {
        var ci = CultureInfo.InvariantCulture;
        var parts = document.Parameters.Select((p, i) =>
        {
            double se = document.StandardErrors is { } e ? e[i] : double.NaN;
            return double.IsFinite(se) ? string.Create(ci, $"{p.Key}={p.Value:G5} (se {se:G2})") : string.Create(ci, $"{p.Key}={p.Value:G5}");
        });
        var fit = document.Fit;
        string stats = fit is null ? string.Empty : string.Create(ci, $"; LL={fit.LogLikelihood:F2}, {fit.Customers:G} customers, {fit.Iterations} iterations, {(fit.Converged ? "converged" : "NOT converged: " + fit.StopReason)}{(fit.Degenerate ? ", degenerate" : string.Empty)}");
        return $"{document.Model} ({document.TimeUnit.ToName()}s, {(source is null ? "CDNOW sample" : source.Name)}): {string.Join(", ", parts)}{stats}";
    }
}

/// <summary>The customer summaries a model command reads: a summary CSV, or the embedded CDNOW sample.</summary>
internal static class SummaryInput
{
    public static Option<string> TimeUnitOption(string description)
    {
        var option = new Option<string>("--time-unit") { Description = description, DefaultValueFactory = _ => "week" };
        option.AcceptOnlyFromAmong("day", "week", "month", "year");
        return option;
    }

    /// <summary>Reads the summary file in <paramref name="unit"/>, or summarises the CDNOW sample at 1997-09-30 in that unit.</summary>
    public static CustomerSummaries Read(FileInfo? file, TimeUnit unit)
    {
        if (file is null)
        {
            return Sample(unit);
        }

        if (!file.Exists)
        {
            throw new FileNotFoundException($"Summary file '{file.FullName}' does not exist.", file.FullName);
        }

        return CustomerSummaryCsv.ReadFile(file.FullName, unit);
    }

    /// <summary>The embedded CDNOW sample summarised at its calibration end (1997-09-30) in <paramref name="unit"/>.</summary>
    public static CustomerSummaries Sample(TimeUnit unit)
    {
        var end = SampleData.CdnowCalibrationEnd;
        return SummaryAccumulator.Summarize(SampleData.CdnowTransactions().Where(t => t.Date <= end), new SummaryOptions(end, unit));
    }

    /// <summary>
    /// Reads a summary CSV so that no unit is assumed silently: the unit the file records wins; <paramref name="explicitUnit"/>
    /// (a --time-unit given on the command line) must match it; a file that records no unit is read in
    /// <paramref name="explicitUnit"/>, else in <paramref name="fallback"/> with a note on stderr naming it.
    /// </summary>
    public static CustomerSummaries ReadCsv(FileInfo file, TimeUnit? explicitUnit, TimeUnit fallback, string fallbackReason, CliIo io)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"Summary file '{file.FullName}' does not exist.", file.FullName);
        }

        var header = HeaderColumns(file);
        if (explicitUnit is null && !header.Contains(CustomerSummaryCsv.TimeUnitColumn))
        {
            io.Error.WriteLine($"customer-value: note: {file.Name} does not record its time unit (no {CustomerSummaryCsv.TimeUnitColumn} column); recency and T are read in {fallback.ToName()}s ({fallbackReason}). Give --time-unit to say otherwise.");
            return CustomerSummaryCsv.ReadFile(file.FullName, fallback);
        }

        return CustomerSummaryCsv.ReadFile(file.FullName, explicitUnit);
    }

    /// <summary>True when the summary file has a monetary value column (<c>monetary_value</c> or <c>zbar</c>).</summary>
    public static bool HasMonetaryValue(FileInfo file)
    {
        var header = HeaderColumns(file);
        return header.Contains("monetary_value") || header.Contains("zbar");
    }

    /// <summary>Refuses a spend model (or a CLV computed from spend) on a summary file without spend.</summary>
    public static void RequireMonetaryValue(FileInfo file, string why)
    {
        if (!HasMonetaryValue(file))
        {
            throw new ArgumentException($"{file.Name}: the summary has no monetary_value column, but {why} needs each customer's mean spend; summarise again (summarize writes monetary_value) or leave out the spend model.");
        }
    }

    /// <summary>The column names of a CSV file's header row (plain or .gz).</summary>
    public static HashSet<string> HeaderColumns(FileInfo file)
    {
        using Stream raw = file.OpenRead();
        using Stream stream = file.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new System.IO.Compression.GZipStream(raw, System.IO.Compression.CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        string line = reader.ReadLine() ?? string.Empty;
        return new HashSet<string>(line.Split(',').Select(c => c.Trim().Trim('"')), StringComparer.Ordinal);
    }

    /// <summary>Checks that summaries are in the model's unit.</summary>
    public static void RequireUnit(CustomerSummaries summaries, TimeUnit modelUnit, string source)
    {
        if (summaries.TimeUnit != modelUnit)
        {
            throw new ArgumentException($"{source}: recency and T are in {summaries.TimeUnit.ToName()}s but the model is fitted in {modelUnit.ToName()}s; summarise again with --time-unit {modelUnit.ToName()}.");
        }
    }

    public static string Describe(FileInfo? file) => file is null ? "the embedded CDNOW sample" : file.Name;

    /// <summary>Runs a command body, dropping the " (Parameter 'x')" suffix .NET adds to argument errors so the error line reads cleanly.</summary>
    public static int PlainErrors(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (ArgumentException e) when (e.ParamName is not null)
        {
            throw new ArgumentException(e.Message.Split(" (Parameter '", 2)[0], e);
        }
    }
}
