using System.Globalization;
using CustomerValue.Summaries;
using CustomerValue.Transactions;
using Parquet;
using Parquet.Schema;

namespace CustomerValue.Parquet;

/// <summary>
/// Summarises transaction logs stored as Apache Parquet, one row group at a time: memory grows with customers (and
/// their distinct purchase days) and with one row group, never with the whole file.
/// </summary>
/// <remarks>
/// <para>Columns are found by name (ordinal first, then ignoring case), as named by <see cref="TransactionCsvOptions"/>
/// (defaults <c>customer_id</c>, <c>date</c>, <c>amount</c>). The id may be text or whole numbers; the date a Parquet
/// date, a timestamp or ISO text; the amount any numeric type. Rows are checked as the CSV reader checks them (missing
/// id or date, non-finite or negative amount unless returns are allowed, date after the end of observation) and
/// reported with their 1-based row number in the file.</para>
/// <para>A partitioned data set (one file per partition, as Spark writes it) is summarised by calling
/// <see cref="AddToAsync"/> per file, on one accumulator or one per worker merged with
/// <see cref="SummaryAccumulator.MergeAll(IReadOnlyList{SummaryAccumulator}, IProgress{int}?, CancellationToken)"/>.</para>
/// <para>Static and thread-safe.</para>
/// </remarks>
public static class TransactionParquet
{
    /// <summary>Summarises one Parquet file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="summary">The window and time unit.</param>
    /// <param name="columns">Column names and acceptance rules; null for the defaults.</param>
    /// <param name="report">Receives accepted and rejected rows; null for fail-fast without a report.</param>
    /// <param name="progress">Receives the rows read so far after each row group; null for none.</param>
    /// <param name="cancellationToken">Stops between row groups.</param>
    /// <exception cref="FormatException">A column is missing or has an unusable type.</exception>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    public static async Task<CustomerSummaries> SummarizeAsync(
        string path, SummaryOptions summary, TransactionCsvOptions? columns = null, IngestReportBuilder? report = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var accumulator = new SummaryAccumulator(summary);
        await AddToAsync(path, accumulator, columns, report, progress, cancellationToken).ConfigureAwait(false);
        return accumulator.ToSummaries();
    }

    /// <summary>Adds every valid row of one Parquet file to <paramref name="accumulator"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="accumulator">Receives the purchases.</param>
    /// <param name="columns">Column names and acceptance rules; null for the defaults.</param>
    /// <param name="report">Receives accepted and rejected rows; null for fail-fast without a report.</param>
    /// <param name="progress">Receives the rows read so far after each row group; null for none.</param>
    /// <param name="cancellationToken">Stops between row groups.</param>
    /// <exception cref="FormatException">A column is missing or has an unusable type.</exception>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    public static async Task AddToAsync(
        string path, SummaryAccumulator accumulator, TransactionCsvOptions? columns = null, IngestReportBuilder? report = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(accumulator);
        columns ??= new TransactionCsvOptions();
        report ??= new IngestReportBuilder(BadRowPolicy.FailFast, 1000, Path.GetFileName(path));
        string source = Path.GetFileName(path);
        int observationEnd = accumulator.Options.ObservationEnd.DayNumber;
        var reader = await ParquetReader.CreateAsync(path, null, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var idField = ParquetColumns.Find(reader, columns.CustomerIdColumn, source);
            var dateField = ParquetColumns.Find(reader, columns.DateColumn, source);
            var amountField = ParquetColumns.Find(reader, columns.AmountColumn ?? "amount", source);
            long row = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var group = reader.OpenRowGroupReader(g);
                int rows = checked((int)group.RowCount);
                var ids = await ParquetColumns.ReadStringsAsync(group, idField, rows, source, cancellationToken).ConfigureAwait(false);
                var days = await ParquetColumns.ReadDayNumbersAsync(group, dateField, rows, source, cancellationToken).ConfigureAwait(false);
                var amounts = await ParquetColumns.ReadDoublesAsync(group, amountField, rows, source, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < rows; i++)
                {
                    row++;
                    var rejected = Check(row, ids[i], days[i], amounts[i], columns, idField.Name, dateField.Name, amountField.Name, observationEnd);
                    if (rejected is null)
                    {
                        accumulator.Add(columns.Aliases is { } aliases ? aliases.Resolve(ids[i]!) : ids[i]!, DateOnly.FromDayNumber(days[i]), amounts[i]);
                        report.Accept();
                    }
                    else
                    {
                        report.Reject(rejected);
                    }
                }

                progress?.Report(row);
            }
        }
    }

    /// <summary>
    /// Streams the valid rows of one Parquet file as transactions (one row group in memory at a time), for consumers
    /// that need more than summaries (churn windows, the whole pipeline). Rows after
    /// <see cref="TransactionCsvOptions.ObservationEnd"/> (when set) are rejected as by the CSV reader.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">Column names and acceptance rules; null for the defaults.</param>
    /// <param name="report">Receives accepted and rejected rows; null for fail-fast without a report.</param>
    /// <exception cref="FormatException">A column is missing or has an unusable type.</exception>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    public static IEnumerable<Transaction> Read(string path, TransactionCsvOptions? columns = null, IngestReportBuilder? report = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadCore(path, columns ?? new TransactionCsvOptions(), report ?? new IngestReportBuilder(BadRowPolicy.FailFast, 1000, Path.GetFileName(path)));
    }

    private static IEnumerable<Transaction> ReadCore(string path, TransactionCsvOptions columns, IngestReportBuilder report)
    {
        string source = Path.GetFileName(path);
        int observationEnd = columns.ObservationEnd is { } end ? end.DayNumber : int.MaxValue;
        var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        try
        {
            foreach (var t in ReadGroups(reader, columns, report, source, observationEnd))
            {
                yield return t;
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static IEnumerable<Transaction> ReadGroups(ParquetReader reader, TransactionCsvOptions columns, IngestReportBuilder report, string source, int observationEnd)
    {
        var idField = ParquetColumns.Find(reader, columns.CustomerIdColumn, source);
        var dateField = ParquetColumns.Find(reader, columns.DateColumn, source);
        var amountField = ParquetColumns.Find(reader, columns.AmountColumn ?? "amount", source);
        long row = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            string?[] ids;
            int[] days;
            double[] amounts;
            int rows;
            using (var group = reader.OpenRowGroupReader(g))
            {
                rows = checked((int)group.RowCount);
                ids = ParquetColumns.ReadStringsAsync(group, idField, rows, source, default).GetAwaiter().GetResult();
                days = ParquetColumns.ReadDayNumbersAsync(group, dateField, rows, source, default).GetAwaiter().GetResult();
                amounts = ParquetColumns.ReadDoublesAsync(group, amountField, rows, source, default).GetAwaiter().GetResult();
            }

            for (int i = 0; i < rows; i++)
            {
                row++;
                var rejected = Check(row, ids[i], days[i], amounts[i], columns, idField.Name, dateField.Name, amountField.Name, observationEnd);
                if (rejected is null)
                {
                    report.Accept();
                    yield return new Transaction(ids[i]!, DateOnly.FromDayNumber(days[i]).ToDateTime(TimeOnly.MinValue), amounts[i]);
                }
                else
                {
                    report.Reject(rejected);
                }
            }
        }
    }

    /// <summary>
    /// Streams the valid rows of one Parquet file as item-level lines (one row group in memory at a time), with the
    /// item-level columns <see cref="TransactionCsvOptions"/> names, read as the CSV reader reads them
    /// (<see cref="TransactionCsvReader.ReadItemsFile"/>): order id, item and category (text or whole numbers), quantity
    /// and unit price (amount = quantity × price when both are named), profit, or cost (profit = amount − cost), and
    /// discount. A default column name absent from the file is not read; a column named as required
    /// (<see cref="TransactionCsvOptions.RequiredItemFields"/>), a quantity, price or cost column must exist. A null (or
    /// <see cref="TransactionCsvOptions.MissingValue"/>) in a required field rejects the row; elsewhere it is null.
    /// The time of day is not kept (midnight), as for <see cref="Read"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">Column names and acceptance rules; null for the defaults.</param>
    /// <param name="report">Receives accepted and rejected rows; null for fail-fast without a report.</param>
    /// <exception cref="FormatException">A column is missing or has an unusable type.</exception>
    /// <exception cref="TransactionLogException">A bad row under fail-fast.</exception>
    public static IEnumerable<ItemTransaction> ReadItems(string path, TransactionCsvOptions? columns = null, IngestReportBuilder? report = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadItemsCore(path, columns ?? new TransactionCsvOptions(), report ?? new IngestReportBuilder(BadRowPolicy.FailFast, 1000, Path.GetFileName(path)));
    }

    /// <summary>
    /// Which item-level fields a Parquet file provides under <paramref name="columns"/>' names (reads the schema only),
    /// found as <see cref="ReadItems"/> finds them.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">Column names; null for the defaults.</param>
    /// <exception cref="FormatException">A named or required column is missing.</exception>
    public static ItemFields ItemFieldsOf(string path, TransactionCsvOptions? columns = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        columns ??= new TransactionCsvOptions();
        var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        try
        {
            var f = ItemFieldSet.Find(reader, columns, Path.GetFileName(path));
            return (f.Order is null ? 0 : ItemFields.OrderId) | (f.Item is null ? 0 : ItemFields.Item) | (f.Category is null ? 0 : ItemFields.Category)
                | (f.Quantity is null ? 0 : ItemFields.Quantity) | (f.Price is null ? 0 : ItemFields.UnitPrice)
                | (f.Profit is null && f.Cost is null ? 0 : ItemFields.Profit) | (f.Discount is null ? 0 : ItemFields.Discount);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static IEnumerable<ItemTransaction> ReadItemsCore(string path, TransactionCsvOptions columns, IngestReportBuilder report)
    {
        string source = Path.GetFileName(path);
        int observationEnd = columns.ObservationEnd is { } end ? end.DayNumber : int.MaxValue;
        var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        try
        {
            foreach (var t in ReadItemGroups(reader, columns, report, source, observationEnd))
            {
                yield return t;
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The item-level fields of a Parquet file, found as <c>ItemColumns.Find</c> finds them in a CSV header.</summary>
    private sealed class ItemFieldSet
    {
        public required DataField? Order { get; init; }

        public required DataField? Item { get; init; }

        public required DataField? Category { get; init; }

        public required DataField? Quantity { get; init; }

        public required DataField? Price { get; init; }

        public required DataField? Profit { get; init; }

        public required DataField? Cost { get; init; }

        public required DataField? Discount { get; init; }

        public static ItemFieldSet Find(ParquetReader reader, TransactionCsvOptions o, string source)
        {
            var required = o.RequiredItemFields;
            if ((o.QuantityColumn is null) != (o.UnitPriceColumn is null))
            {
                throw new FormatException($"{source}: a quantity column and a unit price column go together (amount = quantity x price); only {(o.QuantityColumn is null ? "the price column '" + o.UnitPriceColumn : "the quantity column '" + o.QuantityColumn)}' was named.");
            }

            DataField? Field(string? name, bool mustExist) =>
                name is null ? null : mustExist ? ParquetColumns.Find(reader, name, source) : ParquetColumns.TryFind(reader, name);

            var cost = Field(o.CostColumn, true);
            var profit = cost is null ? Field(o.ProfitColumn, false) : null;
            if ((required & ItemFields.Profit) != 0 && profit is null && cost is null)
            {
                throw new FormatException($"{source}: no profit column '{o.ProfitColumn}' and no cost column was named; the file has {string.Join(", ", reader.Schema.DataFields.Select(f => f.Name))}. Name one with --profit-column or --cost-column.");
            }

            return new ItemFieldSet
            {
                Order = Field(o.OrderIdColumn, (required & ItemFields.OrderId) != 0),
                Item = Field(o.ItemColumn, (required & ItemFields.Item) != 0),
                Category = Field(o.CategoryColumn, (required & ItemFields.Category) != 0),
                Quantity = Field(o.QuantityColumn, true),
                Price = Field(o.UnitPriceColumn, true),
                Profit = profit,
                Cost = cost,
                Discount = Field(o.DiscountColumn, (required & ItemFields.Discount) != 0),
            };
        }
    }

    private static IEnumerable<ItemTransaction> ReadItemGroups(ParquetReader reader, TransactionCsvOptions columns, IngestReportBuilder report, string source, int observationEnd)
    {
        var idField = ParquetColumns.Find(reader, columns.CustomerIdColumn, source);
        var dateField = ParquetColumns.Find(reader, columns.DateColumn, source);
        var f = ItemFieldSet.Find(reader, columns, source);
        bool product = f.Quantity is not null;
        var amountField = product ? null : ParquetColumns.Find(reader, columns.AmountColumn ?? "amount", source);
        string amountName = product ? $"{f.Quantity!.Name} × {f.Price!.Name}" : amountField!.Name;
        var required = columns.RequiredItemFields;
        string? na = columns.MissingValue;
        long row = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            string?[] ids;
            int[] days;
            double[] amounts;
            string?[]? orders, items, categories;
            double[]? quantities, prices, profits, costs, discounts;
            int rows;
            using (var group = reader.OpenRowGroupReader(g))
            {
                rows = checked((int)group.RowCount);
                string?[]? Texts(DataField? field) => field is null ? null : ParquetColumns.ReadStringsAsync(group, field, rows, source, default).GetAwaiter().GetResult();
                double[]? Numbers(DataField? field) => field is null ? null : ParquetColumns.ReadDoublesAsync(group, field, rows, source, default).GetAwaiter().GetResult();
                ids = ParquetColumns.ReadStringsAsync(group, idField, rows, source, default).GetAwaiter().GetResult();
                days = ParquetColumns.ReadDayNumbersAsync(group, dateField, rows, source, default).GetAwaiter().GetResult();
                orders = Texts(f.Order);
                items = Texts(f.Item);
                categories = Texts(f.Category);
                quantities = Numbers(f.Quantity);
                prices = Numbers(f.Price);
                profits = Numbers(f.Profit);
                costs = Numbers(f.Cost);
                discounts = Numbers(f.Discount);
                amounts = product ? new double[rows] : Numbers(amountField)!;
            }

            for (int i = 0; i < rows; i++)
            {
                row++;
                RejectedRow? rejected = null;
                if (product)
                {
                    rejected = MissingNumber(row, quantities![i], f.Quantity!.Name, true) ?? MissingNumber(row, prices![i], f.Price!.Name, true);
                    amounts[i] = rejected is null ? quantities[i] * prices![i] : 0;
                }

                rejected ??= Check(row, ids[i], days[i], amounts[i], columns, idField.Name, dateField.Name, amountName, observationEnd);
                string? order = Text(orders, i, na), item = Text(items, i, na), category = Text(categories, i, na);
                rejected ??= MissingText(row, order, f.Order, (required & ItemFields.OrderId) != 0)
                    ?? MissingText(row, item, f.Item, (required & ItemFields.Item) != 0)
                    ?? MissingText(row, category, f.Category, (required & ItemFields.Category) != 0)
                    ?? MissingNumber(row, Value(profits, i), f.Profit?.Name, (required & ItemFields.Profit) != 0)
                    ?? MissingNumber(row, Value(costs, i), f.Cost?.Name, true)
                    ?? MissingNumber(row, Value(discounts, i), f.Discount?.Name, (required & ItemFields.Discount) != 0);
                if (rejected is not null)
                {
                    if (rejected.Reason == RejectReason.AfterObservationEnd)
                    {
                        report.AfterObservationEnd();
                    }
                    else
                    {
                        report.Reject(rejected);
                    }

                    continue;
                }

                double? profit = costs is not null ? amounts[i] - costs[i] : Nullable(profits, i);
                report.Accept();
                string id = columns.Aliases is { } aliases ? aliases.Resolve(ids[i]!) : ids[i]!;
                yield return new ItemTransaction(
                    id, DateOnly.FromDayNumber(days[i]).ToDateTime(TimeOnly.MinValue), amounts[i], order, item, category,
                    Nullable(quantities, i), Nullable(prices, i), profit, Nullable(discounts, i));
            }
        }
    }

    private static string? Text(string?[]? column, int i, string? missingValue) =>
        column?[i] is { Length: > 0 } text && text != missingValue ? text : null;

    private static double Value(double[]? column, int i) => column is null ? 0 : column[i];

    private static double? Nullable(double[]? column, int i) => column is null || double.IsNaN(column[i]) ? null : column[i];

    private static RejectedRow? MissingText(long row, string? value, DataField? field, bool required) =>
        field is not null && required && value is null ? new RejectedRow(row, field.Name, RejectReason.MissingField, $"the {field.Name} is empty") : null;

    private static RejectedRow? MissingNumber(long row, double value, string? name, bool required)
    {
        if (name is null)
        {
            return null;
        }

        if (double.IsNaN(value))
        {
            return required ? new RejectedRow(row, name, RejectReason.MissingField, $"the {name} is empty") : null;
        }

        return double.IsFinite(value) ? null : new RejectedRow(row, name, RejectReason.NonFiniteAmount, string.Create(CultureInfo.InvariantCulture, $"the {name} {value} is not finite"));
    }

    internal static RejectedRow? Check(long row, string? id, int day, double amount, TransactionCsvOptions options, string idName, string dateName, string amountName, int observationEnd)
    {
        if (string.IsNullOrEmpty(id))
        {
            return new RejectedRow(row, idName, RejectReason.MissingField, "the customer id is empty");
        }

        if (day < 0)
        {
            return new RejectedRow(row, dateName, RejectReason.UnparsableDate, "the date is missing or not an ISO date");
        }

        if (double.IsNaN(amount))
        {
            return new RejectedRow(row, amountName, RejectReason.MissingField, "the amount is missing");
        }

        if (!double.IsFinite(amount))
        {
            return new RejectedRow(row, amountName, RejectReason.NonFiniteAmount, string.Create(CultureInfo.InvariantCulture, $"the amount {amount} is not finite"));
        }

        if (amount < 0 && !options.AllowReturns)
        {
            return new RejectedRow(row, amountName, RejectReason.NegativeAmount, string.Create(CultureInfo.InvariantCulture, $"the amount {amount} is negative and returns are not allowed"));
        }

        return day > observationEnd
            ? new RejectedRow(row, dateName, RejectReason.AfterObservationEnd, string.Create(CultureInfo.InvariantCulture, $"the date {DateOnly.FromDayNumber(day):yyyy-MM-dd} is after the end of observation {DateOnly.FromDayNumber(observationEnd):yyyy-MM-dd}"))
            : null;
    }
}
