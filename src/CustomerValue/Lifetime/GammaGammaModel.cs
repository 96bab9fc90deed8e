using System.Globalization;
using CustomerValue.Lifetime.Fitting;
using CustomerValue.Summaries;

namespace CustomerValue.Lifetime;

/// <summary>
/// The Gamma-Gamma model of spend per purchase (Fader, Hardie &amp; Lee 2005; Fader &amp; Hardie 2013, "The Gamma-Gamma
/// model of monetary value"): expected spend per future purchase given a customer's repeat frequency x and mean
/// repeat spend m̄, and maximum-likelihood fitting with <see cref="Fit"/>.
/// </summary>
/// <remarks>
/// <para>E[M | x, m̄] = p·(γ + x·m̄) / (p·x + q − 1): a weighted mean of the population mean p·γ/(q−1) and the
/// customer's own m̄, the weight on m̄ growing with x. For x = 0 it is the population mean.</para>
/// <para>The model assumes spend per purchase is independent of purchase frequency; check that with
/// <see cref="FrequencyMonetaryCorrelation"/> before relying on it (Fader &amp; Hardie report a correlation of 0.11
/// on CDNOW and use the model).</para>
/// <para>The expected spend exists only when p·x + q &gt; 1; with q ≤ 1 a customer with small x has no finite
/// expected spend and the methods throw <see cref="InvalidOperationException"/> naming the customer's x.
/// Immutable and thread-safe; the span overload allocates nothing and equals the scalar one.</para>
/// </remarks>
public sealed class GammaGammaModel : ISpendModel
{
    private readonly double _p;
    private readonly double _q;
    private readonly double _gamma;

    /// <summary>A model with the given parameters (in the currency of the monetary values they were fitted on).</summary>
    /// <exception cref="ArgumentException">The parameters are uninitialised (default).</exception>
    public GammaGammaModel(GammaGammaParameters parameters)
    {
        if (parameters == default)
        {
            throw new ArgumentException("GammaGammaModel: the parameters are uninitialised; create them with GammaGammaParameters.Create.", nameof(parameters));
        }

        Parameters = parameters;
        _p = parameters.P;
        _q = parameters.Q;
        _gamma = parameters.Gamma;
    }

    /// <summary>The model's parameters.</summary>
    public GammaGammaParameters Parameters { get; }

    /// <inheritdoc/>
    IReadOnlyList<KeyValuePair<string, double>> ISpendModel.Parameters => Parameters.ToNamedValues();

    /// <summary>
    /// Fits Gamma-Gamma by maximum likelihood on the repeat customers (x &gt; 0) of <paramref name="summaries"/>, using
    /// their mean repeat spend (<see cref="CustomerSummaries.MonetaryValue"/>). Identical (x, m̄) rows are grouped into
    /// weights first.
    /// </summary>
    /// <exception cref="ArgumentException">There is no repeat customer, a repeat customer's monetary value is not
    /// positive (the message names the customer), or the options' initial values do not have three entries.</exception>
    /// <example>
    /// <code>
    /// var spend = new GammaGammaModel(GammaGammaModel.Fit(summaries).Parameters);   // fitted on the repeat buyers
    /// double perPurchase = spend.ExpectedSpend(frequency: 2, monetaryValue: 40);
    /// </code>
    /// </example>
    public static FitResult<GammaGammaParameters> Fit(CustomerSummaries summaries, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var frequency = summaries.Frequency;
        var monetary = summaries.MonetaryValue;
        var x = new List<double>();
        var m = new List<double>();
        for (int i = 0; i < summaries.Count; i++)
        {
            if (frequency[i] > 0)
            {
                if (!(monetary[i] > 0))
                {
                    throw new ArgumentException(
                        $"Gamma-Gamma: customer '{summaries.CustomerIds[i]}' has {frequency[i].ToString(CultureInfo.InvariantCulture)} repeat purchases but monetary value {monetary[i].ToString(CultureInfo.InvariantCulture)}; it must be > 0.",
                        nameof(summaries));
                }

                x.Add(frequency[i]);
                m.Add(monetary[i]);
            }
        }

        if (x.Count == 0)
        {
            throw new ArgumentException("Gamma-Gamma: there are no repeat customers (frequency > 0) to fit.", nameof(summaries));
        }

        var data = WeightedSummaries.Compress([.. x], [.. m], new double[x.Count]);
        var estimate = MaximumLikelihood.Estimate(new GammaGammaLikelihood(data), [1.0, 1.0, 1.0], options, "Gamma-Gamma");
        var p = estimate.Parameters;
        return new FitResult<GammaGammaParameters>(GammaGammaParameters.Create(p[0], p[1], p[2]), estimate);
    }

