using System.Globalization;

namespace CustomerValue.Baskets;

/// <summary>The thresholds of association-rule mining: every rule at or above all three is found.</summary>
/// <remarks>Immutable; change with <c>with</c>. Defaults: support 0.01, confidence 0.1, at most 3 items per rule.</remarks>
public sealed record AssociationRuleOptions
{
    private readonly double _minSupport = 0.01;
    private readonly double _minConfidence = 0.1;
    private readonly int _maxItems = 3;

    /// <summary>The defaults.</summary>
    public static AssociationRuleOptions Default { get; } = new();

    /// <summary>The smallest support (share of all orders holding every item of the rule), in (0, 1]. Default 0.01.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in (0, 1].</exception>
    public double MinSupport
    {
        get => _minSupport;
        init
        {
            if (!double.IsFinite(value) || value <= 0 || value > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MinSupport), value, string.Create(CultureInfo.InvariantCulture, $"The minimum support must be in (0, 1], got {value}."));
            }

            _minSupport = value;
        }
    }

    /// <summary>The smallest confidence (support of the rule / support of its antecedent), in [0, 1]. Default 0.1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in [0, 1].</exception>
    public double MinConfidence
    {
        get => _minConfidence;
        init
        {
            if (!double.IsFinite(value) || value < 0 || value > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MinConfidence), value, string.Create(CultureInfo.InvariantCulture, $"The minimum confidence must be in [0, 1], got {value}."));
            }

            _minConfidence = value;
        }
    }

    /// <summary>The most items in a rule, antecedent and consequent together, from 2 to 10. Default 3.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in [2, 10].</exception>
    public int MaxItems
    {
        get => _maxItems;
        init
        {
            if (value is < 2 or > 10)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxItems), value, string.Create(CultureInfo.InvariantCulture, $"A rule has from 2 to 10 items in all, got {value}."));
            }

            _maxItems = value;
        }
    }

    /// <summary>
    /// The smallest number of orders c with c / <paramref name="orders"/> ≥ <see cref="MinSupport"/>, computed with the
    /// same double division the reported support uses, so the threshold and the reported figure never disagree.
    /// </summary>
    /// <param name="orders">The number of orders (positive).</param>
    public long MinimumOrders(long orders)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(orders);
        long c = Math.Max(1, (long)Math.Ceiling(MinSupport * orders));
        while (c > 1 && (double)(c - 1) / orders >= MinSupport)
        {
            c--;
        }

        while ((double)c / orders < MinSupport)
        {
            c++;
        }

        return c;
    }
}
