using System.Buffers;

namespace CustomerValue.Lifetime;

/// <summary>
/// The distinct (x, T) pairs of a customer base with, for each, the recency-free factors of expected purchases and
/// discounted expected purchases: E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) · h(x, T).
/// </summary>
/// <remarks>
/// <para>Why this is exact: in BG/NBD, MBG/NBD and Pareto/NBD, recency enters the forecast only through P(alive).
/// Given that the customer is alive at T, the posterior of the purchase rate (and of the dropout process) depends on
/// x and T alone, so E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) · E[Y(t) | alive, x, T], and the second factor is
/// E[Y(t) | x, T, T] / P(alive | x, T, T) (t_x = T: a purchase at T, which the models never rule out, so that
/// P(alive) &gt; 0). The same holds for any weighted sum of E[Y(t_j)], i.e. discounted expected purchases.</para>
/// <para>Why it is fast: x is a count and T is whole days in the model's unit, so a base of ten million customers
/// observed for two years holds at most a few hundred thousand (x, T) pairs, typically tens of thousands; each pair
/// costs one ₂F₁ series (and one per discounting time), each customer a hash probe and two multiplications.</para>
/// <para>Open addressing with linear probing, keyed by the bit patterns of x and T through a full 64-bit mixer (a weak
/// hash once made ten million probes take two seconds: counts and day fractions differ only in a few bits). Every
/// array is rented from <see cref="ArrayPool{T}.Shared"/> and returned by <see cref="Dispose"/>, so repeated scoring runs
/// allocate nothing in proportion to the customers or the pairs. Not thread-safe while keys are added; read-only (and
/// thread-safe) afterwards.</para>
/// </remarks>
internal sealed class RecencyFreeTable : IDisposable
{
    private double[] _x;
    private double[] _t;
    private int[] _slots;
    private int _mask;
    private double[]? _expected;
    private double[]? _discounted;

    public RecencyFreeTable(int capacity = 1024)
    {
        int size = 16;
        while (size < capacity * 2)
        {
            size <<= 1;
        }

        _slots = RentCleared(size);
        _mask = size - 1;
        _x = ArrayPool<double>.Shared.Rent(Math.Max(capacity, 8));
        _t = ArrayPool<double>.Shared.Rent(Math.Max(capacity, 8));
    }

    /// <summary>The number of distinct pairs.</summary>
    public int Count { get; private set; }

    /// <summary>x of pair k.</summary>
    public ReadOnlySpan<double> Frequency => _x.AsSpan(0, Count);

    /// <summary>T of pair k.</summary>
    public ReadOnlySpan<double> Age => _t.AsSpan(0, Count);

    /// <summary>E[Y(horizon) | x, T, T] / P(alive | x, T, T) per pair, or NaN where the factorisation cannot be used (after <see cref="AllocateFactors"/>).</summary>
    public Span<double> ExpectedPerAlive => _expected.AsSpan(0, Count);

    /// <summary>Discounted expected purchases at t_x = T over P(alive | x, T, T) per pair, or NaN (after <see cref="AllocateFactors"/>).</summary>
    public Span<double> DiscountedPerAlive => _discounted.AsSpan(0, Count);

    /// <summary>
    /// The distinct (x, T) pairs of a base, collected in parallel chunks of <paramref name="chunkSize"/> customers (one
    /// table per worker, merged), or null as soon as any worker has seen more than <paramref name="maxPairs"/> pairs
    /// (the base is then too varied for the table to pay).
    /// </summary>
    public static unsafe RecencyFreeTable? Collect(ReadOnlySpan<double> frequency, ReadOnlySpan<double> age, int chunkSize, int maxPairs)
    {
        int n = frequency.Length;
        int chunks = (n + chunkSize - 1) / chunkSize;
        bool tooMany = false;
        var locals = new System.Collections.Concurrent.ConcurrentBag<RecencyFreeTable>();
        fixed (double* px = frequency, pt = age)
        {
            nint ax = (nint)px, at = (nint)pt;
            Parallel.For(
                0,
                chunks,
                () => new RecencyFreeTable(),
                (c, state, local) =>
                {
                    if (Volatile.Read(ref tooMany))
                    {
                        state.Stop();
                        return local;
                    }

                    int start = c * chunkSize;
                    int end = Math.Min(n, start + chunkSize);
                    double* x = (double*)ax, t = (double*)at;
                    for (int i = start; i < end; i++)
                    {
                        local.Add(x[i], t[i]);
                    }

                    if (local.Count > maxPairs)
                    {
                        Volatile.Write(ref tooMany, true);
                        state.Stop();
                    }

                    return local;
                },
                locals.Add);
        }

        var merged = Merge(locals);
        if (tooMany || merged is null || merged.Count > maxPairs)
        {
            merged?.Dispose();
            return null;
        }

        return merged;
    }

