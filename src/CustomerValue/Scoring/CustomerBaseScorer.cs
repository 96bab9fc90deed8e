using System.Buffers;
using System.Globalization;
using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Segmentation;
using CustomerValue.Summaries;

namespace CustomerValue.Scoring;

/// <summary>
/// The default <see cref="ICustomerBaseScorer"/>: a fitted repeat-purchase model and spend model, the
/// <see cref="CustomerLifetimeValueCalculator"/>, <see cref="RfmScorer"/>, the segment map, the value-tier rule and
/// <see cref="ChurnWarningPolicy"/>, run over a whole customer base as columns.
/// </summary>
/// <remarks>
/// <para><b>How a run goes.</b> (1) One parallel pass validates every row and collects the distinct (x, T) pairs.
/// (2) For each pair, the recency-free factors of expected purchases and of discounted expected purchases are computed
/// once with the model and the CLV calculator: E[Y | x, t_x, T] = P(alive)·h(x, T) is exact for BG/NBD, MBG/NBD and
/// Pareto/NBD, and is used for the library's own <see cref="BgNbdModel"/>, <see cref="ModifiedBgNbdModel"/> and
/// <see cref="ParetoNbdModel"/>. (3) One parallel pass over chunks of 16,384 customers: P(alive) (four customers per
/// instruction with <c>Vector256</c> for BG/NBD and MBG/NBD, one-time buyers skipped for BG/NBD; the model's batch path otherwise), the spend model's
/// batch path, then expected purchases = P(alive)·h and CLV = P(alive)·d·spend·margin. (4) The RFM scorer's batch path
/// (cut points by selection, parallel), the segment map's batch path, the gold/drag tier by CLV (two order statistics,
/// O(N)), and the churn policy's batch path with P(alive) and CLV as signals (risk = 1 − P(alive)).</para>
/// <para><b>Cost.</b> Parameter-only terms are computed once per scorer; nothing is allocated per customer (scratch
/// columns come from <see cref="ArrayPool{T}.Shared"/>; the (x, T) table is sized by distinct pairs, not customers).
/// Any other model (a caller's own <see cref="IRepeatPurchaseModel"/>) is evaluated customer by customer through its
/// batch paths, in the same parallel chunks.</para>
/// <para><b>Agreement.</b> Each score equals the one-customer calculators' within 1e-12 relative (the RFM, segment,
/// tier and churn outputs exactly); property tests check this on random bases.</para>
/// <para>Immutable and thread-safe; usable without DI.</para>
/// </remarks>
public sealed class CustomerBaseScorer : ICustomerBaseScorer
{
    /// <summary>Customers per chunk of the parallel passes.</summary>
    internal const int ChunkSize = 1 << 14;

    private readonly CustomerLifetimeValueCalculator _value;
    private readonly RfmScorer _rfm;
    private readonly ChurnWarningPolicy _churn;
    private readonly IRepeatPurchaseBatch? _batch;
    private readonly bool _factorise;
    private readonly double _margin;

