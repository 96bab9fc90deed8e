using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using CustomerValue.Segmentation;
using Microsoft.Extensions.Configuration;

namespace CustomerValue;

/// <summary>
/// Reads a configuration section into <see cref="CustomerValueOptions"/>: every setting of every section, the segment
/// map by name, and every problem (an unknown key, a value that does not parse or is out of range) collected into
/// <see cref="CustomerValueOptions.ConfigurationErrors"/> for the validator to report with the rest, at once.
/// </summary>
/// <remarks>
/// <para>Keys are matched case-insensitively, numbers are read in the invariant culture, enumerations by name
/// (case-insensitive), and an empty value (JSON <c>null</c>) clears a nullable setting.</para>
/// <para>Each record section (<see cref="CustomerValueOptions.ChurnWarning"/> and the others) is replaced by a changed
/// copy (<c>with</c>), never written into, so no instance shared with anything else (such as
/// <see cref="Churn.ChurnWarningOptions.Default"/>) can change. Settings that hold objects (a fitted model, an
/// <see cref="ISegmentMap"/> of your own) cannot come from configuration; the error says which setting to use instead.</para>
/// <para>Trimming-safe: it reflects only over the public properties of the option types it names.</para>
/// </remarks>
internal static class CustomerValueConfiguration
{
    /// <summary>The names <c>"SegmentMap"</c> takes in configuration, as the command line's <c>--segment-map</c>.</summary>
    internal static readonly IReadOnlyDictionary<string, SegmentMap> SegmentMapNames = new Dictionary<string, SegmentMap>(StringComparer.OrdinalIgnoreCase)
    {
        ["grid"] = SegmentMap.RecencyFrequencyGrid,
        ["classic"] = SegmentMap.ClassicRfm,
    };

    /// <summary>Applies <paramref name="configuration"/> to <paramref name="options"/>, adding an error for everything it cannot apply.</summary>
    public static void Bind(IConfiguration configuration, CustomerValueOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.ConfigurationErrors;
        string prefix = configuration is IConfigurationSection section ? section.Path + ":" : string.Empty;
        var sections = new Dictionary<string, Action<IConfigurationSection>>(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(CustomerValueOptions.LifetimeValue)] = s => BindProperties(s, options.LifetimeValue, errors, LifetimeValueHints),
            [nameof(CustomerValueOptions.ShareOfWallet)] = s => options.ShareOfWallet = BindCopy(s, options.ShareOfWallet, o => o with { }, errors),
            [nameof(CustomerValueOptions.QuantileRegressionWallet)] = s => options.QuantileRegressionWallet = BindCopy(s, options.QuantileRegressionWallet, o => o with { }, errors),
            [nameof(CustomerValueOptions.NearestNeighbourWallet)] = s => options.NearestNeighbourWallet = BindCopy(s, options.NearestNeighbourWallet, o => o with { }, errors),
            [nameof(CustomerValueOptions.Rfm)] = s => options.Rfm = BindCopy(s, options.Rfm, o => o with { }, errors),
            [nameof(CustomerValueOptions.Concentration)] = s => options.Concentration = BindCopy(s, options.Concentration, o => o with { }, errors),
            [nameof(CustomerValueOptions.ValueTiers)] = s => options.ValueTiers = BindCopy(s, options.ValueTiers, o => o with { }, errors),
            [nameof(CustomerValueOptions.ChurnWarning)] = s => options.ChurnWarning = BindCopy(s, options.ChurnWarning, o => o with { }, errors),
        };

