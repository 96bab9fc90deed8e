namespace CustomerValue.Segmentation;

/// <summary>The ABC class of a customer: A = the few who make most of the value, C = the many who make little.</summary>
public enum AbcClass : byte
{
    /// <summary>Customers that start before the A threshold of cumulative value (80% by default).</summary>
    A,

    /// <summary>Customers that start before the B threshold (95% by default).</summary>
    B,

    /// <summary>The rest.</summary>
    C,
}

/// <summary>One ABC class: how many customers and how much value.</summary>
/// <param name="Class">The class.</param>
/// <param name="Customers">Customers in the class.</param>
/// <param name="Value">Their total value.</param>
/// <param name="Share">Value ÷ total value.</param>
public readonly record struct AbcGroup(AbcClass Class, int Customers, double Value, double Share);

/// <summary>One monetary quantile (decile): an (about) equal-count group of customers, 1 = highest value.</summary>
/// <param name="Quantile">1 = the top group.</param>
/// <param name="Customers">Customers in the group (ties are never split, so counts can differ a little; a group can be empty).</param>
/// <param name="Value">Their total value.</param>
/// <param name="Share">Value ÷ total value.</param>
/// <param name="CumulativeShare">Share of this and all higher groups.</param>
/// <param name="CustomerShare">Customers ÷ all customers.</param>
/// <param name="Lift">Share ÷ customer share: how many times the average customer's value the group's customers bring (0 for an empty group).</param>
/// <param name="MinimumValue">The smallest value in the group (0 for an empty group).</param>
/// <param name="MaximumValue">The largest value in the group (0 for an empty group).</param>
public readonly record struct ValueQuantile(int Quantile, int Customers, double Value, double Share, double CumulativeShare, double CustomerShare, double Lift, double MinimumValue, double MaximumValue);

/// <summary>One purchase quantile: the customers, taken from the top, who make the next equal slice of the total value.</summary>
/// <param name="Quantile">1 = the first slice (e.g. the first 10% of value).</param>
/// <param name="ShareOfValue">The cumulative share reached at the end of this slice (0.1, 0.2, …, 1).</param>
/// <param name="Customers">Customers in this slice.</param>
/// <param name="CumulativeCustomers">Customers from the top to the end of this slice.</param>
/// <param name="CumulativeCustomerShare">CumulativeCustomers ÷ all customers.</param>
public readonly record struct PurchaseQuantile(int Quantile, double ShareOfValue, int Customers, int CumulativeCustomers, double CumulativeCustomerShare);

/// <summary>A point of the Lorenz curve: the poorest <paramref name="PopulationShare"/> of customers make <paramref name="ValueShare"/> of the value.</summary>
/// <param name="PopulationShare">Share of customers, from the lowest value up (0..1).</param>
/// <param name="ValueShare">Their share of the total value.</param>
public readonly record struct LorenzPoint(double PopulationShare, double ValueShare);

/// <summary>"The top <paramref name="Customers"/> customers (<paramref name="CustomerShare"/>) bring <paramref name="ValueShare"/> of the value."</summary>
/// <param name="Customers">Customers counted from the top.</param>
/// <param name="CustomerShare">Customers ÷ all customers.</param>
/// <param name="ValueShare">Their share of the total value.</param>
public readonly record struct ConcentrationPoint(int Customers, double CustomerShare, double ValueShare);