    /// <summary>Creates a scorer.</summary>
    /// <param name="purchaseModel">The fitted repeat-purchase model (its time unit is the unit of the input and the horizon).</param>
    /// <param name="spendModel">The fitted spend model (for example Gamma-Gamma).</param>
    /// <param name="options">Horizon and the other settings.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The segment map's bins differ from the RFM bins, or the churn options are invalid.</exception>
    public CustomerBaseScorer(IRepeatPurchaseModel purchaseModel, ISpendModel spendModel, ScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(purchaseModel);
        ArgumentNullException.ThrowIfNull(spendModel);
        ArgumentNullException.ThrowIfNull(options);
        if (options.SegmentMap.Bins != options.Rfm.Bins)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"ScoringOptions: the segment map '{options.SegmentMap.Name}' is defined on {options.SegmentMap.Bins} bins but RFM scores use {options.Rfm.Bins}."), nameof(options));
        }

        PurchaseModel = purchaseModel;
        SpendModel = spendModel;
        Options = options;
        var valueOptions = options.EffectiveLifetimeValue;
        _value = new CustomerLifetimeValueCalculator(purchaseModel, spendModel, valueOptions);
        _margin = valueOptions.MarginRate;
        _rfm = new RfmScorer(options.Rfm);
        _churn = new ChurnWarningPolicy(options.Churn);
        _batch = purchaseModel as IRepeatPurchaseBatch;
        _factorise = _batch?.FactorisesOverRecency ?? false;
    }

    /// <summary>The repeat-purchase model.</summary>
    public IRepeatPurchaseModel PurchaseModel { get; }

    /// <summary>The spend model.</summary>
    public ISpendModel SpendModel { get; }

    /// <inheritdoc/>
    public ScoringOptions Options { get; }

    /// <summary>Scores the customers of <paramref name="summaries"/> as of <paramref name="asOf"/> (see <see cref="ScoringInput.FromSummaries"/>).</summary>
    /// <exception cref="ArgumentException">The as-of date is before the calibration end or a last purchase, the summaries' time unit is not the model's, or a row is invalid.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    /// <example>
    /// <code>
    /// CustomerScores scores = scorer.Score(summaries, asOf: new DateOnly(1997, 9, 30));
    /// foreach (CustomerScoreRow row in scores.Rows) { /* row.LifetimeValue, row.Segment, row.ChurnLevel, ... */ }
    /// </code>
    /// </example>
    public CustomerScores Score(CustomerSummaries summaries, DateOnly asOf, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Score(ScoringInput.FromSummaries(summaries, asOf), progress, cancellationToken);

    /// <inheritdoc/>
    public CustomerScores Score(ScoringInput input, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        input.CheckLengths();
        var columns = CustomerScoreColumns.Allocate(input.Count);
        var cuts = Score(input, columns, progress, cancellationToken);
        return new CustomerScores(columns, input.CustomerIds, Options.SegmentMap.Segments, Options.Horizon, PurchaseModel.TimeUnit, cuts);
    }

    /// <inheritdoc/>
    public RfmCutPoints Score(ScoringInput input, CustomerScoreColumns destination, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        input.CheckLengths();
        int n = input.Count;
        destination.CheckLength(n);
        if (input.TimeUnit != PurchaseModel.TimeUnit)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Scoring input: recency and T are in {input.TimeUnit.ToName()}s but the model is fitted in {PurchaseModel.TimeUnit.ToName()}s; summarise in the model's unit."), nameof(input));
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        using var table = _factorise ? CollectPairs(input, chunks, parallel) : null;
        if (table is not null)
        {
            ComputeFactors(table, parallel);
        }

        double[] gap = ArrayPool<double>.Shared.Rent(n);
        double[] scratch = ArrayPool<double>.Shared.Rent(n);
        double[] policyAlive = ArrayPool<double>.Shared.Rent(n);
        double[] rate = ArrayPool<double>.Shared.Rent(n);
        double[]? days = input.DaysSinceLastPurchase.IsEmpty ? ArrayPool<double>.Shared.Rent(n) : null;
        double[]? purchases = input.Purchases.IsEmpty ? ArrayPool<double>.Shared.Rent(n) : null;
        double[]? total = input.TotalSpend.IsEmpty ? ArrayPool<double>.Shared.Rent(n) : null;
        try
        {
            var daysColumn = days is null ? input.DaysSinceLastPurchase : days.AsMemory(0, n);
            var purchasesColumn = purchases is null ? input.Purchases : purchases.AsMemory(0, n);
            var totalColumn = total is null ? input.TotalSpend : total.AsMemory(0, n);
            long done = 0;
            progress?.Report(new ScoringProgress(ScoringStage.Lifetime, 0, n));
            Run(() => Parallel.For(0, chunks, parallel, c =>
            {
                int start = c * ChunkSize;
                int length = Math.Min(ChunkSize, n - start);
                LifetimeChunk(input, destination, table, start, length, gap, days, purchases, total);
                long now = Interlocked.Add(ref done, length);
                progress?.Report(new ScoringProgress(ScoringStage.Lifetime, now, n));
            }));

            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new ScoringProgress(ScoringStage.Segmentation, 0, n));
            var cuts = _rfm.Score(
                daysColumn.Span, purchasesColumn.Span, totalColumn.Span,
                destination.RecencyScore.Span, destination.FrequencyScore.Span, destination.MonetaryScore.Span);
            Options.SegmentMap.Assign(destination.RecencyScore.Span, destination.FrequencyScore.Span, destination.MonetaryScore.Span, destination.Segment.Span);
            cancellationToken.ThrowIfCancellationRequested();
            var ranks = ValueTierRanks.Create(destination.LifetimeValue.Span, scratch, Options.ValueTiers);
            var value = destination.LifetimeValue;
            var tiers = destination.Tier;
            Parallel.For(0, chunks, parallel, c =>
            {
                int start = c * ChunkSize;
                int length = Math.Min(ChunkSize, n - start);
                ranks.Classify(value.Span.Slice(start, length), tiers.Span.Slice(start, length));
            });
            progress?.Report(new ScoringProgress(ScoringStage.Segmentation, n, n));

            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new ScoringProgress(ScoringStage.Churn, 0, n));
            var gapColumn = input.MeanGapDays.IsEmpty ? gap.AsMemory(0, n) : input.MeanGapDays;
            Run(() => Parallel.For(0, chunks, parallel, c =>
            {
                int start = c * ChunkSize;
                int length = Math.Min(ChunkSize, n - start);
                ModelChurnSignalsChunk(input, destination.ProbabilityAlive.Span, gapColumn.Span, policyAlive, rate, start, length);
            }));
            var signals = new ChurnSignalColumns(daysColumn)
            {
                MeanGapDays = gapColumn,
                ProbabilityAlive = policyAlive.AsMemory(0, n),
                PurchaseRatePerDay = rate.AsMemory(0, n),
                PreviousWindowPurchases = input.PreviousWindowPurchases,
                RecentWindowPurchases = input.RecentWindowPurchases,
                PreviousWindowSpend = input.PreviousWindowSpend,
                RecentWindowSpend = input.RecentWindowSpend,
                ShareOfWalletChangePoints = input.ShareOfWalletChangePoints,
                ShareOfWalletStalledThenFell = input.ShareOfWalletStalledThenFell,
                Value = destination.LifetimeValue,
            };
            _churn.Evaluate(signals, new ChurnWarningDestination(destination.ChurnLevel, destination.ChurnRisk, destination.ChurnReasons, scratch.AsMemory(0, n)));
            progress?.Report(new ScoringProgress(ScoringStage.Churn, n, n));
            return cuts;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(gap);
            ArrayPool<double>.Shared.Return(scratch);
            ArrayPool<double>.Shared.Return(policyAlive);
            ArrayPool<double>.Shared.Return(rate);
            ReturnIfRented(days);
            ReturnIfRented(purchases);
            ReturnIfRented(total);
        }
    }

    /// <summary>
    /// The lifetime-model churn signals of one chunk, through <see cref="ChurnModelSignals"/> (the one place that turns a
    /// model's numbers into churn signals): the policy's P(alive), and the purchase rate where there is no mean gap (the
    /// only rows whose next-purchase date uses it; computed once per distinct (x, t_x, T) within the chunk).
    /// </summary>
    private void ModelChurnSignalsChunk(ScoringInput input, ReadOnlySpan<double> alive, ReadOnlySpan<double> gap, double[] policyAlive, double[] rate, int start, int length)
    {
        var kind = PurchaseModel.Kind;
        var x = input.Frequency.Span;
        var tx = input.Recency.Span;
        var t = input.Age.Span;
        Dictionary<(double, double, double), double>? cache = null;
        for (int i = start; i < start + length; i++)
        {
            policyAlive[i] = ChurnModelSignals.PolicyProbabilityAlive(kind, x[i], alive[i]);
            if (gap[i] > 0)
            {
                rate[i] = double.NaN;
                continue;
            }

            cache ??= [];
            var key = (x[i], tx[i], t[i]);
            if (!cache.TryGetValue(key, out double r))
            {
                r = ChurnModelSignals.PurchaseRatePerDay(PurchaseModel, x[i], tx[i], t[i], alive[i]);
                cache[key] = r;
            }

            rate[i] = r;
        }
    }

    /// <summary>The churn signals a scoring run hands to the policy for row <paramref name="index"/> (what the batch path sees), for checks and explanations.</summary>
    /// <param name="model">The repeat-purchase model the scores came from.</param>
    /// <param name="input">The scored input.</param>
    /// <param name="scores">Its scores.</param>
    /// <param name="index">The row.</param>
    public static ChurnSignals ChurnSignalsOf(IRepeatPurchaseModel model, ScoringInput input, CustomerScores scores, int index)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scores);
        double x = input.Frequency.Span[index];
        double tx = input.Recency.Span[index];
        double t = input.Age.Span[index];
        double unit = input.TimeUnit.DaysPerUnit();
        double days = input.DaysSinceLastPurchase.IsEmpty
            ? Math.Max(0, (t - tx) * unit)
            : input.DaysSinceLastPurchase.Span[index];
        double gap = input.MeanGapDays.IsEmpty
            ? (x > 0 && tx > 0 ? tx * unit / x : double.NaN)
            : input.MeanGapDays.Span[index];
        double alive = scores.ProbabilityAlive[index];
        return new ChurnSignals(scores.CustomerId(index), days)
        {
            MeanGapDays = gap,
            ProbabilityAlive = ChurnModelSignals.PolicyProbabilityAlive(model.Kind, x, alive),
            PurchaseRatePerDay = gap > 0 ? double.NaN : ChurnModelSignals.PurchaseRatePerDay(model, x, tx, t, alive),
            PreviousWindowPurchases = At(input.PreviousWindowPurchases, index),
            RecentWindowPurchases = At(input.RecentWindowPurchases, index),
            PreviousWindowSpend = At(input.PreviousWindowSpend, index),
            RecentWindowSpend = At(input.RecentWindowSpend, index),
            WindowDays = input.WindowDays,
            ShareOfWalletChangePoints = At(input.ShareOfWalletChangePoints, index),
            ShareOfWalletStalledThenFell = !input.ShareOfWalletStalledThenFell.IsEmpty && input.ShareOfWalletStalledThenFell.Span[index],
            Value = scores.LifetimeValue[index],
        };
    }

    private static double At(ReadOnlyMemory<double> column, int index) => column.IsEmpty ? double.NaN : column.Span[index];

    /// <summary>Runs a parallel loop, rethrowing a single failure as itself (not wrapped in an <see cref="AggregateException"/>).</summary>
    private static void Run(Func<ParallelLoopResult> loop)
    {
        try
        {
            loop();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    private static void ReturnIfRented(double[]? array)
    {
        if (array is not null)
        {
            ArrayPool<double>.Shared.Return(array);
        }
    }

    /// <summary>Validates every row and collects the distinct (x, T) pairs, each worker into its own table, then merges them.</summary>
    private static RecencyFreeTable CollectPairs(ScoringInput input, int chunks, ParallelOptions parallel)
    {
        int firstBad = int.MaxValue;
        var locals = new System.Collections.Concurrent.ConcurrentBag<RecencyFreeTable>();
        Parallel.For(
            0,
            chunks,
            parallel,
            () => new RecencyFreeTable(),
            (c, _, local) =>
            {
                int start = c * ChunkSize;
                int end = Math.Min(input.Count, start + ChunkSize);
                var x = input.Frequency.Span;
                var t = input.Age.Span;
                int bad = FirstInvalid(input, start, end);
                if (bad >= 0)
                {
                    InterlockedMin(ref firstBad, bad);
                    return local;
                }

                for (int i = start; i < end; i++)
                {
                    local.Add(x[i], t[i]);
                }

                return local;
            },
            locals.Add);
        ThrowIfInvalid(input, firstBad);
        return RecencyFreeTable.Merge(locals) ?? new RecencyFreeTable();
    }

    /// <summary>Computes h(x, T) and d(x, T) for every pair, in parallel.</summary>
    private void ComputeFactors(RecencyFreeTable table, ParallelOptions parallel)
    {
        table.AllocateFactors();
        int count = table.Count;
        const int Block = 256;
        double horizon = Options.Horizon;
        Run(() => Parallel.For(0, (count + Block - 1) / Block, parallel, b =>
        {
            var x = table.Frequency;
            var t = table.Age;
            var expectedPerAlive = table.ExpectedPerAlive;
            var discountedPerAlive = table.DiscountedPerAlive;
            int end = Math.Min(count, (b + 1) * Block);
            for (int k = b * Block; k < end; k++)
            {
                double alive = PurchaseModel.ProbabilityAlive(x[k], t[k], t[k]);
                if (alive > 0 && double.IsFinite(alive))
                {
                    expectedPerAlive[k] = PurchaseModel.ExpectedPurchases(horizon, x[k], t[k], t[k]) / alive;
                    discountedPerAlive[k] = _value.DiscountedExpectedPurchases(x[k], t[k], t[k]) / alive;
                }
                else
                {
                    expectedPerAlive[k] = double.NaN;
                    discountedPerAlive[k] = double.NaN;
                }
            }
        }));
    }

    private void LifetimeChunk(ScoringInput input, CustomerScoreColumns destination, RecencyFreeTable? table, int start, int length, double[] gap, double[]? days, double[]? purchases, double[]? total)
    {
        var x = input.Frequency.Span.Slice(start, length);
        var tx = input.Recency.Span.Slice(start, length);
        var t = input.Age.Span.Slice(start, length);
        var m = input.MonetaryValue.Span.Slice(start, length);
        if (table is null)
        {
            int bad = FirstInvalid(input, start, start + length);
            if (bad >= 0)
            {
                ThrowIfInvalid(input, bad);
            }
        }

        var alive = destination.ProbabilityAlive.Span.Slice(start, length);
        var expected = destination.ExpectedPurchases.Span.Slice(start, length);
        var spend = destination.ExpectedSpend.Span.Slice(start, length);
        var value = destination.LifetimeValue.Span.Slice(start, length);
        if (_batch is not null)
        {
            _batch.ProbabilityAliveChunk(x, tx, t, alive);
        }
        else
        {
            PurchaseModel.ProbabilityAlive(x, tx, t, alive);
        }

        SpendModel.ExpectedSpend(x, m, spend);
        double margin = _margin;
        var margins = input.MarginRate.IsEmpty ? default : input.MarginRate.Span.Slice(start, length);
        if (table is null)
        {
            PurchaseModel.ExpectedPurchases(Options.Horizon, x, tx, t, expected);
            _value.DiscountedExpectedPurchases(x, tx, t, value);
            for (int i = 0; i < length; i++)
            {
                value[i] = value[i] * spend[i] * (margins.IsEmpty ? margin : margins[i]);
            }
        }
        else
        {
            var perAlive = table.ExpectedPerAlive;
            var discountedPerAlive = table.DiscountedPerAlive;
            for (int i = 0; i < length; i++)
            {
                int k = table.Find(x[i], t[i]);
                double h = perAlive[k];
                if (double.IsNaN(h))
                {
                    expected[i] = PurchaseModel.ExpectedPurchases(Options.Horizon, x[i], tx[i], t[i]);
                    value[i] = _value.DiscountedExpectedPurchases(x[i], tx[i], t[i]) * spend[i] * (margins.IsEmpty ? margin : margins[i]);
                }
                else
                {
                    expected[i] = alive[i] * h;
                    value[i] = alive[i] * discountedPerAlive[k] * spend[i] * (margins.IsEmpty ? margin : margins[i]);
                }
            }
        }

        double unit = input.TimeUnit.DaysPerUnit();
        var g = gap.AsSpan(start, length);
        for (int i = 0; i < length; i++)
        {
            g[i] = x[i] > 0 && tx[i] > 0 ? tx[i] * unit / x[i] : double.NaN;
        }

        if (days is not null)
        {
            var d = days.AsSpan(start, length);
            for (int i = 0; i < length; i++)
            {
                d[i] = Math.Max(0, (t[i] - tx[i]) * unit);
            }
        }

        if (purchases is not null)
        {
            var p = purchases.AsSpan(start, length);
            for (int i = 0; i < length; i++)
            {
                p[i] = x[i] + 1;
            }
        }

        if (total is not null)
        {
            var s = total.AsSpan(start, length);
            for (int i = 0; i < length; i++)
            {
                s[i] = x[i] * m[i];
            }
        }
    }

    /// <summary>The first invalid row in [start, end), or −1.</summary>
    private static int FirstInvalid(ScoringInput input, int start, int end)
    {
        var x = input.Frequency.Span;
        var tx = input.Recency.Span;
        var t = input.Age.Span;
        var m = input.MonetaryValue.Span;
        for (int i = start; i < end; i++)
        {
            double age = t[i], recency = tx[i];
            if (!(x[i] >= 0 && double.IsFinite(x[i]) && age >= 0 && double.IsFinite(age) && recency >= 0 && recency <= age && m[i] >= 0 && double.IsFinite(m[i])))
            {
                return i;
            }
        }

        return -1;
    }

    private static void ThrowIfInvalid(ScoringInput input, int row)
    {
        if (row == int.MaxValue || row < 0)
        {
            return;
        }

        double x = input.Frequency.Span[row], tx = input.Recency.Span[row], t = input.Age.Span[row], m = input.MonetaryValue.Span[row];
        string problem = !(x >= 0 && double.IsFinite(x))
            ? F($"frequency must be finite and >= 0, got {x}")
            : !(t >= 0 && double.IsFinite(t))
                ? F($"T (age) must be finite and >= 0, got {t}")
                : !(tx >= 0 && tx <= t)
                    ? F($"recency must be in [0, T] (T = {t}), got {tx}")
                    : F($"monetary value must be finite and >= 0, got {m}");
        throw new ArgumentException($"{input.Describe(row)}: {problem}.");
    }

    private static void InterlockedMin(ref int target, int value)
    {
        int seen;
        while (value < (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
