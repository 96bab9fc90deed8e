using CustomerValue.Transactions;

namespace CustomerValue.Identity;

/// <summary>One canonical customer and the alias ids folded into it.</summary>
/// <param name="CanonicalId">The customer id every alias resolves to.</param>
/// <param name="AliasIds">Its aliases in the map, in ordinal order (whether or not they occur in the log).</param>
/// <param name="Rows">Log rows that now belong to the customer: its own rows plus its aliases' rows.</param>
/// <param name="AliasRows">Of <paramref name="Rows"/>, those that were written under an alias id.</param>
/// <param name="IdsInLog">How many of the ids (the canonical id and its aliases) occur in the log; 2 or more means customers were actually merged.</param>
public sealed record IdentityMerge(string CanonicalId, IReadOnlyList<string> AliasIds, long Rows, long AliasRows, int IdsInLog);

/// <summary>What an alias map does to a log: one <see cref="IdentityMerge"/> per canonical id with aliases.</summary>
/// <remarks>Immutable.</remarks>
public sealed class IdentityMerges
{
    private IdentityMerges(IReadOnlyList<IdentityMerge> merges, long distinctIdsBefore, long customersAfter, long rows)
    {
        Merges = merges;
        DistinctIdsBefore = distinctIdsBefore;
        CustomersAfter = customersAfter;
        Rows = rows;
    }

    /// <summary>One entry per canonical id that has aliases in the map, in ordinal order of the canonical id.</summary>
    public IReadOnlyList<IdentityMerge> Merges { get; }

    /// <summary>Distinct customer ids in the log as written.</summary>
    public long DistinctIdsBefore { get; }

    /// <summary>Distinct customers once aliases are resolved.</summary>
    public long CustomersAfter { get; }

    /// <summary>Rows of the log.</summary>
    public long Rows { get; }

    /// <summary>Rows written under an alias id (and so re-attributed).</summary>
    public long AliasRows => Merges.Sum(m => m.AliasRows);

    /// <summary>Counts, for a log read with its ids as written (no alias map applied), what the map merges.</summary>
    /// <param name="aliases">The map.</param>
    /// <param name="rawLog">The log with its original ids.</param>
    public static IdentityMerges Build(AliasMap aliases, IEnumerable<Transaction> rawLog)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        ArgumentNullException.ThrowIfNull(rawLog);
        var rowsById = new Dictionary<string, long>(StringComparer.Ordinal);
        long rows = 0;
        foreach (var t in rawLog)
        {
            rows++;
            rowsById[t.CustomerId] = rowsById.GetValueOrDefault(t.CustomerId) + 1;
        }

        var after = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in rowsById.Keys)
        {
            after.Add(aliases.Resolve(id));
        }

        var merges = new List<IdentityMerge>(aliases.CanonicalIds.Count);
        foreach (var canonical in aliases.CanonicalIds)
        {
            var aliasIds = aliases.AliasesOf(canonical);
            long own = rowsById.GetValueOrDefault(canonical);
            long aliasRows = 0;
            int present = own > 0 ? 1 : 0;
            foreach (var alias in aliasIds)
            {
                if (rowsById.TryGetValue(alias, out long n))
                {
                    aliasRows += n;
                    present++;
                }
            }

            merges.Add(new IdentityMerge(canonical, aliasIds, own + aliasRows, aliasRows, present));
        }

        return new IdentityMerges(merges, rowsById.Count, after.Count, rows);
    }
}
