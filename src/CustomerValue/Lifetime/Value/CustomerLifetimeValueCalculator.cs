using System.Buffers;
using System.Globalization;

namespace CustomerValue.Lifetime;

/// <summary>
/// The default <see cref="ICustomerLifetimeValueCalculator"/>: a repeat-purchase model for how many purchases, a spend
/// model (or a fixed spend) for how much each is worth, and <see cref="LifetimeValueOptions"/> for the horizon,
/// discounting and margin.
/// </summary>
/// <remarks>
/// <para>CLV(x, t_x, T, m̄) = D(x, t_x, T) · E[M | x, m̄] · margin, where D is the discounted expected number of purchases
/// over the horizon H (see <see cref="DiscountingMethod"/>). D is computed as Σ_j w_j E[Y(t_j) | x, t_x, T] with times
/// t_j and weights w_j ≥ 0 fixed once per calculator: for discrete discounting the period ends (summation by parts of
/// the period-by-period sum, exact); for continuous discounting e^(−δH)E(H) + δ∫₀ᴴ e^(−δt)E(t)dt (integration by parts,
/// so no derivative of E is needed), integrated by 8-point Gauss-Legendre on 4 to 30 panels that halve towards 0
/// (33 to 241 evaluations, 153 for 10% a year over one year; relative error below 1e-8 for the models of this library,
/// far smaller in typical cases). <see cref="Evaluations"/> gives the count.
/// With a zero discount rate both methods give E[Y(H)] exactly.</para>
/// <para>The span path scores fixed chunks of 4,096 customers (in parallel over the cores when there are several; the
/// results do not depend on the core count), each with one pooled buffer: nothing is allocated per customer.</para>
/// <para>Immutable and thread-safe. Construct directly; no dependency injection is needed.</para>
/// </remarks>
/// <example>
/// <code>
/// var clv = new CustomerLifetimeValueCalculator(purchases, spend, LifetimeValueOptions.Create(horizon: 52, DiscountRate.PerYear(0.10)));
/// double value = clv.LifetimeValue(frequency: 2, recency: 30.43, age: 38.86, monetaryValue: 40);   // next 52 weeks, discounted
/// </code>
/// </example>
public sealed class CustomerLifetimeValueCalculator : ICustomerLifetimeValueCalculator
{
    /// <summary>Customers per chunk of the span path.</summary>
    private const int ChunkSize = 4096;

    private readonly double[] _times;
    private readonly double[] _weights;
    private readonly double _fixedSpend;

    /// <summary>Creates a calculator whose spend per purchase comes from a spend model (for example Gamma-Gamma).</summary>
    /// <exception cref="ArgumentNullException">A model is null.</exception>
    public CustomerLifetimeValueCalculator(IRepeatPurchaseModel purchaseModel, ISpendModel spendModel, LifetimeValueOptions options)
        : this(purchaseModel, spendModel, double.NaN, options)
    {
        ArgumentNullException.ThrowIfNull(spendModel);
    }

