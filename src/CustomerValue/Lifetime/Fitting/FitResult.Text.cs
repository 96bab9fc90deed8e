using System.Globalization;
using System.Text;

namespace CustomerValue.Lifetime.Fitting;

/// <summary>A readable one-line account of a fit.</summary>
public sealed partial class FitResult<TParameters>
{
    /// <summary>
    /// The parameters with their standard errors, the log-likelihood, the customers and how the optimiser stopped, e.g.
    /// <c>r = 0.2426 (± 0.0126), alpha = 4.414 (± 0.3838), a = 0.7930 (± 0.1856), b = 2.426 (± 0.7052); log-likelihood -9,582.43; 2,357 customers; converged after 31 iterations (GradientTolerance)</c>.
    /// </summary>
    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        for (int i = 0; i < _names.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(_names[i]).Append(" = ").Append(_estimates[i].ToString("G4", ci));
            if (double.IsFinite(_standardErrors[i]))
            {
                text.Append(" (± ").Append(_standardErrors[i].ToString("G4", ci)).Append(')');
            }
        }

        text.Append(ci, $"; log-likelihood {LogLikelihood:N2}; {CustomerCount:N0} customers; ");
        text.Append(Converged ? "converged" : "did not converge").Append(ci, $" after {Iterations} iterations ({StopReason})");
        return text.ToString();
    }
}
