namespace CustomerValue.DuckDb;

/// <summary>How DuckDB may use the machine: memory before it spills to disk, where it spills, and threads. Immutable.</summary>
public sealed record DuckDbSettings
{
    /// <summary>The memory DuckDB may use before spilling to <see cref="TemporaryDirectory"/>; null for DuckDB's default (80% of RAM).</summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>The folder DuckDB spills to; null for DuckDB's default.</summary>
    public string? TemporaryDirectory { get; init; }

    /// <summary>Worker threads; null for every core.</summary>
    public int? Threads { get; init; }
}
