using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Fitting;
using CustomerValue.Scoring;
using CustomerValue.Summaries;
using CustomerValue.Transactions;
using Microsoft.Extensions.Logging;

namespace CustomerValue;

/// <summary>
/// <see cref="ICustomerValuePipeline"/> as registered by <c>AddCustomerValue</c>: <see cref="CustomerBasePipeline"/>
/// with the configured models (loaded once) and settings, logging what a host wants to know: the models used, each fit
/// (converged or not, with its diagnostics), rejected rows and what each run scored.
/// </summary>
internal sealed partial class CustomerValuePipeline : ICustomerValuePipeline
{
    private readonly CustomerValueOptions _options;
    private readonly IRepeatPurchaseModel? _purchaseModel;
    private readonly ISpendModel? _spendModel;
    private readonly ILogger _logger;

    public CustomerValuePipeline(CustomerValueOptions options, ILogger<CustomerValuePipeline> logger)
    {
        _options = options;
        _logger = logger;
        var lifetime = options.LifetimeValue;
        var refused = new List<string>();
        if (lifetime.SpendPerPurchase is not null)
        {
            refused.Add("LifetimeValue.SpendPerPurchase (the pipeline values spend with a spend model: give SpendModelFile or SpendModel, or none to fit Gamma-Gamma)");
        }

        if (lifetime.Method != DiscountingMethod.Discrete || lifetime.PeriodLength != 1)
        {
            refused.Add("LifetimeValue.Method and PeriodLength other than Discrete and 1 (the pipeline discounts once per model time unit, as the command line does)");
        }

        if (refused.Count > 0)
        {
            string message = $"ICustomerValuePipeline cannot use {string.Join("; ", refused)}. These settings apply to ICustomerLifetimeValueCalculator and ICustomerBaseScorer only.";
            Refused(_logger, message);
            throw new InvalidOperationException(message);
        }

        var errors = new List<string>();
        lifetime.LoadModels(errors, out _purchaseModel, out _spendModel);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"The lifetime value settings are invalid: {string.Join(" ", errors)}");
        }

        if (_purchaseModel is not null && _logger.IsEnabled(LogLevel.Information))
        {
            ModelGiven(_logger, _purchaseModel.Kind, lifetime.ModelFile ?? "code", _purchaseModel.TimeUnit);
        }

        if (_spendModel is not null && _logger.IsEnabled(LogLevel.Information))
        {
            SpendModelGiven(_logger, lifetime.SpendModelFile ?? "code");
        }
    }

    public PipelineOptions OptionsAsOf(DateOnly asOf)
    {
        var errors = new List<string>();
        var options = CustomerValueServiceCollectionExtensions.PipelineOptionsOf(_options, asOf, errors);
        return errors.Count == 0 ? options : throw new InvalidOperationException(string.Join(" ", errors));
    }

    public PipelineResult Run(IEnumerable<Transaction> transactions, DateOnly asOf, IngestReportBuilder? ingest = null, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var pipeline = new CustomerBasePipeline(OptionsAsOf(asOf));
        var result = Logged(asOf, () => pipeline.Run(transactions, _purchaseModel, _spendModel, progress, cancellationToken), () => LogIngest(ingest));
        return result;
    }

    public PipelineResult Run(CustomerSummaries summaries, DateOnly asOf, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var pipeline = new CustomerBasePipeline(OptionsAsOf(asOf));
        return Logged(asOf, () => pipeline.Run(summaries, _purchaseModel, _spendModel, progress, cancellationToken), static () => { });
    }

    private PipelineResult Logged(DateOnly asOf, Func<PipelineResult> run, Action afterRead)
    {
        PipelineResult result;
        try
        {
            result = run();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            afterRead();
            if (_logger.IsEnabled(LogLevel.Error))
            {
                RunFailed(_logger, asOf, e.Message);
            }

            throw;
        }

        afterRead();
        LogFit(result.Models.PurchaseFit, "BG/NBD");
        LogFit(result.Models.SpendFit, "Gamma-Gamma");
        if (_logger.IsEnabled(LogLevel.Information))
        {
            Scored(_logger, result.Count, asOf, result.RowsRead, result.RowsAfterObservationEnd, result.CustomerEquity);
        }

        return result;
    }

    private void LogFit<T>(FitResult<T>? fit, string model)
        where T : struct
    {
        if (fit is null)
        {
            return;
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            Fitted(_logger, model, fit.DistinctRows, fit.CustomerCount, fit.Converged ? "converged" : "did not converge", fit.StopReason, fit.Iterations, fit.LogLikelihood);
        }

        foreach (string diagnostic in fit.Diagnostics)
        {
            FitDiagnostic(_logger, model, diagnostic);
        }
    }

    private void LogIngest(IngestReportBuilder? ingest)
    {
        if (ingest is null)
        {
            return;
        }

        var report = ingest.Build();
        if (report.RejectedCount > 0 && _logger.IsEnabled(LogLevel.Warning))
        {
            RowsRejected(_logger, report.RejectedCount, report.RowsRead, report, report.Rejected.Count > 0 ? report.Rejected[0] : null);
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            RowsRead(_logger, report);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Using the given {Model} from {Source} (time unit {TimeUnit}).")]
    private static partial void ModelGiven(ILogger logger, RepeatPurchaseModelKind model, string source, TimeUnit timeUnit);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Using the given spend model from {Source}.")]
    private static partial void SpendModelGiven(ILogger logger, string source);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Fitted {Model} on {DistinctRows} distinct rows of {Customers} customers: {Outcome} ({StopReason}) after {Iterations} iterations, log-likelihood {LogLikelihood}.")]
    private static partial void Fitted(ILogger logger, string model, int distinctRows, double customers, string outcome, FitStopReason stopReason, int iterations, double logLikelihood);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Model} fit: {Diagnostic}")]
    private static partial void FitDiagnostic(ILogger logger, string model, string diagnostic);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Rejected} of {Rows} rows rejected: {Report}; first: {First}.")]
    private static partial void RowsRejected(ILogger logger, long rejected, long rows, IngestReport report, RejectedRow? first);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Read the log: {Report}.")]
    private static partial void RowsRead(ILogger logger, IngestReport report);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Scored {Customers} customers as of {AsOf} from {Rows} rows ({After} after it not used); customer equity {Equity}.")]
    private static partial void Scored(ILogger logger, int customers, DateOnly asOf, long rows, long after, double equity);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "The run as of {AsOf} failed: {Reason}")]
    private static partial void RunFailed(ILogger logger, DateOnly asOf, string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "{Reason}")]
    private static partial void Refused(ILogger logger, string reason);
}
