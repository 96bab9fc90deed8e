using System.CommandLine;
using System.Globalization;
using CustomerValue.Samples;
using CustomerValue.Summaries;
using CustomerValue.Transactions;

namespace CustomerValue.Cli;

/// <summary>The options shared by commands that read a transaction log.</summary>
internal sealed class TransactionInput(CliIo? io = null)
{
    private (ParseResult Result, Identity.AliasMap Map)? _aliases;
    private ParseResult? _announced;

    public Option<FileInfo?> Transactions { get; } = new("--transactions") { Description = "Transaction CSV (.csv or .csv.gz) with a header row; or Parquet: a file, a folder or a glob ('lake/**/*.parquet'), hive partitions (key=value folders) read as columns. Without it: the embedded CDNOW sample (said on stderr; --sample asks for it)." };

    public Option<string> CustomerColumn { get; } = new("--customer-column") { Description = "Name of the customer id column.", DefaultValueFactory = _ => "customer_id" };

    public Option<string> DateColumn { get; } = new("--date-column") { Description = "Name of the date column (YYYY-MM-DD or ISO date-time).", DefaultValueFactory = _ => "date" };

    public Option<string> AmountColumn { get; } = new("--amount-column") { Description = "Name of the amount column.", DefaultValueFactory = _ => "amount" };

    public Option<string> Delimiter { get; } = new("--delimiter") { Description = "Field separator: ',', ';', tab (or \\t) or '|'.", DefaultValueFactory = _ => "," };

    public Option<bool> AllowReturns { get; } = new("--allow-returns") { Description = "Accept negative amounts (returns) instead of rejecting them." };

    /// <summary>The item-level columns (order, item, category, quantity, price, profit or cost, discount).</summary>
    public ItemColumnOptions ItemColumns { get; } = new();

    public Option<string> OnError { get; } = new("--on-error") { Description = "fail: stop at the first bad row; report: skip bad rows, count them and list them on stderr.", DefaultValueFactory = _ => "fail" };

    public Option<FileInfo?> Aliases { get; } = new("--aliases") { Description = "Alias map CSV alias_id,customer_id: every row of an alias id counts as a row of that customer (chains resolve transitively; a cycle is an error)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Transactions);
        command.Options.Add(CustomerColumn);
        command.Options.Add(DateColumn);
        command.Options.Add(AmountColumn);
        command.Options.Add(Delimiter);
        command.Options.Add(AllowReturns);
        command.Options.Add(OnError);
        command.Options.Add(Aliases);
        ItemColumns.AddTo(command);
        OnError.AcceptOnlyFromAmong("fail", "report");
    }

    public string Describe(ParseResult result) => result.GetValue(Transactions) is { } f ? f.Name : "the embedded CDNOW sample";

    /// <summary>True when no log is given, so the embedded sample is read (asked for with --sample or not).</summary>
    public bool UsesSample(ParseResult result) => result.GetValue(Transactions) is null;

    /// <summary>
    /// Refuses a model given without data (the customers would silently be the sample's) unless --sample asks for the
    /// sample; refuses --sample together with a file.
    /// </summary>
    public void RequireData(ParseResult result, string modelOption, FileInfo? otherInput = null)
    {
        bool asked = CliParse.SampleAsked(result);
        if (asked && (result.GetValue(Transactions) is not null || otherInput is not null))
        {
            throw new ArgumentException("--sample: give the embedded sample or an input file, not both.");
        }

        if (!asked && result.GetValue(Transactions) is null && otherInput is null)
        {
            throw new ArgumentException($"{modelOption} was given without data: name the customers with --transactions{(modelOption == "--model" ? " or --summary" : string.Empty)}, or add --sample to score the embedded CDNOW sample.");
        }
    }

    /// <summary>Says on stderr (once per run) that the embedded sample is used, and whether it was asked for.</summary>
    public void AnnounceSample(ParseResult result)
    {
        if (result.GetValue(Transactions) is not null)
        {
            if (CliParse.SampleAsked(result))
            {
                throw new ArgumentException("--sample: give the embedded sample or --transactions, not both.");
            }

            return;
        }

        if (ReferenceEquals(_announced, result) || io is null)
        {
            return;
        }

        _announced = result;
        CliParse.AnnounceSample(io, result, "--transactions");
    }

    /// <summary>Streams the transactions, writing a short report of rejected rows to stderr at the end.</summary>
    public IEnumerable<Transaction> Read(ParseResult result, DateOnly? observationEnd, IngestReportBuilder report, bool applyAliases = true)
    {
        var options = CsvOptions(result, observationEnd);
        AnnounceSample(result);
        if (!applyAliases)
        {
            options = options with { Aliases = null };
        }

        var file = result.GetValue(Transactions);
        if (file is not null && Parquet.ParquetLake.IsLake(file.ToString()))
        {
            // A Parquet file, folder or glob (hive partitions as columns), one row group at a time: every command reads lakes as summarize does.
            if (options.QuantityColumn is not null || options.UnitPriceColumn is not null)
            {
                throw new ArgumentException("--quantity-column and --price-column are read from CSV logs only; a Parquet log needs an amount column.");
            }

            return Parquet.ParquetLake.Read(file.ToString(), options, report);
        }

        return file is null
            ? ReadSample(options, report)
            : TransactionCsvReader.ReadFile(file.FullName, options, report);
    }

