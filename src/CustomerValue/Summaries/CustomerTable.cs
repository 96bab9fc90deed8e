using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CustomerValue.Summaries;

/// <summary>
/// One customer's running totals (32 bytes: two per cache line): the distinct purchase days are the first, the last and
/// a sorted list of those between; spend in whole micro-units. A sum that leaves the range of a long carries into the
/// accumulator's side table of high parts, so every sum is exact in 128 bits without 128 bits per customer.
/// </summary>
internal struct CustomerState
{
    /// <summary><see cref="FirstDay"/> of a customer without a purchase day (only returns so far).</summary>
    public const int NoDay = int.MinValue;

    public long FirstDaySpend;
    public long CalibrationSpend;
    public int FirstDay;
    public int LastDay;
    public int Middle;
    public int CalibrationRows;
}

/// <summary>One customer's holdout totals, kept apart (and only when a holdout period is asked for) so the calibration state stays small.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct HoldoutState
{
    public long Spend;
    public int Rows;
}

/// <summary>
/// Open-addressing hash table from canonical whole-number customer ids to dense indices (linear probing, 12-byte
/// slots, at most 70% full): the integer fast path, with no string per row. A slot holds its index plus one, so a
/// zeroed slot is empty and a new table needs no filling pass.
/// </summary>
internal sealed class NumericIdTable
{
    private Slot[] _slots = [];
    private int _shift;
    private int _count;
    private int _limit;

    public NumericIdTable(int capacity = 1024)
    {
        int size = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, (int)(capacity / 0.7))));
        Allocate(size);
    }

    public int Count => _count;

    /// <summary>The slots (a zero <see cref="Slot.Index"/> is empty, else it is the index plus one), for passes over every key.</summary>
    public ReadOnlySpan<Slot> Slots => _slots;

    /// <summary>The smallest and largest key; false when the table is empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryRange(out long min, out long max)
    {
        min = long.MaxValue;
        max = long.MinValue;
        foreach (ref readonly var s in _slots.AsSpan())
        {
            if (s.Index != 0)
            {
                min = Math.Min(min, s.Key);
                max = Math.Max(max, s.Key);
            }
        }

        return _count > 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long key)
    {
        int mask = _slots.Length - 1;
        int i = Home(key);
        ref Slot first = ref MemoryMarshal.GetArrayDataReference(_slots);
        while (true)
        {
            ref Slot s = ref Unsafe.Add(ref first, i);
            if (s.Index == 0)
            {
                return -1;
            }

            if (s.Key == key)
            {
                return s.Index - 1;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>The index of <paramref name="key"/>, adding it with <paramref name="next"/> when absent (then <paramref name="added"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(long key, int next, out bool added)
    {
        int mask = _slots.Length - 1;
        int i = Home(key);
        ref Slot first = ref MemoryMarshal.GetArrayDataReference(_slots);
        while (true)
        {
            ref Slot s = ref Unsafe.Add(ref first, i);
            if (s.Index == 0)
            {
                s.Key = key;
                s.Index = next + 1;
                added = true;
                if (++_count > _limit)
                {
                    Resize();
                }

                return next;
            }

            if (s.Key == key)
            {
                added = false;
                return s.Index - 1;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>Prefetches the home slot of a key (a hint; does nothing where not supported).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(long key)
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref _slots[Home(key)]));
        }
    }

    /// <summary>Copies every (key, index) pair into the spans (each of length <see cref="Count"/>).</summary>
    public void CopyTo(Span<long> keys, Span<int> indices)
    {
        int k = 0;
        foreach (ref readonly var s in _slots.AsSpan())
        {
            if (s.Index != 0)
            {
                keys[k] = s.Key;
                indices[k] = s.Index - 1;
                k++;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Allocate(int size)
    {
        _slots = new Slot[size];
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
        _limit = (int)(size * 0.7);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Resize()
    {
        var old = _slots;
        Allocate(old.Length * 2);
        int mask = _slots.Length - 1;
        foreach (ref readonly var s in old.AsSpan())
        {
            if (s.Index != 0)
            {
                int i = Home(s.Key);
                while (_slots[i].Index != 0)
                {
                    i = (i + 1) & mask;
                }

                _slots[i] = s;
            }
        }
    }

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    internal struct Slot
    {
        public long Key;
        public int Index;
    }
}

/// <summary>Sorts (key, index) pairs by key: least-significant-digit radix sort, 11 bits a pass, passes where every key shares the digit skipped.</summary>
internal static class RadixSort
{
    public static void Sort(long[] keys, int[] items)
    {
        int n = keys.Length;
        if (n < 2048)
        {
            Array.Sort(keys, items);
            return;
        }

        long min = long.MaxValue, max = long.MinValue;
        foreach (long k in keys)
        {
            min = Math.Min(min, k);
            max = Math.Max(max, k);
        }

        if (min < 0)
        {
            Array.Sort(keys, items);
            return;
        }

        var k2 = new long[n];
        var i2 = new int[n];
        var count = new int[2048];
        long[] src = keys, dst = k2;
        int[] srcI = items, dstI = i2;
        for (int shift = 0; shift < 64 && (max >> shift) != 0; shift += 11)
        {
            Array.Clear(count);
            foreach (long k in src)
            {
                count[(int)((k >> shift) & 2047)]++;
            }

            if (count[(int)((src[0] >> shift) & 2047)] == n)
            {
                continue;
            }

            int sum = 0;
            for (int d = 0; d < 2048; d++)
            {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }

            for (int i = 0; i < n; i++)
            {
                long k = src[i];
                int p = count[(int)((k >> shift) & 2047)]++;
                dst[p] = k;
                dstI[p] = srcI[i];
            }

            (src, dst) = (dst, src);
            (srcI, dstI) = (dstI, srcI);
        }

        if (!ReferenceEquals(src, keys))
        {
            src.CopyTo(keys, 0);
            srcI.CopyTo(items, 0);
        }
    }
}
