using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;
using CustomerValue.Summaries;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Lifetime;

/// <summary>
/// Issue 12, item 4: one description per model. The catalog's names agree with every place that names parameters, a
/// model built from its file form gives back its parameters, loading goes through the usability check, and the
/// scorer's batch capability (Pareto/NBD included) gives bitwise the scalar numbers.
/// </summary>
public sealed class LifetimeModelCatalogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-catalog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_model_name_has_one_entry_and_its_parameter_names_are_used_everywhere()
    {
        Assert.Equal(LifetimeModelNames.All, LifetimeModelCatalog.All.Select(e => e.Name));
        Assert.Equal(["bgnbd", "mbgnbd", "pnbd", "gg"], LifetimeModelNames.FittedOnSummaries);
        Assert.Equal(["bgnbd", "mbgnbd", "pnbd"], LifetimeModelNames.RepeatPurchaseModels);

        // The names the likelihoods report (fit results, covariance labels) and the named values of each parameter type.
        Assert.Equal(LifetimeModelCatalog.BgNbd.ParameterNames, BgNbdParameters.Create(1, 2, 3, 4).ToNamedValues().Select(p => p.Key));
        Assert.Equal(LifetimeModelCatalog.ModifiedBgNbd.ParameterNames, ModifiedBgNbdParameters.Create(1, 2, 3, 4).ToNamedValues().Select(p => p.Key));
        Assert.Equal(LifetimeModelCatalog.ParetoNbd.ParameterNames, ParetoNbdParameters.Create(1, 2, 3, 4).ToNamedValues().Select(p => p.Key));
        Assert.Equal(LifetimeModelCatalog.GammaGamma.ParameterNames, GammaGammaParameters.Create(3, 4, 5).ToNamedValues().Select(p => p.Key));
        Assert.Equal(LifetimeModelCatalog.BgBb.ParameterNames, BgBbParameters.Create(1, 2, 3, 4).ToNamedValues().Select(p => p.Key));
        Assert.Equal(LifetimeModelCatalog.ShiftedBetaGeometric.ParameterNames, ShiftedBetaGeometricParameters.Create(1, 2).ToNamedValues().Select(p => p.Key));
        Assert.Equal(["r", "alpha", "a", "b"], LifetimeModelNames.ParameterNames("bgnbd"));
        Assert.Equal(["alpha", "beta"], LifetimeModelNames.ParameterNames("sbg"));
    }

    [Theory]
    [InlineData("bgnbd")]
    [InlineData("mbgnbd")]
    [InlineData("pnbd")]
    [InlineData("gg")]
    [InlineData("bgbb")]
    [InlineData("sbg")]
    public void A_model_built_from_its_file_form_has_the_same_parameters(string name)
    {
        var entry = LifetimeModelCatalog.Get(name);
        double[] values = [.. entry.ParameterNames.Select((_, i) => 1.5 + i)];
        var document = LifetimeModelJson.Parse(LifetimeModelJson.ToJson(entry.ToDocument(values, TimeUnit.Week)));
        object model = entry.Create(document);
        var parameters = model switch
        {
            IRepeatPurchaseModel m => m.Parameters,
            ISpendModel m => m.Parameters,
            BgBbModel m => m.Parameters.ToNamedValues(),
            ShiftedBetaGeometricModel m => m.Parameters.ToNamedValues(),
            _ => throw new InvalidOperationException(model.GetType().Name),
        };
        Assert.Equal(document.Parameters, parameters);
        if (entry.Role == LifetimeModelRole.RepeatPurchase)
        {
            Assert.Equal(entry.Kind, ((IRepeatPurchaseModel)model).Kind);
            Assert.Same(entry, LifetimeModelCatalog.Of(entry.Kind!.Value));
        }
    }

    [Fact]
    public void Loading_refuses_an_unconverged_fit_unless_accepted_and_a_model_of_the_wrong_role()
    {
        // A fit on 50 customers with T = 0 is written but not converged.
        var summaries = CustomerSummaries.FromColumns([.. Enumerable.Range(0, 50).Select(i => "c" + i)], new double[50], new double[50], new double[50], [], TimeUnit.Week);
        var document = LifetimeModelCatalog.BgNbd.FitOnSummaries!(summaries, null);
        Assert.False(document.Fit!.Converged);
        string path = Path.Combine(_dir, "t0.json");
        LifetimeModelJson.WriteFile(path, document);

        var refused = Assert.Throws<InvalidDataException>(() => LifetimeModelCatalog.LoadRepeatPurchaseModel(path, acceptUnconverged: false, "--model"));
        Assert.Contains("did not converge", refused.Message, StringComparison.Ordinal);
        Assert.IsType<BgNbdModel>(LifetimeModelCatalog.LoadRepeatPurchaseModel(path, acceptUnconverged: true, "--model"));

        var wrong = Assert.Throws<ArgumentException>(() => LifetimeModelCatalog.LoadSpendModel(path, acceptUnconverged: true, "--spend-model"));
        Assert.Equal("--spend-model: 't0.json' holds a bgnbd model (BG/NBD), not a spend model (gg).", wrong.Message);
        string gg = Path.Combine(_dir, "gg.json");
        LifetimeModelJson.WriteFile(gg, LifetimeModelCatalog.GammaGamma.ToDocument([6.25, 3.74, 15.44], TimeUnit.Week));
        var spendAsModel = Assert.Throws<ArgumentException>(() => LifetimeModelCatalog.LoadRepeatPurchaseModel(gg, acceptUnconverged: false, "--model"));
        Assert.StartsWith("--model: 'gg.json' holds a spend model (gg); pass it with --spend-model", spendAsModel.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dependency_injection_options_refuse_an_unconverged_model_file_unless_accepted()
    {
        var summaries = CustomerSummaries.FromColumns([.. Enumerable.Range(0, 50).Select(i => "c" + i)], new double[50], new double[50], new double[50], [], TimeUnit.Week);
        string path = Path.Combine(_dir, "t0.json");
        LifetimeModelJson.WriteFile(path, LifetimeModelCatalog.BgNbd.FitOnSummaries!(summaries, null));
        var options = new LifetimeValueModelOptions { ModelFile = path };
        var errors = new List<string>();
        Assert.False(options.TryResolve(errors, out _, out _, out _));
        Assert.Contains(errors, e => e.StartsWith("LifetimeValue.ModelFile: ", StringComparison.Ordinal) && e.Contains("did not converge", StringComparison.Ordinal));
        options.AcceptUnconverged = true;
        errors.Clear();
        Assert.True(options.TryResolve(errors, out var model, out _, out _), string.Join("; ", errors));
        Assert.IsType<BgNbdModel>(model);
    }

    [Fact]
    public void Every_repeat_purchase_model_offers_the_batch_capability()
    {
        foreach (var entry in LifetimeModelCatalog.All.Where(e => e.Role == LifetimeModelRole.RepeatPurchase))
        {
            var model = entry.Create([0.5, 5, 0.8, 6], TimeUnit.Week);
            var batch = Assert.IsAssignableFrom<IRepeatPurchaseBatch>(model);
            Assert.True(batch.FactorisesOverRecency);
        }
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = 15)]
    public Property Pareto_nbd_batch_paths_on_every_core_equal_the_scalar_path(ParetoNbdCase c)
    {
        // 5,000 customers spread around the drawn one (more than one parallel chunk), extreme ones included.
        var model = new ParetoNbdModel(c.Parameters, TimeUnit.Week);
        const int N = 5000;
        var x = new double[N];
        var tx = new double[N];
        var t = new double[N];
        for (int i = 0; i < N; i++)
        {
            double scale = (i % 97) / 48.0;
            t[i] = i % 500 == 0 ? 1e5 : c.Age * scale;
            x[i] = i % 700 == 0 ? 1e5 : Math.Floor(c.Frequency * scale);
            tx[i] = x[i] == 0 ? 0 : t[i] * ((i % 11) / 10.0);
        }

        var alive = new double[N];
        var expected = new double[N];
        var chunk = new double[N];
        model.ProbabilityAlive(x, tx, t, alive);
        model.ExpectedPurchases(c.Horizon, x, tx, t, expected);
        ((IRepeatPurchaseBatch)model).ProbabilityAliveChunk(x, tx, t, chunk);
        for (int i = 0; i < N; i++)
        {
            double a = model.ProbabilityAlive(x[i], tx[i], t[i]);
            double e = model.ExpectedPurchases(c.Horizon, x[i], tx[i], t[i]);
            if (BitConverter.DoubleToInt64Bits(a) != BitConverter.DoubleToInt64Bits(alive[i])
                || BitConverter.DoubleToInt64Bits(a) != BitConverter.DoubleToInt64Bits(chunk[i])
                || BitConverter.DoubleToInt64Bits(e) != BitConverter.DoubleToInt64Bits(expected[i]))
            {
                return false.Label($"{c}: customer {i} (x={x[i]}, t_x={tx[i]}, T={t[i]}): scalar {a}, {e}; batch {alive[i]}, {chunk[i]}, {expected[i]}");
            }
        }

        return true.ToProperty();
    }
}
