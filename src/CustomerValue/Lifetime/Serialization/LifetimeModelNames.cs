namespace CustomerValue.Lifetime.Serialization;

/// <summary>
/// The model names used in model files and on the command line, and each model's parameter names in file order.
/// </summary>
/// <remarks>Static and thread-safe.</remarks>
public static class LifetimeModelNames
{
    /// <summary>BG/NBD (Fader, Hardie &amp; Lee 2005): parameters <c>r, alpha, a, b</c>.</summary>
    public const string BgNbd = "bgnbd";

    /// <summary>MBG/NBD (Batislam, Denizel &amp; Filiztekin 2007): parameters <c>r, alpha, a, b</c>.</summary>
    public const string ModifiedBgNbd = "mbgnbd";

    /// <summary>Pareto/NBD (Schmittlein, Morrison &amp; Colombo 1987): parameters <c>r, alpha, s, beta</c>.</summary>
    public const string ParetoNbd = "pnbd";

    /// <summary>Gamma-Gamma spend (Fader, Hardie &amp; Lee 2005; Fader &amp; Hardie 2013): parameters <c>p, q, gamma</c>.</summary>
    public const string GammaGamma = "gg";

    /// <summary>BG/BB (Fader, Hardie &amp; Shang 2010), discrete opportunities: parameters <c>alpha, beta, gamma, delta</c>.</summary>
    public const string BgBb = "bgbb";

    /// <summary>Shifted-beta-geometric contractual retention (Fader &amp; Hardie 2007): parameters <c>alpha, beta</c>.</summary>
    public const string ShiftedBetaGeometric = "sbg";

    /// <summary>Every known model name.</summary>
    public static IReadOnlyList<string> All { get; } = [.. LifetimeModelCatalog.All.Select(e => e.Name)];

    /// <summary>The models fitted on customer summaries (frequency, recency, T, monetary value): what <c>customer-value fit</c> accepts.</summary>
    public static IReadOnlyList<string> FittedOnSummaries { get; } = [.. LifetimeModelCatalog.All.Where(e => e.FitOnSummaries is not null).Select(e => e.Name)];

    /// <summary>The continuous-time repeat-purchase models (loaded as an <see cref="IRepeatPurchaseModel"/>).</summary>
    public static IReadOnlyList<string> RepeatPurchaseModels { get; } = [.. LifetimeModelCatalog.All.Where(e => e.Role == LifetimeModelRole.RepeatPurchase).Select(e => e.Name)];

    /// <summary>True when <paramref name="model"/> is a known model name (exact, lower case).</summary>
    public static bool IsKnown(string? model) => LifetimeModelCatalog.Find(model) is not null;

    /// <summary>The parameter names of <paramref name="model"/>, in file order.</summary>
    /// <exception cref="ArgumentException">The model name is unknown.</exception>
    public static IReadOnlyList<string> ParameterNames(string model) =>
        LifetimeModelCatalog.Find(model) is { } entry
            ? entry.ParameterNames
            : throw new ArgumentException($"Unknown model '{model}'; expected one of {string.Join(", ", All)}.", nameof(model));

    /// <summary>The file name of a repeat-purchase model kind.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind is not defined.</exception>
    public static string Of(RepeatPurchaseModelKind kind) => LifetimeModelCatalog.Of(kind).Name;

    /// <summary>True when the model is a spend model (loaded as an <see cref="ISpendModel"/>) rather than a repeat-purchase model.</summary>
    public static bool IsSpendModel(string model) => LifetimeModelCatalog.Find(model)?.Role == LifetimeModelRole.Spend;

    /// <summary>True when the model is a continuous-time repeat-purchase model (BG/NBD, MBG/NBD, Pareto/NBD).</summary>
    public static bool IsRepeatPurchaseModel(string model) => LifetimeModelCatalog.Find(model)?.Role == LifetimeModelRole.RepeatPurchase;
}
