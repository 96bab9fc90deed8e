namespace CustomerValue.Lifetime.Fitting;

/// <summary>
/// Customer summaries compressed for fitting: rows with identical (x, t_x, T) are grouped into one row whose weight
/// is the number of customers (or the sum of their weights) sharing it.
/// </summary>
/// <remarks>
/// The likelihood of a data set depends on each customer only through (x, t_x, T), so grouping is exact and makes every
/// likelihood evaluation cost one term per distinct row: the CDNOW calibration summary has 2,357 customers but far
/// fewer distinct rows (every x = 0 customer with the same first-purchase day is one row). Rows are compared bitwise
/// (−0 equals +0); the output keeps the order of first appearance, so compression is deterministic. Models with other
/// sufficient statistics reuse the three columns (Gamma-Gamma passes (x, m̄, 0)).
/// </remarks>
internal sealed class WeightedSummaries
{
    private WeightedSummaries(double[] frequency, double[] recency, double[] age, double[] weight, double totalWeight)
    {
        Frequency = frequency;
        Recency = recency;
        Age = age;
        Weight = weight;
        TotalWeight = totalWeight;
    }

    /// <summary>x per distinct row.</summary>
    public double[] Frequency { get; }

    /// <summary>t_x per distinct row.</summary>
    public double[] Recency { get; }

    /// <summary>T per distinct row.</summary>
    public double[] Age { get; }

    /// <summary>The number of customers (or their total weight) in each distinct row.</summary>
    public double[] Weight { get; }

    /// <summary>Distinct rows.</summary>
    public int Count => Weight.Length;

    /// <summary>The sum of all weights: the customer count.</summary>
    public double TotalWeight { get; }

    /// <summary>Groups identical rows. <paramref name="weights"/> empty means weight 1 per row.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or a weight is negative, NaN or infinite.</exception>
    public static WeightedSummaries Compress(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> weights = default)
    {
        int n = frequency.Length;
        if (recency.Length != n || age.Length != n || (!weights.IsEmpty && weights.Length != n))
        {
            throw new ArgumentException($"All columns must have one value per row ({n}); got recency {recency.Length}, T {age.Length}, weights {weights.Length}.");
        }

        var table = new RowTable(Math.Min(n, 1 << 14));
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double weight = weights.IsEmpty ? 1 : weights[i];
            if (!(weight >= 0 && double.IsFinite(weight)))
            {
                throw new ArgumentException($"Row {i + 1}: the weight must be finite and >= 0.", nameof(weights));
            }

            table.Add(frequency[i] + 0.0, recency[i] + 0.0, age[i] + 0.0, weight);
            total += weight;
        }

        return new WeightedSummaries(table.Column(0), table.Column(1), table.Column(2), table.Weights(), total);
    }

    /// <summary>
    /// An open-addressing hash table (linear probing, power-of-two size, at most half full) from a row's three values,
    /// compared bitwise, to its distinct-row slot; about twice as fast as a Dictionary for this job.
    /// </summary>
    private sealed class RowTable
    {
        private Slot[] _slots;
        private int _shift;
        private double[] _values;
        private double[] _weights;

        public RowTable(int expected)
        {
            int capacity = 16;
            while (capacity < 2 * expected)
            {
                capacity *= 2;
            }

            _slots = NewSlots(capacity);
            _shift = 64 - System.Numerics.BitOperations.Log2((uint)capacity);
            _values = new double[3 * Math.Max(16, expected)];
            _weights = new double[Math.Max(16, expected)];
        }

        public int Count { get; private set; }

        public void Add(double a, double b, double c, double weight)
        {
            long ka = BitConverter.DoubleToInt64Bits(a), kb = BitConverter.DoubleToInt64Bits(b), kc = BitConverter.DoubleToInt64Bits(c);
            int mask = _slots.Length - 1;
            int position = Position(ka, kb, kc);
            while (true)
            {
                ref var slot = ref _slots[position];
                if (slot.Index < 0)
                {
                    break;
                }

                if (slot.A == ka && slot.B == kb && slot.C == kc)
                {
                    _weights[slot.Index] += weight;
                    return;
                }

                position = (position + 1) & mask;
            }

            if (Count == _weights.Length)
            {
                Array.Resize(ref _weights, 2 * Count);
                Array.Resize(ref _values, 6 * Count);
            }

            _values[3 * Count] = a;
            _values[(3 * Count) + 1] = b;
            _values[(3 * Count) + 2] = c;
            _weights[Count] = weight;
            _slots[position] = new Slot { A = ka, B = kb, C = kc, Index = Count };
            Count++;
            if (2 * Count > _slots.Length)
            {
                Grow();
            }
        }

        public double[] Column(int which)
        {
            var column = new double[Count];
            for (int i = 0; i < Count; i++)
            {
                column[i] = _values[(3 * i) + which];
            }

            return column;
        }

        public double[] Weights() => _weights.AsSpan(0, Count).ToArray();

        private int Position(long a, long b, long c)
        {
            ulong h = unchecked(((ulong)a * 0x9E3779B97F4A7C15UL) ^ ((ulong)b * 0xC2B2AE3D27D4EB4FUL) ^ ((ulong)c * 0x165667B19E3779F9UL));
            h ^= h >> 31;
            h = unchecked(h * 0xD6E8FEB86659FD93UL);
            return (int)(h >> _shift);
        }

        private void Grow()
        {
            var old = _slots;
            _slots = NewSlots(2 * old.Length);
            _shift--;
            int mask = _slots.Length - 1;
            foreach (var slot in old)
            {
                if (slot.Index >= 0)
                {
                    int position = Position(slot.A, slot.B, slot.C);
                    while (_slots[position].Index >= 0)
                    {
                        position = (position + 1) & mask;
                    }

                    _slots[position] = slot;
                }
            }
        }

        private static Slot[] NewSlots(int capacity)
        {
            var slots = new Slot[capacity];
            slots.AsSpan().Fill(new Slot { Index = -1 });
            return slots;
        }

        private struct Slot
        {
            public long A;
            public long B;
            public long C;
            public int Index;
        }
    }
}
