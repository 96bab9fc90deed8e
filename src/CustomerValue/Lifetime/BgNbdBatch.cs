using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CustomerValue.Numerics;

namespace CustomerValue.Lifetime;

/// <summary>
/// The span-based batch paths of BG/NBD and MBG/NBD: four customers per step with <see cref="Vector256{T}"/>, and
/// chunks of customers spread over the cores.
/// </summary>
/// <remarks>
/// Expected purchases: each lane performs the operations of the scalar path (<see cref="BgNbdKernel"/>) in the same
/// order, with <see cref="Vector256"/>'s logarithm and exponential, which may round differently from
/// <see cref="Math.Log(double)"/> and <see cref="Math.Exp"/> in the last place. P(alive): the same formula, with
/// <see cref="VectorMath"/>'s ln of the ratio (one division instead of two) and exponential, run in passes over blocks
/// (see <c>AliveLanes</c>), one-time buyers of BG/NBD packed out. Batch and scalar agree to about 4e-15 relative
/// (tested to 1e-12). Lanes whose ₂F₁ needs the robust evaluator (z &gt; 0.95), or whose power leaves the fast
/// exponential's range, are computed by the scalar path. Nothing is allocated per customer; parallel chunks write
/// disjoint ranges of the destination.
/// </remarks>
internal static unsafe class BgNbdBatch
{
    /// <summary>Customers per parallel chunk (fixed, so results never depend on the core count).</summary>
    private const int ChunkSize = 16384;

    /// <summary>From this many customers on, expected purchases are computed per distinct (x, T) pair when that pays.</summary>
    internal const int DistinctPairsThreshold = 1 << 16;

    public static void CheckLengths(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        int n = frequency.Length;
        if (recency.Length != n || age.Length != n || destination.Length != n)
        {
            throw new ArgumentException(
                $"frequency, recency, age and destination must have the same length; got {n}, {recency.Length}, {age.Length} and {destination.Length}.");
        }
    }

    public static void ProbabilityAlive(BgNbdKernel kernel, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        CheckLengths(frequency, recency, age, destination);
        Run(kernel, 0, frequency, recency, age, destination, &ProbabilityAliveChunk);
    }

    /// <summary>P(alive) of one chunk on the calling thread (the scorer's parallel chunks call this).</summary>
    public static void ProbabilityAliveChunk(BgNbdKernel kernel, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        CheckLengths(frequency, recency, age, destination);
        fixed (double* x = frequency, tx = recency, t = age, d = destination)
        {
            AliveChunk(kernel, x, tx, t, d, frequency.Length, stream: false);
        }
    }

    public static void ExpectedPurchases(BgNbdKernel kernel, double horizon, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        CheckLengths(frequency, recency, age, destination);
        if (horizon == 0)
        {
            destination.Clear();
            return;
        }

        if (frequency.Length >= DistinctPairsThreshold && ExpectedPurchasesByPairs(kernel, horizon, frequency, recency, age, destination))
        {
            return;
        }

        Run(kernel, horizon, frequency, recency, age, destination, &ExpectedPurchasesChunk);
    }

    /// <summary>
    /// E[Y(t)] = P(alive) · h(x, T) with h = (a+b′+x−1)·G computed once per distinct (x, T) pair (see
    /// <see cref="RecencyFreeTable"/>): real bases hold far fewer pairs than customers (counts are small integers, ages
    /// whole days), so the ₂F₁ series runs per pair and each customer costs P(alive), a hash probe and a multiplication.
    /// The product is the one the per-customer path forms, (a+b′+x−1)·G·P(alive), with the same operations in each lane,
    /// so the two paths agree to rounding (tested to 1e-12 against each other and the scalar path).
    /// Returns false (having written nothing) when more than a quarter of the customers have a pair of their own.
    /// </summary>
    private static bool ExpectedPurchasesByPairs(BgNbdKernel kernel, double horizon, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        int n = frequency.Length;
        if (MostlyDistinct(frequency, age))
        {
            return false;
        }

        using var table = RecencyFreeTable.Collect(frequency, age, ChunkSize, maxPairs: n / 4);
        if (table is null)
        {
            return false;
        }

        table.AllocateFactors();
        RecencyFreeFactors(kernel, horizon, table.Frequency, table.Age, table.ExpectedPerAlive);
        var factors = table.ExpectedPerAlive;
        fixed (double* x = frequency, tx = recency, t = age, d = destination, h = factors)
        {
            nint px = (nint)x, ptx = (nint)tx, pt = (nint)t, pd = (nint)d, ph = (nint)h;
            var pairs = table;
            int chunks = (n + ChunkSize - 1) / ChunkSize;
            Parallel.For(0, chunks, c =>
            {
                int start = c * ChunkSize;
                int length = Math.Min(ChunkSize, n - start);
                double* cx = (double*)px + start, ct = (double*)pt + start, cd = (double*)pd + start, factor = (double*)ph;
                AliveChunk(kernel, cx, (double*)ptx + start, ct, cd, length, stream: false);
                for (int i = 0; i < length; i++)
                {
                    double alive = cd[i];
                    cd[i] = alive == 0 ? 0 : factor[pairs.Find(cx[i], ct[i])] * alive;
                }
            });
        }

        return true;
    }

