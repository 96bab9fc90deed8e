using System.Runtime.CompilerServices;
namespace CustomerValue.Summaries;

/// <summary>
/// The summaries of a whole customer base, stored as columns (struct of arrays) so that scoring code reads each
/// field as a contiguous <see cref="ReadOnlySpan{T}"/>.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Row i of every column belongs to <c>CustomerIds[i]</c>. The core columns
/// (<see cref="Frequency"/>, <see cref="Recency"/>, <see cref="Age"/>, <see cref="MonetaryValue"/>) are always
/// present; purchase dates, totals and holdout columns are present when the summary was built from a transaction log
/// (<see cref="HasPurchaseDetails"/>, <see cref="HasHoldout"/>), and empty otherwise.
/// </remarks>
public sealed partial class CustomerSummaries
{
    private readonly CustomerIdList _ids;
    private readonly double[] _frequency;
    private readonly double[] _recency;
    private readonly double[] _age;
    private readonly double[] _monetary;
    private readonly double[] _totalSpend;
    private readonly int[] _transactionCount;
    private readonly DateOnly[] _firstPurchase;
    private readonly DateOnly[] _lastPurchase;
    private readonly double[] _frequencyHoldout;
    private readonly double[] _monetaryHoldout;

    /// <summary>Summaries with text ids (kept as numbers when every id is a canonical whole number).</summary>
    internal CustomerSummaries(
        TimeUnit timeUnit, DateOnly? calibrationEnd, DateOnly? holdoutEnd,
        string[] ids, double[] frequency, double[] recency, double[] age, double[] monetary,
        double[]? totalSpend, int[]? transactionCount, DateOnly[]? firstPurchase, DateOnly[]? lastPurchase,
        double[]? frequencyHoldout, double[]? monetaryHoldout, int customersFirstSeenInHoldout, int customersWithoutPurchases = 0)
        : this(timeUnit, calibrationEnd, holdoutEnd, Ids(ids), frequency, recency, age, monetary, totalSpend, transactionCount,
            firstPurchase, lastPurchase, frequencyHoldout, monetaryHoldout, customersFirstSeenInHoldout, customersWithoutPurchases)
    {
    }

    internal CustomerSummaries(
        TimeUnit timeUnit, DateOnly? calibrationEnd, DateOnly? holdoutEnd,
        CustomerIdList ids, double[] frequency, double[] recency, double[] age, double[] monetary,
        double[]? totalSpend, int[]? transactionCount, DateOnly[]? firstPurchase, DateOnly[]? lastPurchase,
        double[]? frequencyHoldout, double[]? monetaryHoldout, int customersFirstSeenInHoldout, int customersWithoutPurchases = 0)
    {
        CustomersWithoutPurchases = customersWithoutPurchases;
        TimeUnit = timeUnit;
        CalibrationEnd = calibrationEnd;
        HoldoutEnd = holdoutEnd;
        _ids = ids;
        _frequency = frequency;
        _recency = recency;
        _age = age;
        _monetary = monetary;
        _totalSpend = totalSpend ?? [];
        _transactionCount = transactionCount ?? [];
        _firstPurchase = firstPurchase ?? [];
        _lastPurchase = lastPurchase ?? [];
        _frequencyHoldout = frequencyHoldout ?? [];
        _monetaryHoldout = monetaryHoldout ?? [];
        CustomersFirstSeenInHoldout = customersFirstSeenInHoldout;
        DurationHoldout = holdoutEnd is { } h && calibrationEnd is { } c ? timeUnit.FromDays(h.DayNumber - c.DayNumber) : 0;
    }

    /// <summary>The number of customers.</summary>
    public int Count => _ids.Count;

    /// <summary>The unit of <see cref="Recency"/>, <see cref="Age"/> and <see cref="DurationHoldout"/>.</summary>
    public TimeUnit TimeUnit { get; }

    /// <summary>The last day of calibration, when known.</summary>
    public DateOnly? CalibrationEnd { get; }

    /// <summary>The last day of the holdout, when there is one.</summary>
    public DateOnly? HoldoutEnd { get; }

    /// <summary>True when the holdout columns are filled.</summary>
    public bool HasHoldout => HoldoutEnd is not null;

    /// <summary>True when first and last purchase, total spend and transaction count are filled.</summary>
    public bool HasPurchaseDetails => _firstPurchase.Length == Count && Count > 0;

    /// <summary>Customer ids, one per row.</summary>
    public IReadOnlyList<string> CustomerIds => _ids;

    /// <summary>True when every customer id is a canonical whole number (1 to 18 digits, no leading zero), kept as a number: see <see cref="NumericCustomerIds"/>.</summary>
    public bool HasNumericIds => _ids.Numbers is not null;

