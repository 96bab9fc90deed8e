using CustomerValue.Scoring;
using CustomerValue.Summaries;
using CustomerValue.Transactions;

namespace CustomerValue;

/// <summary>
/// The whole job — a log or summaries → the models not given → every score of every customer — run by the one
/// pipeline (<see cref="CustomerBasePipeline"/>) with the settings and models of <c>AddCustomerValue</c>: the same
/// numbers, customer by customer, as the command line's <c>score</c> with the same settings.
/// </summary>
/// <remarks>Implementations are immutable and thread-safe. Resolve it from a container set up by
/// <see cref="CustomerValueServiceCollectionExtensions"/>; without DI, use <see cref="CustomerBasePipeline"/> directly.</remarks>
public interface ICustomerValuePipeline
{
    /// <summary>The pipeline's settings for a run as of <paramref name="asOf"/> (what <see cref="Run(IEnumerable{Transaction}, DateOnly, IngestReportBuilder?, IProgress{ScoringProgress}?, CancellationToken)"/> uses).</summary>
    /// <param name="asOf">The observation end.</param>
    PipelineOptions OptionsAsOf(DateOnly asOf);

    /// <summary>Runs the whole job on a transaction log as of <paramref name="asOf"/>.</summary>
    /// <param name="transactions">The log, in any order (for example from <see cref="TransactionCsvReader"/>).</param>
    /// <param name="asOf">The observation end: purchases up to and including this day count.</param>
    /// <param name="ingest">The report the reader of <paramref name="transactions"/> fills, or null: its rejected rows are logged once the log is read.</param>
    /// <param name="progress">Receives progress; null for none.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>Every score of every customer, with the summaries, signals and models behind them.</returns>
    /// <exception cref="InvalidOperationException">No customer bought on or before <paramref name="asOf"/>, or a fit did not converge.</exception>
    /// <exception cref="ArgumentException">A fit cannot run, or a row is invalid.</exception>
    PipelineResult Run(IEnumerable<Transaction> transactions, DateOnly asOf, IngestReportBuilder? ingest = null, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Runs the job on summaries made as of <paramref name="asOf"/> (no calendar windows: decline reasons are not judged).</summary>
    /// <exception cref="InvalidOperationException">There are no customers, or a fit did not converge.</exception>
    /// <exception cref="ArgumentException">The summaries' unit is not the given model's, a fit cannot run, or a row is invalid.</exception>
    PipelineResult Run(CustomerSummaries summaries, DateOnly asOf, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default);
}