    /// <summary>
    /// The Pearson correlation between frequency and monetary value over the repeat customers (x &gt; 0). Gamma-Gamma
    /// assumes they are independent; a correlation far from 0 (say |ρ| &gt; 0.3) argues against using it.
    /// </summary>
    /// <returns>The correlation, or 0 when fewer than two repeat customers or either column is constant.</returns>
    public static double FrequencyMonetaryCorrelation(CustomerSummaries summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var frequency = summaries.Frequency;
        var monetary = summaries.MonetaryValue;
        double n = 0, meanX = 0, meanM = 0;
        for (int i = 0; i < summaries.Count; i++)
        {
            if (frequency[i] > 0)
            {
                n++;
                meanX += (frequency[i] - meanX) / n;
                meanM += (monetary[i] - meanM) / n;
            }
        }

        double sxx = 0, smm = 0, sxm = 0;
        for (int i = 0; i < summaries.Count; i++)
        {
            if (frequency[i] > 0)
            {
                double dx = frequency[i] - meanX, dm = monetary[i] - meanM;
                sxx += dx * dx;
                smm += dm * dm;
                sxm += dx * dm;
            }
        }

        return n < 2 || sxx == 0 || smm == 0 ? 0 : sxm / Math.Sqrt(sxx * smm);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A value is NaN, infinite or negative.</exception>
    /// <exception cref="InvalidOperationException">p·x + q ≤ 1: the expected spend is infinite for this customer.</exception>
    public double ExpectedSpend(double frequency, double monetaryValue)
    {
        if (!(frequency >= 0 && double.IsFinite(frequency)))
        {
            throw new ArgumentException($"Gamma-Gamma: frequency must be finite and >= 0, got {frequency.ToString(CultureInfo.InvariantCulture)}.", nameof(frequency));
        }

        if (!(monetaryValue >= 0 && double.IsFinite(monetaryValue)))
        {
            throw new ArgumentException($"Gamma-Gamma: monetary value must be finite and >= 0, got {monetaryValue.ToString(CultureInfo.InvariantCulture)}.", nameof(monetaryValue));
        }

        return Spend(frequency, monetaryValue);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">p·x + q ≤ 1 for some customer.</exception>
    public void ExpectedSpend(ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetaryValue, Span<double> destination)
    {
        if (monetaryValue.Length != frequency.Length || destination.Length != frequency.Length)
        {
            throw new ArgumentException(
                $"frequency, monetary value and destination must have the same length; got {frequency.Length}, {monetaryValue.Length} and {destination.Length}.");
        }

        for (int i = 0; i < frequency.Length; i++)
        {
            destination[i] = Spend(frequency[i], monetaryValue[i]);
        }
    }

    private double Spend(double x, double m)
    {
        double denominator = (_p * x) + _q - 1;
        if (!(denominator > 0))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Gamma-Gamma: the expected spend of a customer with frequency {x} is infinite because p·x + q = {(_p * x) + _q} <= 1 (q = {_q})."));
        }

        // x = 0 gives the population mean p·γ/(q−1) without reading m̄.
        return _p * (_gamma + (x == 0 ? 0 : x * m)) / denominator;
    }
}