    /// <summary>
    /// A cheap look before collecting pairs: in an evenly spaced sample of a sixteenth of the customers (at least 4,096),
    /// more than 95 % distinct (x, T) pairs means ages are continuous and nearly every customer has a pair of their own
    /// (the collection would fail after a quarter of the base). Real bases with whole-day ages share pairs and pass.
    /// Either answer gives the same forecasts (to rounding); this only saves the failed collection.
    /// </summary>
    private static bool MostlyDistinct(ReadOnlySpan<double> frequency, ReadOnlySpan<double> age)
    {
        int n = frequency.Length;
        int m = Math.Min(n, Math.Max(4096, n / 16));
        var seen = new HashSet<(double, double)>(m);
        for (int k = 0; k < m; k++)
        {
            int i = (int)((long)k * n / m);
            seen.Add((frequency[i], age[i] + 0.0));
        }

        return seen.Count > 0.95 * m;
    }

    /// <summary>
    /// h(x, T) = (a+b′+x−1)·G(z), z = t/(α+T+t), for each (x, T): the forecast of a customer alive at T (so that
    /// E[Y(t) | x, t_x, T] = P(alive | x, t_x, T)·h), four pairs per step, in parallel blocks.
    /// </summary>
    internal static void RecencyFreeFactors(BgNbdKernel kernel, double horizon, ReadOnlySpan<double> frequency, ReadOnlySpan<double> age, Span<double> destination)
    {
        int n = frequency.Length;
        if (horizon == 0)
        {
            destination[..n].Clear();
            return;
        }

        const int Block = 1024;
        fixed (double* x = frequency, t = age, d = destination)
        {
            nint px = (nint)x, pt = (nint)t, pd = (nint)d;
            Parallel.For(0, (n + Block - 1) / Block, b =>
            {
                int start = b * Block;
                FactorChunk(kernel, horizon, (double*)px + start, (double*)pt + start, (double*)pd + start, Math.Min(Block, n - start));
            });
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FactorChunk(BgNbdKernel kernel, double horizon, double* x, double* t, double* destination, int n)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var constants = new FactorConstants(kernel, horizon);
            for (; i <= n - 4; i += 4)
            {
                var age = Vector256.Load(t + i);
                if (!Factor(kernel, constants, Vector256.Load(x + i), age, out var factor))
                {
                    for (int j = i; j < i + 4; j++)
                    {
                        destination[j] = kernel.RecencyFreeFactor(horizon, x[j], t[j]);
                    }

                    continue;
                }

                factor.Store(destination + i);
            }
        }

        for (; i < n; i++)
        {
            destination[i] = kernel.RecencyFreeFactor(horizon, x[i], t[i]);
        }
    }

