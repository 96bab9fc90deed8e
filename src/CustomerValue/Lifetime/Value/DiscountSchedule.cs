namespace CustomerValue.Lifetime;

/// <summary>
/// The times t_j and non-negative weights w_j such that the discounted expected purchases of any customer are
/// Σ_j w_j · E[Y(t_j)]. Built once per calculator from the options alone, so scoring many customers only evaluates
/// the model at fixed horizons (and can use the model's span path).
/// </summary>
/// <remarks>
/// <para><b>Discrete</b>: Σ_k (E(t_k) − E(t_(k−1))) f_k with t_k = min(kΔ, H) and f_k = (1 + d)^−k = e^(−δkΔ). Summation by
/// parts gives Σ_(k&lt;n) E(t_k)(f_k − f_(k+1)) + E(t_n) f_n: the same value with weights that are all ≥ 0, so the result is
/// ≥ 0 whenever the model's expectations are.</para>
/// <para><b>Continuous</b>: ∫₀ᴴ e^(−δt) dE(t) = e^(−δU) E(U) + δ ∫₀ᵁ e^(−δt) E(t) dt + R, with U = min(H, 50/δ), so the
/// neglected remainder R ≤ e^(−50) E(H) ≈ 2e-22 E(H). The integral is computed with 8-point Gauss-Legendre on K panels
/// whose edges halve towards 0 ([U/2, U], [U/4, U/2], …, [0, U/2^(K−1)]), K from <see cref="PanelCount"/> (4 to 30; 19
/// for 10% a year over a year). E(t) is analytic on
/// [0, H] with its nearest singularity at t ≤ 0 (for BG/NBD at t = −(α + T)); on a panel [a, 2a] that singularity is at
/// least one panel length away, so the 8-point rule's error is below ρ^−16 ≈ 6e-13 of the panel's contribution
/// (ρ = 3 + √8, the Bernstein ellipse through the singularity), and a panel length never exceeds U/2 ≤ 25/δ, which keeps
/// the error of the e^(−δt) factor below 1e-11 of the total. The first panel contributes at most e · δU · 2^(1−K) ≤ 1e-6
/// of the total (D ≥ E(min(U, 1/δ))/e while the panel's part is at most δ·(U/2^(K−1))·E) and is itself integrated to
/// better than 1% (the rule only degrades when the singularity is far closer to 0 than the panel is long). The stated accuracy: relative error
/// below 1e-8 for every model whose E(t) is analytic in a neighbourhood of (0, H] (all models here); the tests check
/// it against closed forms.</para>
/// </remarks>
internal sealed class DiscountSchedule
{
    /// <summary>The most panels of the continuous rule.</summary>
    public const int MaxPanels = 30;

    /// <summary>The fewest panels of the continuous rule.</summary>
    public const int MinPanels = 4;

    /// <summary>Points per panel of the continuous rule.</summary>
    public const int PointsPerPanel = 8;

    private static readonly (double[] Nodes, double[] Weights) Rule = GaussLegendre.Create(PointsPerPanel);

    private DiscountSchedule(double[] times, double[] weights)
    {
        Times = times;
        Weights = weights;
    }

    /// <summary>Evaluation times, in model time units, all in (0, H].</summary>
    public double[] Times { get; }

    /// <summary>Weights, all &gt; 0.</summary>
    public double[] Weights { get; }

    public static DiscountSchedule Create(LifetimeValueOptions options, TimeUnit modelUnit)
    {
        double horizon = options.Horizon;
        double delta = options.DiscountRate.ContinuousRatePer(modelUnit);
        if (horizon == 0)
        {
            return new DiscountSchedule([], []);
        }

        if (delta == 0)
        {
            return new DiscountSchedule([horizon], [1.0]);
        }

        return options.Method == DiscountingMethod.Discrete
            ? Discrete(horizon, options.PeriodLength, delta)
            : Continuous(horizon, delta);
    }

