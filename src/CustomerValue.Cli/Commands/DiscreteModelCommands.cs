using System.Globalization;
using System.Text;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;

namespace CustomerValue.Cli.Commands;

/// <summary>
/// <c>fit</c> and <c>predict</c> for the discrete-time models (issue 12, item 5): BG/BB on a summary of discrete
/// opportunities (<c>frequency,recency,periods[,weights]</c>) and sBG on a cohort's survivor counts (<c>active</c>, one
/// row per renewal period, the cohort size first).
/// </summary>
internal static class DiscreteModelCommands
{
    /// <summary>True for the models these commands handle.</summary>
    public static bool Handles(string model) => model is LifetimeModelNames.BgBb or LifetimeModelNames.ShiftedBetaGeometric;

    /// <summary>Fits BG/BB or sBG on the file and returns the model document (with fit statistics).</summary>
    public static LifetimeModelDocument Fit(string model, FileInfo? file, TimeUnit period)
    {
        if (file is null)
        {
            throw new ArgumentException(model == LifetimeModelNames.BgBb
                ? "--summary: bgbb needs a summary of discrete opportunities (CSV frequency,recency,periods[,weights]); there is no sample for it."
                : "--summary: sbg needs a cohort's survivor counts (CSV with a column active: the cohort size, then the customers active after each renewal); there is no sample for it.");
        }

        if (!file.Exists)
        {
            throw new FileNotFoundException($"Summary file '{file.FullName}' does not exist.", file.FullName);
        }

        if (model == LifetimeModelNames.BgBb)
        {
            var patterns = ReadPatterns(file);
            return LifetimeModelDocument.FromFit(model, period, BgBbModel.Fit(patterns));
        }

        return LifetimeModelDocument.FromFit(model, period, ShiftedBetaGeometricModel.Fit(ReadCounts(file)));
    }

    /// <summary>
    /// Writes the predictions of a BG/BB model for each pattern of the file (<c>p_alive</c>, <c>expected_purchases</c>
    /// over <paramref name="horizon"/> future opportunities, <c>expected_purchases_new_customer</c> over the pattern's
    /// periods) or the survival projection of an sBG model over <paramref name="horizon"/> renewals.
    /// </summary>
    /// <returns>The number of rows written.</returns>
    public static int Predict(LifetimeModelDocument document, FileInfo? summary, double horizon, TextWriter writer)
    {
        if (!(horizon >= 0 && horizon == Math.Floor(horizon) && horizon <= 1_000_000))
        {
            throw new ArgumentException($"--horizon: the {document.Model} model counts whole {(document.Model == LifetimeModelNames.BgBb ? "opportunities" : "renewal periods")}; give a whole number from 0 to 1,000,000, got {horizon.ToString("R", CultureInfo.InvariantCulture)}.");
        }

        int k = (int)horizon;
        if (document.Model == LifetimeModelNames.BgBb)
        {
            if (summary is null)
            {
                throw new ArgumentException("--summary: predict with a bgbb model needs a summary of discrete opportunities (CSV frequency,recency,periods[,weights]).");
            }

            var model = LifetimeModelFactory.CreateBgBbModel(document);
            var patterns = ReadPatterns(summary);
            writer.Write("frequency,recency,periods,weights,p_alive,expected_purchases,expected_purchases_new_customer\n");
            for (int i = 0; i < patterns.Count; i++)
            {
                int x = patterns.Frequency[i], tx = patterns.Recency[i], n = patterns.Opportunities[i];
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{x},{tx},{n},{patterns.Weight[i]:R},{model.ProbabilityAlive(x, tx, n):R},{model.ExpectedPurchases(k, x, tx, n):R},{model.ExpectedPurchasesNewCustomer(n):R}\n"));
            }

            return patterns.Count;
        }

        var sbg = LifetimeModelFactory.CreateShiftedBetaGeometricModel(document);
        writer.Write("period,survival,retention_rate,churn_probability\n");
        for (int t = 0; t <= k; t++)
        {
            string retention = t == 0 ? string.Empty : sbg.RetentionRate(t).ToString("R", CultureInfo.InvariantCulture);
            string churn = t == 0 ? string.Empty : sbg.ChurnProbability(t).ToString("R", CultureInfo.InvariantCulture);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{t},{sbg.Survival(t):R},{retention},{churn}\n"));
        }

        return k + 1;
    }

    private static OpportunityPatterns ReadPatterns(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"Summary file '{file.FullName}' does not exist.", file.FullName);
        }

        using var reader = new StreamReader(file.FullName, Encoding.UTF8);
        return OpportunityPatterns.ReadCsv(reader, file.Name);
    }

    /// <summary>Reads the column <c>active</c> (aliases <c>survivors</c>, <c>customers</c>) of a CSV, one row per period.</summary>
    private static double[] ReadCounts(FileInfo file)
    {
        using var reader = new StreamReader(file.FullName, Encoding.UTF8);
        string header = reader.ReadLine() ?? throw new FormatException($"{file.Name}: the file is empty; expected a header with a column active.");
        var names = header.Split(',').Select(h => h.Trim().ToUpperInvariant()).ToArray();
        int column = Array.FindIndex(names, h => h is "ACTIVE" or "SURVIVORS" or "CUSTOMERS");
        if (column < 0)
        {
            throw new FormatException($"{file.Name}: line 1: no 'active' column (header: {header}); give the cohort size, then the customers active after each renewal.");
        }

        var counts = new List<double>();
        int line = 1;
        while (reader.ReadLine() is { } row)
        {
            line++;
            if (row.Length == 0)
            {
                continue;
            }

            var fields = row.Split(',');
            if (column >= fields.Length || !double.TryParse(fields[column], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                throw new FormatException($"{file.Name}: line {line}, field 'active': not a number ('{(column < fields.Length ? fields[column] : string.Empty)}').");
            }

            counts.Add(value);
        }

        return [.. counts];
    }
}
