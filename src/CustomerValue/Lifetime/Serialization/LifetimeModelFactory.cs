using CustomerValue.Lifetime.Fitting;
using CustomerValue.Summaries;

namespace CustomerValue.Lifetime.Serialization;

/// <summary>
/// Turns model documents into usable models and back, fits a model named as in a model file, and builds the
/// delta-method <see cref="PredictionIntervals"/> of a loaded model.
/// </summary>
/// <remarks>Static and thread-safe.</remarks>
public static class LifetimeModelFactory
{
    /// <summary>The repeat-purchase model (<c>bgnbd</c>, <c>mbgnbd</c> or <c>pnbd</c>) a document describes.</summary>
    /// <exception cref="ArgumentException">The document holds a spend model, or the model rejects a parameter value; the message names it.</exception>
    public static IRepeatPurchaseModel CreateRepeatPurchaseModel(LifetimeModelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return CreateRepeatPurchaseModel(document.Model, document.TimeUnit, [.. document.Parameters.Select(p => p.Value)]);
    }

    /// <summary>The spend model (<c>gg</c>) a document describes.</summary>
    /// <exception cref="ArgumentException">The document holds a repeat-purchase model, or the model rejects a parameter value.</exception>
    public static ISpendModel CreateSpendModel(LifetimeModelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return CreateSpendModel(document.Model, [.. document.Parameters.Select(p => p.Value)]);
    }

    /// <summary>The BG/BB model (<c>bgbb</c>) a document describes.</summary>
    /// <exception cref="ArgumentException">The document holds another model.</exception>
    public static BgBbModel CreateBgBbModel(LifetimeModelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Expect(document, LifetimeModelNames.BgBb);
        return (BgBbModel)LifetimeModelCatalog.BgBb.Create(document);
    }

    /// <summary>The shifted-beta-geometric retention model (<c>sbg</c>) a document describes.</summary>
    /// <exception cref="ArgumentException">The document holds another model.</exception>
    public static ShiftedBetaGeometricModel CreateShiftedBetaGeometricModel(LifetimeModelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Expect(document, LifetimeModelNames.ShiftedBetaGeometric);
        return (ShiftedBetaGeometricModel)LifetimeModelCatalog.ShiftedBetaGeometric.Create(document);
    }

    /// <summary>The document of a BG/BB model; <paramref name="period"/> is the length of one opportunity (for example a year).</summary>
    public static LifetimeModelDocument ToDocument(BgBbModel model, TimeUnit period)
    {
        ArgumentNullException.ThrowIfNull(model);
        return LifetimeModelDocument.Create(LifetimeModelNames.BgBb, period, model.Parameters.ToNamedValues());
    }

    /// <summary>The document of an sBG model; <paramref name="period"/> is the length of one renewal period (for example a year).</summary>
    public static LifetimeModelDocument ToDocument(ShiftedBetaGeometricModel model, TimeUnit period)
    {
        ArgumentNullException.ThrowIfNull(model);
        return LifetimeModelDocument.Create(LifetimeModelNames.ShiftedBetaGeometric, period, model.Parameters.ToNamedValues());
    }

    /// <summary>The document of a repeat-purchase model (parameters only; use <see cref="LifetimeModelDocument.FromFit"/> to keep the fit statistics).</summary>
    public static LifetimeModelDocument ToDocument(IRepeatPurchaseModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return LifetimeModelDocument.Create(LifetimeModelNames.Of(model.Kind), model.TimeUnit, model.Parameters);
    }

