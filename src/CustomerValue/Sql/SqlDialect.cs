namespace CustomerValue.Sql;

/// <summary>The SQL engines <see cref="SummarySql"/> writes for.</summary>
public enum SqlDialect
{
    /// <summary>DuckDB (1.x): in-process, reads CSV and Parquet files, folders, globs and hive-partitioned lakes directly.</summary>
    DuckDb,

    /// <summary>PostgreSQL (12 or later).</summary>
    PostgreSql,

    /// <summary>Spark SQL (3.x; also Databricks SQL). Written to the documented syntax; not run in our CI.</summary>
    Spark,
}