    private static void Run(
        BgNbdKernel kernel, double horizon, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination,
        delegate*<BgNbdKernel, double, double*, double*, double*, double*, int, void> chunk)
    {
        int n = frequency.Length;
        fixed (double* x = frequency, tx = recency, t = age, d = destination)
        {
            if (n < 2 * ChunkSize)
            {
                chunk(kernel, horizon, x, tx, t, d, n);
                return;
            }

            nint px = (nint)x, ptx = (nint)tx, pt = (nint)t, pd = (nint)d;
            nint function = (nint)chunk;
            int chunks = (n + ChunkSize - 1) / ChunkSize;
            Parallel.For(0, chunks, c =>
            {
                int start = c * ChunkSize;
                int length = Math.Min(ChunkSize, n - start);
                var f = (delegate*<BgNbdKernel, double, double*, double*, double*, double*, int, void>)function;
                f(kernel, horizon, (double*)px + start, (double*)ptx + start, (double*)pt + start, (double*)pd + start, length);
            });
        }
    }

    private static void ProbabilityAliveChunk(BgNbdKernel kernel, double horizon, double* x, double* tx, double* t, double* destination, int n) =>
        AliveChunk(kernel, x, tx, t, destination, n, stream: true);

    /// <summary>
    /// P(alive) of one chunk. <paramref name="stream"/>: write with non-temporal stores (for a batch whose results the
    /// caller does not read right away); false when the next step reads them (expected purchases, the scorer).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AliveChunk(BgNbdKernel kernel, double* x, double* tx, double* t, double* destination, int n, bool stream)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            for (int i = 0; i < n; i++)
            {
                destination[i] = kernel.ProbabilityAlive(x[i], tx[i], t[i]);
            }

