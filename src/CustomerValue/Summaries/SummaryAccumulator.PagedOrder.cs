using System.Numerics;
using System.Runtime.CompilerServices;

namespace CustomerValue.Summaries;

/// <summary>The id order of accumulators whose whole-number ids sit in direct pages.</summary>
public sealed partial class SummaryAccumulator
{
    /// <summary>
    /// The kept customers of accumulators that keep every id in direct pages, each page (a run of
    /// <see cref="NumericIdTable.PageSize"/> consecutive ids) in exactly one of them, as the partitioned reader arranges:
    /// walking the pages in page order lists the customers in id order, with no sort, no merge and no array as long as
    /// the customers. One pass counts the kept customers of every page (and marks them in a bit set); a window of the
    /// order is then read straight from the pages, on every core.
    /// </summary>
    private sealed class PagedOrder
    {
        private const int Words = NumericIdTable.PageSize / 64;

        private readonly long _firstPage;
        private readonly int[]?[] _page;
        private readonly int[] _part;
        private readonly ulong[] _kept;
        private readonly long[] _start;

        private PagedOrder(long firstPage, int[]?[] page, int[] part, ulong[] kept, long[] start, int withoutPurchases, int firstSeenInHoldout)
        {
            _firstPage = firstPage;
            _page = page;
            _part = part;
            _kept = kept;
            _start = start;
            Count = checked((int)start[^1]);
            WithoutPurchases = withoutPurchases;
            FirstSeenInHoldout = firstSeenInHoldout;
        }

        public int Count { get; }

        public int WithoutPurchases { get; }

        public int FirstSeenInHoldout { get; }

        /// <summary>The paged order of the parts, or null when some part is hashed, holds text ids or shares a page with another.</summary>
        public static PagedOrder? Of(SummaryAccumulator[] parts)
        {
            long first = long.MaxValue, last = long.MinValue;
            foreach (var part in parts)
            {
                if (part._strings.Count > 0 || !part._numeric.TryPages(out var pages, out long firstPage))
                {
                    return null;
                }

                for (int i = 0; i < pages.Length; i++)
                {
                    if (pages[i] is not null)
                    {
                        first = Math.Min(first, firstPage + i);
                        last = Math.Max(last, firstPage + i);
                    }
                }
            }

            if (first > last || last - first + 1 > Array.MaxLength / Words)
            {
                return null;
            }

            int span = (int)(last - first + 1);
            var page = new int[]?[span];
            var owner = new int[span];
            for (int p = 0; p < parts.Length; p++)
            {
                parts[p]._numeric.TryPages(out var pages, out long firstPage);
                for (int i = 0; i < pages.Length; i++)
                {
                    if (pages[i] is { } one)
                    {
                        long at = firstPage + i - first;
                        if (page[at] is not null)
                        {
                            return null;
                        }

                        page[at] = one;
                        owner[at] = p;
                    }
                }
            }

            foreach (var part in parts)
            {
                part.NetReturns();
            }

            // Which customers of each page are kept (bits), how many, and why the others are not.
            var kept = new ulong[(long)span * Words];
            var count = new long[span + 1];
            var withoutPurchases = new int[span];
            var inHoldout = new int[span];
            Parallel.For(0, (span + 63) / 64, range =>
            {
                for (int b = range * 64; b < Math.Min(span, (range + 1) * 64); b++)
                {
                    if (page[b] is { } one)
                    {
                        count[b + 1] = Mark(parts[owner[b]], one, kept.AsSpan(b * Words, Words), out withoutPurchases[b], out inHoldout[b]);
                    }
                }
            });

            for (int b = 0; b < span; b++)
            {
                count[b + 1] += count[b];
            }

            return new PagedOrder(first, page, owner, kept, count, withoutPurchases.Sum(), inHoldout.Sum());
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int Mark(SummaryAccumulator part, int[] page, Span<ulong> kept, out int withoutPurchases, out int inHoldout)
        {
            withoutPurchases = inHoldout = 0;
            int n = 0;
            for (int j = 0; j < page.Length; j++)
            {
                if (page[j] == 0)
                {
                    continue;
                }

                switch (part.Exclusion(page[j] - 1))
                {
                    case 0:
                        kept[j >> 6] |= 1UL << j;
                        n++;
                        break;
                    case 1:
                        withoutPurchases++;
                        break;
                    default:
                        inHoldout++;
                        break;
                }
            }

            return n;
        }

        /// <summary>Writes the references (part start + index) and ids of customers <paramref name="start"/>.. of the order.</summary>
        public void Window(SummaryAccumulator[] parts, int[] partStart, int start, int count, int[] refs, long[] numbers)
        {
            if (count == 0)
            {
                return;
            }

            // The pages that hold the window: the first whose customers reach past start, up to the one holding the last.
            int from = UpperBound(start), to = UpperBound(start + count - 1);
            int pages = to - from + 1;
            int ranges = Math.Min(pages, Environment.ProcessorCount * 4);
            Parallel.For(0, ranges, r =>
            {
                for (int b = from + (int)((long)pages * r / ranges); b < from + (int)((long)pages * (r + 1) / ranges); b++)
                {
                    Read(b, partStart[_part[b]], start, count, refs, numbers);
                }
            });
        }

        /// <summary>The page whose customers include position <paramref name="position"/> of the order.</summary>
        private int UpperBound(long position)
        {
            int lo = 0, hi = _page.Length - 1;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_start[mid + 1] > position)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            return lo;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Read(int b, int offset, int start, int count, int[] refs, long[] numbers)
        {
            if (_page[b] is not { } page)
            {
                return;
            }

            long position = _start[b];
            long firstId = (_firstPage + b) << NumericIdTable.PageBits;
            var kept = _kept.AsSpan(b * Words, Words);
            for (int w = 0; w < Words; w++)
            {
                ulong bits = kept[w];
                while (bits != 0)
                {
                    int j = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    long at = position++ - start;
                    if ((ulong)at < (ulong)count)
                    {
                        refs[at] = offset + page[j] - 1;
                        numbers[at] = firstId + j;
                    }
                }
            }
        }
    }
}
