using System.Globalization;
using CustomerValue.Churn;
using CustomerValue.Cli;
using CustomerValue.Cli.Report;
using CustomerValue.Samples;
using CustomerValue.Scoring;
using CustomerValue.Transactions;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerValue.Tests.Scoring;

/// <summary>
/// One pipeline, one truth: <c>score</c>, <c>warn</c>, the report's tables and <see cref="CustomerBasePipeline"/> give
/// every customer the same numbers, whatever the order of the log's rows.
/// </summary>
public sealed class PipelineAgreementTests : IDisposable
{
    private static readonly DateOnly SyntheticAsOf = new(2024, 6, 30);
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void On_cdnow_score_warn_the_report_and_the_library_agree_for_every_customer()
    {
        var run = new CustomerBasePipeline(new PipelineOptions(SampleData.CdnowCalibrationEnd)).Run(SampleData.CdnowTransactions());
        AssertCommandsAgree(run, [], "1997-09-30");

        var report = ReportData.FromRun(run, "CDNOW sample", new IngestReportBuilder().Build(), atRiskRows: 40);
        Assert.Equal(run.ChurnLevelCounts(), report.LevelCounts);
        var byId = Index(run);
        foreach (var row in report.AtRisk)
        {
            int i = byId[row.CustomerId];
            Assert.Equal(run.Scores.ChurnLevel[i], row.Level);
            Assert.Equal(run.Scores.ChurnRisk[i], row.Risk);
            Assert.Equal(run.Scores.LifetimeValue[i], row.LifetimeValue);
        }

        // Levels never interleave in the at-risk list (critical first).
        Assert.True(report.AtRisk.Zip(report.AtRisk.Skip(1)).All(p => p.First.Level >= p.Second.Level));
        Assert.Equal(run.Scores.LifetimeValue.ToArray(), report.LifetimeValue);
    }

    [Fact]
    public void A_one_time_buyer_gets_the_risk_of_their_silence_not_zero_from_BG_NBD()
    {
        // Customer 3 of CDNOW bought once, on 1997-01-02 (read from the raw sample below): under BG/NBD P(alive) = 1 for
        // every one-time buyer, so the policy uses the model-free risk 1 − e^(−days / 90) (the assumed one-purchase cycle).
        var purchases = SampleData.CdnowTransactions().Where(t => t.CustomerId == "3" && t.Date <= SampleData.CdnowCalibrationEnd).ToList();
        Assert.Single(purchases.Select(t => t.Date).Distinct());
        double days = SampleData.CdnowCalibrationEnd.DayNumber - purchases[0].Date.DayNumber;
        var run = new CustomerBasePipeline(new PipelineOptions(SampleData.CdnowCalibrationEnd)).Run(SampleData.CdnowTransactions());
        int i = Index(run)["3"];
        Assert.Equal(1.0, run.Scores.ProbabilityAlive[i]);
        Assert.Equal(1 - Math.Exp(-days / 90), run.Scores.ChurnRisk[i], 12);
        Assert.Equal(ChurnLevel.Critical, run.Scores.ChurnLevel[i]);
        Assert.True(run.Scores.ChurnReasons[i].HasFlag(ChurnReasonCodes.Hiatus));

        // The table-based signals say the same (the rule lives in ChurnModelSignals).
        var table = ChurnSignalAccumulator.Measure(SampleData.CdnowTransactions(), new ChurnSignalOptions(SampleData.CdnowCalibrationEnd)).WithModel(run.Models.PurchaseModel);
        Assert.True(double.IsNaN(table.ProbabilityAlive[i]));
    }

    [Fact]
    public void On_a_synthetic_base_score_warn_and_the_library_agree_for_every_customer()
    {
        var log = Synthetic(seed: 7, customers: 400);
        string path = Path.Combine(_dir, "log.csv");
        File.WriteAllLines(path, ["customer_id,date,amount", .. log.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.CustomerId},{t.Date:yyyy-MM-dd},{t.Amount:R}"))]);
        var run = new CustomerBasePipeline(new PipelineOptions(SyntheticAsOf)).Run(log);
        Assert.True(run.Count > 300, $"{run.Count} customers");
        AssertCommandsAgree(run, ["--transactions", path], "2024-06-30");
    }

    [Fact]
    public void Every_result_is_the_same_for_any_order_of_the_logs_rows()
    {
        // Same-day rows, duplicate days and rows out of date order are what changed warn's results before.
        var log = Synthetic(seed: 11, customers: 300);
        var pipeline = new CustomerBasePipeline(new PipelineOptions(SyntheticAsOf));
        var expected = pipeline.Run(log);
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var shuffled = log.ToArray();
            new Random(seed).Shuffle(shuffled);
            var run = pipeline.Run(shuffled);
            return Same(expected, run);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(8));
    }

