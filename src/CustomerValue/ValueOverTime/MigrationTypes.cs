using CustomerValue.Segmentation;

namespace CustomerValue.ValueOverTime;

/// <summary>Where a customer stands in one period, before any value tier: not yet a customer, new, active or lapsed.</summary>
public enum CustomerStatus : byte
{
    /// <summary>The customer's first purchase is after the period's end: not yet a customer.</summary>
    NotYet,

    /// <summary>The customer's first purchase falls in the period.</summary>
    New,

    /// <summary>Bought before the period began and, at its end, the last purchase is at most the lapse limit old.</summary>
    Active,

    /// <summary>At the period's end the last purchase is more than the lapse limit old.</summary>
    Lapsed,
}

/// <summary>The two ways a customer's state in a period is named for migration: by gold / regular / drag, or by MVC / MGC / BZ.</summary>
public enum MigrationScheme : byte
{
    /// <summary>States <c>not_yet, new, gold, regular, drag, lapsed</c>.</summary>
    Tier,

    /// <summary>States <c>not_yet, new, mvc, mgc, bz, other, lapsed</c>.</summary>
    ValueGroup,
}

/// <summary>The state names of each <see cref="MigrationScheme"/>, as written in files.</summary>
public static class MigrationStates
{
    private static readonly string[] TierStates = ["not_yet", "new", "gold", "regular", "drag", "lapsed"];
    private static readonly string[] GroupStates = ["not_yet", "new", "mvc", "mgc", "bz", "other", "lapsed"];

    /// <summary>The states of <paramref name="scheme"/>, in the order of matrices and files.</summary>
    public static IReadOnlyList<string> Of(MigrationScheme scheme) => scheme == MigrationScheme.Tier ? TierStates : GroupStates;

    /// <summary>The name of <paramref name="scheme"/> in files: <c>tier</c> or <c>value_group</c>.</summary>
    public static string Name(MigrationScheme scheme) => scheme == MigrationScheme.Tier ? "tier" : "value_group";

    /// <summary>The name of a status in files: <c>not_yet</c>, <c>new</c>, <c>active</c> or <c>lapsed</c>.</summary>
    public static string Name(CustomerStatus status) => status switch
    {
        CustomerStatus.NotYet => "not_yet",
        CustomerStatus.New => "new",
        CustomerStatus.Lapsed => "lapsed",
        _ => "active",
    };

    /// <summary>The index of a state name in <see cref="Of"/>, or -1.</summary>
    public static int IndexOf(MigrationScheme scheme, string state)
    {
        var states = Of(scheme);
        for (int i = 0; i < states.Count; i++)
        {
            if (string.Equals(states[i], state, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The state index of a customer: not_yet, new and lapsed come from the status; an active customer takes its tier or group.</summary>
    internal static int StateOf(MigrationScheme scheme, CustomerStatus status, GoldDragTier tier, ValueGroup group) => status switch
    {
        CustomerStatus.NotYet => 0,
        CustomerStatus.New => 1,
        CustomerStatus.Lapsed => scheme == MigrationScheme.Tier ? 5 : 6,
        _ => scheme == MigrationScheme.Tier
            ? tier switch { GoldDragTier.Gold => 2, GoldDragTier.Regular => 3, _ => 4 }
            : group switch { ValueGroup.MostValuable => 2, ValueGroup.MostGrowable => 3, ValueGroup.BelowZero => 4, _ => 5 },
    };
}

/// <summary>One period of a migration analysis.</summary>
/// <param name="Label">The period's label: <c>1997-Q3</c> or <c>1997</c>.</param>
/// <param name="Start">Its first calendar day.</param>
/// <param name="End">The day it is valued as of: its last calendar day, or the as-of date for the last, partial period.</param>
/// <param name="Customers">Customers with a purchase on or before <paramref name="End"/> (valued by the pipeline as of it).</param>
/// <param name="CustomerEquity">The sum of their CLVs as of <paramref name="End"/>.</param>
public sealed record MigrationPeriod(string Label, DateOnly Start, DateOnly End, int Customers, double CustomerEquity);

/// <summary>How many customers in one state moved to another after a number of periods.</summary>
/// <param name="Scheme">The naming of states.</param>
/// <param name="From">The starting state.</param>
/// <param name="To">The state reached.</param>
/// <param name="LagPeriods">Periods between the two states (1 = the next period).</param>
/// <param name="FromPeriod">The starting period's label, or null when pooled over every starting period that has a period <paramref name="LagPeriods"/> later.</param>
/// <param name="FromCustomers">Customers in <paramref name="From"/> at the start (counted once per starting period when pooled).</param>
/// <param name="Converted">Of them, those in <paramref name="To"/> <paramref name="LagPeriods"/> periods later.</param>
public sealed record ConversionRate(MigrationScheme Scheme, string From, string To, int LagPeriods, string? FromPeriod, long FromCustomers, long Converted)
{
    /// <summary>Converted ÷ from-customers; null when no customer was in the starting state.</summary>
    public double? Rate => FromCustomers > 0 ? (double)Converted / FromCustomers : null;
}
