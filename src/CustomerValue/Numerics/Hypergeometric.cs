namespace CustomerValue.Numerics;

/// <summary>The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments.</summary>
/// <remarks>
/// Placeholder algorithm (to be replaced by the numerics work): the defining power series, summed until the terms
/// no longer change the sum, valid for |z| &lt; 1 away from z = 1.
/// </remarks>
internal static class Hypergeometric
{
    /// <summary>2F1(a, b; c; z).</summary>
    public static double Hyp2F1(double a, double b, double c, double z)
    {
        double sum = 1, term = 1;
        for (int k = 0; k < 100000; k++)
        {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            double next = sum + term;
            if (next == sum)
            {
                return next;
            }

            sum = next;
        }

        return sum;
    }
}
