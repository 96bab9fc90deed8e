using System.Globalization;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Fitting;
using CustomerValue.Summaries;

namespace CustomerValue.Scoring;

/// <summary>
/// The two fitted models a scoring run needs, and how they were obtained: given, or fitted here on compressed
/// sufficient statistics.
/// </summary>
/// <param name="PurchaseModel">The repeat-purchase model.</param>
/// <param name="SpendModel">The spend model.</param>
/// <param name="PurchaseFitRows">Distinct (x, t_x, T) rows the repeat-purchase fit ran on (customers with identical rows become one weighted row), or null when the model was given.</param>
/// <param name="SpendFitRows">Distinct rows the spend fit ran on, or null when the model was given.</param>
public sealed record ScoringModels(IRepeatPurchaseModel PurchaseModel, ISpendModel SpendModel, int? PurchaseFitRows, int? SpendFitRows)
{
    /// <summary>The BG/NBD fit behind <see cref="PurchaseModel"/> when <see cref="FitMissing"/> fitted it; null when the model was given.</summary>
    public FitResult<BgNbdParameters>? PurchaseFit { get; init; }

    /// <summary>The Gamma-Gamma fit behind <see cref="SpendModel"/> when <see cref="FitMissing"/> fitted it; null when the model was given.</summary>
    public FitResult<GammaGammaParameters>? SpendFit { get; init; }

    /// <summary>
    /// Fits what is not given: BG/NBD on every customer and Gamma-Gamma on the repeat buyers of
    /// <paramref name="summaries"/>. Each fit first groups identical rows into weights (see the fitting engine), so its
    /// cost depends on the number of distinct rows, not customers.
    /// </summary>
    /// <param name="summaries">The calibration summaries (their unit becomes the model's).</param>
    /// <param name="purchaseModel">A fitted repeat-purchase model, or null to fit BG/NBD.</param>
    /// <param name="spendModel">A fitted spend model, or null to fit Gamma-Gamma.</param>
    /// <param name="progress">Receives <see cref="ScoringStage.Fitting"/> progress (models done of models to fit); null for none.</param>
    /// <param name="cancellationToken">Checked before each fit.</param>
    /// <exception cref="ArgumentException">A fit cannot run (no customers, or no repeat buyers for Gamma-Gamma).</exception>
    /// <exception cref="InvalidOperationException">A fit did not converge; the message names the model and the reason it stopped.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <example>
    /// <code>
    /// var models = ScoringModels.FitMissing(summaries);     // BG/NBD and Gamma-Gamma unless given
    /// var scorer = new CustomerBaseScorer(models.PurchaseModel, models.SpendModel, new ScoringOptions(horizon: 52));
    /// </code>
    /// </example>
    public static ScoringModels FitMissing(
        CustomerSummaries summaries, IRepeatPurchaseModel? purchaseModel = null, ISpendModel? spendModel = null, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        int total = (purchaseModel is null ? 1 : 0) + (spendModel is null ? 1 : 0);
        int done = 0;
        int? purchaseRows = null, spendRows = null;
        FitResult<BgNbdParameters>? purchaseFit = null;
        FitResult<GammaGammaParameters>? spendFit = null;
        progress?.Report(new ScoringProgress(ScoringStage.Fitting, 0, total));
        if (purchaseModel is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fit = BgNbdModel.Fit(summaries);
            Require(fit.Converged, "BG/NBD", fit.StopReason);
            purchaseModel = new BgNbdModel(fit.Parameters, summaries.TimeUnit);
            purchaseRows = fit.DistinctRows;
            purchaseFit = fit;
            progress?.Report(new ScoringProgress(ScoringStage.Fitting, ++done, total));
        }

        if (spendModel is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fit = GammaGammaModel.Fit(summaries);
            Require(fit.Converged, "Gamma-Gamma", fit.StopReason);
            spendModel = new GammaGammaModel(fit.Parameters);
            spendRows = fit.DistinctRows;
            spendFit = fit;
            progress?.Report(new ScoringProgress(ScoringStage.Fitting, ++done, total));
        }

        return new ScoringModels(purchaseModel, spendModel, purchaseRows, spendRows) { PurchaseFit = purchaseFit, SpendFit = spendFit };
    }

    private static void Require(bool converged, string model, FitStopReason reason)
    {
        if (!converged)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The {model} fit did not converge (stopped: {reason}); fit it yourself with other options and pass the model."));
        }
    }
}
