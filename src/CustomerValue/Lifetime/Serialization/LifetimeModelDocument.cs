using System.Globalization;
using CustomerValue.Lifetime.Fitting;

namespace CustomerValue.Lifetime.Serialization;

/// <summary>
/// A fitted lifetime model as a portable, versioned document: what <see cref="LifetimeModelJson"/> writes and reads.
/// Only <see cref="Model"/>, <see cref="TimeUnit"/> and <see cref="Parameters"/> are required; the fit statistics are
/// present when the document was made from a fit.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Parameters are kept in the model's file order (<see cref="LifetimeModelNames.ParameterNames"/>).
/// Turn a document into a usable model with <see cref="LifetimeModelFactory"/>.
/// </remarks>
public sealed class LifetimeModelDocument
{
    /// <summary>The format version this library writes (and the newest it reads).</summary>
    public const int CurrentFormatVersion = 1;

    private readonly KeyValuePair<string, double>[] _parameters;
    private readonly double[]? _standardErrors;

    private LifetimeModelDocument(string model, TimeUnit timeUnit, KeyValuePair<string, double>[] parameters)
    {
        Model = model;
        TimeUnit = timeUnit;
        _parameters = parameters;
    }

    private LifetimeModelDocument(LifetimeModelDocument source, double[]? standardErrors, CovarianceMatrix? covariance, FitSummary? fit, string? fingerprint)
    {
        FormatVersion = source.FormatVersion;
        Model = source.Model;
        TimeUnit = source.TimeUnit;
        _parameters = source._parameters;
        _standardErrors = standardErrors;
        Covariance = covariance;
        Fit = fit;
        DataFingerprint = fingerprint;
    }

    /// <summary>The format version of the document (1).</summary>
    public int FormatVersion { get; } = CurrentFormatVersion;

    /// <summary>The model name: <c>bgnbd</c>, <c>mbgnbd</c>, <c>pnbd</c>, <c>gg</c>, <c>bgbb</c> or <c>sbg</c> (see <see cref="LifetimeModelNames"/>).</summary>
    public string Model { get; }

    /// <summary>The unit of every time in the model (for a spend model: the unit of the data it was fitted on; for BG/BB and sBG: the length of one opportunity or renewal period).</summary>
    public TimeUnit TimeUnit { get; }

    /// <summary>The parameters by name, in the model's order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Parameters => _parameters;

    /// <summary>The standard errors in <see cref="Parameters"/> order (NaN where unavailable), or null when the document has none.</summary>
    public IReadOnlyList<double>? StandardErrors => _standardErrors;

    /// <summary>The parameter covariance (for delta-method intervals), or null when the document has none.</summary>
    public CovarianceMatrix? Covariance { get; }

    /// <summary>The fit statistics, or null for a hand-written model.</summary>
    public FitSummary? Fit { get; }

    /// <summary>The fingerprint of the fitting data (<see cref="Serialization.DataFingerprint"/>), or null.</summary>
    public string? DataFingerprint { get; }

    /// <summary>The value of the named parameter.</summary>
    /// <exception cref="ArgumentException">The model has no parameter of that name.</exception>
    public double Parameter(string name)
    {
        foreach (var p in _parameters)
        {
            if (p.Key == name)
            {
                return p.Value;
            }
        }

        throw new ArgumentException($"Model '{Model}' has no parameter '{name}'; its parameters are {string.Join(", ", _parameters.Select(p => p.Key))}.", nameof(name));
    }

    /// <summary>Creates a document with only the required fields, validating them.</summary>
    /// <param name="model">A model name from <see cref="LifetimeModelNames"/>.</param>
    /// <param name="timeUnit">The model's time unit.</param>
    /// <param name="parameters">Every parameter of the model by name (any order), each finite and &gt; 0.</param>
    /// <exception cref="ArgumentException">The model is unknown, a parameter is missing, unknown, repeated, not finite or not positive; the message names it.</exception>
    public static LifetimeModelDocument Create(string model, TimeUnit timeUnit, IEnumerable<KeyValuePair<string, double>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!LifetimeModelNames.IsKnown(model))
        {
            throw new ArgumentException($"field 'model': unknown model '{model}'; expected one of {string.Join(", ", LifetimeModelNames.All)}.", nameof(model));
        }

        if (!Enum.IsDefined(timeUnit))
        {
            throw new ArgumentException("field 'timeUnit': not a defined time unit.", nameof(timeUnit));
        }

        var names = LifetimeModelNames.ParameterNames(model);
        var values = new double?[names.Count];
        foreach (var (name, value) in parameters)
        {
            int index = IndexOf(names, name);
            if (index < 0)
            {
                throw new ArgumentException($"field 'parameters.{name}': model '{model}' has no such parameter; expected {string.Join(", ", names)}.", nameof(parameters));
            }

            if (values[index] is not null)
            {
                throw new ArgumentException($"field 'parameters.{name}': given twice.", nameof(parameters));
            }

            if (!double.IsFinite(value) || value <= 0)
            {
                throw new ArgumentException($"field 'parameters.{name}': must be a finite number > 0, got {value.ToString("R", CultureInfo.InvariantCulture)}.", nameof(parameters));
            }

            values[index] = value;
        }

        var result = new KeyValuePair<string, double>[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            result[i] = new(names[i], values[i] ?? throw new ArgumentException($"field 'parameters.{names[i]}': missing; model '{model}' needs {string.Join(", ", names)}.", nameof(parameters)));
        }

