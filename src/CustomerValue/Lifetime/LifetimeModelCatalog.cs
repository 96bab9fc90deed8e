using System.Globalization;
using CustomerValue.Lifetime.Fitting;
using CustomerValue.Lifetime.Serialization;
using CustomerValue.Summaries;

namespace CustomerValue.Lifetime;

/// <summary>What a model is used for, which decides the interface a loaded model has.</summary>
internal enum LifetimeModelRole
{
    /// <summary>A continuous-time repeat-purchase model (<see cref="IRepeatPurchaseModel"/>).</summary>
    RepeatPurchase,

    /// <summary>A spend model (<see cref="ISpendModel"/>).</summary>
    Spend,

    /// <summary>A discrete-opportunity model (<see cref="BgBbModel"/>).</summary>
    Discrete,

    /// <summary>A contractual retention model (<see cref="ShiftedBetaGeometricModel"/>).</summary>
    Contractual,
}

/// <summary>
/// The one description of a lifetime model (issue 12, item 4): its file and command-line name, role, parameter names in
/// file order, how it is built from parameter values, how it is fitted on customer summaries (when it is), and its file
/// form.
/// </summary>
internal sealed class LifetimeModelEntry
{
    private readonly Func<double[], TimeUnit, object> _create;

    internal LifetimeModelEntry(
        string name,
        string displayName,
        LifetimeModelRole role,
        RepeatPurchaseModelKind? kind,
        string[] parameterNames,
        Func<double[], TimeUnit, object> create,
        Func<CustomerSummaries, FitOptions?, LifetimeModelDocument>? fitOnSummaries)
    {
        Name = name;
        DisplayName = displayName;
        Role = role;
        Kind = kind;
        ParameterNames = parameterNames;
        _create = create;
        FitOnSummaries = fitOnSummaries;
    }

    /// <summary>The name in model files and on the command line (<c>bgnbd</c>, …).</summary>
    public string Name { get; }

    /// <summary>The name people read (<c>BG/NBD</c>, …).</summary>
    public string DisplayName { get; }

    /// <summary>What the model is used for.</summary>
    public LifetimeModelRole Role { get; }

    /// <summary>The repeat-purchase kind, for <see cref="LifetimeModelRole.RepeatPurchase"/> models.</summary>
    public RepeatPurchaseModelKind? Kind { get; }

    /// <summary>The parameter names in file order.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Fits the model on customer summaries and returns its document, or null when the model is fitted on other data.</summary>
    public Func<CustomerSummaries, FitOptions?, LifetimeModelDocument>? FitOnSummaries { get; }

    /// <summary>Builds the model from parameter values in file order.</summary>
    /// <exception cref="ArgumentException">A value is rejected by the model; the message names the model and parameter.</exception>
    public object Create(double[] values, TimeUnit unit)
    {
        if (values.Length != ParameterNames.Count)
        {
            throw new ArgumentException($"Model '{Name}' has {ParameterNames.Count} parameters ({string.Join(", ", ParameterNames)}); got {values.Length} values.", nameof(values));
        }

        try
        {
            return _create(values, unit);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"Model '{Name}', parameter '{e.ParamName}': {e.Message.Split(" (Parameter", 2)[0]}", e);
        }
    }

    /// <summary>Builds the model a document describes.</summary>
    public object Create(LifetimeModelDocument document) => Create([.. document.Parameters.Select(p => p.Value)], document.TimeUnit);

    /// <summary>The document (file form) of a model of this entry with the given parameter values.</summary>
    public LifetimeModelDocument ToDocument(IReadOnlyList<double> values, TimeUnit unit) =>
        LifetimeModelDocument.Create(Name, unit, ParameterNames.Select((n, i) => new KeyValuePair<string, double>(n, values[i])));

    /// <summary>Parameter values with their names, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Named(params double[] values) =>
        [.. ParameterNames.Select((n, i) => new KeyValuePair<string, double>(n, values[i]))];
}

/// <summary>
/// Every lifetime model, described once (issue 12, item 4), and the one path from a model file to a usable model: read,
/// refuse an unconverged or degenerate fit unless accepted (<see cref="LifetimeModelDocument.EnsureUsable"/>), check the
/// role, build.
/// </summary>
internal static class LifetimeModelCatalog
{
    /// <summary>BG/NBD.</summary>
    public static readonly LifetimeModelEntry BgNbd = new(
        LifetimeModelNames.BgNbd, "BG/NBD", LifetimeModelRole.RepeatPurchase, RepeatPurchaseModelKind.BgNbd, ["r", "alpha", "a", "b"],
        (p, unit) => new BgNbdModel(BgNbdParameters.Create(p[0], p[1], p[2], p[3]), unit),
        (summaries, options) => FitBgNbd(summaries, options, modified: false));

