// duckdb-summary LOG.csv OBSERVATION_END OUT.csv
// The per-customer BTYD summary in days (same-day purchases merged: frequency = purchase days - 1, recency = last - first
// day, T = end - first day, monetary_value = mean spend of the repeat days), computed by DuckDB with one query over
// read_csv and written with COPY, ordered by customer id. Prints the customer count and sums for a cross-check.
using System.Globalization;
using DuckDB.NET.Data;

if (args.Length != 3 || !DateOnly.TryParseExact(args[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
{
    Console.Error.WriteLine("usage: duckdb-summary LOG.csv YYYY-MM-DD OUT.csv");
    return 2;
}

static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
string log = Quote(Path.GetFullPath(args[0]));
string output = Quote(Path.GetFullPath(args[2]));
string last = $"DATE '{end:yyyy-MM-dd}'";
string query = $"""
    WITH per_day AS (
        SELECT customer_id, CAST("date" AS DATE) AS day, sum(amount) AS spend
        FROM read_csv({log}, header = true)
        WHERE CAST("date" AS DATE) <= {last}
        GROUP BY ALL
    ),
    per_customer AS (
        SELECT customer_id, count(*) - 1 AS frequency, min(day) AS first_day, max(day) AS last_day,
               sum(spend) AS total, arg_min(spend, day) AS first_spend
        FROM per_day
        GROUP BY customer_id
    )
    SELECT customer_id, frequency,
           date_diff('day', first_day, last_day) AS recency,
           date_diff('day', first_day, {last}) AS T,
           CASE WHEN frequency > 0 THEN (total - first_spend) / frequency ELSE 0 END AS monetary_value
    FROM per_customer
    ORDER BY customer_id
    """;

using var connection = new DuckDBConnection("DataSource=:memory:");
connection.Open();
using (var command = connection.CreateCommand())
{
    command.CommandText = $"CREATE TEMP TABLE summary AS {query}";
    command.ExecuteNonQuery();
    command.CommandText = $"COPY summary TO {output} (HEADER, DELIMITER ',')";
    command.ExecuteNonQuery();
    command.CommandText = "SELECT count(*), sum(frequency)::BIGINT, sum(recency)::BIGINT, sum(T)::BIGINT FROM summary";
    using var reader = command.ExecuteReader();
    reader.Read();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"customers={reader.GetInt64(0)} sum_frequency={reader.GetInt64(1)} sum_recency={reader.GetInt64(2)} sum_T={reader.GetInt64(3)}"));
}

return 0;