    /// <summary>One table with the pairs of all <paramref name="tables"/> (the first, extended; the others are disposed), or null for none.</summary>
    public static RecencyFreeTable? Merge(IEnumerable<RecencyFreeTable> tables)
    {
        RecencyFreeTable? merged = null;
        foreach (var table in tables)
        {
            if (merged is null)
            {
                merged = table;
            }
            else
            {
                merged.AddAll(table);
                table.Dispose();
            }
        }

        return merged;
    }

    /// <summary>Adds a pair if new.</summary>
    public void Add(double x, double t)
    {
        int slot = Hash(x, t) & _mask;
        while (true)
        {
            int k = _slots[slot] - 1;
            if (k < 0)
            {
                break;
            }

            if (_x[k] == x && _t[k] == t)
            {
                return;
            }

            slot = (slot + 1) & _mask;
        }

        if (Count == _x.Length)
        {
            _x = Enlarge(_x, Count);
            _t = Enlarge(_t, Count);
        }

        _x[Count] = x;
        _t[Count] = t;
        Count++;
        _slots[slot] = Count;
        if (Count * 2 > _mask + 1)
        {
            Grow();
        }
    }

    /// <summary>Adds every pair of another table.</summary>
    public void AddAll(RecencyFreeTable other)
    {
        for (int k = 0; k < other.Count; k++)
        {
            Add(other._x[k], other._t[k]);
        }
    }

    /// <summary>The index of a pair that was added (−1 if it was not).</summary>
    public int Find(double x, double t)
    {
        int slot = Hash(x, t) & _mask;
        while (true)
        {
            int k = _slots[slot] - 1;
            if (k < 0 || (_x[k] == x && _t[k] == t))
            {
                return k;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>The most slots any stored pair's lookup inspects (a check on the hash: linear probing stays short only when keys spread).</summary>
    public int LongestProbe()
    {
        int longest = 0;
        for (int k = 0; k < Count; k++)
        {
            int slot = Hash(_x[k], _t[k]) & _mask;
            int probes = 1;
            while (_slots[slot] - 1 != k)
            {
                slot = (slot + 1) & _mask;
                probes++;
            }

            longest = Math.Max(longest, probes);
        }

        return longest;
    }

    /// <summary>Rents the factor columns (after the last <see cref="Add"/>).</summary>
    public void AllocateFactors()
    {
        ReturnFactors();
        _expected = ArrayPool<double>.Shared.Rent(Math.Max(Count, 1));
        _discounted = ArrayPool<double>.Shared.Rent(Math.Max(Count, 1));
    }

    /// <summary>Returns every rented array; the table must not be used afterwards.</summary>
    public void Dispose()
    {
        ReturnFactors();
        ArrayPool<double>.Shared.Return(_x);
        ArrayPool<double>.Shared.Return(_t);
        ArrayPool<int>.Shared.Return(_slots);
        _x = _t = [];
        _slots = [0];
        _mask = 0;
        Count = 0;
    }

    private static int Hash(double x, double t)
    {
        // splitmix64's finaliser over both keys: every input bit reaches the low bits that the mask keeps.
        ulong h = (ulong)BitConverter.DoubleToInt64Bits(x) ^ (((ulong)BitConverter.DoubleToInt64Bits(t) * 0x9E3779B97F4A7C15UL) + 0x632BE59BD9B4E019UL);
        h ^= h >> 30;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 27;
        h *= 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return (int)h;
    }

    private static int[] RentCleared(int size)
    {
        var slots = ArrayPool<int>.Shared.Rent(size);
        Array.Clear(slots, 0, size);
        return slots;
    }

    private static double[] Enlarge(double[] old, int used)
    {
        var bigger = ArrayPool<double>.Shared.Rent(used * 2);
        old.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<double>.Shared.Return(old);
        return bigger;
    }

    private void ReturnFactors()
    {
        if (_expected is not null)
        {
            ArrayPool<double>.Shared.Return(_expected);
            _expected = null;
        }

        if (_discounted is not null)
        {
            ArrayPool<double>.Shared.Return(_discounted);
            _discounted = null;
        }
    }

    private void Grow()
    {
        // The pool may hand out a larger array than asked for; only the first 2·(mask + 1) slots are used.
        int size = (_mask + 1) * 2;
        ArrayPool<int>.Shared.Return(_slots);
        _slots = RentCleared(size);
        _mask = size - 1;
        for (int k = 0; k < Count; k++)
        {
            int slot = Hash(_x[k], _t[k]) & _mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = k + 1;
        }
    }
}
