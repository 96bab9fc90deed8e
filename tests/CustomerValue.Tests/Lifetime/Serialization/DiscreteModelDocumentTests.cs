using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;

namespace CustomerValue.Tests.Lifetime.Serialization;

/// <summary>BG/BB and sBG in model files: fitted, written, read back and rebuilt.</summary>
public class DiscreteModelDocumentTests
{
    [Fact]
    public void A_bgbb_fit_on_the_donations_round_trips_through_its_model_file()
    {
        using var reader = new StreamReader(TestFiles.Path("donations.csv"));
        var patterns = OpportunityPatterns.ReadCsv(reader, "donations.csv");
        var fit = BgBbModel.Fit(patterns);
        var document = LifetimeModelDocument.FromFit(LifetimeModelNames.BgBb, TimeUnit.Year, fit, DataFingerprint.ForOpportunityPatterns(patterns));
        string json = LifetimeModelJson.ToJson(document);
        var read = LifetimeModelJson.Parse(json);
        Assert.Equal(json, LifetimeModelJson.ToJson(read));
        Assert.Equal(["alpha", "beta", "gamma", "delta"], read.Parameters.Select(p => p.Key));
        Assert.Equal(1.204, read.Parameter("alpha"), 3);
        Assert.Equal(-33225.6, read.Fit!.LogLikelihood, 0.1);
        Assert.Equal(11104, read.Fit.Customers);
        var model = LifetimeModelFactory.CreateBgBbModel(read);
        Assert.Equal(fit.Parameters, model.Parameters);
        Assert.Equal(json.Split('\n')[0..8], LifetimeModelJson.ToJson(LifetimeModelFactory.ToDocument(model, TimeUnit.Year)).Split('\n')[0..8]);
    }

    [Fact]
    public void An_sbg_document_rebuilds_the_model_and_the_other_kinds_are_refused_where_they_do_not_fit()
    {
        var document = LifetimeModelJson.Parse("""{"model": "sbg", "timeUnit": "year", "parameters": {"alpha": 0.668, "beta": 3.806}}""");
        var model = LifetimeModelFactory.CreateShiftedBetaGeometricModel(document);
        Assert.Equal(0.668, model.Parameters.Alpha);
        Assert.Equal("sbg", LifetimeModelFactory.ToDocument(model, TimeUnit.Year).Model);
        Assert.Contains("discrete-time", Assert.Throws<ArgumentException>(() => LifetimeModelFactory.CreateRepeatPurchaseModel(document)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LifetimeModelFactory.CreateSpendModel(document));
        Assert.Throws<ArgumentException>(() => LifetimeModelFactory.CreateBgBbModel(document));
        Assert.Contains("opportunity patterns", Assert.Throws<ArgumentException>(() => LifetimeModelFactory.Fit("bgbb", Value.CustomerLifetimeValueCalculatorTests.SampleSummaries(10))).Message, StringComparison.Ordinal);
        Assert.NotEqual(DataFingerprint.ForRetention([1000, 869, 743]), DataFingerprint.ForRetention([1000, 631, 468]));
    }
}