    /// <summary>Creates a calculator with the same spend per purchase for every customer (the monetary value argument is then ignored).</summary>
    /// <exception cref="ArgumentNullException">The model is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The spend is NaN, infinite or negative.</exception>
    public CustomerLifetimeValueCalculator(IRepeatPurchaseModel purchaseModel, double spendPerPurchase, LifetimeValueOptions options)
        : this(purchaseModel, null, spendPerPurchase, options)
    {
        if (!double.IsFinite(spendPerPurchase) || spendPerPurchase < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(spendPerPurchase), spendPerPurchase, $"Lifetime value: the spend per purchase must be finite and >= 0, got {spendPerPurchase.ToString("R", CultureInfo.InvariantCulture)}.");
        }
    }

    private CustomerLifetimeValueCalculator(IRepeatPurchaseModel purchaseModel, ISpendModel? spendModel, double fixedSpend, LifetimeValueOptions options)
    {
        ArgumentNullException.ThrowIfNull(purchaseModel);
        PurchaseModel = purchaseModel;
        SpendModel = spendModel;
        _fixedSpend = fixedSpend;
        Options = options;
        var schedule = DiscountSchedule.Create(options, purchaseModel.TimeUnit);
        _times = schedule.Times;
        _weights = schedule.Weights;
    }

    /// <summary>The model of how many purchases.</summary>
    public IRepeatPurchaseModel PurchaseModel { get; }

    /// <summary>The model of spend per purchase, or null with a fixed spend.</summary>
    public ISpendModel? SpendModel { get; }

    /// <summary>The fixed spend per purchase, or null with a spend model.</summary>
    public double? SpendPerPurchase => SpendModel is null ? _fixedSpend : null;

    /// <summary>Horizon, discount rate, discounting method and margin.</summary>
    public LifetimeValueOptions Options { get; }

    /// <inheritdoc/>
    public TimeUnit TimeUnit => PurchaseModel.TimeUnit;

    /// <summary>The number of model evaluations per customer (the cost of one lifetime value).</summary>
    public int Evaluations => _times.Length;

    /// <inheritdoc/>
    public double DiscountedExpectedPurchases(double frequency, double recency, double age)
    {
        Validate(frequency, recency, age);
        double sum = 0;
        for (int j = 0; j < _times.Length; j++)
        {
            sum += _weights[j] * PurchaseModel.ExpectedPurchases(_times[j], frequency, recency, age);
        }

        return sum;
    }

    /// <summary>The discounted expected purchases of many customers at once (equal to the scalar overload as far as the model's span path equals its scalar path).</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void DiscountedExpectedPurchases(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        CheckLengths(frequency.Length, recency.Length, age.Length, frequency.Length, destination.Length);
        Run(frequency, recency, age, default, destination, withValue: false);
    }

    /// <summary>The expected spend per future purchase of a customer: the spend model's E[M | x, m̄], or the fixed spend.</summary>
    public double ExpectedSpend(double frequency, double monetaryValue) =>
        SpendModel is { } spend ? spend.ExpectedSpend(frequency, monetaryValue) : _fixedSpend;

    /// <inheritdoc/>
    public double LifetimeValue(double frequency, double recency, double age, double monetaryValue)
    {
        double purchases = DiscountedExpectedPurchases(frequency, recency, age);
        return purchases * ExpectedSpend(frequency, monetaryValue) * Options.MarginRate;
    }

    /// <inheritdoc/>
    public void LifetimeValue(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> monetaryValue, Span<double> destination)
    {
        CheckLengths(frequency.Length, recency.Length, age.Length, monetaryValue.Length, destination.Length);
        Run(frequency, recency, age, monetaryValue, destination, withValue: true);
    }

    /// <summary>
    /// Splits the customers into fixed chunks of <see cref="ChunkSize"/> (so results never depend on the core count) and
    /// scores them, in parallel when there is more than one chunk. Each chunk rents one buffer from the shared pool.
    /// </summary>
    private unsafe void Run(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> monetaryValue, Span<double> destination, bool withValue)
    {
        int n = frequency.Length;
        if (n == 0)
        {
            return;
        }

        fixed (double* f = frequency, r = recency, a = age, m = monetaryValue, d = destination)
        {
            if (n <= ChunkSize)
            {
                Chunk(f, r, a, m, d, n, withValue);
                return;
            }

            nint pf = (nint)f, pr = (nint)r, pa = (nint)a, pm = (nint)m, pd = (nint)d;
            int chunks = (n + ChunkSize - 1) / ChunkSize;
            try
            {
                Parallel.For(0, chunks, c =>
                {
                    int start = c * ChunkSize;
                    int length = Math.Min(ChunkSize, n - start);
                    Chunk((double*)pf + start, (double*)pr + start, (double*)pa + start, withValue ? (double*)pm + start : null, (double*)pd + start, length, withValue);
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }
    }

    private unsafe void Chunk(double* frequency, double* recency, double* age, double* monetaryValue, double* destination, int n, bool withValue)
    {
        var rented = ArrayPool<double>.Shared.Rent(n);
        try
        {
            var f = new ReadOnlySpan<double>(frequency, n);
            var output = new Span<double>(destination, n);
            var buffer = rented.AsSpan(0, n);
            Accumulate(f, new ReadOnlySpan<double>(recency, n), new ReadOnlySpan<double>(age, n), output, buffer);
            if (!withValue)
            {
                return;
            }

            if (SpendModel is { } model)
            {
                model.ExpectedSpend(f, new ReadOnlySpan<double>(monetaryValue, n), buffer);
            }
            else
            {
                buffer.Fill(_fixedSpend);
            }

            double margin = Options.MarginRate;
            for (int i = 0; i < n; i++)
            {
                output[i] = output[i] * buffer[i] * margin;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    private void Accumulate(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> output, Span<double> buffer)
    {
        output.Clear();
        for (int j = 0; j < _times.Length; j++)
        {
            PurchaseModel.ExpectedPurchases(_times[j], frequency, recency, age, buffer);
            double w = _weights[j];
            for (int i = 0; i < output.Length; i++)
            {
                output[i] += w * buffer[i];
            }
        }
    }

    private static void CheckLengths(int frequency, int recency, int age, int monetary, int destination)
    {
        if (recency != frequency || age != frequency || monetary != frequency || destination != frequency)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Lifetime value: every span must have one value per customer; got frequency {frequency}, recency {recency}, T {age}, monetary value {monetary}, destination {destination}."));
        }
    }

    private static void Validate(double frequency, double recency, double age)
    {
        if (!double.IsFinite(frequency) || frequency < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "Lifetime value: the frequency must be finite and >= 0.");
        }

        if (!double.IsFinite(age) || age < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(age), age, "Lifetime value: T must be finite and >= 0.");
        }

        if (!double.IsFinite(recency) || recency < 0 || recency > age * (1 + 1e-12))
        {
            throw new ArgumentOutOfRangeException(nameof(recency), recency, $"Lifetime value: the recency must satisfy 0 <= recency <= T (T = {age.ToString("R", CultureInfo.InvariantCulture)}).");
        }
    }
}