    private static DiscountSchedule Discrete(double horizon, double period, double delta)
    {
        int n = Math.Max(1, (int)Math.Ceiling(horizon / period));
        var times = new List<double>(n);
        var weights = new List<double>(n);
        double drop = -double.ExpM1(-delta * period); // 1 − e^(−δΔ) = f_k − f_(k+1) relative to f_k
        for (int k = 1; k <= n; k++)
        {
            double f = Math.Exp(-delta * period * k);
            double w = k < n ? f * drop : f;
            if (w > 0)
            {
                times.Add(Math.Min(k * period, horizon));
                weights.Add(w);
            }
        }

        return new DiscountSchedule([.. times], [.. weights]);
    }

    /// <summary>
    /// The number of panels K such that the first panel [0, U/2^(K−1)], which carries at most e·δU·2^(1−K) of the
    /// total, carries at most 1e-6 of it: K = 1 + ⌈log2(e·δU·10⁶)⌉, between <see cref="MinPanels"/> and <see cref="MaxPanels"/>.
    /// </summary>
    internal static int PanelCount(double deltaTimesUpper)
    {
        double needed = 1 + Math.Ceiling(Math.Log2(Math.E * deltaTimesUpper * 1e6));
        return double.IsNaN(needed) ? MinPanels : (int)Math.Clamp(needed, MinPanels, MaxPanels);
    }

    private static DiscountSchedule Continuous(double horizon, double delta)
    {
        double upper = Math.Min(horizon, 50 / delta);
        int panels = PanelCount(delta * upper);
        var (nodes, ruleWeights) = Rule;
        var times = new List<double>((panels * PointsPerPanel) + 1);
        var weights = new List<double>((panels * PointsPerPanel) + 1);
        double left = 0;
        for (int panel = 0; panel < panels; panel++)
        {
            double right = Math.ScaleB(upper, panel - panels + 1);
            double half = (right - left) / 2, mid = (right + left) / 2;
            for (int i = 0; i < nodes.Length; i++)
            {
                double t = mid + (half * nodes[i]);
                double w = delta * half * ruleWeights[i] * Math.Exp(-delta * t);
                if (w > 0)
                {
                    times.Add(t);
                    weights.Add(w);
                }
            }

            left = right;
        }

        double end = Math.Exp(-delta * upper);
        if (end > 0)
        {
            times.Add(upper);
            weights.Add(end);
        }

        return new DiscountSchedule([.. times], [.. weights]);
    }
}

/// <summary>Gauss-Legendre rules on [−1, 1].</summary>
internal static class GaussLegendre
{
    /// <summary>
    /// The n-point rule: nodes are the roots of the Legendre polynomial P_n, found by Newton's method from the
    /// asymptotic estimate cos(π(i + 3/4)/(n + 1/2)); weights 2 / ((1 − x²) P_n'(x)²). Exact for polynomials of degree 2n − 1.
    /// </summary>
    public static (double[] Nodes, double[] Weights) Create(int n)
    {
        var nodes = new double[n];
        var weights = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++)
        {
            double x = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5));
            double derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++)
            {
                (double p, derivative) = Legendre(n, x);
                double step = p / derivative;
                x -= step;
                if (Math.Abs(step) <= 1e-16)
                {
                    break;
                }
            }

            (_, derivative) = Legendre(n, x);
            double w = 2 / ((1 - (x * x)) * derivative * derivative);
            nodes[i] = -x;
            nodes[n - 1 - i] = x;
            weights[i] = w;
            weights[n - 1 - i] = w;
        }

        return (nodes, weights);
    }

    private static (double Value, double Derivative) Legendre(int n, double x)
    {
        double p0 = 1, p1 = x;
        for (int k = 2; k <= n; k++)
        {
            double p2 = (((2 * k) - 1) * x * p1 - ((k - 1) * p0)) / k;
            p0 = p1;
            p1 = p2;
        }

        return (p1, n * ((x * p1) - p0) / ((x * x) - 1));
    }
}
