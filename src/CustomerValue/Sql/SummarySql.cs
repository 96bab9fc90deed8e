using System.Globalization;
using System.Text;
using CustomerValue.Summaries;

namespace CustomerValue.Sql;

/// <summary>
/// Writes the customer summary as one SQL <c>SELECT</c> for the engine that holds the log (DuckDB, PostgreSQL, Spark
/// SQL): the same rows, columns, values and order as <see cref="SummaryAccumulator"/> and <c>customer-value summarize</c>,
/// and the compressed tables the models are fitted on.
/// </summary>
/// <remarks>
/// <para><b>The conventions, as SQL.</b> Rows with a missing id, date or amount, an empty id, a non-finite amount, a
/// negative amount (unless <see cref="SummarySqlOptions.AllowReturns"/>) or a date after the end of observation are
/// left out (our reader rejects or, for the last, ignores them). Each amount is rounded to whole micro-units
/// (6 decimals, half to even like Math.Round) and summed as a 64-bit integer, exactly as the accumulator does, so sums do not depend on the engine's
/// order of addition. Rows are grouped per customer and calendar day (same-day purchases are one occasion); per
/// customer: x = calibration days − 1, t_x = last − first calibration day, T = calibration end − first day, both in
/// whole days divided by the unit's length in days (a binary-exact constant: 1, 7, 30.4375, 365.25), m̄ = (calibration
/// spend − first-day spend) / x; the holdout columns likewise. Every division is one IEEE double division of the same
/// operands as ours, so engines give the same bits.</para>
/// <para><b>Order.</b> Customers come out in our order: ids made only of digits first, by value (leading zeros
/// ignored, then ordinally), then the other ids in ordinal (binary) order; PostgreSQL compares with <c>COLLATE "C"</c>.
/// Ordinal order is UTF-8 byte order in the engines and UTF-16 code-unit order in .NET; the two differ only between
/// characters above U+FFFF and those in U+E000..U+FFFF.</para>
/// <para>Static and thread-safe. The table name is written as given (it may be <c>schema.table</c>, a view, or in
/// DuckDB a file such as <c>'lake/*.parquet'</c> or <c>read_parquet(...)</c>); column names are quoted.</para>
/// </remarks>
public static class SummarySql
{
    /// <summary>Writes a query.</summary>
    /// <param name="dialect">The engine.</param>
    /// <param name="table">The table, view or (DuckDB) file expression holding the log, written into the query as given.</param>
    /// <param name="options">Window, unit, columns, returns and aliases.</param>
    /// <param name="query">The summary (default) or one of the compressed fit tables.</param>
    /// <returns>One SQL statement without a trailing semicolon.</returns>
    /// <exception cref="ArgumentException">The table is empty, a column name is unusable, only one of quantity and price is given, or both alias forms are given.</exception>
    public static string Write(SqlDialect dialect, string table, SummarySqlOptions options, SummarySqlQuery query = SummarySqlQuery.Summary)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(dialect))
        {
            throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Unknown SQL dialect.");
        }

        if ((options.QuantityColumn is null) != (options.PriceColumn is null))
        {
            throw new ArgumentException("SummarySqlOptions: give both QuantityColumn and PriceColumn (amount = quantity × price), or neither.", nameof(options));
        }

        if (options.Aliases is not null && options.AliasTable is not null)
        {
            throw new ArgumentException("SummarySqlOptions: give Aliases or AliasTable, not both.", nameof(options));
        }

        var w = new Writer(dialect);
        var sb = new StringBuilder();
        var summary = options.Summary;
        string calibrationEnd = Date(summary.CalibrationEnd);
        string observationEnd = Date(summary.ObservationEnd);
        string unit = w.DoubleLiteral(summary.TimeUnit.DaysPerUnit());
        bool holdout = summary.HoldoutEnd is not null;

        sb.Append("WITH\n");
        string? aliasSource = options.AliasTable;
        if (options.Aliases is { Count: > 0 } aliases)
        {
            var pairs = aliases.CanonicalIds
                .SelectMany(c => aliases.AliasesOf(c).Select(a => new KeyValuePair<string, string>(a, c)))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
            sb.Append("aliases AS (\n  ").Append(w.AliasValues(pairs)).Append("\n),\n");
            aliasSource = "aliases";
        }

        string id = w.Column(options.CustomerIdColumn);
        string date = w.Column(options.DateColumn);
        string? amount = options.AmountColumn is { } a ? $"CAST(src.{w.Column(a)} AS {w.Double})"
            : options.QuantityColumn is { } q ? $"CAST(src.{w.Column(q)} AS {w.Double}) * CAST(src.{w.Column(options.PriceColumn!)} AS {w.Double})"
            : null;

        // 1. The accepted rows: id as text, calendar day, amount in whole micro-units.
        sb.Append("accepted AS (\n");
        sb.Append("  SELECT CAST(src.").Append(id).Append(" AS ").Append(w.Text).Append(") AS customer_id,\n");
        sb.Append("         CAST(src.").Append(date).Append(" AS DATE) AS purchase_day,\n");
        sb.Append("         ").Append(amount is null ? "CAST(0 AS BIGINT)" : $"CAST({w.RoundHalfEven($"{amount} * {w.DoubleLiteral(1e6)}")} AS BIGINT)").Append(" AS micros\n");
        sb.Append("  FROM ").Append(table).Append(" AS src\n");
        sb.Append("  WHERE src.").Append(id).Append(" IS NOT NULL AND src.").Append(date).Append(" IS NOT NULL");
        if (amount is not null)
        {
            // NaN compares greater than every number in all three engines, so this also drops NaN and ±infinity.
            sb.Append("\n    AND ABS(").Append(amount).Append(") <= ").Append(w.DoubleLiteral(double.MaxValue));
            if (!options.AllowReturns)
            {
                sb.Append("\n    AND ").Append(amount).Append(" >= 0");
            }
        }

        sb.Append("\n    AND CAST(src.").Append(id).Append(" AS ").Append(w.Text).Append(") <> ''");
        sb.Append("\n    AND CAST(src.").Append(date).Append(" AS DATE) <= ").Append(observationEnd).Append("\n),\n");

        // 2. Aliases resolved to the customer they belong to.
        sb.Append("attributed AS (\n");
        if (aliasSource is null)
        {
            sb.Append("  SELECT customer_id, purchase_day, micros FROM accepted\n),\n");
        }
        else
        {
            sb.Append("  SELECT COALESCE(CAST(al.customer_id AS ").Append(w.Text).Append("), acc.customer_id) AS customer_id, acc.purchase_day, acc.micros\n");
            sb.Append("  FROM accepted AS acc LEFT JOIN ").Append(aliasSource).Append(" AS al ON CAST(al.alias_id AS ").Append(w.Text).Append(") = acc.customer_id\n),\n");
        }

        // 3. One row per customer and day (same-day rows are one occasion, returns netted into the day's spend), with
        //    whether the day has a purchase (a day with only returns is not an occasion) and the customer's first purchase day.
        sb.Append("purchase_days AS (\n");
        sb.Append("  SELECT customer_id, purchase_day, SUM(micros) AS micros,\n");
        sb.Append("         MAX(CASE WHEN micros >= 0 THEN 1 ELSE 0 END) AS purchased,\n");
        sb.Append("         MIN(CASE WHEN MAX(CASE WHEN micros >= 0 THEN 1 ELSE 0 END) = 1 THEN purchase_day END) OVER (PARTITION BY customer_id) AS first_day\n");
        sb.Append("  FROM attributed\n  GROUP BY customer_id, purchase_day\n),\n");

        // 4. Per customer.
        sb.Append("customers AS (\n");
        sb.Append("  SELECT customer_id,\n");
        sb.Append("         COUNT(CASE WHEN purchased = 1 AND purchase_day <= ").Append(calibrationEnd).Append(" THEN 1 END) AS calibration_days,\n");
        sb.Append("         MIN(first_day) AS first_day,\n");
        sb.Append("         MAX(CASE WHEN purchased = 1 AND purchase_day <= ").Append(calibrationEnd).Append(" THEN purchase_day END) AS last_day,\n");
        sb.Append("         SUM(CASE WHEN purchase_day <= ").Append(calibrationEnd).Append(" THEN micros ELSE 0 END) AS calibration_micros,\n");
        sb.Append("         SUM(CASE WHEN purchase_day = first_day THEN micros ELSE 0 END) AS first_day_micros");
        if (holdout)
        {
            sb.Append(",\n         COUNT(CASE WHEN purchased = 1 AND purchase_day > ").Append(calibrationEnd).Append(" THEN 1 END) AS holdout_days,\n");
            sb.Append("         SUM(CASE WHEN purchase_day > ").Append(calibrationEnd).Append(" THEN micros ELSE 0 END) AS holdout_micros");
        }

        sb.Append("\n  FROM purchase_days\n  GROUP BY customer_id\n),\n");

        // 5. The summary columns, computed as the accumulator computes them.
        string million = w.DoubleLiteral(1e6);
        sb.Append("summary AS (\n");
        sb.Append("  SELECT customer_id,\n");
        sb.Append("         calibration_days - 1 AS frequency,\n");
        sb.Append("         CAST(").Append(w.DaysBetween("first_day", "last_day")).Append(" AS ").Append(w.Double).Append(") / ").Append(unit).Append(" AS recency,\n");
        sb.Append("         CAST(").Append(w.DaysBetween("first_day", calibrationEnd)).Append(" AS ").Append(w.Double).Append(") / ").Append(unit).Append(" AS ").Append(w.Column("T")).Append(",\n");
        sb.Append("         CASE WHEN calibration_days > 1 THEN CAST(calibration_micros - first_day_micros AS ").Append(w.Double).Append(") / ").Append(million)
            .Append(" / CAST(calibration_days - 1 AS ").Append(w.Double).Append(") ELSE ").Append(w.DoubleLiteral(0)).Append(" END AS monetary_value");
        if (holdout)
        {
            string duration = w.DoubleLiteral((summary.HoldoutEnd!.Value.DayNumber - summary.CalibrationEnd.DayNumber) / summary.TimeUnit.DaysPerUnit());
            sb.Append(",\n         holdout_days AS frequency_holdout,\n");
            sb.Append("         CASE WHEN holdout_days > 0 THEN CAST(holdout_micros AS ").Append(w.Double).Append(") / ").Append(million)
                .Append(" / CAST(holdout_days AS ").Append(w.Double).Append(") ELSE ").Append(w.DoubleLiteral(0)).Append(" END AS monetary_value_holdout,\n");
            sb.Append("         ").Append(duration).Append(" AS duration_holdout");
        }

        sb.Append("\n  FROM customers\n  WHERE calibration_days > 0\n)\n");

        switch (query)
        {
            case SummarySqlQuery.Summary:
                sb.Append("SELECT customer_id, frequency, recency, ").Append(w.Column("T")).Append(", monetary_value");
                if (holdout)
                {
                    sb.Append(", frequency_holdout, monetary_value_holdout, duration_holdout");
                }

                sb.Append("\nFROM summary\n");
                string digits = w.IsDigits("customer_id");
                string trimmed = Writer.TrimLeadingZeros("customer_id");
                sb.Append("ORDER BY CASE WHEN ").Append(digits).Append(" THEN 0 ELSE 1 END,\n");
                sb.Append("         CASE WHEN ").Append(digits).Append(" THEN LENGTH(").Append(trimmed).Append(") ELSE 0 END,\n");
                sb.Append("         CASE WHEN ").Append(digits).Append(" THEN ").Append(trimmed).Append(" ELSE '' END").Append(w.Ordinal).Append(",\n");
                sb.Append("         customer_id").Append(w.Ordinal);
                break;
            case SummarySqlQuery.FitTable:
                string t = w.Column("T");
                sb.Append("SELECT frequency, recency, ").Append(t).Append(", COUNT(*) AS weight\nFROM summary\n");
                sb.Append("GROUP BY frequency, recency, ").Append(t).Append("\nORDER BY frequency, recency, ").Append(t);
                break;
            case SummarySqlQuery.SpendFitTable:
                sb.Append("SELECT frequency, monetary_value, COUNT(*) AS weight\nFROM summary\nWHERE frequency > 0\n");
                sb.Append("GROUP BY frequency, monetary_value\nORDER BY frequency, monetary_value");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(query), query, "Unknown summary query.");
        }

        return sb.ToString();
    }

    private static string Date(DateOnly date) => "DATE '" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";

    /// <summary>The pieces that differ between engines.</summary>
    private sealed class Writer(SqlDialect dialect)
    {
        public string Text => dialect switch { SqlDialect.DuckDb => "VARCHAR", SqlDialect.PostgreSql => "TEXT", _ => "STRING" };

        public string Double => dialect == SqlDialect.PostgreSql ? "DOUBLE PRECISION" : "DOUBLE";

        /// <summary>Binary (ordinal) string comparison for ORDER BY; DuckDB and Spark compare binary by default.</summary>
        public string Ordinal => dialect == SqlDialect.PostgreSql ? " COLLATE \"C\"" : string.Empty;

        public string Column(string name)
        {
            if (name.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The column name '{name}' contains a NUL character.", nameof(name));
            }

            return dialect == SqlDialect.Spark
                ? "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`"
                : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        }

        public string String(string value)
        {
            string escaped = value.Replace("'", "''", StringComparison.Ordinal);
            if (dialect == SqlDialect.Spark)
            {
                escaped = escaped.Replace("\\", "\\\\", StringComparison.Ordinal); // Spark string literals treat '\' as an escape
            }

            return "'" + escaped + "'";
        }

        /// <summary>A double constant: exact for every value we write (small integers, 30.4375, 365.25, 1e6, double.MaxValue).</summary>
        public string DoubleLiteral(double value) => $"CAST({value.ToString("R", CultureInfo.InvariantCulture)} AS {Double})";

        /// <summary>Round half to even, as Math.Round (PostgreSQL's ROUND of a double is rint, which rounds half to even; DuckDB's and Spark's ROUND round half away from zero).</summary>
        public string RoundHalfEven(string value) => dialect switch
        {
            SqlDialect.DuckDb => $"ROUND_EVEN({value}, 0)",
            SqlDialect.PostgreSql => $"ROUND({value})",
            _ => $"BROUND({value})",
        };

        public string DaysBetween(string from, string to) => dialect switch
        {
            SqlDialect.DuckDb => $"DATE_DIFF('day', {from}, {to})",
            SqlDialect.PostgreSql => $"({to} - {from})",
            _ => $"DATEDIFF({to}, {from})",
        };

        public string IsDigits(string column) => dialect switch
        {
            SqlDialect.DuckDb => $"REGEXP_MATCHES({column}, '^[0-9]+$')",
            SqlDialect.PostgreSql => $"{column} ~ '^[0-9]+$'",
            _ => $"{column} RLIKE '^[0-9]+$'",
        };

        public static string TrimLeadingZeros(string column) => $"REGEXP_REPLACE({column}, '^0+', '')";

        public string AliasValues(List<KeyValuePair<string, string>> pairs)
        {
            if (pairs.Count == 0)
            {
                // Every alias maps to itself: an empty map with the right columns.
                return $"SELECT CAST(NULL AS {Text}) AS alias_id, CAST(NULL AS {Text}) AS customer_id WHERE 1 = 0";
            }

            var sb = new StringBuilder();
            sb.Append(dialect == SqlDialect.Spark ? "SELECT alias_id, customer_id FROM VALUES\n    " : "SELECT alias_id, customer_id FROM (VALUES\n    ");
            for (int i = 0; i < pairs.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(",\n    ");
                }

                sb.Append('(').Append(String(pairs[i].Key)).Append(", ").Append(String(pairs[i].Value)).Append(')');
            }

            sb.Append(dialect == SqlDialect.Spark ? " AS v(alias_id, customer_id)" : ") AS v(alias_id, customer_id)");
            return sb.ToString();
        }
    }
}