    /// <summary>MBG/NBD.</summary>
    public static readonly LifetimeModelEntry ModifiedBgNbd = new(
        LifetimeModelNames.ModifiedBgNbd, "MBG/NBD", LifetimeModelRole.RepeatPurchase, RepeatPurchaseModelKind.ModifiedBgNbd, ["r", "alpha", "a", "b"],
        (p, unit) => new ModifiedBgNbdModel(ModifiedBgNbdParameters.Create(p[0], p[1], p[2], p[3]), unit),
        (summaries, options) => FitBgNbd(summaries, options, modified: true));

    /// <summary>Pareto/NBD.</summary>
    public static readonly LifetimeModelEntry ParetoNbd = new(
        LifetimeModelNames.ParetoNbd, "Pareto/NBD", LifetimeModelRole.RepeatPurchase, RepeatPurchaseModelKind.ParetoNbd, ["r", "alpha", "s", "beta"],
        (p, unit) => new ParetoNbdModel(ParetoNbdParameters.Create(p[0], p[1], p[2], p[3]), unit),
        (summaries, options) => LifetimeModelDocument.FromFit(LifetimeModelNames.ParetoNbd, summaries.TimeUnit, ParetoNbdModel.Fit(summaries, options), DataFingerprint.ForRepeatPurchases(summaries)));

    /// <summary>Gamma-Gamma spend.</summary>
    public static readonly LifetimeModelEntry GammaGamma = new(
        LifetimeModelNames.GammaGamma, "Gamma-Gamma", LifetimeModelRole.Spend, null, ["p", "q", "gamma"],
        (p, _) => p[1] > 1
            ? new GammaGammaModel(GammaGammaParameters.Create(p[0], p[1], p[2]))
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Model 'gg', parameter 'q': q = {p[1]:G6} <= 1, so the expected spend is undefined (infinite) for a customer without repeat purchases (the population mean p·gamma/(q - 1)) and for every customer with p·x + q <= 1; such a model cannot value customers. Refit on more repeat customers.")),
        (summaries, options) => LifetimeModelDocument.FromFit(LifetimeModelNames.GammaGamma, summaries.TimeUnit, GammaGammaModel.Fit(summaries, options), DataFingerprint.ForSpend(summaries)));

    /// <summary>BG/BB (discrete opportunities; fitted on opportunity patterns).</summary>
    public static readonly LifetimeModelEntry BgBb = new(
        LifetimeModelNames.BgBb, "BG/BB", LifetimeModelRole.Discrete, null, ["alpha", "beta", "gamma", "delta"],
        (p, _) => new BgBbModel(BgBbParameters.Create(p[0], p[1], p[2], p[3])),
        null);

    /// <summary>Shifted-beta-geometric retention (fitted on cohort survivor counts).</summary>
    public static readonly LifetimeModelEntry ShiftedBetaGeometric = new(
        LifetimeModelNames.ShiftedBetaGeometric, "sBG", LifetimeModelRole.Contractual, null, ["alpha", "beta"],
        (p, _) => new ShiftedBetaGeometricModel(ShiftedBetaGeometricParameters.Create(p[0], p[1])),
        null);

    /// <summary>Every model, in the order of <see cref="LifetimeModelNames.All"/>.</summary>
    public static readonly IReadOnlyList<LifetimeModelEntry> All = [BgNbd, ModifiedBgNbd, ParetoNbd, GammaGamma, BgBb, ShiftedBetaGeometric];

    /// <summary>The names of the repeat-purchase models, for messages ("bgnbd, mbgnbd or pnbd").</summary>
    public static string RepeatPurchaseNames => Names(LifetimeModelRole.RepeatPurchase, "or");

    /// <summary>The entry named <paramref name="name"/>, or null.</summary>
    public static LifetimeModelEntry? Find(string? name) => All.FirstOrDefault(e => e.Name == name);

    /// <summary>The entry named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static LifetimeModelEntry Get(string name) =>
        Find(name) ?? throw new ArgumentException($"Unknown model '{name}'; expected one of {string.Join(", ", All.Select(e => e.Name))}.", nameof(name));

