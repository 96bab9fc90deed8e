using CustomerValue.Lifetime;
using CustomerValue.Samples;
using CustomerValue.Scoring;
using CustomerValue.Segmentation;
using CustomerValue.Summaries;
using CustomerValue.Tests.Lifetime;

namespace CustomerValue.Tests.Scoring;

/// <summary>The whole-base scorer on CDNOW, across chunks, with a caller's own model, and on bad input.</summary>
public class CustomerBaseScorerTests
{
    private static readonly Lazy<(BgNbdModel Model, GammaGammaModel Spend)> CdnowModels = new(() =>
    {
        var summaries = CdnowData.ExactWeeks;
        return (new BgNbdModel(BgNbdModel.Fit(summaries).Parameters, TimeUnit.Week), new GammaGammaModel(GammaGammaModel.Fit(summaries).Parameters));
    });

    [Fact]
    public void Cdnow_scores_equal_the_one_customer_calculators()
    {
        var (model, spend) = CdnowModels.Value;
        var options = new ScoringOptions(52) { LifetimeValue = LifetimeValueOptions.Create(52, DiscountRate.PerYear(0.1)) };
        var input = ScoringInput.FromSummaries(CdnowData.ExactWeeks, SampleData.CdnowCalibrationEnd);
        var scores = new CustomerBaseScorer(model, spend, options).Score(input);
        Assert.Equal(2357, scores.Count);
        Assert.Null(ScoreChecks.FirstMismatch(model, spend, options, input, scores));
        // The calendar columns came from the purchase dates: RFM is the segmentation helper's own input from summaries.
        var rfm = new RfmScorer().Score(RfmInput.FromSummaries(CdnowData.ExactWeeks, SampleData.CdnowCalibrationEnd));
        Assert.True(rfm.Recency.SequenceEqual(scores.RecencyScore));
        Assert.True(rfm.Monetary.SequenceEqual(scores.MonetaryScore));
    }

    [Fact]
    public void Cdnow_one_customer_matches_the_published_style_prediction()
    {
        // Customer with x = 2, t_x = 30.43, T = 38.86 weeks in the BG/NBD paper's example: the scorer returns exactly what
        // the model says for that customer, and CLV without discounting is E[Y(52)] × E[M] (margin 1).
        var (model, spend) = CdnowModels.Value;
        var input = new ScoringInput(new double[] { 2, 0 }, new double[] { 30.43, 0 }, new double[] { 38.86, 38.86 }, new double[] { 35, 0 }, TimeUnit.Week);
        var scores = new CustomerBaseScorer(model, spend, new ScoringOptions(52)).Score(input);
        double expected = model.ExpectedPurchases(52, 2, 30.43, 38.86);
        Assert.Equal(expected, scores.ExpectedPurchases[0], 1e-12 * expected);
        Assert.Equal(expected * spend.ExpectedSpend(2, 35), scores.LifetimeValue[0], 1e-12 * scores.LifetimeValue[0]);
        Assert.Equal(1.0, scores.ProbabilityAlive[1]);
    }

    [Fact]
    public void Many_chunks_with_heavy_buyers_equal_the_one_customer_calculators()
    {
        var random = new Random(7);
        int n = CustomerBaseScorer.ChunkSize + 1234;
        var x = new double[n];
        var tx = new double[n];
        var t = new double[n];
        var m = new double[n];
        for (int i = 0; i < n; i++)
        {
            int ageDays = random.Next(0, 1000);
            x[i] = random.Next(10) == 0 ? random.Next(0, 3000) : random.Next(0, 8);
            tx[i] = x[i] == 0 ? 0 : random.Next(0, ageDays + 1) / 7.0;
            t[i] = ageDays / 7.0;
            m[i] = x[i] == 0 ? 0 : 1 + (random.NextDouble() * 300);
        }

        var model = new ModifiedBgNbdModel(ModifiedBgNbdParameters.Create(0.5, 6, 0.9, 2.5), TimeUnit.Week);
        var spend = new GammaGammaModel(GammaGammaParameters.Create(6, 4, 15));
        var options = new ScoringOptions(26) { LifetimeValue = LifetimeValueOptions.Create(20, DiscountRate.PerYear(0.15), DiscountingMethod.Discrete, 2) };
        var input = new ScoringInput(x, tx, t, m, TimeUnit.Week);
        var scores = new CustomerBaseScorer(model, spend, options).Score(input);
        Assert.Null(ScoreChecks.FirstMismatch(model, spend, options, input, scores));
    }

