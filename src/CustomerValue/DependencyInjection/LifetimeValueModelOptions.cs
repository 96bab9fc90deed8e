using System.Globalization;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;

namespace CustomerValue;

/// <summary>
/// The lifetime-value section of <see cref="CustomerValueOptions"/>: which fitted models to use (in code or as model
/// files written by <c>customer-value fit</c>) and the horizon, discount rate and margin.
/// </summary>
/// <remarks>
/// Mutable only while the options are being configured (see <see cref="CustomerValueOptions"/>). Give exactly one
/// repeat-purchase model (<see cref="PurchaseModel"/> or <see cref="ModelFile"/>) and at most one spend source
/// (<see cref="SpendModel"/>, <see cref="SpendModelFile"/> or <see cref="SpendPerPurchase"/>; with none, value is
/// counted at one currency unit per purchase). Without a repeat-purchase model the other calculators still resolve;
/// only <see cref="ICustomerLifetimeValueCalculator"/> does not.
/// </remarks>
public sealed class LifetimeValueModelOptions
{
    /// <summary>A fitted repeat-purchase model (BG/NBD, MBG/NBD, Pareto/NBD), or null.</summary>
    public IRepeatPurchaseModel? PurchaseModel { get; set; }

    /// <summary>A repeat-purchase model file (JSON written by <c>customer-value fit</c> or <see cref="LifetimeModelJson"/>), or null.</summary>
    public string? ModelFile { get; set; }

    /// <summary>A fitted spend model (Gamma-Gamma), or null.</summary>
    public ISpendModel? SpendModel { get; set; }

    /// <summary>A spend model file (JSON of a Gamma-Gamma fit), or null.</summary>
    public string? SpendModelFile { get; set; }

    /// <summary>A fixed spend per purchase (finite, ≥ 0) instead of a spend model, or null.</summary>
    public double? SpendPerPurchase { get; set; }

    /// <summary>How far ahead purchases are counted, in the repeat-purchase model's time unit; null (default) = one year in that unit.</summary>
    public double? Horizon { get; set; }

    /// <summary>The discount rate as a fraction per <see cref="DiscountRatePeriod"/> (finite, ≥ 0). Default 0.1.</summary>
    public double DiscountRate { get; set; } = 0.1;

    /// <summary>The period <see cref="DiscountRate"/> applies to. Default <see cref="TimeUnit.Year"/>.</summary>
    public TimeUnit DiscountRatePeriod { get; set; } = TimeUnit.Year;

    /// <summary>Discrete (default) or continuous discounting.</summary>
    public DiscountingMethod Method { get; set; } = DiscountingMethod.Discrete;

    /// <summary>For discrete discounting, the period length in model time units (finite, &gt; 0). Default 1.</summary>
    public double PeriodLength { get; set; } = 1;

    /// <summary>The margin as a fraction of spend (finite, ≤ 1). Default 1: value is revenue.</summary>
    public double MarginRate { get; set; } = 1;

    /// <summary>
    /// Use a model file whose fit did not converge or is degenerate (as the file's fit section says); false (default)
    /// refuses such a file at start-up, as the command line does without <c>--accept-unconverged</c>.
    /// </summary>
    public bool AcceptUnconverged { get; set; }

    /// <summary>Whether a repeat-purchase model is configured.</summary>
    internal bool HasPurchaseModel => PurchaseModel is not null || ModelFile is not null;

    /// <summary>Builds the calculator, adding a message for every invalid setting to <paramref name="errors"/>; null when any is invalid or no model is configured.</summary>
    internal ICustomerLifetimeValueCalculator? TryBuild(List<string> errors)
    {
        if (!TryResolve(errors, out var purchase, out var spend, out var options))
        {
            return null;
        }

        return spend is not null
            ? new CustomerLifetimeValueCalculator(purchase, spend, options)
            : new CustomerLifetimeValueCalculator(purchase, SpendPerPurchase ?? 1, options);
    }

    /// <summary>Loads the models and creates the value options, adding a message for every invalid setting to <paramref name="errors"/>; false when any is invalid or no repeat-purchase model is configured.</summary>
    internal bool TryResolve(List<string> errors, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IRepeatPurchaseModel? purchaseModel, out ISpendModel? spendModel, out LifetimeValueOptions valueOptions)
    {
        valueOptions = default;
        int before = errors.Count;
        LoadModels(errors, out purchaseModel, out spendModel);
        CheckSettings(errors);
        if (errors.Count > before || purchaseModel is null)
        {
            purchaseModel = null;
            spendModel = null;
            return false;
        }

        double horizon = Horizon ?? (TimeUnit.Year.DaysPerUnit() / purchaseModel.TimeUnit.DaysPerUnit());
        try
        {
            valueOptions = LifetimeValueOptions.Create(horizon, Lifetime.DiscountRate.Create(DiscountRate, DiscountRatePeriod), Method, PeriodLength, MarginRate);
        }
        catch (ArgumentException e)
        {
            errors.Add($"LifetimeValue: {FirstLine(e.Message)}");
            purchaseModel = null;
            spendModel = null;
            return false;
        }

        return true;
    }