    /// <summary>The customer ids as numbers when <see cref="HasNumericIds"/> (empty otherwise): the same ids as <see cref="CustomerIds"/>, without a string each.</summary>
    public ReadOnlySpan<long> NumericCustomerIds => _ids.Numbers;

    /// <summary>Customers with rows in the log but no purchase (only returns): not summarised, and counted here rather than dropped silently.</summary>
    public int CustomersWithoutPurchases { get; }

    /// <summary>x: repeat purchase occasions in calibration.</summary>
    public ReadOnlySpan<double> Frequency => _frequency;

    /// <summary>t_x: time from first to last calibration purchase.</summary>
    public ReadOnlySpan<double> Recency => _recency;

    /// <summary>T: time from first purchase to the calibration end.</summary>
    public ReadOnlySpan<double> Age => _age;

    /// <summary>Mean spend per repeat purchase occasion (0 when x = 0).</summary>
    public ReadOnlySpan<double> MonetaryValue => _monetary;

    /// <summary>Total calibration spend, first purchase included (empty unless <see cref="HasPurchaseDetails"/>).</summary>
    public ReadOnlySpan<double> TotalSpend => _totalSpend;

    /// <summary>Calibration transactions (rows, before same-day merging) (empty unless <see cref="HasPurchaseDetails"/>).</summary>
    public ReadOnlySpan<int> TransactionCount => _transactionCount;

    /// <summary>Date of the first purchase (empty unless <see cref="HasPurchaseDetails"/>).</summary>
    public ReadOnlySpan<DateOnly> FirstPurchase => _firstPurchase;

    /// <summary>Date of the last calibration purchase (empty unless <see cref="HasPurchaseDetails"/>).</summary>
    public ReadOnlySpan<DateOnly> LastPurchase => _lastPurchase;

    /// <summary>Purchase occasions in the holdout (empty unless <see cref="HasHoldout"/>).</summary>
    public ReadOnlySpan<double> FrequencyHoldout => _frequencyHoldout;

    /// <summary>Mean spend per holdout purchase occasion, 0 when none (empty unless <see cref="HasHoldout"/>).</summary>
    public ReadOnlySpan<double> MonetaryValueHoldout => _monetaryHoldout;

    /// <summary>Length of the holdout in <see cref="TimeUnit"/> (0 without a holdout); the same for every customer.</summary>
    public double DurationHoldout { get; }

    /// <summary>Customers whose first purchase was in the holdout and who are therefore not summarised (reported, not dropped silently).</summary>
    public int CustomersFirstSeenInHoldout { get; }

    /// <summary>The summary of row <paramref name="index"/>.</summary>
    public CustomerSummary this[int index] => CustomerSummary.Create(_frequency[index], _recency[index], _age[index], _monetary[index]);

    /// <summary>
    /// Builds summaries from caller-held columns (for example read from a summary file or computed elsewhere), validating every row.
    /// </summary>
    /// <param name="customerIds">One id per row; unique.</param>
    /// <param name="frequency">x per row.</param>
    /// <param name="recency">t_x per row.</param>
    /// <param name="age">T per row.</param>
    /// <param name="monetaryValue">Mean repeat spend per row, or empty for none (then all zero).</param>
    /// <param name="timeUnit">The unit of recency and T.</param>
    /// <exception cref="ArgumentException">Lengths differ, an id repeats, or a row is invalid; the message names the customer and field.</exception>
    public static CustomerSummaries FromColumns(
        IReadOnlyList<string> customerIds, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age,
        ReadOnlySpan<double> monetaryValue, TimeUnit timeUnit)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        int n = customerIds.Count;
        if (frequency.Length != n || recency.Length != n || age.Length != n || (monetaryValue.Length != n && !monetaryValue.IsEmpty))
        {
            throw new ArgumentException($"All columns must have one value per customer ({n}); got frequency {frequency.Length}, recency {recency.Length}, T {age.Length}, monetary value {monetaryValue.Length}.");
        }

        var ids = new string[n];
        for (int i = 0; i < n; i++)
        {
            ids[i] = customerIds[i];
        }

