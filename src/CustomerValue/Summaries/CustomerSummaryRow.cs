using System.Collections;

namespace CustomerValue.Summaries;

/// <summary>One customer's summary as it is stored in <see cref="CustomerSummaries"/>, with the optional columns when present.</summary>
/// <param name="CustomerId">The customer's id.</param>
/// <param name="Frequency">x: repeat purchase occasions in the calibration period.</param>
/// <param name="Recency">t_x: time from the first to the last purchase.</param>
/// <param name="Age">T: time from the first purchase to the calibration end.</param>
/// <param name="MonetaryValue">Mean spend per repeat purchase occasion (0 without repeats).</param>
/// <param name="TotalSpend">All spend in the calibration period, when the summaries come from a log.</param>
/// <param name="TransactionCount">Transaction rows in the calibration period, when the summaries come from a log.</param>
/// <param name="FirstPurchase">The first purchase day, when the summaries come from a log.</param>
/// <param name="LastPurchase">The last purchase day up to the calibration end, when the summaries come from a log.</param>
/// <param name="FrequencyHoldout">Purchase occasions in the holdout, when there is one.</param>
/// <param name="MonetaryValueHoldout">Mean spend per holdout purchase occasion, when there is a holdout.</param>
public readonly record struct CustomerSummaryRow(
    string CustomerId, double Frequency, double Recency, double Age, double MonetaryValue,
    double? TotalSpend, int? TransactionCount, DateOnly? FirstPurchase, DateOnly? LastPurchase,
    double? FrequencyHoldout, double? MonetaryValueHoldout);

/// <summary>
/// The rows of a <see cref="CustomerSummaries"/> as a read-only list of <see cref="CustomerSummaryRow"/>: each row is
/// made when it is read, so the columns cost nothing extra, and <c>foreach</c> over it allocates nothing.
/// </summary>
public readonly struct CustomerSummaryRows : IReadOnlyList<CustomerSummaryRow>
{
    private readonly CustomerSummaries _summaries;

    internal CustomerSummaryRows(CustomerSummaries summaries) => _summaries = summaries;

    /// <summary>The number of customers.</summary>
    public int Count => _summaries.Count;

    /// <summary>Row <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public CustomerSummaryRow this[int index] => _summaries.Row(index);

    /// <summary>An allocation-free enumerator over the rows.</summary>
    public Enumerator GetEnumerator() => new(_summaries);

    IEnumerator<CustomerSummaryRow> IEnumerable<CustomerSummaryRow>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the rows in order.</summary>
    public struct Enumerator : IEnumerator<CustomerSummaryRow>
    {
        private readonly CustomerSummaries _summaries;
        private int _index;

        internal Enumerator(CustomerSummaries summaries)
        {
            _summaries = summaries;
            _index = -1;
        }

        /// <inheritdoc/>
        public readonly CustomerSummaryRow Current => _summaries.Row(_index);

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc/>
        public bool MoveNext() => ++_index < _summaries.Count;

        /// <inheritdoc/>
        public void Reset() => _index = -1;

        /// <inheritdoc/>
        public readonly void Dispose()
        {
        }
    }
}
