using CustomerValue.Cli;
using CustomerValue.Lifetime;
using CustomerValue.Samples;
using CustomerValue.Scoring;
using CustomerValue.Transactions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerValue.Tests.DependencyInjection;

/// <summary>The DI services run the one pipeline: per customer the same as the command line, and they log what a host wants to know.</summary>
public sealed class PipelineServiceTests : IDisposable
{
    private static readonly DateOnly AsOf = new(1997, 9, 30);
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-di-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string SampleLog(params string[] extraLines)
    {
        string path = Path.Combine(_dir, "cdnow.csv");
        using (var reader = SampleData.OpenCdnowCsv())
        using (var writer = new StreamWriter(path) { NewLine = "\n" })
        {
            writer.Write(reader.ReadToEnd().TrimEnd('\n'));
            writer.Write('\n');
            foreach (string line in extraLines)
            {
                writer.Write(line + "\n");
            }
        }

        return path;
    }

    private static string Csv(PipelineResult run)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        CustomerScoresCsv.Write(writer, run);
        return writer.ToString();
    }

    /// <summary>The score columns of the command's file (it adds the pipeline's value-group columns after them).</summary>
    private static string ScoreColumns(string csv) =>
        string.Concat(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(',', l.Split(',').Take(CustomerScoresCsv.ColumnNames.Count)) + "\n"));

    private static string Csv(CustomerScores scores)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        CustomerScoresCsv.Write(writer, scores);
        return writer.ToString();
    }

    [Fact]
    public void The_DI_pipeline_and_the_DI_scorer_give_every_CDNOW_customer_exactly_the_scores_of_the_command_line()
    {
        string log = SampleLog();
        string cliOutput = Path.Combine(_dir, "cli.csv");
        var error = new StringWriter();
        int code = Program.Run(["score", "--transactions", log, "--as-of", "1997-09-30", "--output", cliOutput], new StringWriter(), error);
        Assert.True(code == 0, error.ToString());
        string cli = File.ReadAllText(cliOutput);

        // The pipeline service with default settings (fits BG/NBD and Gamma-Gamma, one year, 10 % a year) ...
        using var provider = new ServiceCollection().AddCustomerValue().BuildServiceProvider();
        var run = provider.GetRequiredService<ICustomerValuePipeline>()
            .Run(TransactionCsvReader.ReadFile(log, TransactionCsvOptions.Default, new IngestReportBuilder(BadRowPolicy.CollectAndReport)), AsOf);
        Assert.Equal(2357, run.Count);
        Assert.Equal(cli, Csv(run));

        // ... and the scorer resolved with the same models, scoring the pipeline's input: byte for byte the same file.
        using var withModels = new ServiceCollection().AddCustomerValue(o =>
        {
            o.LifetimeValue.PurchaseModel = run.Models.PurchaseModel;
            o.LifetimeValue.SpendModel = run.Models.SpendModel;
        }).BuildServiceProvider();
        var scores = withModels.GetRequiredService<ICustomerBaseScorer>().Score(run.Input);
        Assert.Equal(ScoreColumns(cli), Csv(scores));
        Assert.Contains("churn_level", cli.AsSpan(0, cli.IndexOf('\n')).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_pipeline_logs_the_fits_the_rejected_rows_and_the_run()
    {
        string log = SampleLog("99999,not-a-date,5", "99998,1997-03-01,abc");
        var sink = new List<(LogLevel Level, EventId Id, string Message)>();
        using var provider = new ServiceCollection()
            .AddSingleton<ILogger<CustomerValuePipeline>>(new ListLogger<CustomerValuePipeline>(sink))
            .AddCustomerValue()
            .BuildServiceProvider();

        var ingest = new IngestReportBuilder(BadRowPolicy.CollectAndReport);
        var run = provider.GetRequiredService<ICustomerValuePipeline>().Run(TransactionCsvReader.ReadFile(log, TransactionCsvOptions.Default, ingest), AsOf, ingest);

        Assert.Equal(2357, run.Count);
        var rejected = Assert.Single(sink, e => e.Id.Id == 4);
        Assert.Equal(LogLevel.Warning, rejected.Level);
        Assert.StartsWith("2 of ", rejected.Message, StringComparison.Ordinal);
        var fits = sink.Where(e => e.Id.Id == 2).Select(e => e.Message).ToList();
        Assert.Equal(2, fits.Count);
        Assert.StartsWith("Fitted BG/NBD on ", fits[0], StringComparison.Ordinal);
        Assert.Contains(": converged (", fits[0], StringComparison.Ordinal);
        Assert.StartsWith("Fitted Gamma-Gamma on ", fits[1], StringComparison.Ordinal);
        var scored = Assert.Single(sink, e => e.Id.Id == 6);
        Assert.StartsWith("Scored 2357 customers as of ", scored.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_run_is_logged_as_an_error_and_thrown()
    {
        var sink = new List<(LogLevel Level, EventId Id, string Message)>();
        using var provider = new ServiceCollection()
            .AddSingleton<ILogger<CustomerValuePipeline>>(new ListLogger<CustomerValuePipeline>(sink))
            .AddCustomerValue()
            .BuildServiceProvider();

        // Nothing on or before the as-of date: nothing to score.
        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICustomerValuePipeline>().Run(SampleData.CdnowTransactions(), new DateOnly(1990, 1, 1)));
        var logged = Assert.Single(sink, x => x.Id.Id == 7);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains(e.Message, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_logging_registered_the_pipeline_resolves_and_runs()
    {
        using var provider = new ServiceCollection().AddCustomerValue(o => o.LifetimeValue.ModelFile = ModelFiles.BgNbd).BuildServiceProvider();

        var run = provider.GetRequiredService<ICustomerValuePipeline>().Run(SampleData.CdnowTransactions(), AsOf);

        Assert.Null(run.Models.PurchaseFit);        // the configured model, not a fit
        Assert.Equal(0.243, ((BgNbdModel)run.Models.PurchaseModel).Parameters.R, 12);
    }

    [Theory]
    [InlineData("SpendPerPurchase")]
    [InlineData("Method")]
    public void Settings_the_pipeline_cannot_honour_are_refused_not_ignored(string setting)
    {
        using var provider = new ServiceCollection().AddCustomerValue(o =>
        {
            o.LifetimeValue.ModelFile = ModelFiles.BgNbd;
            if (setting == "SpendPerPurchase")
            {
                o.LifetimeValue.SpendPerPurchase = 20;
            }
            else
            {
                o.LifetimeValue.Method = DiscountingMethod.Continuous;
            }
        }).BuildServiceProvider();

        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICustomerValuePipeline>());
        Assert.Contains("LifetimeValue." + setting, e.Message, StringComparison.Ordinal);
    }

    private sealed class ListLogger<T>(List<(LogLevel Level, EventId Id, string Message)> sink) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (sink)
            {
                sink.Add((logLevel, eventId, formatter(state, exception)));
            }
        }
    }
}
