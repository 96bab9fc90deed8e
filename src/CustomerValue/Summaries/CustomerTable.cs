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
/// From canonical whole-number customer ids to dense indices: the integer fast path, with no string per row. A slot
/// holds its index plus one, so a zeroed slot is empty and new memory needs no filling pass. Two layouts, chosen by
/// the keys themselves (lookups and indices are the same in both):
/// <list type="bullet">
/// <item><b>Hashed</b> (any ids): open addressing with linear probing, 12-byte slots, at most 70% full.</item>
/// <item><b>Direct</b>, for ids that fill most of their range, as ids numbered from 1 do: pages of
/// <see cref="PageSize"/> consecutive ids, each slot 4 bytes at [id mod <see cref="PageSize"/>] of its page, found
/// through a directory of pages. No probing, no hashing and no rehashing as the table grows (a new page is a new
/// array; nothing is copied but the small directory), and a third of the memory of the hashed slots.</item>
/// </list>
/// The table starts direct. It turns hashed when a negative key comes, when its pages would be less than one eighth full
/// on average beyond the first 8 MiB of them (the first keys of a large log touch most pages before they fill them),
/// or when the directory would be sparse; a hashed table turns direct again when it doubles its slots and its keys would
/// fill at least a quarter of the pages they touch. So sparse ids cost at most those first pages, once.
/// </summary>
internal sealed class NumericIdTable
{
    /// <summary>Ids per page of the direct layout (4 KiB of slots): also the run of consecutive ids
    /// <see cref="SummaryAccumulator.Partition(long, int)"/> keeps in one partition, so a partition's pages are full.</summary>
    public const int PageBits = 10;

    /// <summary>Ids per page: 2^<see cref="PageBits"/>.</summary>
    public const int PageSize = 1 << PageBits;

    private const int PageMask = PageSize - 1;

    private Slot[] _slots = [];
    private int _shift;
    private int _count;
    private int _limit;

    // The direct layout: _pages[i] holds the ids of page number _firstPage + i (null when none was seen); null when hashed.
    private int[]?[]? _pages;
    private long _firstPage;
    private int _pageCount;

    /// <summary>An empty table (direct, with no page yet).</summary>
    public NumericIdTable()
    {
        _pages = [];
    }

    public int Count => _count;

    /// <summary>True while the table uses the direct layout.</summary>
    internal bool IsDirect => _pages is not null;

    /// <summary>The direct layout's pages (entry i holds page number <paramref name="firstPage"/> + i, or null); false when hashed.</summary>
    internal bool TryPages(out int[]?[] pages, out long firstPage)
    {
        pages = _pages ?? [];
        firstPage = _firstPage;
        return _pages is not null;
    }

    /// <summary>The smallest and largest key; false when the table is empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryRange(out long min, out long max)
    {
        min = long.MaxValue;
        max = long.MinValue;
        if (_pages is { } pages)
        {
            for (int p = 0; p < pages.Length && min == long.MaxValue; p++)
            {
                if (pages[p] is { } page && page.AsSpan().IndexOfAnyExcept(0) is var at && at >= 0)
                {
                    min = ((_firstPage + p) << PageBits) + at;
                }
            }

            for (int p = pages.Length - 1; p >= 0 && max == long.MinValue; p--)
            {
                if (pages[p] is { } page && page.AsSpan().LastIndexOfAnyExcept(0) is var at && at >= 0)
                {
                    max = ((_firstPage + p) << PageBits) + at;
                }
            }

            return _count > 0;
        }

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

    /// <summary>The index of <paramref name="key"/>, adding it with <paramref name="next"/> when absent (then <paramref name="added"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(long key, int next, out bool added)
    {
        if (_pages is { } pages)
        {
            ulong at = (ulong)((key >> PageBits) - _firstPage);
            if (key >= 0 && at < (ulong)pages.Length && pages[at] is { } page)
            {
                ref int slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(page), (int)(key & PageMask));
                if (slot != 0)
                {
                    added = false;
                    return slot - 1;
                }

                slot = next + 1;
                _count++;
                added = true;
                return next;
            }

            return AddToNewPage(key, next, out added);
        }

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

    /// <summary>Prefetches the slot of a key (a hint; does nothing where not supported).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(long key)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            return;
        }

