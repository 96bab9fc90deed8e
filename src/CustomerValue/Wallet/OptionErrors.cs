using System.Globalization;

namespace CustomerValue.Wallet;

/// <summary>Collects every validation error of an options record so that one exception reports them all.</summary>
internal sealed class OptionErrors(string recordName)
{
    private readonly List<string> _errors = [];

    /// <summary>Adds an error when <paramref name="ok"/> is false.</summary>
    public OptionErrors Check(bool ok, string field, string reason)
    {
        if (!ok)
        {
            _errors.Add(string.Create(CultureInfo.InvariantCulture, $"{field} {reason}"));
        }

        return this;
    }

    /// <summary>Checks that a value is finite and within [min, max] (bounds inclusive unless stated).</summary>
    public OptionErrors Range(double value, string field, double min, double max, bool minInclusive = true, bool maxInclusive = true)
    {
        bool ok = double.IsFinite(value)
            && (minInclusive ? value >= min : value > min)
            && (maxInclusive ? value <= max : value < max);
        string lo = minInclusive ? "[" : "(";
        string hi = maxInclusive ? "]" : ")";
        return Check(ok, field, string.Create(CultureInfo.InvariantCulture, $"must be in {lo}{min}, {max}{hi} (got {value})"));
    }

    /// <summary>Throws one <see cref="ArgumentException"/> listing every error, if there are any.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new ArgumentException($"{recordName} is invalid: {string.Join("; ", _errors)}.");
        }
    }
}
