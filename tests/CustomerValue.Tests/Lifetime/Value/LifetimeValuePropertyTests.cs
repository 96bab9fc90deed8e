using CustomerValue.Lifetime;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Lifetime.Value;

public class LifetimeValuePropertyTests
{
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public bool Clv_is_non_negative_for_non_negative_spend(LifetimeValueCase c) =>
        Calculator(c, c.Horizon).LifetimeValue(c.Frequency, c.Recency, c.Age, 0) >= 0;

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public bool Clv_does_not_decrease_with_the_horizon(LifetimeValueCase c)
    {
        double shorter = Calculator(c, c.Horizon).LifetimeValue(c.Frequency, c.Recency, c.Age, 0);
        double longer = Calculator(c, c.Horizon * 1.5).LifetimeValue(c.Frequency, c.Recency, c.Age, 0);
        return longer >= shorter * (1 - 1e-12);
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 100)]
    public bool Batch_equals_scalar(LifetimeValueCase c)
    {
        var calculator = Calculator(c, c.Horizon);
        double[] f = [c.Frequency, 0, c.Frequency], r = [c.Recency, 0, 0], t = [c.Age, c.Age, c.Age + 1], m = [10, 0, 3];
        var batch = new double[3];
        calculator.LifetimeValue(f, r, t, m, batch);
        for (int i = 0; i < 3; i++)
        {
            if (batch[i] != calculator.LifetimeValue(f[i], r[i], t[i], m[i]))
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 60)]
    public bool Bgnbd_clv_is_non_negative_and_does_not_decrease_with_the_horizon(BgNbdParameters parameters, RfSummary customer, Horizon horizon, bool continuous)
    {
        var model = new BgNbdModel(parameters, TimeUnit.Week);
        var method = continuous ? DiscountingMethod.Continuous : DiscountingMethod.Discrete;
        double Value(double h) => new CustomerLifetimeValueCalculator(model, 20.0, LifetimeValueOptions.Create(h, DiscountRate.PerYear(0.15), method))
            .LifetimeValue(customer.Frequency, customer.Recency, customer.Age, 0);
        double shorter = Value(horizon.Value), longer = Value((horizon.Value * 1.25) + 1);
        return shorter >= 0 && double.IsFinite(longer) && longer >= shorter * (1 - 1e-9);
    }

    private static CustomerLifetimeValueCalculator Calculator(LifetimeValueCase c, double horizon) =>
        new(new ExponentialLifetimeModel(c.Lambda, c.Mu), c.Spend, LifetimeValueOptions.Create(horizon, DiscountRate.PerYear(c.RatePerYear), c.Method));
}