        if (_pages is { } pages)
        {
            ulong at = (ulong)((key >> PageBits) - _firstPage);
            if (key >= 0 && at < (ulong)pages.Length && pages[at] is { } page)
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref page[key & PageMask]));
            }

            return;
        }

        System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref _slots[Home(key)]));
    }

    /// <summary>Copies every (key, index) pair into the spans (each of length <see cref="Count"/>); in key order when direct.</summary>
    public void CopyTo(Span<long> keys, Span<int> indices)
    {
        int k = 0;
        if (_pages is { } pages)
        {
            for (int p = 0; p < pages.Length; p++)
            {
                if (pages[p] is not { } page)
                {
                    continue;
                }

                long first = (_firstPage + p) << PageBits;
                for (int j = 0; j < page.Length; j++)
                {
                    if (page[j] != 0)
                    {
                        keys[k] = first + j;
                        indices[k] = page[j] - 1;
                        k++;
                    }
                }
            }

            return;
        }

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
        if (TryTurnDirect())
        {
            return;
        }

        var old = _slots;
        Allocate(old.Length * 2);
        Rehash(old);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rehash(ReadOnlySpan<Slot> old)
    {
        foreach (ref readonly var s in old)
        {
            if (s.Index != 0)
            {
                Insert(s);
            }
        }
    }

    /// <summary>Puts a slot of a key not in the table into the first free slot from its home.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Insert(in Slot slot)
    {
        int mask = _slots.Length - 1;
        int i = Home(slot.Key);
        while (_slots[i].Index != 0)
        {
            i = (i + 1) & mask;
        }

        _slots[i] = slot;
    }

    /// <summary>Moves the hashed keys into pages when they are non-negative and would fill at least a quarter of the pages they touch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryTurnDirect()
    {
        if (!TryRange(out long min, out long max) || min < 0)
        {
            return false;
        }

        long firstPage = min >> PageBits, span = (max >> PageBits) - firstPage + 1;
        if (span > MaxDirectory(_count))
        {
            return false;
        }

        var touched = new bool[span];
        int pages = 0;
        foreach (ref readonly var s in _slots.AsSpan())
        {
            if (s.Index != 0 && !touched[(s.Key >> PageBits) - firstPage])
            {
                touched[(s.Key >> PageBits) - firstPage] = true;
                pages++;
            }
        }

        if ((long)pages * PageSize > 4L * _count)
        {
            return false;
        }

        var directory = new int[]?[span];
        foreach (ref readonly var s in _slots.AsSpan())
        {
            if (s.Index != 0)
            {
                var page = directory[(s.Key >> PageBits) - firstPage] ??= new int[PageSize];
                page[s.Key & PageMask] = s.Index;
            }
        }

        _pages = directory;
        _firstPage = firstPage;
        _pageCount = pages;
        _slots = [];
        return true;
    }

    /// <summary>A key whose page is not there yet: a new page while the pages stay full enough (see the class remarks), else hashed.</summary>
    private int AddToNewPage(long key, int next, out bool added)
    {
        var pages = _pages!;
        long page = key >> PageBits;
        bool empty = pages.Length == 0;
        long firstPage = empty ? page : Math.Min(_firstPage, page), lastPage = empty ? page : Math.Max(_firstPage + pages.Length - 1, page);
        long span = lastPage - firstPage + 1;
        if (key < 0 || (long)(_pageCount + 1) * PageSize > (8L * (_count + 1)) + FreePageSlots || span > MaxDirectory(_count + 1))
        {
            TurnHashed();
            return GetOrAdd(key, next, out added);
        }

        if (empty)
        {
            _pages = pages = new int[]?[1];
            _firstPage = page;
        }
        else if (firstPage != _firstPage || span > pages.Length)
        {
            // Room for the new page, with slack on the side that grew so a run of new pages does not copy the directory each time.
            long slack = Math.Min(pages.Length, MaxDirectory(_count + 1) - span);
            long newFirst = firstPage < _firstPage ? Math.Max(0, firstPage - slack) : firstPage;
            long newLength = lastPage - newFirst + 1 + (firstPage < _firstPage ? 0 : Math.Max(0, slack));
            var grown = new int[]?[newLength];
            Array.Copy(pages, 0, grown, _firstPage - newFirst, pages.Length);
            _pages = pages = grown;
            _firstPage = newFirst;
        }

        pages[page - _firstPage] = new int[PageSize];
        _pageCount++;
        return GetOrAdd(key, next, out added);
    }

    /// <summary>Page slots allowed beyond one eighth full pages: 8 MiB of pages, whatever the keys.</summary>
    private const long FreePageSlots = 1 << 21;

    /// <summary>The directory entries allowed for <paramref name="count"/> keys (8 bytes each): sparse directories go back to hashing.</summary>
    private static long MaxDirectory(long count) => (count / 16) + 65536;

    /// <summary>To the hashed layout (the keys stopped filling their pages).</summary>
    private void TurnHashed()
    {
        var keys = new long[_count];
        var indices = new int[_count];
        CopyTo(keys, indices);
        _pages = null;
        int size = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, (int)((_count + 1) / 0.7) + 1)));
        Allocate(size);
        for (int k = 0; k < keys.Length; k++)
        {
            Insert(new Slot { Key = keys[k], Index = indices[k] + 1 });
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
