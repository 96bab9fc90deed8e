namespace CustomerValue.Scoring;

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
/// <para>Open addressing with linear probing on the bit patterns of x and T; not thread-safe while keys are added,
/// read-only (and thread-safe) afterwards.</para>
/// </remarks>
internal sealed class RecencyFreeTable
{
    private double[] _x;
    private double[] _t;
    private int[] _slots;
    private int _mask;

    public RecencyFreeTable(int capacity = 1024)
    {
        int size = 16;
        while (size < capacity * 2)
        {
            size <<= 1;
        }

        _slots = new int[size];
        _mask = size - 1;
        _x = new double[Math.Max(capacity, 8)];
        _t = new double[Math.Max(capacity, 8)];
    }

    /// <summary>The number of distinct pairs.</summary>
    public int Count { get; private set; }

    /// <summary>x of pair k.</summary>
    public ReadOnlySpan<double> Frequency => _x.AsSpan(0, Count);

    /// <summary>T of pair k.</summary>
    public ReadOnlySpan<double> Age => _t.AsSpan(0, Count);

    /// <summary>E[Y(horizon) | x, T, T] / P(alive | x, T, T) per pair, or NaN where the factorisation cannot be used.</summary>
    public double[] ExpectedPerAlive { get; private set; } = [];

    /// <summary>Discounted expected purchases at t_x = T over P(alive | x, T, T) per pair, or NaN.</summary>
    public double[] DiscountedPerAlive { get; private set; } = [];

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
            Array.Resize(ref _x, Count * 2);
            Array.Resize(ref _t, Count * 2);
        }

        _x[Count] = x;
        _t[Count] = t;
        Count++;
        _slots[slot] = Count;
        if (Count * 2 > _slots.Length)
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

    /// <summary>Allocates the factor columns (after the last <see cref="Add"/>).</summary>
    public void AllocateFactors()
    {
        ExpectedPerAlive = new double[Count];
        DiscountedPerAlive = new double[Count];
    }

    private static int Hash(double x, double t)
    {
        ulong h = (ulong)BitConverter.DoubleToInt64Bits(x) * 0x9E3779B97F4A7C15UL;
        h ^= (ulong)BitConverter.DoubleToInt64Bits(t) + 0x632BE59BD9B4E019UL + (h << 6) + (h >> 2);
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 29;
        return (int)(h >> 33);
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        _mask = _slots.Length - 1;
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