    public TransactionCsvOptions CsvOptions(ParseResult result, DateOnly? observationEnd) => ItemColumns.Apply(result, new()
    {
        CustomerIdColumn = result.GetValue(CustomerColumn)!,
        DateColumn = result.GetValue(DateColumn)!,
        AmountColumn = result.GetValue(AmountColumn),
        Delimiter = ParseDelimiter(result.GetValue(Delimiter)!),
        AllowReturns = result.GetValue(AllowReturns),
        ObservationEnd = observationEnd,
        BadRows = result.GetValue(OnError) == "report" ? BadRowPolicy.CollectAndReport : BadRowPolicy.FailFast,
        Aliases = AliasMapOf(result),
    });

    /// <summary>The alias map named by --aliases (read once per parse), or null.</summary>
    public Identity.AliasMap? AliasMapOf(ParseResult result)
    {
        var file = result.GetValue(Aliases);
        if (file is null)
        {
            return null;
        }

        if (_aliases is { } cached && ReferenceEquals(cached.Result, result))
        {
            return cached.Map;
        }

        var map = Identity.AliasMap.ReadFile(file.FullName);
        _aliases = (result, map);
        return map;
    }

    public IngestReportBuilder NewReport(ParseResult result) =>
        new(CsvOptions(result, null).BadRows, 1000, result.GetValue(Transactions)?.Name ?? "CDNOW sample");

    /// <summary>Summarises the log and reports rejected rows on stderr.</summary>
    public CustomerSummaries Summarize(ParseResult result, SummaryOptions options, CliIo io, out IngestReport report) =>
        SummaryAccumulator.Combine(Accumulate(result, options, io, out report), release: true);

    /// <summary>
    /// Reads the log into accumulators holding disjoint customers and reports rejected rows on stderr: for
    /// <see cref="SummaryAccumulator.CombineChunks"/>, which writes a large summary without holding it whole.
    /// </summary>
    public SummaryAccumulator[] Accumulate(ParseResult result, SummaryOptions options, CliIo io, out IngestReport report)
    {
        // The library's block-parallel reader: the same summaries and the same rejections (in line order) as streaming row by row.
        var builder = NewReport(result);
        var csv = CsvOptions(result, options.ObservationEnd);
        AnnounceSample(result);
        var file = result.GetValue(Transactions);
        using var reader = file is null ? SampleData.OpenCdnowCsv() : TextReader.Null;
        if (file is null)
        {
            csv = csv with { CustomerIdColumn = "customer_id", DateColumn = "date", AmountColumn = "amount", QuantityColumn = null, UnitPriceColumn = null, Delimiter = ',' };
        }

        SummaryAccumulator[] summaries;
        if (file is not null && Parquet.ParquetLake.IsLake(file.ToString()))
        {
            // A Parquet file, folder or glob (hive partitions as columns), one row group at a time.
            if (csv.QuantityColumn is not null || csv.UnitPriceColumn is not null)
            {
                throw new ArgumentException("--quantity-column and --price-column are read from CSV logs only; a Parquet log needs an amount column.");
            }

            var accumulator = new SummaryAccumulator(options);
            Parquet.ParquetLake.AddToAsync(file.ToString(), accumulator, csv, builder).GetAwaiter().GetResult();
            summaries = [accumulator];
        }
        else
        {
            summaries = file is null
                ? TransactionSummarizer.Ingest(reader, csv, options, builder, Environment.ProcessorCount, "CDNOW sample")
                : TransactionSummarizer.IngestFile(file.FullName, csv, options, builder, Environment.ProcessorCount, null, CancellationToken.None);
        }

        report = builder.Build();
        WriteRejections(report, io);
        return summaries;
    }

    /// <summary>The field separator named on the command line: one character, or "tab" / "\t".</summary>
    public static char ParseDelimiter(string text) => text switch
    {
        "tab" or "\\t" or "\t" => '\t',
        _ when text.Length == 1 && text[0] is not ('"' or '\r' or '\n') && text[0] < 128 => text[0],
        _ => throw new FormatException($"--delimiter: '{text}' is not a field separator; give one character such as ',', ';', '|' or tab."),
    };

    public static void WriteRejections(IngestReport report, CliIo io)
    {
        if (report.AfterObservationEnd > 0)
        {
            io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"customer-value: {report.AfterObservationEnd} rows dated after the end of observation were left out (a cut-off, not an error)."));
        }

        if (report.IsClean)
        {
            return;
        }

        foreach (var row in report.Rejected)
        {
            io.Error.WriteLine($"customer-value: rejected: {row}");
        }

        io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"customer-value: {report.RowsRead} rows read, {report.Accepted} accepted, {report.RejectedCount} rejected ({string.Join(", ", report.RejectedByReason.Select(kv => $"{kv.Key}: {kv.Value}"))}), {report.AfterObservationEnd} after the observation end."));
    }

    private static IEnumerable<Transaction> ReadSample(TransactionCsvOptions options, IngestReportBuilder report)
    {
        using var reader = SampleData.OpenCdnowCsv();
        var sampleOptions = options with { CustomerIdColumn = "customer_id", DateColumn = "date", AmountColumn = "amount", QuantityColumn = null, UnitPriceColumn = null, Delimiter = ',' };
        foreach (var t in TransactionCsvReader.Read(reader, sampleOptions, report, "CDNOW sample"))
        {
            yield return t;
        }
    }
}
