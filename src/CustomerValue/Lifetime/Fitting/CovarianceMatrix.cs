namespace CustomerValue.Lifetime.Fitting;

/// <summary>
/// The estimated covariance matrix of fitted parameters (the inverse of the Hessian of the negative log-likelihood
/// at the optimum, in the parameters' natural scale), for standard errors and delta-method intervals.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Rows and columns follow <see cref="ParameterNames"/>. When the Hessian was not
/// positive definite (a flat or degenerate likelihood), <see cref="IsAvailable"/> is false and every entry is NaN.
/// </remarks>
public sealed class CovarianceMatrix
{
    private readonly double[] _values;
    private readonly string[] _names;

    internal CovarianceMatrix(string[] names, double[,] values)
    {
        _names = names;
        int k = names.Length;
        _values = new double[k * k];
        bool available = true;
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                _values[(i * k) + j] = values[i, j];
                available &= double.IsFinite(values[i, j]);
            }
        }

        IsAvailable = available;
    }

    /// <summary>The parameter names, in row/column order.</summary>
    public IReadOnlyList<string> ParameterNames => _names;

    /// <summary>The number of parameters (rows and columns).</summary>
    public int Dimension => _names.Length;

    /// <summary>True when the covariance could be estimated (finite entries); false when the Hessian was singular.</summary>
    public bool IsAvailable { get; }

    /// <summary>Cov(θ_row, θ_column).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside 0..<see cref="Dimension"/>−1.</exception>
    public double this[int row, int column]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            ArgumentOutOfRangeException.ThrowIfNegative(column);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Dimension);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Dimension);
            return _values[(row * Dimension) + column];
        }
    }

    /// <summary>Var(θ_i) = the diagonal entry.</summary>
    public double Variance(int index) => this[index, index];

    /// <summary>
    /// The delta-method variance gᵀ Σ g of a function whose gradient with respect to the parameters is
    /// <paramref name="gradient"/> (in the parameters' natural scale).
    /// </summary>
    /// <exception cref="ArgumentException">The gradient's length is not <see cref="Dimension"/>.</exception>
    public double QuadraticForm(ReadOnlySpan<double> gradient)
    {
        if (gradient.Length != Dimension)
        {
            throw new ArgumentException($"The gradient must have {Dimension} entries, one per parameter; got {gradient.Length}.", nameof(gradient));
        }

        double sum = 0;
        for (int i = 0; i < Dimension; i++)
        {
            double row = 0;
            for (int j = 0; j < Dimension; j++)
            {
                row += _values[(i * Dimension) + j] * gradient[j];
            }

            sum += gradient[i] * row;
        }

        return sum;
    }

    /// <summary>A copy of the matrix as a two-dimensional array.</summary>
    public double[,] ToArray()
    {
        var copy = new double[Dimension, Dimension];
        for (int i = 0; i < Dimension; i++)
        {
            for (int j = 0; j < Dimension; j++)
            {
                copy[i, j] = _values[(i * Dimension) + j];
            }
        }

        return copy;
    }
}
