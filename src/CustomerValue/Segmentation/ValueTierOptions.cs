using System.Globalization;

namespace CustomerValue.Segmentation;

/// <summary>The thresholds of the value tiers.</summary>
/// <remarks>Immutable; change with <c>with</c>. Every property is checked when set.</remarks>
public sealed record ValueTierOptions
{
    private readonly double _gold = 0.05;
    private readonly double _drag = 0.20;
    private readonly double _dragDays = 365;
    private readonly double _mvc = 0.20;
    private readonly double _mgc = 0.20;
    private readonly double _big = 0.8;
    private readonly double _steadyTenure = 365;
    private readonly double _steadyRate = 4;

    /// <summary>The defaults.</summary>
    public static ValueTierOptions Default { get; } = new();

    /// <summary>Gold: the top share of customers by value, (0, 1). Default 0.05.</summary>
    public double GoldShare { get => _gold; init => _gold = Fraction(value, nameof(GoldShare)); }

    /// <summary>Drag: the bottom share of customers by value, (0, 1); customers below zero are drag whatever their rank. Default 0.20.</summary>
    public double DragShare { get => _drag; init => _drag = Fraction(value, nameof(DragShare)); }

    /// <summary>The inactivity reason of a drag customer: more than this many days since the last purchase (≥ 0). A reason, not a condition. Default 365.</summary>
    public double DragInactiveDays { get => _dragDays; init => _dragDays = NonNegative(value, nameof(DragInactiveDays)); }

    /// <summary>MVC: the top share of customers by actual value, (0, 1). Default 0.20.</summary>
    public double MostValuableShare { get => _mvc; init => _mvc = Fraction(value, nameof(MostValuableShare)); }

    /// <summary>MGC: the top share of customers by potential value, (0, 1). Default 0.20.</summary>
    public double MostGrowableShare { get => _mgc; init => _mgc = Fraction(value, nameof(MostGrowableShare)); }

    /// <summary>Big MVC: share of wallet at or above this, (0, 1]. Default 0.8.</summary>
    public double BigShareOfWallet
    {
        get => _big;
        init => _big = double.IsFinite(value) && value > 0 && value <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(BigShareOfWallet), value, "ValueTierOptions.BigShareOfWallet must be in (0, 1].");
    }

    /// <summary>Steady MVC: at least this many days since the first purchase (≥ 0). Default 365.</summary>
    public double SteadyMinimumTenureDays { get => _steadyTenure; init => _steadyTenure = NonNegative(value, nameof(SteadyMinimumTenureDays)); }

    /// <summary>Steady MVC: at least this many purchases per year of tenure (≥ 0). Default 4 (quarterly).</summary>
    public double SteadyMinimumPurchasesPerYear { get => _steadyRate; init => _steadyRate = NonNegative(value, nameof(SteadyMinimumPurchasesPerYear)); }

    private static double Fraction(double value, string name) =>
        double.IsFinite(value) && value > 0 && value < 1 ? value : throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"ValueTierOptions.{name} must be in (0, 1), got {value}."));

    private static double NonNegative(double value, string name) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"ValueTierOptions.{name} must be finite and >= 0, got {value}."));
}