        return FromColumns(Ids(ids), frequency.ToArray(), recency.ToArray(), age.ToArray(), monetaryValue.IsEmpty ? new double[n] : monetaryValue.ToArray(), timeUnit);
    }

    /// <summary>Validates caller-held columns (taking ownership of the arrays) and builds summaries from them.</summary>
    internal static CustomerSummaries FromColumns(CustomerIdList ids, double[] frequency, double[] recency, double[] age, double[] monetary, TimeUnit timeUnit)
    {
        int n = ids.Count;
        if (ids.Numbers is { } numbers && !StrictlyIncreasing(numbers))
        {
            var sorted = numbers.ToArray();
            var order = new int[n];
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }

            RadixSort.Sort(sorted, order);
            for (int i = 1; i < n; i++)
            {
                if (sorted[i] == sorted[i - 1])
                {
                    int row = Math.Max(order[i], order[i - 1]);
                    throw new ArgumentException($"Row {row + 1}: customer '{sorted[i]}' appears more than once.", nameof(ids));
                }
            }
        }
        else if (ids.Numbers is null)
        {
            var seen = new HashSet<string>(n, StringComparer.Ordinal);
            for (int i = 0; i < n; i++)
            {
                var id = ids[i];
                if (string.IsNullOrEmpty(id))
                {
                    throw new ArgumentException($"Row {i + 1}: the customer id is empty.", nameof(ids));
                }

                if (!seen.Add(id))
                {
                    throw new ArgumentException($"Row {i + 1}: customer '{id}' appears more than once.", nameof(ids));
                }
            }
        }

        int invalid = FirstInvalid(frequency, recency, age, monetary);
        if (invalid >= 0)
        {
            throw new ArgumentException($"Row {invalid + 1}, customer '{ids[invalid]}': {CustomerSummary.Validate(frequency[invalid], recency[invalid], age[invalid], monetary[invalid])}.");
        }

        return new CustomerSummaries(timeUnit, null, null, ids, frequency, recency, age, monetary, null, null, null, null, null, null, 0);
    }

    /// <summary>The first row <see cref="CustomerSummary.Validate"/> rejects, or −1 (blocks of rows checked on every core).</summary>
    private static int FirstInvalid(double[] frequency, double[] recency, double[] age, double[] monetary)
    {
        const int Block = 1 << 16;
        int blocks = (frequency.Length + Block - 1) / Block;
        if (blocks <= 1)
        {
            return FirstInvalid(frequency, recency, age, monetary, 0, frequency.Length);
        }

        int first = int.MaxValue;
        Parallel.For(0, blocks, b =>
        {
            int found = FirstInvalid(frequency, recency, age, monetary, b * Block, Math.Min(frequency.Length, (b + 1) * Block));
            if (found >= 0)
            {
                int seen;
                while (found < (seen = Volatile.Read(ref first)) && Interlocked.CompareExchange(ref first, found, seen) != seen)
                {
                }
            }
        });
        return first == int.MaxValue ? -1 : first;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FirstInvalid(double[] frequency, double[] recency, double[] age, double[] monetary, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (CustomerSummary.Validate(frequency[i], recency[i], age[i], monetary[i]) is not null)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when every id is larger than the one before (files written by summarize are in this order): no two are equal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool StrictlyIncreasing(ReadOnlySpan<long> numbers)
    {
        for (int i = 1; i < numbers.Length; i++)
        {
            if (numbers[i] <= numbers[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Ids kept as numbers when every one is a canonical whole number, as text otherwise.</summary>
    internal static CustomerIdList Ids(string[] ids)
    {
        var numbers = new long[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] is null || !Transactions.Utf8Values.TryCanonicalId(ids[i].AsSpan(), out numbers[i]))
            {
                return CustomerIdList.FromStrings(ids);
            }
        }

        return CustomerIdList.FromNumbers(numbers);
    }

    /// <summary>The rows whose indices are given, in that order (for example the repeat buyers for a spend model).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public CustomerSummaries Select(ReadOnlySpan<int> indices)
    {
        var picked = indices.ToArray();
        T[] Pick<T>(T[] source)
        {
            if (source.Length == 0)
            {
                return source;
            }

            var result = new T[picked.Length];
            for (int k = 0; k < picked.Length; k++)
            {
                result[k] = source[picked[k]];
            }

            return result;
        }

        foreach (int i in indices)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(i, nameof(indices));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, Count, nameof(indices));
        }

        return new CustomerSummaries(TimeUnit, CalibrationEnd, HoldoutEnd, _ids.Select(picked), Pick(_frequency), Pick(_recency), Pick(_age), Pick(_monetary),
            Pick(_totalSpend), Pick(_transactionCount), Pick(_firstPurchase), Pick(_lastPurchase), Pick(_frequencyHoldout), Pick(_monetaryHoldout), CustomersFirstSeenInHoldout, CustomersWithoutPurchases);
    }

    /// <summary>The customers with at least one repeat purchase (x &gt; 0): the input of the Gamma-Gamma spend model.</summary>
    public CustomerSummaries RepeatCustomers()
    {
        var idx = new List<int>();
        for (int i = 0; i < Count; i++)
        {
            if (_frequency[i] > 0)
            {
                idx.Add(i);
            }
        }

        return Select(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(idx));
    }
}
