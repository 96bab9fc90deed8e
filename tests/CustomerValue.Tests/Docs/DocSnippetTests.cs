using System.Text.RegularExpressions;
using CustomerValue;
using CustomerValue.Churn;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;
using CustomerValue.Samples;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;
using CustomerValue.Summaries;
using CustomerValue.Transactions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerValue.Tests.Docs;

/// <summary>
/// Every C# snippet of README.md and docs/getting-started.md, compiled and run with assertions. The last test checks that
/// each ```csharp block of those files appears here (whitespace normalised; its using directives among this file's), so
/// the docs and the code cannot drift apart.
/// </summary>
public sealed partial class DocSnippetTests
{
    [Fact]
    public void Without_DI_fit_and_value_the_sample()
    {

        var options = new SummaryOptions(SampleData.CdnowCalibrationEnd, TimeUnit.Week, SampleData.CdnowHoldoutEnd);
        CustomerSummaries summaries = SummaryAccumulator.Summarize(SampleData.CdnowTransactions(), options);

        var fit = BgNbdModel.Fit(summaries);                      // r = 0.243, alpha = 4.414, a = 0.793, b = 2.426
        var purchases = new BgNbdModel(fit.Parameters, TimeUnit.Week);
        var spend = new GammaGammaModel(GammaGammaModel.Fit(summaries).Parameters);
        var clv = new CustomerLifetimeValueCalculator(purchases, spend,
            LifetimeValueOptions.Create(horizon: 52, DiscountRate.PerYear(0.10)));

        // A customer with 2 repeat purchases, the last in week 30.43 of their 38.86 weeks, spending 40 a purchase:
        double alive = purchases.ProbabilityAlive(frequency: 2, recency: 30.43, age: 38.86);            // 0.73
        double expected = purchases.ExpectedPurchases(39, frequency: 2, recency: 30.43, age: 38.86);    // 1.23 in 39 weeks
        double value = clv.LifetimeValue(frequency: 2, recency: 30.43, age: 38.86, monetaryValue: 40);  // next year, discounted

        Assert.Equal(2357, summaries.Count);
        Assert.Equal(0.243, fit.Parameters.R, 3);
        Assert.Equal(0.7266, alive, 2);
        Assert.Equal(1.226, expected, 2);
        Assert.True(value > 0 && value < 40 * expected * 2, $"CLV {value}");
    }

    [Fact]
    public void Score_the_whole_base()
    {

        var options = new SummaryOptions(SampleData.CdnowCalibrationEnd, TimeUnit.Week, SampleData.CdnowHoldoutEnd);
        CustomerSummaries summaries = SummaryAccumulator.Summarize(SampleData.CdnowTransactions(), options);
        var models = ScoringModels.FitMissing(summaries);         // BG/NBD and Gamma-Gamma, fitted on the distinct rows
        var scorer = new CustomerBaseScorer(models.PurchaseModel, models.SpendModel, new ScoringOptions(horizon: 52));
        CustomerScores scores = scorer.Score(summaries, asOf: SampleData.CdnowCalibrationEnd);

        // Per customer: P(alive), expected purchases and spend, CLV, RFM scores and segment, gold/drag tier, churn level and risk.
        string first = $"{scores.CustomerId(0)}: CLV {scores.LifetimeValue[0]:F2}, {scores.SegmentName(0)}, churn {scores.ChurnLevel[0]}";

        // Or as records: one customer by id, or every customer with foreach (no allocation per row).
        CustomerScoreRow customer = scores.Row("1234");
        foreach (CustomerScoreRow row in scores.Rows)
        {
            if (row.ChurnLevel == ChurnLevel.Critical && row.LifetimeValue > 100) Console.WriteLine(row);
        }
        Console.WriteLine(scores);                                 // 2,357 customers scored over 52 weeks (10 segments)

        Assert.Equal(scores.Row(scores.Rows.Count - 1), scores.Rows[^1]);
        Assert.Equal(scores.LifetimeValue[scores.Rows.Count - 1], scores.Rows[^1].LifetimeValue);
        Assert.Equal("1234", customer.CustomerId);
        Assert.Equal("2,357 customers scored over 52 weeks (10 segments)", scores.ToString());

        Assert.Equal(2357, scores.Count);
        Assert.StartsWith(summaries.CustomerIds[0] + ": CLV ", first, StringComparison.Ordinal);
        var purchases = (BgNbdModel)models.PurchaseModel;
        Assert.Equal(0.243, purchases.Parameters.R, 3);
        for (int i = 0; i < scores.Count; i++)
        {
            Assert.True(scores.ProbabilityAlive[i] is >= 0 and <= 1 && double.IsFinite(scores.LifetimeValue[i]) && scores.LifetimeValue[i] >= 0, $"row {i}");
        }
    }