    /// <summary>The discount rate with its period (a bare rate is per year).</summary>
    internal DiscountRate Rate => Lifetime.DiscountRate.Create(DiscountRate, DiscountRatePeriod);

    /// <summary>Loads the configured models (either may be null: none configured, or an error added to <paramref name="errors"/>) and checks the model sources.</summary>
    internal void LoadModels(List<string> errors, out IRepeatPurchaseModel? purchaseModel, out ISpendModel? spendModel)
    {
        const string Section = "LifetimeValue";
        IRepeatPurchaseModel? purchase = PurchaseModel;
        if (PurchaseModel is not null && ModelFile is not null)
        {
            errors.Add($"{Section}: set PurchaseModel or ModelFile, not both.");
        }
        else if (ModelFile is not null)
        {
            purchase = Load(ModelFile, nameof(ModelFile), errors, path => LifetimeModelCatalog.LoadRepeatPurchaseModel(path, AcceptUnconverged, null, nameof(SpendModelFile)));
        }

        int spendSources = (SpendModel is null ? 0 : 1) + (SpendModelFile is null ? 0 : 1) + (SpendPerPurchase is null ? 0 : 1);
        if (spendSources > 1)
        {
            errors.Add($"{Section}: set at most one of SpendModel, SpendModelFile and SpendPerPurchase.");
        }

        ISpendModel? spend = SpendModel;
        if (SpendModelFile is not null)
        {
            spend = Load(SpendModelFile, nameof(SpendModelFile), errors, path => LifetimeModelCatalog.LoadSpendModel(path, AcceptUnconverged, null));
        }

        if (spendSources > 0 && !HasPurchaseModel)
        {
            errors.Add($"{Section}: a spend source is set but no repeat-purchase model; set PurchaseModel or ModelFile.");
        }

        purchaseModel = purchase;
        spendModel = spend;
    }

    /// <summary>Checks the settings other than the models.</summary>
    internal void CheckSettings(List<string> errors)
    {
        const string Section = "LifetimeValue";
        if (SpendPerPurchase is { } fixedSpend && (!double.IsFinite(fixedSpend) || fixedSpend < 0))
        {
            errors.Add(Text($"{Section}.SpendPerPurchase must be finite and >= 0 (got {fixedSpend})."));
        }

        if (Horizon is { } h && (!double.IsFinite(h) || h < 0))
        {
            errors.Add(Text($"{Section}.Horizon must be finite and >= 0 (got {h})."));
        }

        if (!double.IsFinite(DiscountRate) || DiscountRate < 0)
        {
            errors.Add(Text($"{Section}.DiscountRate must be a finite fraction >= 0, e.g. 0.1 for 10% (got {DiscountRate})."));
        }

        if (!Enum.IsDefined(DiscountRatePeriod))
        {
            errors.Add($"{Section}.DiscountRatePeriod is not a defined time unit ({DiscountRatePeriod}).");
        }

        if (!Enum.IsDefined(Method))
        {
            errors.Add($"{Section}.Method is not a defined discounting method ({Method}).");
        }

        if (!double.IsFinite(PeriodLength) || PeriodLength <= 0)
        {
            errors.Add(Text($"{Section}.PeriodLength must be finite and > 0 (got {PeriodLength})."));
        }

        if (!double.IsFinite(MarginRate) || MarginRate > 1)
        {
            errors.Add(Text($"{Section}.MarginRate must be a finite fraction <= 1 (got {MarginRate})."));
        }

    }

    private static T? Load<T>(string path, string field, List<string> errors, Func<string, T> create)
        where T : class
    {
        if (!File.Exists(path))
        {
            errors.Add($"LifetimeValue.{field}: the file '{path}' does not exist.");
            return null;
        }

        try
        {
            return create(path);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
        {
            // The usability check speaks of the CLI's option; here the setting is LifetimeValue.AcceptUnconverged.
            errors.Add($"LifetimeValue.{field}: {FirstLine(e.Message).Replace("pass --accept-unconverged", "set LifetimeValue.AcceptUnconverged", StringComparison.Ordinal)}");
            return null;
        }
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd();
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
