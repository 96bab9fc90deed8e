using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime.Value;

/// <summary>The quadrature behind continuous discounting and the summation by parts behind discrete discounting.</summary>
public class DiscountScheduleTests
{
    [Fact]
    public void The_8_point_Gauss_Legendre_rule_integrates_degree_15_exactly_but_not_degree_16()
    {
        var (nodes, weights) = GaussLegendre.Create(8);
        double Integrate(int degree) => nodes.Select((x, i) => weights[i] * Math.Pow(x, degree)).Sum();
        Assert.Equal(2.0, Integrate(0), 14);
        Assert.Equal(2.0 / 15, Integrate(14), 14);
        Assert.Equal(0.0, Integrate(15), 14);
        Assert.True(Math.Abs(Integrate(16) - (2.0 / 17)) > 1e-6);
    }

    [Theory]
    [InlineData(0.10, 52.0)]
    [InlineData(0.001, 520.0)]
    [InlineData(2.0, 1000.0)]
    public void Continuous_weights_integrate_an_exponential_purchase_curve_to_its_closed_form(double delta, double horizon)
    {
        // E(t) = 1 − e^(−μt): ∫₀ᴴ e^(−δt) dE = μ (1 − e^(−(δ+μ)H)) / (δ + μ).
        const double mu = 0.05;
        var schedule = Schedule(horizon, delta, DiscountingMethod.Continuous);
        double value = Apply(schedule, t => -double.ExpM1(-mu * t));
        double expected = mu * -double.ExpM1(-(delta + mu) * horizon) / (delta + mu);
        Assert.Equal(expected, value, expected * 1e-11);
    }

    [Theory]
    [InlineData(0.01, 0.5, 0.1, 100.0)]
    [InlineData(1e-4, 0.2, 0.01, 500.0)]
    [InlineData(10.0, 3.0, 0.5, 50.0)]
    public void Continuous_weights_are_accurate_when_the_curve_has_a_singularity_just_before_zero(double beta, double s, double delta, double horizon)
    {
        // E(t) = 1 − (β/(β+t))^s (Pareto/NBD-like) has a branch point at t = −β. Reference: substitute t = β(e^u − 1),
        // which makes the integrand s e^(−δt) e^(−su) smooth, and use composite Simpson with 200,000 intervals.
        var schedule = Schedule(horizon, delta, DiscountingMethod.Continuous);
        double value = Apply(schedule, t => 1 - Math.Pow(beta / (beta + t), s));
        double upper = double.LogP1(horizon / beta);
        const int n = 200_000;
        double h = upper / n, sum = 0;
        for (int i = 0; i <= n; i++)
        {
            double u = i * h;
            double f = s * Math.Exp((-delta * beta * double.ExpM1(u)) - (s * u));
            sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }

        double reference = sum * h / 3;
        Assert.Equal(reference, value, reference * 1e-9);
    }

    [Fact]
    public void Discrete_weights_equal_the_period_by_period_sum_of_increments()
    {
        const double delta = 0.02, period = 0.5, horizon = 10.25; // the last period is partial
        var schedule = Schedule(horizon, delta, DiscountingMethod.Discrete, period);
        static double E(double t) => Math.Sqrt(t) + (0.1 * t);
        double expected = 0;
        for (int k = 1; k <= 21; k++)
        {
            expected += (E(Math.Min(k * period, horizon)) - E((k - 1) * period)) * Math.Exp(-delta * period * k);
        }

        Assert.Equal(expected, Apply(schedule, E), 1e-13);
        Assert.All(schedule.Weights, w => Assert.True(w > 0));
        Assert.Equal(horizon, schedule.Times[^1]);
    }

    [Theory]
    [InlineData(DiscountingMethod.Discrete)]
    [InlineData(DiscountingMethod.Continuous)]
    public void Without_discounting_only_the_horizon_counts(DiscountingMethod method)
    {
        var schedule = Schedule(39, 0, method);
        Assert.Equal([39.0], schedule.Times);
        Assert.Equal([1.0], schedule.Weights);
        Assert.Empty(Schedule(0, 0.1, method).Times);
    }

    [Theory]
    [InlineData(1e-9, 4)]
    [InlineData(0.0953, 19)]
    [InlineData(50, 29)]
    [InlineData(1e9, 30)]
    public void The_panel_count_keeps_the_first_panel_below_a_millionth_of_the_total(double deltaTimesUpper, int panels)
    {
        Assert.Equal(panels, DiscountSchedule.PanelCount(deltaTimesUpper));
        if (panels is > DiscountSchedule.MinPanels and < DiscountSchedule.MaxPanels)
        {
            Assert.True(Math.E * deltaTimesUpper * Math.ScaleB(1, 1 - panels) <= 1e-6);
            Assert.True(Math.E * deltaTimesUpper * Math.ScaleB(1, 2 - panels) > 1e-6);
        }
    }

    private static DiscountSchedule Schedule(double horizon, double delta, DiscountingMethod method, double period = 1) =>
        DiscountSchedule.Create(
            LifetimeValueOptions.Create(horizon, DiscountRate.FromContinuous(delta, TimeUnit.Week), method, period),
            TimeUnit.Week);

    private static double Apply(DiscountSchedule schedule, Func<double, double> expected) =>
        schedule.Times.Select((t, j) => schedule.Weights[j] * expected(t)).Sum();
}
