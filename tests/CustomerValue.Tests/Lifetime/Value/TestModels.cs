using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime.Value;

/// <summary>
/// A repeat-purchase model with closed-form answers, for checking the lifetime-value arithmetic independently of the
/// fitted models: every customer buys at a known Poisson rate λ while alive and dies at a known exponential rate μ
/// (μ = 0: never dies). Given (x, t_x, T), P(alive) = 1 / (1 + μ/(λ+μ) · (e^((λ+μ)(T−t_x)) − 1)) and
/// E[Y(t)] = P(alive) · λ (1 − e^(−μt)) / μ (λ t when μ = 0).
/// </summary>
internal sealed class ExponentialLifetimeModel(double lambda, double mu, TimeUnit unit = TimeUnit.Week) : IRepeatPurchaseModel
{
    public double Lambda { get; } = lambda;

    public double Mu { get; } = mu;

    public RepeatPurchaseModelKind Kind => RepeatPurchaseModelKind.BgNbd;

    public TimeUnit TimeUnit { get; } = unit;

    public IReadOnlyList<KeyValuePair<string, double>> Parameters => [new("lambda", Lambda), new("mu", Mu)];

    public double ProbabilityAlive(double frequency, double recency, double age)
    {
        Check(frequency, recency, age);
        double total = Lambda + Mu;
        return total == 0 ? 1 : 1 / (1 + (Mu / total * double.ExpM1(total * (age - recency))));
    }

    public double ExpectedPurchases(double horizon, double frequency, double recency, double age) =>
        ProbabilityAlive(frequency, recency, age) * Alive(horizon);

    public double ExpectedPurchasesNewCustomer(double horizon) => Alive(horizon);

    public double ProbabilityOfPurchases(int count, double horizon)
    {
        // Alive through t: e^(−μt) Poisson(λt); died at τ < t: ∫ μ e^(−μτ) Poisson_n(λτ) dτ = μ λ^n/(λ+μ)^(n+1) · P(Gamma(n+1) ≤ (λ+μ)t).
        double total = Lambda + Mu;
        double alive = Math.Exp(-total * horizon + (count * Math.Log(Lambda * horizon)) - LogFactorial(count));
        if (count == 0)
        {
            alive = Math.Exp(-total * horizon);
        }

        double y = total * horizon, partial = 0, term = 1;
        for (int k = 0; k <= count; k++)
        {
            partial += term;
            term *= y / (k + 1);
        }

        double gammaCdf = 1 - (Math.Exp(-y) * partial);
        return alive + (Mu * Math.Pow(Lambda, count) / Math.Pow(total, count + 1) * gammaCdf);
    }

    public void ProbabilityAlive(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        for (int i = 0; i < frequency.Length; i++)
        {
            destination[i] = ProbabilityAlive(frequency[i], recency[i], age[i]);
        }
    }

    public void ExpectedPurchases(double horizon, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        for (int i = 0; i < frequency.Length; i++)
        {
            destination[i] = ExpectedPurchases(horizon, frequency[i], recency[i], age[i]);
        }
    }

    private double Alive(double horizon) => Mu == 0 ? Lambda * horizon : Lambda * -double.ExpM1(-Mu * horizon) / Mu;

    private static double LogFactorial(int n)
    {
        double s = 0;
        for (int k = 2; k <= n; k++)
        {
            s += Math.Log(k);
        }

        return s;
    }

    private static void Check(double frequency, double recency, double age)
    {
        if (!(frequency >= 0) || !(recency >= 0) || !(age >= recency))
        {
            throw new ArgumentException("invalid summary");
        }
    }
}

/// <summary>A spend model with a closed form: a weighted mean of the customer's own mean spend and a population mean, (x·m̄ + k·mean) / (x + k).</summary>
internal sealed class ShrinkageSpendModel(double populationMean, double weight) : ISpendModel
{
    public IReadOnlyList<KeyValuePair<string, double>> Parameters => [new("mean", populationMean), new("weight", weight)];

    public double ExpectedSpend(double frequency, double monetaryValue) =>
        ((frequency * monetaryValue) + (weight * populationMean)) / (frequency + weight);

    public void ExpectedSpend(ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetaryValue, Span<double> destination)
    {
        for (int i = 0; i < frequency.Length; i++)
        {
            destination[i] = ExpectedSpend(frequency[i], monetaryValue[i]);
        }
    }
}