        return new LifetimeModelDocument(model, timeUnit, result);
    }

    /// <summary>Creates a document from a fit: parameters, standard errors, covariance and fit statistics.</summary>
    /// <param name="model">A model name from <see cref="LifetimeModelNames"/>.</param>
    /// <param name="timeUnit">The time unit of the data the model was fitted on.</param>
    /// <param name="fit">The fit result.</param>
    /// <param name="dataFingerprint">The fingerprint of the fitting data (<see cref="Serialization.DataFingerprint"/>), or null.</param>
    /// <exception cref="ArgumentException">The fit's parameters do not match the model.</exception>
    public static LifetimeModelDocument FromFit<TParameters>(string model, TimeUnit timeUnit, FitResult<TParameters> fit, string? dataFingerprint = null)
        where TParameters : struct
    {
        ArgumentNullException.ThrowIfNull(fit);
        var document = Create(model, timeUnit, fit.ParameterNames.Select((name, i) => new KeyValuePair<string, double>(name, fit.Estimates[i])));
        var standardErrors = document._parameters.Select(p => fit.StandardError(p.Key)).ToArray();
        var covariance = Reorder(fit.Covariance, document._parameters);
        var summary = new FitSummary(fit.LogLikelihood, fit.Converged, fit.StopReason.ToString(), fit.CustomerCount, fit.Iterations, fit.Aic, fit.Bic)
        {
            Degenerate = fit.IsDegenerate,
            Diagnostics = [.. fit.Diagnostics],
        };
        return new LifetimeModelDocument(document, standardErrors, covariance, summary, dataFingerprint);
    }

    /// <summary>
    /// Throws unless the model may be used for predictions: a model with fit statistics must have converged and must
    /// not be degenerate, unless <paramref name="acceptUnconverged"/> (the CLI's <c>--accept-unconverged</c>). A
    /// document without fit statistics (parameters typed in by hand) is accepted.
    /// </summary>
    /// <param name="source">The file or other source, for the message.</param>
    /// <param name="acceptUnconverged">Accept a fit that did not converge or is degenerate.</param>
    /// <exception cref="InvalidDataException">The fit did not converge or is degenerate; the message gives the diagnostics.</exception>
    public void EnsureUsable(string source, bool acceptUnconverged)
    {
        if (acceptUnconverged || Fit is not { } fit || (fit.Converged && !fit.Degenerate))
        {
            return;
        }

        string what = !fit.Converged && fit.Degenerate ? "did not converge and is degenerate" : !fit.Converged ? "did not converge" : "is degenerate";
        string details = fit.Diagnostics.Count > 0 ? ": " + string.Join("; ", fit.Diagnostics) : string.Empty;
        throw new InvalidDataException(
            $"{source}: the {Model} fit {what}{details}. Refit (more data, other start values), or pass --accept-unconverged to use it anyway.");
    }

    /// <summary>A copy with the given standard errors, covariance, fit statistics and fingerprint (each may be null).</summary>
    /// <exception cref="ArgumentException">The standard errors or covariance do not have one entry per parameter.</exception>
    public LifetimeModelDocument With(IReadOnlyList<double>? standardErrors, CovarianceMatrix? covariance, FitSummary? fit, string? dataFingerprint)
    {
        if (standardErrors is not null && standardErrors.Count != _parameters.Length)
        {
            throw new ArgumentException($"field 'standardErrors': expected {_parameters.Length} values, one per parameter; got {standardErrors.Count}.", nameof(standardErrors));
        }

        if (covariance is not null && covariance.Dimension != _parameters.Length)
        {
            throw new ArgumentException($"field 'covariance': expected {_parameters.Length} x {_parameters.Length}; got {covariance.Dimension} x {covariance.Dimension}.", nameof(covariance));
        }

        return new LifetimeModelDocument(this, standardErrors?.ToArray(), covariance, fit, dataFingerprint);
    }

    private static CovarianceMatrix Reorder(CovarianceMatrix source, KeyValuePair<string, double>[] parameters)
    {
        int k = parameters.Length;
        var map = new int[k];
        for (int i = 0; i < k; i++)
        {
            map[i] = IndexOf(source.ParameterNames, parameters[i].Key);
        }

        var values = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                values[i, j] = source[map[i], map[j]];
            }
        }

        return new CovarianceMatrix([.. parameters.Select(p => p.Key)], values);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>The statistics of a maximum-likelihood fit as stored in a model file.</summary>
/// <param name="LogLikelihood">The log-likelihood at the fitted parameters.</param>
/// <param name="Converged">Whether the optimiser converged.</param>
/// <param name="StopReason">Why the optimiser stopped (for example <c>GradientTolerance</c>).</param>
/// <param name="Customers">The number of customers fitted on.</param>
/// <param name="Iterations">Optimiser iterations.</param>
/// <param name="Aic">Akaike information criterion.</param>
/// <param name="Bic">Bayesian information criterion.</param>
public sealed record FitSummary(double LogLikelihood, bool Converged, string? StopReason, double Customers, int Iterations, double Aic, double Bic)
{
    /// <summary>True when a parameter ran to a boundary of the parameter space (see <see cref="Diagnostics"/>).</summary>
    public bool Degenerate { get; init; }

    /// <summary>The fit's findings in plain words (<see cref="Fitting.FitResult{TParameters}.Diagnostics"/>); empty for a clean fit.</summary>
    public IReadOnlyList<string> Diagnostics { get; init; } = [];

    /// <summary>Value equality, the diagnostics compared item by item.</summary>
    public bool Equals(FitSummary? other) =>
        other is not null && LogLikelihood.Equals(other.LogLikelihood) && Converged == other.Converged && StopReason == other.StopReason
        && Customers.Equals(other.Customers) && Iterations == other.Iterations && Aic.Equals(other.Aic) && Bic.Equals(other.Bic)
        && Degenerate == other.Degenerate && Diagnostics.SequenceEqual(other.Diagnostics);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(LogLikelihood, Converged, StopReason, Customers, Iterations, Degenerate, Diagnostics.Count);
}
