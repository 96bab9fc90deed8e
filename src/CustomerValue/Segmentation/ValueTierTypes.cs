namespace CustomerValue.Segmentation;

/// <summary>Gold, drag or regular: the source documents' first cut of a customer base.</summary>
public enum GoldDragTier : byte
{
    /// <summary>Neither gold nor drag.</summary>
    Regular,

    /// <summary>The top customers by value (5% by default).</summary>
    Gold,

    /// <summary>The bottom customers by value (20% by default), and every customer below zero; typically they have not bought for over a year (a reason, see <see cref="ValueTierReasons"/>).</summary>
    Drag,
}

/// <summary>Peppers &amp; Rogers' value groups.</summary>
public enum ValueGroup : byte
{
    /// <summary>None of the groups below.</summary>
    Other,

    /// <summary>Most valuable customers: the highest actual value. Keep them.</summary>
    MostValuable,

    /// <summary>Most growable customers: the largest unrealised potential. Grow them into MVCs.</summary>
    MostGrowable,

    /// <summary>Below-zero customers: actual value below zero. Stop investing in them.</summary>
    BelowZero,
}

/// <summary>The kind of a most valuable customer.</summary>
public enum MvcType : byte
{
    /// <summary>Not a most valuable customer.</summary>
    None,

    /// <summary>Share of wallet at or above the big-customer threshold (0.8): we already hold most of their spend.</summary>
    Big,

    /// <summary>A long relationship (≥ 1 year) with regular purchases (≥ 4 a year): moderate amounts, steadily.</summary>
    Steady,

    /// <summary>The other MVCs, who buy when the need arises: fewer purchases a year or a shorter relationship.</summary>
    Seasonal,

    /// <summary>An MVC whose kind cannot be told: not big (or no share of wallet) and no purchase counts or tenure given.</summary>
    Unspecified,
}

/// <summary>The customer value matrix (Marcus 1998): number of purchases × average purchase amount, split at the means.</summary>
public enum ValueMatrixCell : byte
{
    /// <summary>Not placed: purchase counts and amounts were not given.</summary>
    None,

    /// <summary>Purchases and average amount both at or above their means.</summary>
    Best,

    /// <summary>Purchases at or above the mean, average amount below it.</summary>
    Frequent,

    /// <summary>Purchases below the mean, average amount at or above it.</summary>
    Spenders,

    /// <summary>Both below their means.</summary>
    Uncertain,
}
