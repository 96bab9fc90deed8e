using CustomerValue.Scoring;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Scoring;

/// <summary>Batch = scalar: every score of the whole-base scorer equals the one-customer calculators.</summary>
public class CustomerBaseScorerPropertyTests
{
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 60)]
    public Property Every_score_equals_the_one_customer_calculators(ScoringCase c)
    {
        var scorer = new CustomerBaseScorer(c.Model, c.SpendModel, c.Options);
        var input = c.Input;
        var scores = scorer.Score(input);
        string? mismatch = ScoreChecks.FirstMismatch(c.Model, c.SpendModel, c.Options, input, scores);
        return (mismatch is null).Label(mismatch ?? "ok");
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 40)]
    public Property Scores_are_probabilities_and_finite(ScoringCase c)
    {
        var scores = new CustomerBaseScorer(c.Model, c.SpendModel, c.Options).Score(c.Input);
        bool ok = true;
        for (int i = 0; i < scores.Count; i++)
        {
            ok &= scores.ProbabilityAlive[i] is >= 0 and <= 1 && scores.ChurnRisk[i] is >= 0 and <= 1;
            ok &= double.IsFinite(scores.ExpectedPurchases[i]) && scores.ExpectedPurchases[i] >= 0;
            ok &= double.IsFinite(scores.LifetimeValue[i]) && scores.LifetimeValue[i] >= 0 && double.IsFinite(scores.ExpectedSpend[i]);
        }

        return ok.ToProperty();
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 30)]
    public Property Scores_do_not_depend_on_the_thread_count(ScoringCase c)
    {
        var parallel = new CustomerBaseScorer(c.Model, c.SpendModel, c.Options).Score(c.Input);
        var single = new CustomerBaseScorer(c.Model, c.SpendModel, c.Options with { MaxDegreeOfParallelism = 1 }).Score(c.Input);
        return (parallel.ProbabilityAlive.SequenceEqual(single.ProbabilityAlive)
            && parallel.LifetimeValue.SequenceEqual(single.LifetimeValue)
            && parallel.Segment.SequenceEqual(single.Segment)
            && parallel.Tier.SequenceEqual(single.Tier)
            && parallel.ChurnLevel.SequenceEqual(single.ChurnLevel)).ToProperty();
    }
}
