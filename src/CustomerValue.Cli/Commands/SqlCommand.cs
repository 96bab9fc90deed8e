using System.CommandLine;
using CustomerValue.Sql;
using CustomerValue.Summaries;
using CustomerValue.Identity;

namespace CustomerValue.Cli.Commands;

/// <summary>
/// <c>customer-value sql</c>: prints the customer summary (or a compressed fit table) as one SQL query for the engine
/// that holds the log, so the summary runs where the data lives.
/// </summary>
internal static class SqlCommand
{
    public static Command Create(CliIo io)
    {
        var dialect = new Option<string>("--dialect") { Description = "The engine: duckdb, postgres or spark (Spark SQL is written to its documented syntax but not run in our CI).", Required = true };
        dialect.AcceptOnlyFromAmong("duckdb", "postgres", "spark");
        var table = new Option<string>("--table") { Description = "The table or view holding the log, written into the query as given (schema.table; in DuckDB also a file such as 'lake/*.parquet').", Required = true };
        var asOf = new Option<string>("--as-of", "--calibration-end") { Description = "Calibration end, the as-of date (YYYY-MM-DD), inclusive.", Required = true };
        var holdoutEnd = new Option<string?>("--holdout-end") { Description = "Last day of the holdout period (YYYY-MM-DD), inclusive; adds frequency_holdout, monetary_value_holdout, duration_holdout." };
        var timeUnit = new Option<string>("--time-unit") { Description = "Unit of recency, T and duration: day, week, month or year.", DefaultValueFactory = _ => "week" };
        timeUnit.AcceptOnlyFromAmong("day", "week", "month", "year");
        var query = new Option<string>("--query") { Description = "summary: the columns summarize writes; fit-table: frequency,recency,T,weight (the compressed table BG/NBD is fitted on); spend-fit-table: frequency,monetary_value,weight of the repeat buyers (Gamma-Gamma).", DefaultValueFactory = _ => "summary" };
        query.AcceptOnlyFromAmong("summary", "fit-table", "spend-fit-table");
        var customer = new Option<string>("--customer-column") { Description = "Name of the customer id column.", DefaultValueFactory = _ => "customer_id" };
        var date = new Option<string>("--date-column") { Description = "Name of the date column (DATE or TIMESTAMP; a timestamp counts on its date in the session's time zone).", DefaultValueFactory = _ => "date" };
        var amount = new Option<string>("--amount-column") { Description = "Name of the amount column.", DefaultValueFactory = _ => "amount" };
        var quantity = new Option<string?>("--quantity-column") { Description = "With --price-column: amount = quantity × price (instead of --amount-column)." };
        var price = new Option<string?>("--price-column") { Description = "With --quantity-column: the unit price column." };
        var allowReturns = new Option<bool>("--allow-returns") { Description = "Keep negative amounts (returns); without it they are left out." };
        var aliases = new Option<FileInfo?>("--aliases") { Description = "CSV alias_id,customer_id: every row of an alias id belongs to that customer (chains resolve transitively; a cycle is an error). Written into the query as a table expression." };
        var aliasTable = new Option<string?>("--alias-table") { Description = "A table of the engine with columns alias_id,customer_id, already resolved, for alias maps too large for --aliases." };
        var command = new Command("sql", "Print the customer summary as one SQL SELECT for DuckDB, PostgreSQL or Spark SQL: the same rows and columns as summarize, computed where the data lives; or the compressed fit tables.");
        foreach (var option in new Option[] { dialect, table, asOf, holdoutEnd, timeUnit, query, customer, date, amount, quantity, price, allowReturns, aliases, aliasTable })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => io.Guard(() => SummaryInput.PlainErrors(() =>
        {
            var summary = new SummaryOptions(
                CliParse.Date(result.GetValue(asOf)!, "--as-of"),
                CliParse.Unit(result.GetValue(timeUnit)!),
                CliParse.OptionalDate(result.GetValue(holdoutEnd), "--holdout-end"));
            string? q = result.GetValue(quantity);
            string? p = result.GetValue(price);
            if ((q is null) != (p is null))
            {
                throw new ArgumentException("--quantity-column and --price-column: give both (amount = quantity × price) or neither.");
            }

            var options = new SummarySqlOptions(summary)
            {
                CustomerIdColumn = result.GetValue(customer)!,
                DateColumn = result.GetValue(date)!,
                AmountColumn = q is null ? result.GetValue(amount) : null,
                QuantityColumn = q,
                PriceColumn = p,
                AllowReturns = result.GetValue(allowReturns),
                Aliases = result.GetValue(aliases) is { } file ? AliasMap.ReadFile(file.FullName) : null,
                AliasTable = result.GetValue(aliasTable),
            };
            var which = result.GetValue(query) switch
            {
                "fit-table" => SummarySqlQuery.FitTable,
                "spend-fit-table" => SummarySqlQuery.SpendFitTable,
                _ => SummarySqlQuery.Summary,
            };
            var engine = result.GetValue(dialect) switch
            {
                "postgres" => SqlDialect.PostgreSql,
                "spark" => SqlDialect.Spark,
                _ => SqlDialect.DuckDb,
            };
            io.Output.Write(SummarySql.Write(engine, result.GetValue(table)!, options, which));
            io.Output.Write(";\n");
            return 0;
        })));
        return command;
    }
}