    [Fact]
    public void Pareto_nbd_scores_equal_the_one_customer_calculators()
    {
        var random = new Random(11);
        int n = 3000;
        var x = new double[n];
        var tx = new double[n];
        var t = new double[n];
        var m = new double[n];
        for (int i = 0; i < n; i++)
        {
            int ageDays = random.Next(0, 500);
            x[i] = random.Next(0, 12);
            tx[i] = x[i] == 0 ? 0 : random.Next(0, ageDays + 1) / 7.0;
            t[i] = ageDays / 7.0;
            m[i] = x[i] == 0 ? 0 : 1 + (random.NextDouble() * 100);
        }

        var model = new ParetoNbdModel(ParetoNbdParameters.Create(0.55, 10.6, 0.61, 11.7), TimeUnit.Week);
        var spend = new GammaGammaModel(GammaGammaParameters.Create(6.25, 3.74, 15.44));
        var options = new ScoringOptions(39) { LifetimeValue = LifetimeValueOptions.Create(39, DiscountRate.PerYear(0.1)) };
        var input = new ScoringInput(x, tx, t, m, TimeUnit.Week);
        var scores = new CustomerBaseScorer(model, spend, options).Score(input);
        Assert.Null(ScoreChecks.FirstMismatch(model, spend, options, input, scores));
    }

    [Fact]
    public void A_callers_own_model_is_scored_through_its_batch_paths()
    {
        var model = new CustomerValue.Tests.Lifetime.Value.ExponentialLifetimeModel(0.3, 0.02);
        var spend = new CustomerValue.Tests.Lifetime.Value.ShrinkageSpendModel(40, 3);
        var options = new ScoringOptions(30) { LifetimeValue = LifetimeValueOptions.Create(30, DiscountRate.PerYear(0.2)) };
        var input = new ScoringInput(new double[] { 0, 1, 5, 12 }, new double[] { 0, 3, 20, 40 }, new double[] { 10, 30, 40, 41 }, new double[] { 0, 20, 35, 60 }, TimeUnit.Week);
        var scores = new CustomerBaseScorer(model, spend, options).Score(input);
        Assert.Null(ScoreChecks.FirstMismatch(model, spend, options, input, scores));
    }

    [Fact]
    public void Extreme_customers_get_finite_scores()
    {
        var model = new BgNbdModel(BgNbdParameters.Create(0.24, 4.41, 0.79, 2.43), TimeUnit.Week);
        var spend = new GammaGammaModel(GammaGammaParameters.Create(6.25, 3.74, 15.44));
        var input = new ScoringInput(new double[] { 10000, 10000, 0, 1 }, new double[] { 10000, 1, 0, 0 }, new double[] { 10000, 10000, 10000, 10000 }, new double[] { 1e6, 0.01, 0, 5 }, TimeUnit.Week);
        var scores = new CustomerBaseScorer(model, spend, new ScoringOptions(520)).Score(input);
        for (int i = 0; i < scores.Count; i++)
        {
            Assert.True(double.IsFinite(scores.ExpectedPurchases[i]) && double.IsFinite(scores.LifetimeValue[i]) && double.IsFinite(scores.ChurnRisk[i]), $"row {i}");
        }

        Assert.Equal(0.0, scores.ProbabilityAlive[1], 1e-300);
    }