    /// <summary>The document of a spend model (parameters only); <paramref name="timeUnit"/> is the unit of the data it belongs to.</summary>
    /// <exception cref="ArgumentException">The spend model is not one this library can write (only Gamma-Gamma).</exception>
    public static LifetimeModelDocument ToDocument(ISpendModel model, TimeUnit timeUnit)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model is GammaGammaModel
            ? LifetimeModelDocument.Create(LifetimeModelNames.GammaGamma, timeUnit, model.Parameters)
            : throw new ArgumentException($"Spend model {model.GetType().Name} has no model-file name; only Gamma-Gamma ({LifetimeModelNames.GammaGamma}) can be written.", nameof(model));
    }

    /// <summary>
    /// Fits the named model to <paramref name="summaries"/> and returns its document with standard errors, covariance,
    /// fit statistics and the data fingerprint. A spend model (<c>gg</c>) is fitted on the customers with frequency &gt; 0
    /// and their monetary value.
    /// </summary>
    /// <exception cref="ArgumentException">The model name is unknown or the data cannot be fitted (for example no repeat customers for <c>gg</c>).</exception>
    public static LifetimeModelDocument Fit(string model, CustomerSummaries summaries, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var entry = LifetimeModelCatalog.Find(model)
            ?? throw new ArgumentException($"Unknown model '{model}'; expected one of {string.Join(", ", LifetimeModelNames.FittedOnSummaries)}.", nameof(model));
        return entry.FitOnSummaries is { } fit
            ? fit(summaries, options)
            : throw new ArgumentException($"Model '{model}' is not fitted on customer summaries: fit BG/BB on opportunity patterns (BgBbModel.Fit) and sBG on active-customer counts (ShiftedBetaGeometricModel.Fit), then use LifetimeModelDocument.FromFit.", nameof(model));
    }

    /// <summary>Delta-method intervals for the repeat-purchase model of <paramref name="document"/>, from its covariance.</summary>
    /// <exception cref="ArgumentException">The document has no covariance, or holds a spend model.</exception>
    public static PredictionIntervals Intervals(LifetimeModelDocument document, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(document);
        var covariance = document.Covariance ?? throw new ArgumentException($"Model '{document.Model}': the document has no covariance (fit the model, or add a covariance field) so no intervals can be computed.", nameof(document));
        string model = document.Model;
        var unit = document.TimeUnit;
        return new PredictionIntervals(CreateRepeatPurchaseModel(document), covariance, p => CreateRepeatPurchaseModel(model, unit, p), level);
    }

    /// <summary>Rebuilds a spend model of the same kind from parameter values in file order (for <see cref="PredictionIntervals"/>).</summary>
    /// <exception cref="ArgumentException">The document does not hold a spend model.</exception>
    public static Func<double[], ISpendModel> SpendModelBuilder(LifetimeModelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        string model = document.Model;
        _ = CreateSpendModel(document);
        return p => CreateSpendModel(model, p);
    }

    internal static IRepeatPurchaseModel CreateRepeatPurchaseModel(string model, TimeUnit unit, double[] p)
    {
        var entry = LifetimeModelCatalog.Find(model) ?? throw new ArgumentException($"Unknown repeat-purchase model '{model}'.", nameof(model));
        return entry.Role switch
        {
            LifetimeModelRole.RepeatPurchase => (IRepeatPurchaseModel)entry.Create(p, unit),
            LifetimeModelRole.Spend => throw new ArgumentException($"Model '{model}' is a spend model, not a repeat-purchase model; pass it as the spend model.", nameof(model)),
            _ => throw new ArgumentException($"Model '{model}' is a discrete-time model, not a continuous-time repeat-purchase model ({LifetimeModelCatalog.RepeatPurchaseNames}).", nameof(model)),
        };
    }

    private static void Expect(LifetimeModelDocument document, string model)
    {
        if (document.Model != model)
        {
            throw new ArgumentException($"The document holds model '{document.Model}', not '{model}'.", nameof(document));
        }
    }

    internal static ISpendModel CreateSpendModel(string model, double[] p)
    {
        var entry = LifetimeModelCatalog.Find(model) ?? throw new ArgumentException($"Unknown spend model '{model}'.", nameof(model));
        return entry.Role == LifetimeModelRole.Spend
            ? (ISpendModel)entry.Create(p, TimeUnit.Week)
            : throw new ArgumentException($"Model '{model}' is not a spend model (gg).", nameof(model));
    }
}