    /// <summary>The entry of a repeat-purchase kind.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind is not defined.</exception>
    public static LifetimeModelEntry Of(RepeatPurchaseModelKind kind) =>
        All.FirstOrDefault(e => e.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown repeat-purchase model kind.");

    /// <summary>The names of the models with <paramref name="role"/>, joined for a message.</summary>
    public static string Names(LifetimeModelRole role, string conjunction)
    {
        var names = All.Where(e => e.Role == role).Select(e => e.Name).ToArray();
        return names.Length == 1 ? names[0] : string.Join(", ", names[..^1]) + " " + conjunction + " " + names[^1];
    }

    /// <summary>
    /// Reads a repeat-purchase model file for predictions: refuses a fit that did not converge or is degenerate unless
    /// <paramref name="acceptUnconverged"/>, refuses another kind of model with a message that names
    /// <paramref name="option"/> and the file, and builds the model.
    /// </summary>
    public static IRepeatPurchaseModel LoadRepeatPurchaseModel(string path, bool acceptUnconverged, string? option, string spendOption = "--spend-model") =>
        RepeatPurchaseModel(LifetimeModelJson.ReadUsableFile(path, acceptUnconverged), Path.GetFileName(path), option, spendOption);

    /// <summary>Reads a spend model file for predictions (see <see cref="LoadRepeatPurchaseModel"/>).</summary>
    public static ISpendModel LoadSpendModel(string path, bool acceptUnconverged, string? option) =>
        SpendModel(LifetimeModelJson.ReadUsableFile(path, acceptUnconverged), Path.GetFileName(path), option);

    /// <summary>The repeat-purchase model a document describes; another kind of model is refused naming <paramref name="option"/> and <paramref name="source"/>.</summary>
    public static IRepeatPurchaseModel RepeatPurchaseModel(LifetimeModelDocument document, string source, string? option, string spendOption = "--spend-model")
    {
        var entry = Get(document.Model);
        return entry.Role switch
        {
            LifetimeModelRole.RepeatPurchase => (IRepeatPurchaseModel)Create(entry, document, source, option),
            LifetimeModelRole.Spend => throw new ArgumentException(
                $"{Prefix(option)}'{source}' holds a spend model ({entry.Name}); pass it with {spendOption} and give a repeat-purchase model ({RepeatPurchaseNames}) here."),
            _ => throw new ArgumentException(
                $"{Prefix(option)}'{source}' holds a {entry.Name} model ({entry.DisplayName}, {(entry.Role == LifetimeModelRole.Discrete ? "discrete opportunities" : "contractual retention")}); this needs a continuous-time repeat-purchase model ({RepeatPurchaseNames})."),
        };
    }

    /// <summary>The spend model a document describes; another kind of model is refused naming <paramref name="option"/> and <paramref name="source"/>.</summary>
    public static ISpendModel SpendModel(LifetimeModelDocument document, string source, string? option)
    {
        var entry = Get(document.Model);
        return entry.Role == LifetimeModelRole.Spend
            ? (ISpendModel)Create(entry, document, source, option)
            : throw new ArgumentException($"{Prefix(option)}'{source}' holds a {entry.Name} model ({entry.DisplayName}), not a spend model ({Names(LifetimeModelRole.Spend, "or")}).");
    }

    /// <summary>Builds the model, naming the option and file in a refusal.</summary>
    private static object Create(LifetimeModelEntry entry, LifetimeModelDocument document, string source, string? option)
    {
        try
        {
            return entry.Create(document);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{Prefix(option)}'{source}': {e.Message}", e);
        }
    }

    private static string Prefix(string? option) => option is null ? string.Empty : option + ": ";

    private static LifetimeModelDocument FitBgNbd(CustomerSummaries summaries, FitOptions? options, bool modified)
    {
        // One compression (a sort) serves the fit and the fingerprint.
        // The fingerprint (a hash of the rows, independent of the fit) is computed beside the fit.
        var rows = WeightedSummaries.Compress(summaries.Frequency, summaries.Recency, summaries.Age);
        var fingerprint = Task.Run(() => DataFingerprint.Compute(rows));
        var estimate = BgNbdModel.FitCore(rows, options, modified, modified ? "MBG/NBD" : "BG/NBD");
        var p = estimate.Parameters;
        return modified
            ? LifetimeModelDocument.FromFit(LifetimeModelNames.ModifiedBgNbd, summaries.TimeUnit, new FitResult<ModifiedBgNbdParameters>(ModifiedBgNbdParameters.Create(p[0], p[1], p[2], p[3]), estimate), fingerprint.GetAwaiter().GetResult())
            : LifetimeModelDocument.FromFit(LifetimeModelNames.BgNbd, summaries.TimeUnit, new FitResult<BgNbdParameters>(BgNbdParameters.Create(p[0], p[1], p[2], p[3]), estimate), fingerprint.GetAwaiter().GetResult());
    }
}