    [Fact]
    public void Stream_a_log_into_summaries()
    {
        string dir = Directory.CreateTempSubdirectory("cv-docs-").FullName;
        string log = System.IO.Path.Combine(dir, "transactions.csv");
        File.WriteAllLines(log, ["customer_id,date,amount", "1,1997-01-01,10", "1,1997-02-01,20", "2,1997-03-01,5", "2,not-a-date,5", "1,1998-01-10,30"]);

        var (summaries, ingest) = ReadLog(log);

        Assert.Equal(2, summaries.Count);
        Assert.Equal(1, summaries.Frequency[0]);
        Assert.Equal(20, summaries.MonetaryValue[0]);
        Assert.Equal(1, summaries.FrequencyHoldout[0]);
        Assert.Equal(5, ingest.RowsRead);
        Assert.Equal(1, ingest.RejectedCount);
    }

    private static (CustomerSummaries Summaries, IngestReport Ingest) ReadLog(string path)
    {

        // path: a CSV log with the columns customer_id,date,amount
        var options = new SummaryOptions(calibrationEnd: new DateOnly(1997, 9, 30), TimeUnit.Week, holdoutEnd: new DateOnly(1998, 6, 30));
        var report = new IngestReportBuilder(BadRowPolicy.CollectAndReport);
        var accumulator = new SummaryAccumulator(options);
        foreach (var t in TransactionCsvReader.ReadFile(path, TransactionCsvOptions.Default with { ObservationEnd = options.ObservationEnd }, report))
        {
            accumulator.Add(t);
        }

        CustomerSummaries summaries = accumulator.ToSummaries();   // columns: Frequency, Recency, Age (T), MonetaryValue, ...
        IngestReport ingest = report.Build();                     // RowsRead = Accepted + RejectedCount, with line, field and reason
        return (summaries, ingest);
    }

    [Fact]
    public void Segment_and_warn_without_DI()
    {

        var asOf = new DateOnly(1997, 9, 30);
        var transactions = SampleData.CdnowTransactions().Where(t => t.Date <= asOf);

        // Churn warnings: a level, a risk and the reasons, from each customer's own buying rhythm.
        ChurnSignalTable signals = ChurnSignalAccumulator.Measure(transactions, new ChurnSignalOptions(asOf));
        var policy = new ChurnWarningPolicy();
        ChurnWarning first = policy.Evaluate(signals.Row(0));
        Console.WriteLine($"{first.CustomerId}: {first.Level}, risk {first.Risk:0.00}");

        // How concentrated is spend? ABC classes, deciles, Lorenz curve and Gini.
        ValueConcentration concentration = new ValueConcentrationAnalyzer().Analyze(signals.TotalSpend);
        Console.WriteLine($"Gini {concentration.Gini:0.00}; top 20% bring {concentration.TopShare(0.2).ValueShare:P0}");

        Assert.Equal(2357, signals.Count);
        Assert.Equal(signals.CustomerIds[0], first.CustomerId);
        Assert.InRange(first.Risk, 0, 1);
        Assert.InRange(concentration.Gini, 0.5, 0.7);
    }

