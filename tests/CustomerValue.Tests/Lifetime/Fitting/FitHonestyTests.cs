using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Fitting;
using CustomerValue.Summaries;

namespace CustomerValue.Tests.Lifetime.Fitting;

/// <summary>
/// Issue 12, item 2: a fit says "converged" only when it is (finite log-likelihood confirmed by evaluations next to
/// the estimate, small gradient, negative-definite Hessian), names parameters that ran to a boundary, and ends on
/// degenerate data instead of running away.
/// </summary>
public sealed class FitHonestyTests
{
    private static CustomerSummaries Summaries(double[] x, double[] tx, double[] t, double[]? spend = null) =>
        CustomerSummaries.FromColumns([.. x.Select((_, i) => "c" + i)], x, tx, t, spend ?? [], TimeUnit.Week);

    private static void AllWithinTheBox<T>(FitResult<T> fit)
        where T : struct =>
        Assert.All(fit.Estimates, v => Assert.InRange(v, 1e-10, 1e10));

    [Fact]
    public void Pareto_nbd_on_two_customers_ends_with_an_honest_result()
    {
        // The data: (x, t_x, T) = (3, 20, 30) and (1, 5, 25). Before, the fit ran for minutes while its
        // log-likelihood climbed to +1.4e6 on numerically meaningless evaluations. Two customers cannot pin four
        // parameters: the rates' Gamma collapses (r, α → ∞ together).
        var fit = ParetoNbdModel.Fit(Summaries([3, 1], [20, 5], [30, 25]));
        Assert.False(fit.Converged && !fit.IsDegenerate);
        Assert.NotEmpty(fit.Diagnostics);
        Assert.True(double.IsFinite(fit.LogLikelihood) && fit.LogLikelihood < 0);
        AllWithinTheBox(fit);
    }

    [Fact]
    public void Customers_with_T_0_are_not_a_converged_fit()
    {
        // Every likelihood term is 1 whatever the parameters: the Hessian is zero, so nothing can be estimated.
        var fit = BgNbdModel.Fit(Summaries(new double[50], new double[50], new double[50]));
        Assert.False(fit.Converged);
        Assert.False(fit.HasStandardErrors);
        Assert.Contains(fit.Diagnostics, d => d.Contains("standard errors unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public void All_one_time_buyers_degenerate_with_the_boundary_named()
    {
        double[] ages = [.. Enumerable.Range(1, 100).Select(i => (double)i)];
        var fit = BgNbdModel.Fit(Summaries(new double[100], new double[100], ages));
        Assert.True(fit.IsDegenerate);
        Assert.False(fit.Converged && !fit.IsDegenerate);
        Assert.Contains(fit.Diagnostics, d => d.StartsWith("r → 0", StringComparison.Ordinal));
        AllWithinTheBox(fit);
    }

    [Fact]
    public void Identical_customers_degenerate()
    {
        var fit = BgNbdModel.Fit(Summaries([.. Enumerable.Repeat(2.0, 100)], [.. Enumerable.Repeat(10.0, 100)], [.. Enumerable.Repeat(20.0, 100)]));
        Assert.True(fit.IsDegenerate);
        Assert.Contains(fit.Diagnostics, d => d.Contains("→ ∞", StringComparison.Ordinal));
        AllWithinTheBox(fit);
    }

    [Fact]
    public void Huge_frequencies_are_not_reported_converged()
    {
        // 200 customers with x ≈ 100,000 in about 50 weeks. Before: "LL = 3019898880, converged" at r = 6.9e19.
        var random = new Random(12);
        double[] x = [.. Enumerable.Range(0, 200).Select(i => 100000.0 + i)];
        double[] tx = [.. x.Select(_ => 50 + (2 * random.NextDouble()))];
        double[] t = [.. tx.Select(v => v + 1)];
        var fit = BgNbdModel.Fit(Summaries(x, tx, t));
        Assert.False(fit.Converged && !fit.IsDegenerate);
        Assert.NotEmpty(fit.Diagnostics);
        AllWithinTheBox(fit);
    }

    [Fact]
    public void Gamma_gamma_on_one_customer_is_not_converged()
    {
        // Before: LL = +9.4e21, converged.
        var fit = GammaGammaModel.Fit(Summaries([3], [10], [20], [25.5]));
        Assert.False(fit.Converged);
        Assert.NotEmpty(fit.Diagnostics);
        AllWithinTheBox(fit);
    }

    [Fact]
    public void A_clean_fit_is_converged_without_diagnostics()
    {
        var fit = BgNbdModel.Fit(CdnowData.RoundedWeeks);
        Assert.True(fit.Converged);
        Assert.False(fit.IsDegenerate);
        Assert.Empty(fit.Diagnostics);
        var pareto = ParetoNbdModel.Fit(CdnowData.RoundedWeeks);
        Assert.True(pareto.Converged);
        Assert.Empty(pareto.Diagnostics);
    }

    [Fact]
    public void Boundaries_are_named_in_words()
    {
        Assert.Equal(
            "a → 0 (a = 2.4E-07): no sign of drop-out; BG/NBD degenerates to the NBD (customers never become inactive)",
            MaximumLikelihoodDiagnosis.Boundary("BG/NBD", "a", 2.4e-7, toZero: true));
        Assert.Contains("no sign of drop-out", MaximumLikelihoodDiagnosis.Boundary("Pareto/NBD", "s", 1e-7, toZero: true), StringComparison.Ordinal);
    }
}
