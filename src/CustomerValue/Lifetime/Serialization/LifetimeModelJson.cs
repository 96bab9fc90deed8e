using System.Globalization;
using System.Text;
using System.Text.Json;
using CustomerValue.Lifetime.Fitting;

namespace CustomerValue.Lifetime.Serialization;

/// <summary>
/// Writes and reads <see cref="LifetimeModelDocument"/>s as JSON with System.Text.Json (no other dependency).
/// </summary>
/// <remarks>
/// <para>The format (version 1), in this order: <c>formatVersion</c>, <c>model</c>, <c>timeUnit</c> (day, week, month,
/// year), <c>parameters</c> (object, the model's names), then when known <c>standardErrors</c> (object, null where
/// unavailable), <c>covariance</c> (array of rows in parameter order), <c>logLikelihood</c>, <c>converged</c>,
/// <c>stopReason</c>, <c>customers</c>, <c>iterations</c>, <c>aic</c>, <c>bic</c>, <c>dataFingerprint</c>.</para>
/// <para>Culture-invariant; doubles are written in the shortest form that parses back to the same bits, so reading a
/// written file gives identical values and writing it again gives identical bytes (UTF-8, no BOM, two-space indent,
/// "\n" line ends). Reading requires only <c>model</c>, <c>timeUnit</c> and <c>parameters</c>; other unknown fields are
/// ignored (newer writers may add fields), comments and trailing commas are accepted. A <c>formatVersion</c> newer than
/// <see cref="LifetimeModelDocument.CurrentFormatVersion"/> is refused. Errors are <see cref="FormatException"/>s that
/// name the source and the field. Static and thread-safe.</para>
/// </remarks>
public static class LifetimeModelJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, NewLine = "\n" };

    private static readonly JsonDocumentOptions ReaderOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The document as JSON text.</summary>
    public static string ToJson(LifetimeModelDocument document)
    {
        using var stream = new MemoryStream();
        Write(stream, document);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes the document as UTF-8 JSON (followed by a line end) to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, LifetimeModelDocument document)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(document);
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("formatVersion", document.FormatVersion);
            writer.WriteString("model", document.Model);
            writer.WriteString("timeUnit", document.TimeUnit.ToName());
            writer.WriteStartObject("parameters");
            foreach (var (name, value) in document.Parameters)
            {
                writer.WriteNumber(name, value);
            }

            writer.WriteEndObject();
            if (document.StandardErrors is { } errors)
            {
                writer.WriteStartObject("standardErrors");
                for (int i = 0; i < errors.Count; i++)
                {
                    writer.WritePropertyName(document.Parameters[i].Key);
                    Number(writer, errors[i]);
                }

                writer.WriteEndObject();
            }

            if (document.Covariance is { } covariance)
            {
                writer.WriteStartArray("covariance");
                for (int i = 0; i < covariance.Dimension; i++)
                {
                    writer.WriteStartArray();
                    for (int j = 0; j < covariance.Dimension; j++)
                    {
                        Number(writer, covariance[i, j]);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
            }

            if (document.Fit is { } fit)
            {
                writer.WritePropertyName("logLikelihood");
                Number(writer, fit.LogLikelihood);
                writer.WriteBoolean("converged", fit.Converged);
                if (fit.StopReason is { } reason)
                {
                    writer.WriteString("stopReason", reason);
                }

                writer.WritePropertyName("customers");
                Number(writer, fit.Customers);
                writer.WriteNumber("iterations", fit.Iterations);
                writer.WritePropertyName("aic");
                Number(writer, fit.Aic);
                writer.WritePropertyName("bic");
                Number(writer, fit.Bic);
                writer.WriteBoolean("degenerate", fit.Degenerate);
                writer.WriteStartArray("diagnostics");
                foreach (string diagnostic in fit.Diagnostics)
                {
                    writer.WriteStringValue(diagnostic);
                }

                writer.WriteEndArray();
            }

            if (document.DataFingerprint is { } fingerprint)
            {
                writer.WriteString("dataFingerprint", fingerprint);
            }

            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    /// <summary>Writes the document to a file (created or replaced).</summary>
    public static void WriteFile(string path, LifetimeModelDocument document)
    {
        using var stream = File.Create(path);
        Write(stream, document);
    }

    /// <summary>Reads a document from JSON text.</summary>
    /// <param name="json">The JSON.</param>
    /// <param name="sourceName">A name for error messages (for example the file name).</param>
    /// <exception cref="FormatException">The text is not valid JSON, or a field is missing or invalid; the message names it.</exception>
    public static LifetimeModelDocument Parse(string json, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        string where = sourceName ?? "model";
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, ReaderOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{where}: not valid JSON ({e.Message})", e);
        }

        using (parsed)
        {
            return FromElement(parsed.RootElement, where);
        }
    }

    /// <summary>Reads a document from a UTF-8 JSON stream.</summary>
    /// <exception cref="FormatException">The content is not valid JSON, or a field is missing or invalid; the message names it.</exception>
    public static LifetimeModelDocument Read(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd(), sourceName);
    }

    /// <summary>Reads a model file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The content is not valid JSON, or a field is missing or invalid; the message names the file and field.</exception>
    public static LifetimeModelDocument ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        }

        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>
    /// Reads a model file for predictions: as <see cref="ReadFile"/>, then refuses a fit that did not converge or is
    /// degenerate unless <paramref name="acceptUnconverged"/> (see <see cref="LifetimeModelDocument.EnsureUsable"/>).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The content is not valid JSON, or a field is missing or invalid.</exception>
    /// <exception cref="InvalidDataException">The fit did not converge or is degenerate, and <paramref name="acceptUnconverged"/> is false.</exception>
    public static LifetimeModelDocument ReadUsableFile(string path, bool acceptUnconverged)
    {
        var document = ReadFile(path);
        document.EnsureUsable(path, acceptUnconverged);
        return document;
    }

    private static LifetimeModelDocument FromElement(JsonElement root, string where)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Error(where, "(root)", "the document must be a JSON object");
        }

        if (root.TryGetProperty("formatVersion", out var version))
        {
            if (!version.TryGetInt32(out int v) || v < 1)
            {
                throw Error(where, "formatVersion", "must be a whole number >= 1");
            }

            if (v > LifetimeModelDocument.CurrentFormatVersion)
            {
                throw Error(where, "formatVersion", string.Create(CultureInfo.InvariantCulture, $"version {v} is newer than this library reads ({LifetimeModelDocument.CurrentFormatVersion}); upgrade CustomerValue"));
            }
        }

        string model = RequiredString(root, "model", where);
        if (!LifetimeModelNames.IsKnown(model))
        {
            throw Error(where, "model", $"unknown model '{model}'; expected one of {string.Join(", ", LifetimeModelNames.All)}");
        }

        string unitText = RequiredString(root, "timeUnit", where);
        if (!TimeUnitExtensions.TryParseTimeUnit(unitText, out var unit))
        {
            throw Error(where, "timeUnit", $"'{unitText}' is not a time unit; expected day, week, month or year");
        }

        if (!root.TryGetProperty("parameters", out var parameters) || parameters.ValueKind == JsonValueKind.Null)
        {
            throw Error(where, "parameters", "missing");
        }

        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw Error(where, "parameters", "must be an object of name: value");
        }

        var values = new List<KeyValuePair<string, double>>();
        foreach (var property in parameters.EnumerateObject())
        {
            values.Add(new(property.Name, RequiredNumber(property.Value, "parameters." + property.Name, where)));
        }

        LifetimeModelDocument document;
        try
        {
            document = LifetimeModelDocument.Create(model, unit, values);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{where}: {e.Message.Split(" (Parameter", 2)[0]}", e);
        }

        var names = LifetimeModelNames.ParameterNames(model);
        double[]? standardErrors = null;
        if (root.TryGetProperty("standardErrors", out var errors) && errors.ValueKind != JsonValueKind.Null)
        {
            if (errors.ValueKind != JsonValueKind.Object)
            {
                throw Error(where, "standardErrors", "must be an object of name: value");
            }

            standardErrors = new double[names.Count];
            for (int i = 0; i < names.Count; i++)
            {
                standardErrors[i] = errors.TryGetProperty(names[i], out var se) ? OptionalNumber(se, "standardErrors." + names[i], where) : double.NaN;
            }
        }

        CovarianceMatrix? covariance = null;
        if (root.TryGetProperty("covariance", out var cov) && cov.ValueKind != JsonValueKind.Null)
        {
            covariance = ReadCovariance(cov, names, where);
        }

        FitSummary? fit = null;
        if (root.TryGetProperty("logLikelihood", out var ll) && ll.ValueKind != JsonValueKind.Null)
        {
            bool converged = false;
            if (root.TryGetProperty("converged", out var c))
            {
                converged = c.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Error(where, "converged", "must be true or false"),
                };
            }

            string? stopReason = root.TryGetProperty("stopReason", out var sr) && sr.ValueKind == JsonValueKind.String ? sr.GetString() : null;
            int iterations = 0;
            if (root.TryGetProperty("iterations", out var it) && (!it.TryGetInt32(out iterations) || iterations < 0))
            {
                throw Error(where, "iterations", "must be a whole number >= 0");
            }

            bool degenerate = false;
            if (root.TryGetProperty("degenerate", out var dg))
            {
                degenerate = dg.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Error(where, "degenerate", "must be true or false"),
                };
            }

            var diagnostics = new List<string>();
            if (root.TryGetProperty("diagnostics", out var dl) && dl.ValueKind != JsonValueKind.Null)
            {
                if (dl.ValueKind != JsonValueKind.Array)
                {
                    throw Error(where, "diagnostics", "must be an array of strings");
                }

                foreach (var item in dl.EnumerateArray())
                {
                    diagnostics.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Error(where, "diagnostics", "must be an array of strings"));
                }
            }

            fit = new FitSummary(
                RequiredNumber(ll, "logLikelihood", where), converged, stopReason,
                Optional(root, "customers", where), iterations, Optional(root, "aic", where), Optional(root, "bic", where))
            {
                Degenerate = degenerate,
                Diagnostics = diagnostics,
            };
        }

        string? fingerprint = root.TryGetProperty("dataFingerprint", out var fp) && fp.ValueKind == JsonValueKind.String ? fp.GetString() : null;
        return standardErrors is null && covariance is null && fit is null && fingerprint is null
            ? document
            : document.With(standardErrors, covariance, fit, fingerprint);
    }

    private static CovarianceMatrix ReadCovariance(JsonElement element, IReadOnlyList<string> names, string where)
    {
        int k = names.Count;
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != k)
        {
            throw Error(where, "covariance", string.Create(CultureInfo.InvariantCulture, $"must be an array of {k} rows of {k} numbers"));
        }

        var values = new double[k, k];
        int i = 0;
        foreach (var row in element.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != k)
            {
                throw Error(where, string.Create(CultureInfo.InvariantCulture, $"covariance[{i}]"), string.Create(CultureInfo.InvariantCulture, $"must be an array of {k} numbers"));
            }

            int j = 0;
            foreach (var cell in row.EnumerateArray())
            {
                values[i, j] = OptionalNumber(cell, string.Create(CultureInfo.InvariantCulture, $"covariance[{i}][{j}]"), where);
                j++;
            }

            i++;
        }

        CheckCovariance(values, names, where);
        return new CovarianceMatrix([.. names], values);
    }

    /// <summary>
    /// A covariance read from a file must be symmetric (to 1e-8 relative) and positive semi-definite (a Cholesky
    /// factorisation of it plus 1e-12 of its trace succeeds); all-null (unavailable) is allowed.
    /// </summary>
    private static void CheckCovariance(double[,] values, IReadOnlyList<string> names, string where)
    {
        int k = names.Count;
        int missing = 0;
        double trace = 0;
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                missing += double.IsNaN(values[i, j]) ? 1 : 0;
            }

            trace += Math.Abs(values[i, i]);
        }

        if (missing == k * k)
        {
            return;
        }

        if (missing > 0)
        {
            throw Error(where, "covariance", "must be all numbers or all null");
        }

        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double a = values[i, j], b = values[j, i];
                if (Math.Abs(a - b) > 1e-8 * Math.Max(Math.Sqrt(Math.Abs(values[i, i] * values[j, j])), Math.Max(Math.Abs(a), Math.Abs(b))))
                {
                    throw Error(where, string.Create(CultureInfo.InvariantCulture, $"covariance[{i}][{j}]"),
                        string.Create(CultureInfo.InvariantCulture, $"must equal covariance[{j}][{i}] (the matrix must be symmetric; {a:R} vs {b:R})"));
                }
            }
        }

        var shifted = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                shifted[i, j] = 0.5 * (values[i, j] + values[j, i]) + (i == j ? 1e-12 * trace : 0);
            }
        }

        if (Fitting.MaximumLikelihood.InvertPositiveDefinite(shifted) is null)
        {
            throw Error(where, "covariance", "must be positive semi-definite (a variance is negative, or a correlation exceeds 1)");
        }
    }

    private static string RequiredString(JsonElement root, string field, string where)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Error(where, field, "missing");
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Error(where, field, "must be a string");
    }

    private static double RequiredNumber(JsonElement value, string field, string where) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d) && double.IsFinite(d)
            ? d
            : throw Error(where, field, $"must be a finite number, got {value.GetRawText()}");

    private static double OptionalNumber(JsonElement value, string field, string where) =>
        value.ValueKind == JsonValueKind.Null ? double.NaN : RequiredNumber(value, field, where);

    private static double Optional(JsonElement root, string field, string where) =>
        root.TryGetProperty(field, out var value) ? OptionalNumber(value, field, where) : double.NaN;

    private static void Number(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static FormatException Error(string where, string field, string reason) => new($"{where}: field '{field}': {reason}.");
}
