namespace CustomerValue.Sql;

/// <summary>Which result a <see cref="SummarySql"/> query gives.</summary>
public enum SummarySqlQuery
{
    /// <summary>One row per customer with exactly the columns of <c>customer-value summarize</c>, ordered like it.</summary>
    Summary,

    /// <summary>
    /// The compressed table the repeat-purchase models are fitted on: <c>frequency, recency, T, weight</c>, one row per
    /// distinct (x, t_x, T) with the number of customers sharing it.
    /// </summary>
    FitTable,

    /// <summary>
    /// The compressed table the Gamma-Gamma spend model is fitted on: <c>frequency, monetary_value, weight</c>, one row
    /// per distinct (x, m̄) among the repeat buyers (x &gt; 0).
    /// </summary>
    SpendFitTable,
}