    private static bool Same(PipelineResult a, PipelineResult b)
    {
        var x = a.Scores;
        var y = b.Scores;
        return x.Count == y.Count
            && Enumerable.Range(0, x.Count).All(i => x.CustomerId(i) == y.CustomerId(i))
            && x.ProbabilityAlive.SequenceEqual(y.ProbabilityAlive)
            && x.ExpectedPurchases.SequenceEqual(y.ExpectedPurchases)
            && x.ExpectedSpend.SequenceEqual(y.ExpectedSpend)
            && x.LifetimeValue.SequenceEqual(y.LifetimeValue)
            && x.RecencyScore.SequenceEqual(y.RecencyScore)
            && x.FrequencyScore.SequenceEqual(y.FrequencyScore)
            && x.MonetaryScore.SequenceEqual(y.MonetaryScore)
            && x.Segment.SequenceEqual(y.Segment)
            && x.Tier.SequenceEqual(y.Tier)
            && x.ChurnLevel.SequenceEqual(y.ChurnLevel)
            && x.ChurnRisk.SequenceEqual(y.ChurnRisk)
            && x.ChurnReasons.SequenceEqual(y.ChurnReasons)
            && a.Warnings.NextPurchaseInDays.Span.SequenceEqual(b.Warnings.NextPurchaseInDays.Span)
            && a.ByUrgency().SequenceEqual(b.ByUrgency());
    }

    /// <summary>
    /// A seeded log drawn like the models assume: each customer buys at a Poisson rate λ ~ Gamma(0.8, 1/40 a day) for
    /// an exponential lifetime (mean 400 days), from a first purchase in 2022-2024, spending Gamma(6, ν) amounts with a
    /// customer mean ~ Gamma(3, 15); a fifth of the purchase days have a second row, and rows after the as-of date occur.
    /// </summary>
    private static List<Transaction> Synthetic(int seed, int customers)
    {
        var random = new Random(seed);
        var log = new List<Transaction>();
        var start = new DateOnly(2022, 1, 1);
        for (int c = 0; c < customers; c++)
        {
            string id = "c" + c.ToString(CultureInfo.InvariantCulture);
            double rate = Gamma(random, 0.8) / 40;
            double lifetime = -400 * Math.Log(1 - random.NextDouble());
            double mean = Gamma(random, 3) * 15;
            double first = random.Next(0, 900);
            for (double day = first; day <= first + lifetime && day < 1000; day += rate > 0 ? -Math.Log(1 - random.NextDouble()) / rate : double.PositiveInfinity)
            {
                var date = start.AddDays((int)day);
                double amount = Math.Round(Gamma(random, 6) * mean / 6, 2);
                log.Add(new Transaction(id, date.ToDateTime(TimeOnly.MinValue), amount));
                if (random.NextDouble() < 0.2)
                {
                    log.Add(new Transaction(id, date.ToDateTime(new TimeOnly(15, 0)), Math.Round(amount / 3, 2)));
                }
            }
        }

        return log;
    }

    /// <summary>A Gamma(shape, 1) draw (Marsaglia and Tsang 2000; shape &lt; 1 boosted by U^(1/shape)).</summary>
    private static double Gamma(Random random, double shape)
    {
        if (shape < 1)
        {
            return Gamma(random, shape + 1) * Math.Pow(random.NextDouble(), 1 / shape);
        }

        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
                x = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                v = 1 + c * x;
            }
            while (v <= 0);

            v = v * v * v;
            double u = random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
            {
                return d * v;
            }
        }
    }

    private static Dictionary<string, int> Index(PipelineResult run) =>
        Enumerable.Range(0, run.Count).ToDictionary(run.Scores.CustomerId, StringComparer.Ordinal);

    private static void AssertCommandsAgree(PipelineResult run, string[] input, string asOf)
    {
        var score = Csv(Cli(["score", .. input, "--as-of", asOf]));
        var warn = Csv(Cli(["warn", .. input, "--as-of", asOf]));
        var byId = Index(run);
        Assert.Equal(run.Count, score.Count);
        Assert.Equal(run.Count, warn.Count);
        var next = run.Warnings.NextPurchaseInDays.Span;
        foreach (var (id, s) in score)
        {
            int i = byId[id];
            var w = warn[id];
            string level = run.Scores.ChurnLevel[i].ToName();
            string risk = run.Scores.ChurnRisk[i].ToString("R", CultureInfo.InvariantCulture);
            string reasons = run.Scores.ChurnReasons[i].ToCodes();
            Assert.Equal((level, risk, reasons), (s["churn_level"], s["churn_risk"], s["churn_reasons"]));
            Assert.Equal((level, risk, reasons), (w["churn_level"], w["churn_risk"], w["churn_reasons"]));
            Assert.Equal(run.Scores.LifetimeValue[i].ToString("R", CultureInfo.InvariantCulture), s["clv"]);
            Assert.Equal(run.Scores.ProbabilityAlive[i].ToString("R", CultureInfo.InvariantCulture), s["p_alive"]);
            Assert.Equal(run.Scores.SegmentName(i), s["rfm_segment"]);
            Assert.Equal(ChurnWarningPolicy.NextDate(run.Options.AsOf, next[i])?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty, w["next_purchase_expected"]);
        }
    }

    private static string Cli(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Program.Run(args, output, error);
        Assert.True(code == 0, error.ToString());
        return output.ToString();
    }

    private static Dictionary<string, Dictionary<string, string>> Csv(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(
            f => f[0],
            f => header.Select((h, k) => (h, f[k])).ToDictionary(p => p.h, p => p.Item2, StringComparer.Ordinal),
            StringComparer.Ordinal);
    }
}