    [Fact]
    public void A_bad_row_is_named_with_customer_and_field()
    {
        var scorer = new CustomerBaseScorer(CdnowModels.Value.Model, CdnowModels.Value.Spend, new ScoringOptions(52));
        var input = new ScoringInput(new double[] { 1, 2 }, new double[] { 3, 9 }, new double[] { 5, 8 }, new double[] { 10, 10 }, TimeUnit.Week) { CustomerIds = ["a", "b"] };
        var e = Assert.Throws<ArgumentException>(() => scorer.Score(input));
        Assert.Contains("customer 'b'", e.Message, StringComparison.Ordinal);
        Assert.Contains("recency", e.Message, StringComparison.Ordinal);

        var nan = new ScoringInput(new double[] { double.NaN }, new double[] { 0 }, new double[] { 5 }, new double[] { 10 }, TimeUnit.Week);
        Assert.Contains("frequency", Assert.Throws<ArgumentException>(() => scorer.Score(nan)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_lengths_units_and_bins_are_rejected()
    {
        var (model, spend) = CdnowModels.Value;
        var scorer = new CustomerBaseScorer(model, spend, new ScoringOptions(52));
        var shortAge = new ScoringInput(new double[] { 1, 2 }, new double[] { 1, 1 }, new double[] { 5 }, new double[] { 1, 1 }, TimeUnit.Week);
        Assert.Contains("Age", Assert.Throws<ArgumentException>(() => scorer.Score(shortAge)).Message, StringComparison.Ordinal);
        var days = new ScoringInput(new double[] { 1 }, new double[] { 1 }, new double[] { 5 }, new double[] { 1 }, TimeUnit.Day);
        Assert.Contains("model is fitted in weeks", Assert.Throws<ArgumentException>(() => scorer.Score(days)).Message, StringComparison.Ordinal);
        var input = new ScoringInput(new double[] { 1 }, new double[] { 1 }, new double[] { 5 }, new double[] { 1 }, TimeUnit.Week);
        Assert.Throws<ArgumentException>(() => scorer.Score(input, CustomerScoreColumns.Allocate(2)));
        Assert.Throws<ArgumentException>(() => new CustomerBaseScorer(model, spend, new ScoringOptions(52) { Rfm = new RfmOptions { Bins = 4 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScoringOptions(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScoringOptions(1) { MaxDegreeOfParallelism = 0 });
        Assert.Throws<ArgumentException>(() => ScoringInput.FromSummaries(CdnowData.ExactWeeks, SampleData.CdnowCalibrationEnd.AddDays(-1)));
    }

    [Fact]
    public void A_later_as_of_date_ages_every_customer()
    {
        var (model, spend) = CdnowModels.Value;
        var summaries = CdnowData.ExactWeeks;
        var later = ScoringInput.FromSummaries(summaries, SampleData.CdnowCalibrationEnd.AddDays(70));
        Assert.Equal(summaries.Age[0] + 10, later.Age.Span[0], 1e-12);
        var now = new CustomerBaseScorer(model, spend, new ScoringOptions(52)).Score(summaries, SampleData.CdnowCalibrationEnd);
        var then = new CustomerBaseScorer(model, spend, new ScoringOptions(52)).Score(later);
        for (int i = 0; i < now.Count; i++)
        {
            Assert.True(then.ProbabilityAlive[i] <= now.ProbabilityAlive[i] + 1e-15);
        }
    }

    [Fact]
    public void Progress_reaches_every_stage_and_cancellation_stops_the_run()
    {
        var (model, spend) = CdnowModels.Value;
        var scorer = new CustomerBaseScorer(model, spend, new ScoringOptions(52));
        var input = ScoringInput.FromSummaries(CdnowData.ExactWeeks, SampleData.CdnowCalibrationEnd);
        var seen = new System.Collections.Concurrent.ConcurrentBag<ScoringProgress>();
        scorer.Score(input, new SynchronousProgress(seen.Add));
        foreach (var stage in new[] { ScoringStage.Lifetime, ScoringStage.Segmentation, ScoringStage.Churn })
        {
            Assert.Contains(seen, p => p.Stage == stage && p.Completed == input.Count && p.Fraction == 1);
        }

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => scorer.Score(input, null, cancelled.Token));
    }

    [Fact]
    public void Reused_destination_gives_the_same_scores()
    {
        var (model, spend) = CdnowModels.Value;
        var scorer = new CustomerBaseScorer(model, spend, new ScoringOptions(52));
        var input = ScoringInput.FromSummaries(CdnowData.ExactWeeks, SampleData.CdnowCalibrationEnd);
        var fresh = scorer.Score(input);
        var destination = CustomerScoreColumns.Allocate(input.Count);
        scorer.Score(input, destination);
        scorer.Score(input, destination);
        Assert.True(fresh.LifetimeValue.SequenceEqual(destination.LifetimeValue.Span));
        Assert.True(fresh.ChurnReasons.SequenceEqual(destination.ChurnReasons.Span));
        Assert.Equal("c1", new CustomerBaseScorer(model, spend, new ScoringOptions(1)).Score(new ScoringInput(new double[] { 0 }, new double[] { 0 }, new double[] { 1 }, new double[] { 0 }, TimeUnit.Week) { CustomerIds = ["c1"] }).CustomerId(0));
    }

    private sealed class SynchronousProgress(Action<ScoringProgress> report) : IProgress<ScoringProgress>
    {
        public void Report(ScoringProgress value) => report(value);
    }
}
