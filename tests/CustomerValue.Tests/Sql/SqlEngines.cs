using CustomerValue.DuckDb;
using CustomerValue.Sql;
using CustomerValue.Summaries;
using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;

namespace CustomerValue.Tests.Sql;

/// <summary>A real SQL engine holding a test log in a table <c>log(customer_id, date, amount, quantity, price)</c>.</summary>
internal interface ISqlTestEngine : IDisposable
{
    SqlDialect Dialect { get; }

    CustomerSummaries Summary(string sql, SummaryOptions options);

    List<object?[]> Rows(string sql);
}

/// <summary>DuckDB in this process: the log appended into an in-memory table.</summary>
internal sealed class DuckDbTestEngine : ISqlTestEngine
{
    private readonly DuckDBConnection _connection;

    public DuckDbTestEngine(IReadOnlyList<LogRow> rows)
    {
        _connection = DuckDbSummaries.Open(new DuckDbSettings { Threads = 2 });
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE log (customer_id VARCHAR, date TIMESTAMP, amount DOUBLE, quantity DOUBLE, price DOUBLE)";
            command.ExecuteNonQuery();
        }

        using var appender = _connection.CreateAppender("log");
        foreach (var r in rows)
        {
            var row = appender.CreateRow();
            row.AppendValue(r.CustomerId).AppendValue(r.Timestamp).AppendValue(r.Amount).AppendValue(r.Quantity).AppendValue(r.Price).EndRow();
        }
    }

    public SqlDialect Dialect => SqlDialect.DuckDb;

    public CustomerSummaries Summary(string sql, SummaryOptions options)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        return DuckDbSummaries.Read(reader, options);
    }

    public List<object?[]> Rows(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        return SqlEngineRows.ReadAll(reader);
    }

    public void Dispose() => _connection.Dispose();
}

/// <summary>
/// PostgreSQL at <c>CUSTOMERVALUE_POSTGRES</c> (an Npgsql connection string; .ci/run starts a throw-away server and
/// sets it): the log copied into a temporary table of one connection, so tests never see each other's tables.
/// </summary>
internal sealed class PostgresTestEngine : ISqlTestEngine
{
    private readonly NpgsqlConnection _connection;

    private PostgresTestEngine(string connectionString, IReadOnlyList<LogRow> rows)
    {
        _connection = new NpgsqlConnection(connectionString);
        _connection.Open();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SET TIME ZONE 'UTC'; CREATE TEMP TABLE log (customer_id TEXT, date TIMESTAMP, amount DOUBLE PRECISION, quantity DOUBLE PRECISION, price DOUBLE PRECISION)";
            command.ExecuteNonQuery();
        }

        using var writer = _connection.BeginBinaryImport("COPY log (customer_id, date, amount, quantity, price) FROM STDIN (FORMAT BINARY)");
        foreach (var r in rows)
        {
            writer.StartRow();
            Write(writer, r.CustomerId, NpgsqlDbType.Text);
            Write(writer, r.Timestamp, NpgsqlDbType.Timestamp);
            Write(writer, r.Amount, NpgsqlDbType.Double);
            Write(writer, r.Quantity, NpgsqlDbType.Double);
            Write(writer, r.Price, NpgsqlDbType.Double);
        }

        writer.Complete();
    }

    public SqlDialect Dialect => SqlDialect.PostgreSql;

    /// <summary>The connection string, or null when no server is configured (then the tests pass vacuously unless CUSTOMERVALUE_REQUIRE_POSTGRES=1).</summary>
    public static string? ConnectionString()
    {
        string? value = Environment.GetEnvironmentVariable("CUSTOMERVALUE_POSTGRES");
        if (string.IsNullOrWhiteSpace(value))
        {
            // .ci/run starts PostgreSQL and sets CUSTOMERVALUE_REQUIRE_POSTGRES=1, so CI can never pass without it.
            Assert.True(Environment.GetEnvironmentVariable("CUSTOMERVALUE_REQUIRE_POSTGRES") != "1",
                "PostgreSQL is required (CUSTOMERVALUE_REQUIRE_POSTGRES=1) but CUSTOMERVALUE_POSTGRES names no server.");
            return null;
        }

        return value;
    }

    public static PostgresTestEngine? TryCreate(IReadOnlyList<LogRow> rows) =>
        ConnectionString() is { } cs ? new PostgresTestEngine(cs, rows) : null;

    public CustomerSummaries Summary(string sql, SummaryOptions options)
    {
        using var command = new NpgsqlCommand(sql, _connection);
        using var reader = command.ExecuteReader();
        return DuckDbSummaries.Read(reader, options);
    }

    public List<object?[]> Rows(string sql)
    {
        using var command = new NpgsqlCommand(sql, _connection);
        using var reader = command.ExecuteReader();
        return SqlEngineRows.ReadAll(reader);
    }

    public void Dispose() => _connection.Dispose();

    private static void Write<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            writer.Write(v, type);
        }
        else
        {
            writer.WriteNull();
        }
    }

    private static void Write(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, type);
        }
    }
}

internal static class SqlEngineRows
{
    public static List<object?[]> ReadAll(System.Data.Common.DbDataReader reader)
    {
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
