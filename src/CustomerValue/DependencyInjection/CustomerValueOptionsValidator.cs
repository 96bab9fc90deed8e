using CustomerValue.Segmentation;
using Microsoft.Extensions.Options;

namespace CustomerValue;

/// <summary>
/// Checks every section of <see cref="CustomerValueOptions"/> and reports every invalid setting at once, including the
/// rules across fields (ABC thresholds in order, the segment map on the RFM scale, one model source, model files that
/// exist and hold the right kind of model).
/// </summary>
/// <remarks>
/// Registered by <see cref="CustomerValueServiceCollectionExtensions.AddCustomerValue(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{CustomerValueOptions}?)"/>
/// with <c>ValidateOnStart</c>, so a host fails at start-up with an <see cref="OptionsValidationException"/> whose
/// <see cref="OptionsValidationException.Failures"/> list every problem. Stateless and thread-safe.
/// </remarks>
public sealed class CustomerValueOptionsValidator : IValidateOptions<CustomerValueOptions>
{
    /// <summary>Validates the options.</summary>
    /// <param name="name">The options name (any).</param>
    /// <param name="options">The options to check.</param>
    /// <returns>Success, or a failure listing every invalid setting.</returns>
    public ValidateOptionsResult Validate(string? name, CustomerValueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every error message for the options (empty when valid).</summary>
    internal static List<string> Collect(CustomerValueOptions options)
    {
        var errors = new List<string>(options.ConfigurationErrors);
        Required(options.ShareOfWallet, nameof(options.ShareOfWallet), errors, o => o.Validate());
        if (!Enum.IsDefined(options.WalletEstimation))
        {
            errors.Add($"WalletEstimation is not a defined method ({options.WalletEstimation}).");
        }

        Required(options.QuantileRegressionWallet, nameof(options.QuantileRegressionWallet), errors, o => o.Validate());
        Required(options.NearestNeighbourWallet, nameof(options.NearestNeighbourWallet), errors, o => o.Validate());
        Required(options.Concentration, nameof(options.Concentration), errors, o => o.Validate());
        Required(options.ChurnWarning, nameof(options.ChurnWarning), errors, o => o.Validate());
        Required(options.ValueTiers, nameof(options.ValueTiers), errors, _ => { });
        Required(options.Rfm, nameof(options.Rfm), errors, _ => { });
        if (options.RfmClusters is < 1 or > 100)
        {
            errors.Add(FormattableString.Invariant($"RfmClusters must be in 1..100 (got {options.RfmClusters})."));
        }

        var map = SegmentMapOf(options, errors);
        if (map is not null && options.Rfm is not null && map.Bins != options.Rfm.Bins)
        {
            errors.Add(FormattableString.Invariant($"SegmentMap '{map.Name}' is defined on {map.Bins} bins but Rfm.Bins is {options.Rfm.Bins}; they must match."));
        }

        if (!Enum.IsDefined(options.TimeUnit))
        {
            errors.Add($"TimeUnit is not a defined time unit ({options.TimeUnit}).");
        }

        if (options.ChurnWindowDays is < 1 or > 3650)
        {
            errors.Add(FormattableString.Invariant($"ChurnWindowDays must be in 1..3650 (got {options.ChurnWindowDays})."));
        }

        if (options.ScoringMaxDegreeOfParallelism != -1 && options.ScoringMaxDegreeOfParallelism < 1)
        {
            errors.Add(FormattableString.Invariant($"ScoringMaxDegreeOfParallelism must be -1 (every core) or at least 1 (got {options.ScoringMaxDegreeOfParallelism})."));
        }

        options.LifetimeValue.TryBuild(errors);
        return errors;
    }

    /// <summary>The segment map in use: the file when one is named, else <see cref="CustomerValueOptions.SegmentMap"/>; null (with an error) when it cannot be had.</summary>
    internal static ISegmentMap? SegmentMapOf(CustomerValueOptions options, List<string> errors)
    {
        if (options.SegmentMapFile is { } path)
        {
            if (options.SegmentMap is not null && !ReferenceEquals(options.SegmentMap, SegmentMap.RecencyFrequencyGrid))
            {
                errors.Add($"SegmentMap ('{options.SegmentMap.Name}') and SegmentMapFile ('{path}') are both set; give one.");
                return null;
            }

            if (!File.Exists(path))
            {
                errors.Add($"SegmentMapFile: the file '{path}' does not exist.");
                return null;
            }

            try
            {
                return SegmentMap.LoadJson(path);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
            {
                errors.Add($"SegmentMapFile: {e.Message}");
                return null;
            }
        }

        if (options.SegmentMap is null)
        {
            errors.Add("SegmentMap must not be null.");
        }

        return options.SegmentMap;
    }

    private static void Required<T>(T? section, string name, List<string> errors, Action<T> validate)
        where T : class
    {
        if (section is null)
        {
            errors.Add($"{name} must not be null.");
            return;
        }

        try
        {
            validate(section);
        }
        catch (ArgumentException e)
        {
            errors.Add($"{name}: {e.Message}");
        }
    }
}
