using System.CommandLine;
using CustomerValue.Samples;
using CustomerValue.Transactions;

namespace CustomerValue.Cli;

/// <summary>
/// The item-level log options of the contract (<c>--order-column</c>, <c>--item-column</c>, <c>--category-column</c>,
/// <c>--quantity-column</c>, <c>--price-column</c>, <c>--profit-column</c>, <c>--cost-column</c>,
/// <c>--discount-column</c>), shared by every command that reads a transaction log. A column named on the command line
/// must exist; a default name (<c>order_id</c>, <c>item</c>, <c>category</c>, <c>profit</c>, <c>discount</c>) is read
/// when the header has it.
/// </summary>
internal sealed class ItemColumnOptions
{
    public Option<string?> Order { get; } = new("--order-column") { Description = "Order (invoice) id column. Default: order_id when the header has it." };

    public Option<string?> Item { get; } = new("--item-column") { Description = "Item (product, stock code) column. Default: item when the header has it." };

    public Option<string?> Category { get; } = new("--category-column") { Description = "Item category column. Default: category when the header has it." };

    public Option<string?> Quantity { get; } = new("--quantity-column") { Description = "Quantity column; with --price-column the amount is quantity x price (the amount column is then not read)." };

    public Option<string?> Price { get; } = new("--price-column") { Description = "Unit price column; see --quantity-column." };

    public Option<string?> Profit { get; } = new("--profit-column") { Description = "Profit (margin) column. Default: profit when the header has it." };

    public Option<string?> Cost { get; } = new("--cost-column") { Description = "Cost column, when the log has cost instead of profit: profit = amount - cost." };

    public Option<string?> Discount { get; } = new("--discount-column") { Description = "Discount column (rate or amount; above zero marks a discounted line). Default: discount when the header has it." };

    public Option<string?> MissingValue { get; } = new("--missing-value") { Description = "A text that stands for a missing value (e.g. NA): a customer id or item-level field holding exactly it counts as empty (a row without a customer id is rejected)." };

    /// <summary>
    /// True when <c>--profit-column</c> or <c>--cost-column</c> is given on the command line: <c>segment</c>, <c>score</c>
    /// and <c>report</c> then value customers by profit (<see cref="Scoring.ValueBasisKind.Profit"/>). A header that merely
    /// has a <c>profit</c> column does not change their basis.
    /// </summary>
    public bool ProfitBasis(ParseResult result) => result.GetValue(Profit) is not null || result.GetValue(Cost) is not null;

    public void AddTo(Command command)
    {
        foreach (var option in new[] { Order, Item, Category, Quantity, Price, Profit, Cost, Discount, MissingValue })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Sets the item-level column names (and which are required because they were named) on <paramref name="options"/>.</summary>
    public TransactionCsvOptions Apply(ParseResult result, TransactionCsvOptions options)
    {
        var required = ItemFields.None;
        string? Name(Option<string?> option, string? fallback, ItemFields field)
        {
            if (result.GetValue(option) is { } given)
            {
                required |= field;
                return given;
            }

            return fallback;
        }

        return options with
        {
            OrderIdColumn = Name(Order, "order_id", ItemFields.OrderId),
            ItemColumn = Name(Item, "item", ItemFields.Item),
            CategoryColumn = Name(Category, "category", ItemFields.Category),
            QuantityColumn = Name(Quantity, null, ItemFields.Quantity),
            UnitPriceColumn = Name(Price, null, ItemFields.UnitPrice),
            ProfitColumn = Name(Profit, "profit", ItemFields.Profit),
            CostColumn = Name(Cost, null, ItemFields.Profit),
            DiscountColumn = Name(Discount, "discount", ItemFields.Discount),
            RequiredItemFields = options.RequiredItemFields | required,
            MissingValue = result.GetValue(MissingValue),
        };
    }
}

/// <summary>Item-level reading for the commands that need it.</summary>
internal static class ItemInput
{
    /// <summary>
    /// Streams the item-level lines of the log named by the shared options (the CDNOW sample has no item columns).
    /// <paramref name="needed"/> fields must be in the header (an error says which option names them) and non-empty on
    /// every accepted row.
    /// </summary>
    public static IEnumerable<ItemTransaction> Read(TransactionInput input, ParseResult result, ItemFields needed, IngestReportBuilder report)
    {
        var options = input.CsvOptions(result, null);
        options = options with { RequiredItemFields = options.RequiredItemFields | needed };
        var file = result.GetValue(input.Transactions);
        if (file is null)
        {
            return ReadSample(options, report);
        }

        return IsParquet(file)
            ? Parquet.TransactionParquet.ReadItems(file.FullName, options, report)
            : TransactionCsvReader.ReadItemsFile(file.FullName, options, report);
    }