    [Fact]
    public void With_DI_resolve_and_value()
    {
        // The snippet names its model files relative to the working directory.
        LifetimeModelJson.WriteFile("bgnbd.json", LifetimeModelDocument.Create(LifetimeModelNames.BgNbd, TimeUnit.Week, new Dictionary<string, double> { ["r"] = 0.243, ["alpha"] = 4.414, ["a"] = 0.793, ["b"] = 2.426 }));
        LifetimeModelJson.WriteFile("gg.json", LifetimeModelDocument.Create(LifetimeModelNames.GammaGamma, TimeUnit.Week, new Dictionary<string, double> { ["p"] = 6.25, ["q"] = 3.74, ["gamma"] = 15.44 }));


        var services = new ServiceCollection();
        services.AddCustomerValue(options =>
        {
            options.LifetimeValue.ModelFile = "bgnbd.json";       // customer-value fit --model bgnbd --output bgnbd.json
            options.LifetimeValue.SpendModelFile = "gg.json";     // customer-value fit --model gg --output gg.json
            options.LifetimeValue.DiscountRate = 0.10;            // per year (DiscountRatePeriod)
            options.ChurnWarning = options.ChurnWarning with { HiatusDays = 180 };
        });
        using var provider = services.BuildServiceProvider();

        var clv = provider.GetRequiredService<ICustomerLifetimeValueCalculator>();
        var warnings = provider.GetRequiredService<IChurnWarningPolicy>();
        double value = clv.LifetimeValue(frequency: 2, recency: 30.43, age: 38.86, monetaryValue: 40);

        Assert.Equal(180, warnings.Options.HiatusDays);
        var direct = new CustomerLifetimeValueCalculator(
            new BgNbdModel(BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426), TimeUnit.Week),
            new GammaGammaModel(GammaGammaParameters.Create(6.25, 3.74, 15.44)),
            LifetimeValueOptions.Create(365.25 / 7, DiscountRate.PerYear(0.10)));
        Assert.Equal(direct.LifetimeValue(2, 30.43, 38.86, 40), value, 9);
    }

    [Fact]
    public void With_DI_from_appsettings_json()
    {
        // README's appsettings.json block, as written, is the configuration file the snippet reads.
        string readme = File.ReadAllText(System.IO.Path.Combine(RepositoryRoot(), "README.md"));
        var json = JsonBlock().Matches(readme).Select(m => m.Groups[1].Value).Single(b => b.Contains("\"CustomerValue\"", StringComparison.Ordinal));
        File.WriteAllText("appsettings.json", json);


        var configuration = new ConfigurationBuilder().AddJsonFile("appsettings.json").Build();
        var services = new ServiceCollection();
        services.AddCustomerValue(configuration.GetSection("CustomerValue"));
        using var provider = services.BuildServiceProvider();

        // The whole job through the one pipeline the CLI's score runs: summaries, fits (none configured), every score.
        var pipeline = provider.GetRequiredService<ICustomerValuePipeline>();
        PipelineResult result = pipeline.Run(SampleData.CdnowTransactions(), asOf: new DateOnly(1997, 9, 30));
        Console.WriteLine($"{result.Count:N0} customers, equity {result.CustomerEquity:N0}");

        // Every setting of the example took effect.
        Assert.Equal(2357, result.Count);
        Assert.Same(SegmentMap.ClassicRfm, result.ScoringOptions.SegmentMap);
        Assert.Equal(180, result.ScoringOptions.Churn.HiatusDays);
        Assert.Equal(DiscountRate.PerYear(0.10), result.Options.DiscountRate);
        Assert.Equal(0.3, result.Options.MarginRate);
        Assert.Equal(TimeUnit.Week, result.Models.PurchaseModel.TimeUnit);
        var revenue = new CustomerBasePipeline(new PipelineOptions(new DateOnly(1997, 9, 30))).Run(SampleData.CdnowTransactions());
        Assert.True(Math.Abs(result.CustomerEquity - (0.3 * revenue.CustomerEquity)) <= 1e-9 * revenue.CustomerEquity, $"{result.CustomerEquity} vs 0.3 x {revenue.CustomerEquity}");
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/getting-started.md")]
    public void Every_csharp_block_of_the_docs_is_in_this_file(string document)
    {
        string root = RepositoryRoot();
        string markdown = File.ReadAllText(System.IO.Path.Combine(root, document));
        string[] thisFile = File.ReadAllLines(System.IO.Path.Combine(root, "tests/CustomerValue.Tests/Docs/DocSnippetTests.cs"));
        var usings = thisFile.Where(l => UsingDirective().IsMatch(l)).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        string code = Normalise(string.Join("\n", thisFile));

        var blocks = CsharpBlock().Matches(markdown).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(blocks);
        foreach (string block in blocks)
        {
            var lines = block.Split('\n');
            foreach (string line in lines.Where(l => UsingDirective().IsMatch(l)))
            {
                Assert.True(usings.Contains(line.Trim()), $"{document}: '{line.Trim()}' is not among the using directives of DocSnippetTests.cs");
            }

            string body = Normalise(string.Join("\n", lines.Where(l => !UsingDirective().IsMatch(l))));
            Assert.True(code.Contains(body, StringComparison.Ordinal), $"{document}: this snippet is not in DocSnippetTests.cs:\n{block}");
        }
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CsharpBlock();

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex("^using [A-Za-z.]+;$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();

    private static string Normalise(string text) => Whitespace().Replace(text, " ").Trim();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "CustomerValue.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CustomerValue.sln not found above " + AppContext.BaseDirectory);
    }
}
