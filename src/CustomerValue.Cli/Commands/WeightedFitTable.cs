using System.Globalization;
using System.IO.Compression;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Fitting;
using CustomerValue.Lifetime.Serialization;

namespace CustomerValue.Cli.Commands;

/// <summary>
/// <c>fit --summary TABLE.csv</c> on a compressed fit table (a <c>weight</c> column): BG/NBD and MBG/NBD on
/// <c>frequency,recency,T,weight</c> (<c>customer-value sql --query fit-table</c>), Gamma-Gamma on
/// <c>frequency,monetary_value,weight</c> (<c>--query spend-fit-table</c>). A row of weight w counts as w identical
/// customers, so the fit, its standard errors and its data fingerprint are the ones of the expanded summary.
/// </summary>
internal static class WeightedFitTable
{
    /// <summary>The column that marks a compressed table.</summary>
    public const string WeightColumn = "weight";

    /// <summary>Models that can be fitted on a compressed table.</summary>
    public static bool Supports(string model) => model is LifetimeModelNames.BgNbd or LifetimeModelNames.ModifiedBgNbd or LifetimeModelNames.GammaGamma;

    public static LifetimeModelDocument Fit(string model, FileInfo file, TimeUnit? explicitUnit, TimeUnit fallback, CliIo io)
    {
        if (!Supports(model))
        {
            throw new ArgumentException($"--summary {file.Name} is a compressed table (a '{WeightColumn}' column); {model} cannot be fitted on one: give bgnbd, mbgnbd or gg, or the per-customer summary.");
        }

        bool spend = model == LifetimeModelNames.GammaGamma;
        string[] needed = spend ? ["frequency", "monetary_value", WeightColumn] : ["frequency", "recency", "T", WeightColumn];
        var columns = Read(file, needed, out string? recordedUnit);
        var unit = Unit(file, explicitUnit, recordedUnit, fallback, io);
        if (spend)
        {
            // Gamma-Gamma is fitted on the repeat buyers (x > 0), as on a per-customer summary.
            var keep = Enumerable.Range(0, columns[0].Length).Where(i => columns[0][i] > 0).ToArray();
            if (keep.Length == 0)
            {
                throw new ArgumentException($"{file.Name}: there are no repeat customers (frequency > 0) to fit Gamma-Gamma on.");
            }

            var x = keep.Select(i => columns[0][i]).ToArray();
            var m = keep.Select(i => columns[1][i]).ToArray();
            var w = keep.Select(i => columns[2][i]).ToArray();
            for (int i = 0; i < m.Length; i++)
            {
                if (!(m[i] > 0))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{file.Name}, row with frequency {x[i]}: monetary_value {m[i]} must be > 0."));
                }
            }

            var rows = WeightedSummaries.Compress(x, m, new double[x.Length], w);
            var estimate = MaximumLikelihood.Estimate(new GammaGammaLikelihood(rows), [1.0, 1.0, 1.0], null, "Gamma-Gamma");
            var p = estimate.Parameters;
            var fit = new FitResult<GammaGammaParameters>(GammaGammaParameters.Create(p[0], p[1], p[2]), estimate);
            return LifetimeModelDocument.FromFit(LifetimeModelNames.GammaGamma, unit, fit, DataFingerprint.Compute(rows));
        }
        else
        {
            for (int i = 0; i < columns[0].Length; i++)
            {
                Summaries.CustomerSummary.Create(columns[0][i], columns[1][i], columns[2][i]);
            }

            var rows = WeightedSummaries.Compress(columns[0], columns[1], columns[2], columns[3]);
            bool modified = model == LifetimeModelNames.ModifiedBgNbd;
            var estimate = BgNbdModel.FitCore(rows, null, modified, modified ? "MBG/NBD" : "BG/NBD");
            var p = estimate.Parameters;
            return modified
                ? LifetimeModelDocument.FromFit(model, unit, new FitResult<ModifiedBgNbdParameters>(ModifiedBgNbdParameters.Create(p[0], p[1], p[2], p[3]), estimate), DataFingerprint.Compute(rows))
                : LifetimeModelDocument.FromFit(model, unit, new FitResult<BgNbdParameters>(BgNbdParameters.Create(p[0], p[1], p[2], p[3]), estimate), DataFingerprint.Compute(rows));
        }
    }

    private static TimeUnit Unit(FileInfo file, TimeUnit? explicitUnit, string? recorded, TimeUnit fallback, CliIo io)
    {
        if (recorded is not null)
        {
            var unit = TimeUnitExtensions.ParseTimeUnit(recorded);
            if (explicitUnit is { } given && given != unit)
            {
                throw new ArgumentException($"--time-unit {given.ToName()}: {file.Name} records {unit.ToName()}s.");
            }

            return unit;
        }

        if (explicitUnit is { } e)
        {
            return e;
        }

        io.Error.WriteLine($"customer-value: note: {file.Name} does not record its time unit (no time_unit column); recency and T are read in {fallback.ToName()}s (the --time-unit default). Give --time-unit to say otherwise.");
        return fallback;
    }

    /// <summary>The named columns of a CSV table (plain or .gz), every cell a finite number, weights finite and ≥ 0.</summary>
    private static double[][] Read(FileInfo file, string[] names, out string? unit)
    {
        using Stream raw = file.OpenRead();
        using Stream stream = file.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var header = (reader.ReadLine() ?? string.Empty).Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        int[] at = [.. names.Select(n => Array.FindIndex(header, h => string.Equals(h, n, StringComparison.OrdinalIgnoreCase)))];
        for (int c = 0; c < names.Length; c++)
        {
            if (at[c] < 0)
            {
                throw new FormatException($"{file.Name}: no column '{names[c]}'; the table has {string.Join(", ", header)}.");
            }
        }

        int unitAt = Array.FindIndex(header, h => h == "time_unit");
        unit = null;
        var values = names.Select(_ => new List<double>()).ToArray();
        string? line;
        long row = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            row++;
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            for (int c = 0; c < names.Length; c++)
            {
                string cell = at[c] < cells.Length ? cells[at[c]].Trim().Trim('"') : string.Empty;
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || (names[c] == WeightColumn && v < 0))
                {
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{file.Name}, row {row}: {names[c]} '{cell}' is not a {(names[c] == WeightColumn ? "finite weight >= 0" : "finite number")}."));
                }

                values[c].Add(v);
            }

            if (unitAt >= 0 && unitAt < cells.Length)
            {
                unit ??= cells[unitAt].Trim().Trim('"');
            }
        }

        return [.. values.Select(v => v.ToArray())];
    }
}
