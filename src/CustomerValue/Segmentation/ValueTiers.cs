namespace CustomerValue.Segmentation;

/// <summary>The value tiers of every customer (see <see cref="ValueTierClassifier"/> for the rules).</summary>
/// <remarks>Immutable and thread-safe. Columns are in input row order.</remarks>
public sealed class ValueTiers
{
    private readonly GoldDragTier[] _tiers;
    private readonly ValueGroup[] _groups;
    private readonly MvcType[] _mvcTypes;
    private readonly ValueMatrixCell[] _matrix;

    internal ValueTiers(ValueTierOptions options, IReadOnlyList<string>? customerIds, GoldDragTier[] tiers, ValueGroup[] groups, MvcType[] mvcTypes, ValueMatrixCell[] matrix, double meanPurchases, double meanAveragePurchase)
    {
        Options = options;
        CustomerIds = customerIds;
        _tiers = tiers;
        _groups = groups;
        _mvcTypes = mvcTypes;
        _matrix = matrix;
        MeanPurchases = meanPurchases;
        MeanAveragePurchase = meanAveragePurchase;
    }

    /// <summary>The thresholds used.</summary>
    public ValueTierOptions Options { get; }

    /// <summary>Customer ids, or null.</summary>
    public IReadOnlyList<string>? CustomerIds { get; }

    /// <summary>The number of customers.</summary>
    public int Count => _tiers.Length;

    /// <summary>Gold, drag or regular, per customer.</summary>
    public ReadOnlySpan<GoldDragTier> Tiers => _tiers;

    /// <summary>MVC, MGC, BZ or other, per customer.</summary>
    public ReadOnlySpan<ValueGroup> Groups => _groups;

    /// <summary>The kind of each MVC (<see cref="MvcType.None"/> for the others).</summary>
    public ReadOnlySpan<MvcType> MvcTypes => _mvcTypes;

    /// <summary>The value matrix cell per customer (<see cref="ValueMatrixCell.None"/> without purchase data).</summary>
    public ReadOnlySpan<ValueMatrixCell> Matrix => _matrix;

    /// <summary>The mean number of purchases (the matrix split); 0 without purchase data.</summary>
    public double MeanPurchases { get; }

    /// <summary>The mean average purchase amount (the matrix split); 0 without purchase data.</summary>
    public double MeanAveragePurchase { get; }

    /// <summary>Customers per gold/drag tier.</summary>
    public int CountOf(GoldDragTier tier) => _tiers.AsSpan().Count(tier);

    /// <summary>Customers per value group.</summary>
    public int CountOf(ValueGroup group) => _groups.AsSpan().Count(group);

    /// <summary>Customers per MVC kind.</summary>
    public int CountOf(MvcType type) => _mvcTypes.AsSpan().Count(type);

    /// <summary>Customers per matrix cell.</summary>
    public int CountOf(ValueMatrixCell cell) => _matrix.AsSpan().Count(cell);

    /// <summary>The tier name used in outputs: "gold", "drag" or "regular".</summary>
    public static string Name(GoldDragTier tier) => tier switch { GoldDragTier.Gold => "gold", GoldDragTier.Drag => "drag", _ => "regular" };

    /// <summary>The group name used in outputs: "mvc", "mgc", "bz" or "other".</summary>
    public static string Name(ValueGroup group) => group switch { ValueGroup.MostValuable => "mvc", ValueGroup.MostGrowable => "mgc", ValueGroup.BelowZero => "bz", _ => "other" };
}