        foreach (var child in configuration.GetChildren())
        {
            if (child.Key.Equals(nameof(CustomerValueOptions.SegmentMap), StringComparison.OrdinalIgnoreCase))
            {
                BindSegmentMap(child, options, errors);
            }
            else if (sections.TryGetValue(child.Key, out var bind))
            {
                if (child.Value is { Length: > 0 } && !child.GetChildren().Any())
                {
                    errors.Add($"{child.Path}: is a section of settings, not a value.");
                    continue;
                }

                bind(child);
            }
            else
            {
                BindOne(child, options, errors, TopLevelHints, prefix);
            }
        }
    }

    private static void BindSegmentMap(IConfigurationSection child, CustomerValueOptions options, List<string> errors)
    {
        if (child.GetChildren().Any())
        {
            errors.Add($"{child.Path}: give a preset by name ({string.Join(" or ", SegmentMapNames.Keys)}); a map of your own goes in a JSON file named by SegmentMapFile.");
            return;
        }

        if (string.IsNullOrWhiteSpace(child.Value))
        {
            errors.Add($"{child.Path}: is empty; give {string.Join(" or ", SegmentMapNames.Keys)}, or leave it out for the default (grid).");
            return;
        }

        if (SegmentMapNames.TryGetValue(child.Value.Trim(), out var map))
        {
            options.SegmentMap = map;
            return;
        }

        errors.Add($"{child.Path}: '{child.Value}' is not a segment map; give {string.Join(" or ", SegmentMapNames.Keys)}, or name a JSON map file with SegmentMapFile.");
    }

    private static T BindCopy<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(IConfigurationSection section, T current, Func<T, T> copy, List<string> errors)
        where T : class
    {
        if (current is null)
        {
            errors.Add($"{section.Path}: the section is null in code; it cannot be configured.");
            return current!;
        }

        var changed = copy(current);
        BindProperties(section, changed, errors, NoHints);
        return changed;
    }

    private static void BindProperties<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(IConfigurationSection section, T target, List<string> errors, IReadOnlyDictionary<string, string> hints)
        where T : class
    {
        foreach (var child in section.GetChildren())
        {
            BindOne(child, target, errors, hints, section.Path + ":");
        }
    }

    private static void BindOne<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(IConfigurationSection child, T target, List<string> errors, IReadOnlyDictionary<string, string> hints, string prefix)
        where T : class
    {
        string path = prefix + child.Key;
        var property = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.Name.Equals(child.Key, StringComparison.OrdinalIgnoreCase));
        if (property is null || property.GetIndexParameters().Length > 0)
        {
            var known = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0)
                .Select(p => p.Name);
            string root = prefix.Length == 0 && typeof(T) == typeof(CustomerValueOptions)
                ? " (AddCustomerValue was given the configuration root: pass its section, e.g. configuration.GetSection(\"CustomerValue\"))"
                : string.Empty;
            errors.Add($"{path}: no such setting{root}; the settings here are {string.Join(", ", known)}.");
            return;
        }

        if (hints.TryGetValue(property.Name, out string? hint))
        {
            errors.Add($"{path}: {hint}");
            return;
        }

        if (property.SetMethod is not { IsPublic: true })
        {
            errors.Add($"{path}: cannot be set.");
            return;
        }

        if (child.GetChildren().Any())
        {
            errors.Add($"{path}: is a value, not a section.");
            return;
        }

        if (!TryConvert(child.Value, property.PropertyType, out object? value, out string? problem))
        {
            errors.Add($"{path}: {problem}");
            return;
        }

        try
        {
            property.SetValue(target, value);
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
        {
            errors.Add($"{path}: {FirstLine(inner.Message)}");
        }
    }

    private static bool TryConvert(string? text, Type type, out object? value, [NotNullWhen(false)] out string? problem)
    {
        value = null;
        problem = null;
        var underlying = Nullable.GetUnderlyingType(type);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (underlying is not null || type == typeof(string))
            {
                return true;
            }

            problem = "is empty; give a value or leave the setting out for its default.";
            return false;
        }

        var target = underlying ?? type;
        text = text.Trim();
        if (target == typeof(string))
        {
            value = text;
        }
        else if (target == typeof(double))
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            {
                problem = $"'{text}' is not a number (use a dot for decimals, e.g. 0.1).";
                return false;
            }

            value = d;
        }
        else if (target == typeof(int))
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i))
            {
                problem = $"'{text}' is not a whole number.";
                return false;
            }

            value = i;
        }
        else if (target == typeof(bool))
        {
            if (!bool.TryParse(text, out bool b))
            {
                problem = $"'{text}' is neither true nor false.";
                return false;
            }

            value = b;
        }
        else if (target.IsEnum)
        {
            // Names only: a number would bypass the names a reader of the file sees.
            if (char.IsAsciiDigit(text[0]) || text[0] == '-' || !Enum.TryParse(target, text, ignoreCase: true, out object? e) || !Enum.IsDefined(target, e!))
            {
                problem = $"'{text}' is not one of {string.Join(", ", Enum.GetNames(target))}.";
                return false;
            }

            value = e;
        }
        else
        {
            problem = $"holds a {target.Name}, which cannot come from configuration; set it in code with AddCustomerValue(options => ...).";
            return false;
        }

        return true;
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd();
    }

    private static readonly Dictionary<string, string> NoHints = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, string> TopLevelHints = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, string> LifetimeValueHints = new(StringComparer.Ordinal)
    {
        [nameof(LifetimeValueModelOptions.PurchaseModel)] = "a fitted model cannot come from configuration; name a model file written by 'customer-value fit' with LifetimeValue:ModelFile.",
        [nameof(LifetimeValueModelOptions.SpendModel)] = "a fitted model cannot come from configuration; name a spend model file written by 'customer-value fit --model gg' with LifetimeValue:SpendModelFile.",
    };
}
