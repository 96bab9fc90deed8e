using CustomerValue.Numerics;

namespace CustomerValue.Tests.Numerics;

/// <summary>The trigamma function against closed forms: ψ₁(1) = π²/6, ψ₁(½) = π²/2, ψ₁(n+1) = π²/6 − Σₖ≤ₙ 1/k², and the recurrence.</summary>
public sealed class PolygammaTests
{
    [Fact]
    public void Trigamma_matches_its_closed_forms()
    {
        Assert.Equal(Math.PI * Math.PI / 6, Polygamma.Trigamma(1), 1e-15);
        Assert.Equal(Math.PI * Math.PI / 2, Polygamma.Trigamma(0.5), 1e-14);

        // ψ₁(n+1) = π²/6 − Σ 1/k²; the partial sums are added smallest first.
        foreach (int n in new[] { 1, 5, 20, 100 })
        {
            double sum = 0;
            for (int k = n; k >= 1; k--)
            {
                sum += 1.0 / ((double)k * k);
            }

            double expected = (Math.PI * Math.PI / 6) - sum;
            Assert.Equal(expected, Polygamma.Trigamma(n + 1), expected * 1e-13);
        }
    }

    [Fact]
    public void Trigamma_satisfies_the_recurrence_and_its_asymptotics()
    {
        var random = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            double z = Math.Exp((random.NextDouble() * 20) - 10);
            double left = Polygamma.Trigamma(z);
            double right = Polygamma.Trigamma(z + 1) + (1 / (z * z));
            Assert.Equal(left, right, left * 1e-14);
        }

        // For large z, ψ₁(z) ≈ 1/z + 1/(2z²).
        Assert.Equal(1e-8 + 0.5e-16, Polygamma.Trigamma(1e8), 1e-22);
        Assert.Equal(0, Polygamma.Trigamma(double.PositiveInfinity));
        Assert.True(double.IsNaN(Polygamma.Trigamma(0)));
        Assert.True(double.IsNaN(Polygamma.Trigamma(-1)));
    }
}