    /// <summary>Which item-level fields the named log provides (reads its header only; a missing <paramref name="needed"/> field is an error).</summary>
    public static ItemFields Present(TransactionInput input, ParseResult result, ItemFields needed)
    {
        var options = input.CsvOptions(result, null);
        options = options with { RequiredItemFields = options.RequiredItemFields | needed };
        var file = result.GetValue(input.Transactions);
        if (file is null)
        {
            return ItemFields.None;
        }

        if (IsParquet(file))
        {
            return Parquet.TransactionParquet.ItemFieldsOf(file.FullName, options);
        }

        using var reader = TransactionCsvReader.OpenText(file.FullName);
        return TransactionCsvReader.ItemFieldsOf(reader, options, file.FullName);
    }

    /// <summary>
    /// Runs the pipeline on the named log: on the profit basis (a profit or cost column named) on its item-level lines,
    /// so tiers and groups are by CLV × each customer's margin rate; otherwise on (customer, date, amount) as before.
    /// </summary>
    public static Scoring.PipelineResult RunPipeline(TransactionInput input, ParseResult result, Scoring.PipelineOptions options, IngestReportBuilder report, Lifetime.IRepeatPurchaseModel? purchases = null, Lifetime.ISpendModel? spend = null, IProgress<Scoring.ScoringProgress>? progress = null, Func<IEnumerable<Transaction>, IEnumerable<Transaction>>? tap = null, CancellationToken cancellationToken = default)
    {
        tap ??= static rows => rows;
        if (options.ValueBasis != Scoring.ValueBasisKind.Profit)
        {
            return new Scoring.CustomerBasePipeline(options).Run(tap(input.Read(result, null, report)), purchases, spend, progress, cancellationToken);
        }

        var lines = Read(input, result, ItemFields.Profit, report);
        return new Scoring.CustomerBasePipeline(options).Run(TapItems(lines, tap), purchases, spend, progress, cancellationToken);
    }

    /// <summary>The pipeline options with the value basis the command line asks for (profit when a profit or cost column is named).</summary>
    public static Scoring.PipelineOptions WithBasis(TransactionInput input, ParseResult result, Scoring.PipelineOptions options, bool marginGiven = false)
    {
        if (!input.ItemColumns.ProfitBasis(result))
        {
            return options;
        }

        if (marginGiven)
        {
            throw new ArgumentException("--margin and a profit (or cost) column: with a profit column the value is CLV x each customer's own margin rate; drop --margin.");
        }

        return options with { ValueBasis = Scoring.ValueBasisKind.Profit };
    }

    /// <summary>The stderr words for a run's value basis.</summary>
    public static string BasisText(Scoring.PipelineResult run) =>
        run.ValueBasisKind == Scoring.ValueBasisKind.Profit ? "by profit (CLV x each customer's margin rate)" : "by CLV";

    /// <summary>Passes item lines through a tap on their (customer, date, amount) part (the report's repeat-purchase tracker), keeping the lines.</summary>
    private static IEnumerable<ItemTransaction> TapItems(IEnumerable<ItemTransaction> lines, Func<IEnumerable<Transaction>, IEnumerable<Transaction>> tap)
    {
        var pending = new Queue<ItemTransaction>();
        IEnumerable<Transaction> Source()
        {
            foreach (var line in lines)
            {
                pending.Enqueue(line);
                yield return line.ToTransaction();
            }
        }

        foreach (var _ in tap(Source()))
        {
            yield return pending.Dequeue();
        }
    }

    /// <summary>True for a <c>.parquet</c> log, read with <see cref="Parquet.TransactionParquet.ReadItems"/>.</summary>
    private static bool IsParquet(FileInfo file) => string.Equals(file.Extension, ".parquet", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<ItemTransaction> ReadSample(TransactionCsvOptions options, IngestReportBuilder report)
    {
        using var reader = SampleData.OpenCdnowCsv();
        var sampleOptions = options with { CustomerIdColumn = "customer_id", DateColumn = "date", AmountColumn = "amount" };
        foreach (var t in TransactionCsvReader.ReadItems(reader, sampleOptions, report, "CDNOW sample"))
        {
            yield return t;
        }
    }
}
