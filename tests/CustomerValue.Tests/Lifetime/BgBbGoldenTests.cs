using CustomerValue.Lifetime;

namespace CustomerValue.Tests.Lifetime;

/// <summary>
/// BG/BB on the donations data (Fader, Hardie &amp; Shang 2010): α ≈ 1.204, β ≈ 0.750, γ ≈ 0.657, δ ≈ 2.783,
/// LL ≈ −33,225.6; predictions checked against the paper's closed forms evaluated at 30 digits with mpmath.
/// </summary>
public sealed class BgBbGoldenTests
{
    private static readonly BgBbParameters Published = BgBbParameters.Create(1.204, 0.750, 0.657, 2.783);

    internal static OpportunityPatterns Donations()
    {
        using var reader = new StreamReader(TestFiles.Path("donations.csv"));
        return OpportunityPatterns.ReadCsv(reader, "donations.csv");
    }

    [Fact]
    public void Donations_data_has_11104_donors_in_22_patterns()
    {
        var data = Donations();
        Assert.Equal(22, data.Count);
        Assert.Equal(11104, data.TotalWeight);
    }

    [Fact]
    public void Log_likelihood_at_the_published_parameters_is_minus_33225_6()
    {
        // mpmath at 30 digits: −33225.58175.
        Assert.Equal(-33225.58175, new BgBbModel(Published).LogLikelihood(Donations()), 1e-4);
    }

    [Fact]
    public void Fit_reproduces_the_published_parameters_to_the_printed_digits()
    {
        var fit = BgBbModel.Fit(Donations());
        Assert.True(fit.Converged, $"stopped: {fit.StopReason}");
        Assert.Equal(1.204, Math.Round(fit.Parameters.Alpha, 3));
        Assert.Equal(0.750, Math.Round(fit.Parameters.Beta, 3));
        Assert.Equal(0.657, Math.Round(fit.Parameters.Gamma, 3));
        Assert.Equal(2.783, Math.Round(fit.Parameters.Delta, 3));
        Assert.Equal(-33225.6, fit.LogLikelihood, 0.05);
        Assert.Equal(11104, fit.CustomerCount);
        Assert.Equal(["alpha", "beta", "gamma", "delta"], fit.ParameterNames);
        Assert.True(fit.HasStandardErrors);
    }

    [Fact]
    public void One_row_per_donor_gives_the_same_fit_as_the_weighted_patterns()
    {
        var weighted = Donations();
        var f = new List<int>();
        var r = new List<int>();
        var n = new List<int>();
        for (int i = 0; i < weighted.Count; i++)
        {
            for (int k = 0; k < weighted.Weight[i]; k++)
            {
                f.Add(weighted.Frequency[i]);
                r.Add(weighted.Recency[i]);
                n.Add(weighted.Opportunities[i]);
            }
        }

        var perDonor = BgBbModel.Fit(OpportunityPatterns.FromColumns(f.ToArray(), r.ToArray(), n.ToArray()));
        var grouped = BgBbModel.Fit(weighted);
        Assert.Equal(22, perDonor.DistinctRows);
        Assert.Equal(grouped.Estimates, perDonor.Estimates);
        Assert.Equal(grouped.LogLikelihood, perDonor.LogLikelihood);
    }

    [Theory]
    [InlineData(0, 0, 6, 0.0728028774750430, 0.108016584168674)]
    [InlineData(3, 4, 6, 1.03422849842110, 0.439462857055756)]
    [InlineData(6, 6, 6, 3.75211560759981, 0.930402542372881)]
    [InlineData(2, 6, 6, 1.66876435407410, 0.930402542372881)]
    public void Predictions_match_the_papers_closed_forms(int x, int tx, int n, double expectedNext5, double alive)
    {
        var model = new BgBbModel(Published);
        Assert.Equal(expectedNext5, model.ExpectedPurchases(5, x, tx, n), 1e-12);
        Assert.Equal(alive, model.ProbabilityAlive(x, tx, n), 1e-12);
    }

    [Fact]
    public void New_customer_expectation_matches_the_closed_form()
    {
        Assert.Equal(1.93770720828504, new BgBbModel(Published).ExpectedPurchasesNewCustomer(5), 1e-12);
    }

    [Fact]
    public void Purchase_count_distribution_sums_to_one()
    {
        var model = new BgBbModel(Published);
        double total = 0;
        for (int x = 0; x <= 6; x++)
        {
            total += model.ProbabilityOfPurchases(x, 6);
        }

        Assert.Equal(1, total, 1e-12);
    }

    [Fact]
    public void Purchase_count_distribution_reproduces_the_observed_frequencies()
    {
        // The model's P(X(6) = x) times 11,104 against the donors per frequency (a fit, so within a few percent).
        var data = Donations();
        var model = new BgBbModel(Published);
        for (int x = 0; x <= 6; x++)
        {
            double observed = 0;
            for (int i = 0; i < data.Count; i++)
            {
                observed += data.Frequency[i] == x ? data.Weight[i] : 0;
            }

            Assert.Equal(observed, model.ProbabilityOfPurchases(x, 6) * 11104, observed * 0.1);
        }
    }

    [Theory]
    [InlineData(-1, 0, 6)]
    [InlineData(2, 1, 6)]
    [InlineData(0, 3, 6)]
    [InlineData(2, 7, 6)]
    public void Inconsistent_patterns_are_rejected_with_the_field_named(int x, int tx, int n)
    {
        var e = Assert.Throws<ArgumentException>(() => new BgBbModel(Published).ProbabilityAlive(x, tx, n));
        Assert.Contains("BG/BB customer", e.Message);
    }
}