            return;
        }

        var constants = new AliveConstants(kernel);
        if (kernel.Modified)
        {
            AliveLanes(constants, x, tx, t, destination, n);
            return;
        }

        // BG/NBD gives P(alive) = 1 at x = 0 (most of a real base: 60% of CDNOW), so each block writes ones, packs the
        // repeat buyers together, and only they go through the exp/log lanes.
        if (!Avx2.IsSupported)
        {
            AliveLanes(constants, x, tx, t, destination, n);
            return;
        }

        // The results of a block are assembled in a buffer that stays in the L1 cache and then streamed to memory
        // (non-temporal stores: the destination lines are never read), which saves a fifth of the memory traffic.
        // The first few customers, up to a 32-byte boundary of the destination, are written directly.
        int head = Math.Min(n, (int)(((32 - ((nuint)destination & 31)) & 31) / sizeof(double)));
        if (head > 0)
        {
            AliveLanes(constants, x, tx, t, destination, head);
        }

        const int Block = 256;
        double* px = stackalloc double[Block + 4];
        double* ptx = stackalloc double[Block + 4];
        double* pt = stackalloc double[Block + 4];
        double* pd = stackalloc double[Block + 4];
        double* block = stackalloc double[Block + 4];
        long* index = stackalloc long[Block + 4];
        int start = head;
        for (; start <= n - Block; start += Block)
        {
            int m = Pack(x + start, tx + start, t + start, 0, px, ptx, pt, index);
            if (m * 4 > Block * 3)
            {
                // Mostly repeat buyers: computing every lane is cheaper than scattering.
                AliveLanes(constants, x + start, tx + start, t + start, block, Block);
            }
            else
            {
                var ones = Vector256<double>.One;
                for (int i = 0; i < Block; i += 4)
                {
                    ones.Store(block + i);
                }

                AliveLanes(constants, px, ptx, pt, pd, m);
                for (int j = 0; j < m; j++)
                {
                    block[index[j]] = pd[j];
                }
            }

            double* target = destination + start;
            if (stream)
            {
                for (int i = 0; i < Block; i += 4)
                {
                    Avx.StoreAlignedNonTemporal(target + i, Vector256.Load(block + i));
                }
            }
            else
            {
                for (int i = 0; i < Block; i += 4)
                {
                    Vector256.Load(block + i).Store(target + i);
                }
            }
        }

        Sse.StoreFence();
        if (start < n)
        {
            AliveLanes(constants, x + start, tx + start, t + start, destination + start, n - start);
        }
    }

    /// <summary>
    /// Copies the customers with x ≠ 0 among <see cref="Vector256{T}.Count"/>·k consecutive ones (a block of 256) to the
    /// front of the staging buffers, four at a time: the lanes to keep are moved to the front of the vector by one
    /// permutation (looked up by the lane mask) and stored at the running end, which then advances by their number.
    /// Returns how many were kept; their positions (<paramref name="offset"/> + i) go to <paramref name="index"/>.
    /// </summary>
    private static int Pack(double* x, double* tx, double* t, int offset, double* px, double* ptx, double* pt, long* index)
    {
        int m = 0;
        var step = Vector256.Create(4L);
        var positions = Vector256.Create(offset, offset + 1L, offset + 2L, offset + 3L);
        ref int table = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(PackPermutations);
        for (int i = 0; i < 256; i += 4)
        {
            var xs = Vector256.Load(x + i);
            uint mask = (~Vector256.Equals(xs, Vector256<double>.Zero)).ExtractMostSignificantBits();
            var permutation = Vector256.LoadUnsafe(ref table, mask * 8);
            Avx2.PermuteVar8x32(xs.AsInt32(), permutation).AsDouble().Store(px + m);
            Avx2.PermuteVar8x32(Vector256.Load(tx + i).AsInt32(), permutation).AsDouble().Store(ptx + m);
            Avx2.PermuteVar8x32(Vector256.Load(t + i).AsInt32(), permutation).AsDouble().Store(pt + m);
            Avx2.PermuteVar8x32(positions.AsInt32(), permutation).AsInt64().Store(index + m);
            positions += step;
            m += BitOperations.PopCount(mask);
        }

        return m;
    }

    /// <summary>For each 4-bit lane mask, the 32-bit element order that moves the chosen 64-bit lanes to the front.</summary>
    private static ReadOnlySpan<int> PackPermutations =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, // 0000
        0, 1, 2, 3, 4, 5, 6, 7, // 0001
        2, 3, 0, 1, 4, 5, 6, 7, // 0010
        0, 1, 2, 3, 4, 5, 6, 7, // 0011
        4, 5, 0, 1, 2, 3, 6, 7, // 0100
        0, 1, 4, 5, 2, 3, 6, 7, // 0101
        2, 3, 4, 5, 0, 1, 6, 7, // 0110
        0, 1, 2, 3, 4, 5, 6, 7, // 0111
        6, 7, 0, 1, 2, 3, 4, 5, // 1000
        0, 1, 6, 7, 2, 3, 4, 5, // 1001
        2, 3, 6, 7, 0, 1, 4, 5, // 1010
        0, 1, 2, 3, 6, 7, 4, 5, // 1011
        4, 5, 6, 7, 0, 1, 2, 3, // 1100
        0, 1, 4, 5, 6, 7, 2, 3, // 1101
        2, 3, 4, 5, 6, 7, 0, 1, // 1110
        0, 1, 2, 3, 4, 5, 6, 7, // 1111
    ];

    /// <summary>
    /// P(alive) four lanes at a time, in blocks of up to 256 customers and in four passes over each block: the ratio's
    /// reduction (through the first division), the logarithm and the exponent, the exponential, and the final quotient.
    /// One customer's arithmetic is a single chain of about 120 cycles (two divisions, the log and the exp) that the
    /// processor cannot overlap across more than a vector or two; split into passes over a block held in the L1 cache,
    /// every pass is a loop of short independent steps, which it overlaps freely (a third faster; the same operations,
    /// so the same bits). The hot loops have no call in them (a call would force every vector register to the stack
    /// on each step, as the ABI keeps none across calls): they only note whether any lane left the fast functions'
    /// ranges, and if one did, the block is recomputed with the lane-by-lane fallback. The last few customers go through
    /// the same lanes (padded with zeros, a harmless customer), so a customer's P(alive) never depends on where it sits
    /// in the batch or in a packed block.
    /// </summary>
    [SkipLocalsInit]
    private static void AliveLanes(in AliveConstants constants, double* x, double* tx, double* t, double* destination, int n)
    {
        const int Block = 256;
        double* reduced = stackalloc double[Block];
        double* exponent = stackalloc double[Block];
        double* power = stackalloc double[Block];
        int whole = n & ~3;
        for (int start = 0; start < whole; start += Block)
        {
            int length = Math.Min(Block, whole - start);
            double* bx = x + start, btx = tx + start, bt = t + start, bd = destination + start;
            var fits = Vector256<double>.AllBitsSet;
            for (int i = 0; i < length; i += 4)
            {
                var numerator = constants.Alpha + Vector256.Load(bt + i);
                var denominator = constants.Alpha + Vector256.Load(btx + i);
                fits &= VectorMath.LogRatioApplies(numerator, denominator);
                VectorMath.ReduceRatio(numerator, denominator, out var s, out var e);
                s.Store(reduced + i);
                e.Store(exponent + i);
            }

            for (int i = 0; i < length; i += 4)
            {
                var y = (constants.R + Vector256.Load(bx + i)) * VectorMath.LogReduced(Vector256.Load(reduced + i), Vector256.Load(exponent + i));
                fits &= VectorMath.ExpApplies(y);
                y.Store(exponent + i);
            }

            for (int i = 0; i < length; i += 4)
            {
                VectorMath.ExpInRange(Vector256.Load(exponent + i)).Store(power + i);
            }

            for (int i = 0; i < length; i += 4)
            {
                Quotient(constants, Vector256.Load(bx + i), Vector256.Load(power + i)).Store(bd + i);
            }

            if (fits.AsUInt64() != Vector256<ulong>.AllBitsSet)
            {
                for (int i = 0; i < length; i += 4)
                {
                    ProbabilityAlive(constants, Vector256.Load(bx + i), Vector256.Load(btx + i), Vector256.Load(bt + i)).Store(bd + i);
                }
            }
        }

        if (whole < n)
        {
            double* px = stackalloc double[4];
            double* ptx = stackalloc double[4];
            double* pt = stackalloc double[4];
            double* pd = stackalloc double[4];
            for (int j = 0; j < 4; j++)
            {
                bool inside = whole + j < n;
                px[j] = inside ? x[whole + j] : 0;
                ptx[j] = inside ? tx[whole + j] : 0;
                pt[j] = inside ? t[whole + j] : 0;
            }

            ProbabilityAlive(constants, Vector256.Load(px), Vector256.Load(ptx), Vector256.Load(pt)).Store(pd);
            for (int j = 0; whole + j < n; j++)
            {
                destination[whole + j] = pd[j];
            }
        }
    }

    private readonly struct AliveConstants(BgNbdKernel kernel)
    {
        public readonly Vector256<double> Alpha = Vector256.Create(kernel.Alpha);
        public readonly Vector256<double> R = Vector256.Create(kernel.R);
        public readonly Vector256<double> A = Vector256.Create(kernel.A);
        public readonly Vector256<double> BPrimeMinusOne = Vector256.Create(kernel.BPrimeMinusOne);
        public readonly BgNbdKernel Kernel = kernel;
        public readonly bool Modified = kernel.Modified;
    }

    /// <summary>
    /// P(alive) on four lanes: c / (c + a·((α+T)/(α+t_x))^(r+x)), c = b′ − 1 + x (1 at x = 0 for BG/NBD), the same
    /// operations as <see cref="BgNbdKernel.ProbabilityAlive"/> but with <see cref="VectorMath"/>'s logarithm and
    /// exponential (each within two ulps of <see cref="Math"/>'s, so the results agree to about (r+x)·ln(ratio)·4.4e-16
    /// relative). A lane outside their ranges (a power above e^700, which makes P(alive) 0 to within 1e-300, or an
    /// invalid input) is computed by the scalar kernel, lane by lane, so no lane depends on its neighbours.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ProbabilityAlive(in AliveConstants k, Vector256<double> x, Vector256<double> recency, Vector256<double> age)
    {
        var alive = AliveInRange(k, x, recency, age, out var fits);
        return fits.AsUInt64() == Vector256<ulong>.AllBitsSet ? alive : ScalarLanes(k, x, recency, age, fits, alive);
    }

    /// <summary>The fast lanes alone; <paramref name="fits"/> is all ones in the lanes whose result is valid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> AliveInRange(in AliveConstants k, Vector256<double> x, Vector256<double> recency, Vector256<double> age, out Vector256<double> fits)
    {
        var numerator = k.Alpha + age;
        var denominator = k.Alpha + recency;
        var exponent = (k.R + x) * VectorMath.LogRatio(numerator, denominator);
        fits = VectorMath.LogRatioApplies(numerator, denominator) & VectorMath.ExpApplies(exponent);
        return Quotient(k, x, VectorMath.ExpInRange(exponent));
    }

    /// <summary>c / (c + a·power), c = b′ − 1 + x; 1 at x = 0 for BG/NBD.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Quotient(in AliveConstants k, Vector256<double> x, Vector256<double> power)
    {
        var c = k.BPrimeMinusOne + x;
        var alive = c / (c + (k.A * power));
        return k.Modified ? alive : VectorMath.Select(Vector256.Equals(x, Vector256<double>.Zero), Vector256<double>.One, alive);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> ScalarLanes(in AliveConstants k, Vector256<double> x, Vector256<double> recency, Vector256<double> age, Vector256<double> fits, Vector256<double> alive)
    {
        var kernel = k.Kernel;
        Span<double> lanes = stackalloc double[4];
        alive.CopyTo(lanes);
        for (int j = 0; j < 4; j++)
        {
            if (fits.AsUInt64()[j] == 0)
            {
                lanes[j] = kernel.ProbabilityAlive(x[j], recency[j], age[j]);
            }
        }

        return Vector256.Create((ReadOnlySpan<double>)lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ExpectedPurchasesChunk(BgNbdKernel kernel, double horizon, double* x, double* tx, double* t, double* destination, int n)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var constants = new AliveConstants(kernel);
            var factorConstants = new FactorConstants(kernel, horizon);
            for (; i <= n - 4; i += 4)
            {
                var xs = Vector256.Load(x + i);
                var age = Vector256.Load(t + i);
                if (!Factor(kernel, factorConstants, xs, age, out var factor))
                {
                    for (int j = i; j < i + 4; j++)
                    {
                        destination[j] = kernel.ExpectedPurchases(horizon, x[j], tx[j], t[j]);
                    }

                    continue;
                }

                var alive = ProbabilityAlive(constants, xs, Vector256.Load(tx + i), age);
                var expected = factor * alive;
                expected = Vector256.ConditionalSelect(Vector256.Equals(alive, Vector256<double>.Zero), Vector256<double>.Zero, expected);
                expected.Store(destination + i);
            }
        }

        for (; i < n; i++)
        {
            destination[i] = kernel.ExpectedPurchases(horizon, x[i], tx[i], t[i]);
        }
    }

    /// <summary>
    /// The four-lane h = (a+b′+x−1)·G for four customers, or null when the lanes are not accepted (then the scalar path
    /// takes them): for tests, which check that ordinary customers stay on the vector path and agree with the scalar one.
    /// </summary>
    internal static double[]? VectorFactor(BgNbdKernel kernel, double horizon, ReadOnlySpan<double> frequency, ReadOnlySpan<double> age)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            return null;
        }

        var constants = new FactorConstants(kernel, horizon);
        return Factor(kernel, constants, Vector256.Create(frequency), Vector256.Create(age), out var factor) ? [factor[0], factor[1], factor[2], factor[3]] : null;
    }

    private readonly struct FactorConstants(BgNbdKernel kernel, double horizon)
    {
        public readonly Vector256<double> Alpha = Vector256.Create(kernel.Alpha);
        public readonly Vector256<double> Horizon = Vector256.Create(horizon);
        public readonly Vector256<double> AMinusOne = Vector256.Create(kernel.AMinusOne);
        public readonly Vector256<double> ABPrimeMinusOne = Vector256.Create(kernel.ABPrimeMinusOne);
        public readonly Vector256<double> Limit = Vector256.Create(BgNbdKernel.SeriesLimit);
        public readonly Vector256<double> Settle = Vector256.Create(kernel.SeriesSettle);
    }

    /// <summary>
    /// (a+b′+x−1)·G on four lanes, operation for operation as <see cref="BgNbdKernel"/>'s fast series; false when a lane
    /// needs more (z above <see cref="BgNbdKernel.SeriesLimit"/>, a long series, or terms that cancel), which the
    /// caller then computes with the scalar path (which takes the same decision and goes on to its robust forms).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Factor(BgNbdKernel kernel, in FactorConstants k, Vector256<double> xs, Vector256<double> age, out Vector256<double> factor)
    {
        var one = Vector256.Create(1.0);
        var scale = k.Alpha + age;
        var z = k.Horizon / (scale + k.Horizon);
        var lower = k.ABPrimeMinusOne + xs;
        if (Vector256.GreaterThanAny(z, k.Limit)
            || !kernel.SeriesAllowed(z.GetElement(0), lower.GetElement(0)) || !kernel.SeriesAllowed(z.GetElement(1), lower.GetElement(1))
            || !kernel.SeriesAllowed(z.GetElement(2), lower.GetElement(2)) || !kernel.SeriesAllowed(z.GetElement(3), lower.GetElement(3)))
        {
            factor = default;
            return false;
        }

        // −ln(1−z) = log1p(t/(α+T)) by Kahan's trick, as BgNbdKernel.Log1P.
        var y = k.Horizon / scale;
        var u1 = one + y;
        var log1p = Vector256.ConditionalSelect(Vector256.Equals(u1, one), y, Vector256.Log(u1) * y / (u1 - one));
        var logOneMinusZ = -log1p;

        // G = first − u·S with u = (1−z)^(a−1), first = −expm1((a−1) ln(1−z))/(a−1), as BgNbdKernel.Factor.
        var d = k.AMinusOne;
        var dl = d * logOneMinusZ;
        var u = Vector256.Exp(dl);
        Vector256<double> first;
        if (kernel.AMinusOne == 0)
        {
            first = -logOneMinusZ;
        }
        else
        {
            var um = u - one;
            var expm1 = Vector256.ConditionalSelect(Vector256.Equals(u, one), dl,
                Vector256.ConditionalSelect(Vector256.Equals(u, Vector256.Create(double.PositiveInfinity)), u,
                Vector256.ConditionalSelect(Vector256.Equals(um, -one), -one, um * dl / Vector256.Log(u))));
            first = -expm1 / d;
        }

        var settle = Vector256.Max(k.Settle, Vector256.Create(2.0) - lower);
        var series = Series(kernel.UpperA, kernel.A, lower, z, settle, out var absolute);
        var g = first - (u * series);
        factor = lower * g;

        // BgNbdKernel.Accept on every lane: h > 0 and finite, and the terms cancel by at most MaxCancellation.
        var bound = Vector256.Abs(first) + (u * absolute);
        var accepted = Vector256.GreaterThan(factor, Vector256<double>.Zero)
            & Vector256.LessThan(factor, Vector256.Create(double.PositiveInfinity))
            & Vector256.LessThanOrEqual(bound, Vector256.Create(BgNbdKernel.MaxCancellation) * Vector256.Abs(g));
        return accepted.AsUInt64() == Vector256<ulong>.AllBitsSet;
    }

    /// <summary><see cref="BgNbdKernel.Series"/> on four lanes; a lane stops changing once its own stopping rule holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector256<double> Series(double p, double a, Vector256<double> c, Vector256<double> z, Vector256<double> settle, out Vector256<double> absolute)
    {
        var vp = Vector256.Create(p);
        var term = vp * z / c;
        var sum = term;
        var abs = Vector256.Abs(term);
        var active = Vector256<double>.AllBitsSet;
        var tiny = Vector256.Create(1e-17);
        for (double k = 1; k < 2_000_000; k += 2)
        {
            var vk = Vector256.Create(k);
            var n1 = (Vector256.Create(p + k) * Vector256.Create(a + k - 1)) * z;
            var d1 = (c + vk) * Vector256.Create(k + 1);
            var n2 = (Vector256.Create(p + k + 1) * Vector256.Create(a + k)) * z;
            var d2 = (c + vk + Vector256.Create(1.0)) * Vector256.Create(k + 2);
            var inverse = Vector256.Create(1.0) / (d1 * d2);
            var t1 = term * (n1 * d2 * inverse);
            var t2 = term * (n1 * n2 * inverse);
            var next = sum + t1 + t2;
            var nextAbs = abs + Vector256.Abs(t1) + Vector256.Abs(t2);
            sum = Vector256.ConditionalSelect(active, next, sum);
            abs = Vector256.ConditionalSelect(active, nextAbs, abs);
            term = Vector256.ConditionalSelect(active, t2, term);
            var done = Vector256.LessThanOrEqual(Vector256.Abs(t2), tiny * Vector256.Abs(next)) & Vector256.LessThan(settle, vk);
            active = Vector256.AndNot(active, done);
            if (active == Vector256<double>.Zero)
            {
                break;
            }
        }

        absolute = abs;
        return sum;
    }
}
