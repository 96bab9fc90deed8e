namespace CustomerValue.Numerics;

/// <summary>The trigamma function ψ₁(z) = d²/dz² ln Γ(z) for z &gt; 0, for the analytic Hessians of the likelihoods.</summary>
/// <remarks>
/// Algorithm: the recurrence ψ₁(z) = ψ₁(z + 1) + 1/z² moves z to at least 10, then the asymptotic series
/// ψ₁(z) ~ 1/z + 1/(2z²) + Σₖ B₂ₖ/z^(2k+1) with the Bernoulli numbers B₂..B₁₄ (the first omitted term is below
/// 4e-16 relative at z = 10). Relative accuracy about 1e-15 for z in (0, 1e300]; large z needs no recurrence, so the
/// cost is bounded by ten steps. NaN for z ≤ 0 or NaN. Static and thread-safe.
/// </remarks>
internal static class Polygamma
{
    /// <summary>ψ₁(z), the derivative of the digamma function, for z &gt; 0.</summary>
    public static double Trigamma(double z)
    {
        if (!(z > 0))
        {
            return double.NaN;
        }

        if (double.IsPositiveInfinity(z))
        {
            return 0;
        }

        double sum = 0;
        while (z < 10)
        {
            sum += 1 / (z * z);
            z += 1;
        }

        double inverse = 1 / z;
        double inverse2 = inverse * inverse;

        // B2 = 1/6, B4 = −1/30, B6 = 1/42, B8 = −1/30, B10 = 5/66, B12 = −691/2730, B14 = 7/6.
        double series = 1.0 / 6 + (inverse2 * (-1.0 / 30 + (inverse2 * (1.0 / 42 + (inverse2 * (-1.0 / 30 + (inverse2 * (5.0 / 66 + (inverse2 * (-691.0 / 2730 + (inverse2 * 7.0 / 6)))))))))));
        return sum + inverse + (0.5 * inverse2) + (inverse2 * inverse * series);
    }
}
