using System.Globalization;
using CustomerValue.Transactions;

namespace CustomerValue.Identity;

/// <summary>
/// One customer under several ids: maps every alias id (an old account, another branch or channel, a pre-move
/// address) to its canonical customer id, so that a customer who moves is one customer, not one lost and one new.
/// </summary>
/// <remarks>
/// <para>Built from <c>(alias_id, customer_id)</c> pairs. <b>Chains resolve transitively</b>: with <c>a → b</c> and
/// <c>b → c</c>, both <c>a</c> and <c>b</c> resolve to <c>c</c>. A <b>cycle</b> (<c>a → b → a</c>) is an error naming
/// its ids; so is an alias given two different customer ids. A pair mapping an id to itself (<c>c → c</c>, common
/// in master-data exports that list every id with its master) is accepted and changes nothing. Repeated identical
/// pairs are accepted. Ids compare ordinally (case-sensitive), as in the transaction readers.</para>
/// <para>Every reader applies it when given one (<see cref="TransactionCsvOptions.Aliases"/>, the CLI's
/// <c>--aliases FILE</c>): each row of an alias id counts as a row of its canonical id, before anything is
/// summarised, so summaries, segments and warnings see one customer. For an in-memory log use <see cref="Apply"/>.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class AliasMap
{
    private readonly Dictionary<string, string> _canonical;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<string, string[]> _aliasesOf;

    private AliasMap(Dictionary<string, string> canonical)
    {
        _canonical = canonical;
        _lookup = canonical.GetAlternateLookup<ReadOnlySpan<char>>();
        _aliasesOf = canonical
            .GroupBy(kv => kv.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        CanonicalIds = [.. _aliasesOf.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The map with no aliases: every id is its own customer.</summary>
    public static AliasMap Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>The number of alias ids (ids that resolve to another id).</summary>
    public int Count => _canonical.Count;

    /// <summary>The canonical ids that have at least one alias, in ordinal order.</summary>
    public IReadOnlyList<string> CanonicalIds { get; }

    /// <summary>Builds a map from <c>(alias id, customer id)</c> pairs.</summary>
    /// <param name="pairs">The pairs; ids must be non-empty.</param>
    /// <exception cref="ArgumentException">An empty id, an alias given two customer ids, or a cycle (the message names the ids).</exception>
    public static AliasMap Create(IEnumerable<(string AliasId, string CustomerId)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var entries = new List<Entry>();
        long position = 0;
        foreach (var (alias, customer) in pairs)
        {
            position++;
            if (string.IsNullOrEmpty(alias) || string.IsNullOrEmpty(customer))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Alias pair {position}: the {(string.IsNullOrEmpty(alias) ? "alias id" : "customer id")} is empty."), nameof(pairs));
            }

            entries.Add(new Entry(alias, customer, position));
        }

        return Build(entries, "pair", message => new ArgumentException(message, nameof(pairs)));
    }

    /// <summary>Reads a map from a CSV file (<c>.csv</c> or <c>.csv.gz</c>) with a header naming the columns <c>alias_id</c> and <c>customer_id</c> (any order, extra columns ignored).</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A missing column, an empty id, an alias given two customer ids, or a cycle; the message names the file, line and ids.</exception>
    public static AliasMap ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Alias file '{path}' was not found.", path);
        }

        using var reader = TransactionCsvReader.OpenText(path);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Reads a map from CSV text (see <see cref="ReadFile"/>).</summary>
    /// <param name="reader">The text; its first line is the header.</param>
    /// <param name="sourceName">A name for error messages.</param>
    /// <exception cref="FormatException">A missing column, an empty id, an alias given two customer ids, or a cycle.</exception>
    public static AliasMap Read(TextReader reader, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string where = sourceName is null ? "the alias map" : $"'{sourceName}'";
        var header = reader.ReadLine() ?? throw new FormatException($"{where} is empty: expected a header row with the columns alias_id,customer_id.");
        var names = CsvLine.Split(header.AsSpan(), ',').ConvertAll(n => n.Trim());
        int aliasCol = Column(names, "alias_id", where);
        int customerCol = Column(names, "customer_id", where);
        var entries = new List<Entry>();
        long line = 1;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var fields = CsvLine.Split(text.AsSpan(), ',');
            string alias = aliasCol < fields.Count ? fields[aliasCol].Trim() : string.Empty;
            string customer = customerCol < fields.Count ? fields[customerCol].Trim() : string.Empty;
            if (alias.Length == 0 || customer.Length == 0)
            {
                string field = alias.Length == 0 ? "alias_id" : "customer_id";
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{where} line {line}, field {field}: the id is empty."));
            }

            entries.Add(new Entry(alias, customer, line));
        }

        return Build(entries, $"{where} line", message => new FormatException(message));
    }

    /// <summary>The canonical id of <paramref name="customerId"/>: itself unless it is an alias.</summary>
    /// <param name="customerId">Any id.</param>
    public string Resolve(string customerId)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        return _canonical.TryGetValue(customerId, out var canonical) ? canonical : customerId;
    }

    /// <summary>The canonical id of <paramref name="customerId"/> without allocating: the canonical id's characters, or the input itself.</summary>
    /// <param name="customerId">Any id.</param>
    public ReadOnlySpan<char> Resolve(ReadOnlySpan<char> customerId) =>
        _canonical.Count != 0 && _lookup.TryGetValue(customerId, out var canonical) ? canonical.AsSpan() : customerId;

    /// <summary>True when <paramref name="customerId"/> is an alias of another id.</summary>
    /// <param name="customerId">Any id.</param>
    public bool IsAlias(string customerId) => _canonical.ContainsKey(customerId);

    /// <summary>The aliases that resolve to <paramref name="canonicalId"/>, in ordinal order; empty when it has none.</summary>
    /// <param name="canonicalId">A canonical id.</param>
    public IReadOnlyList<string> AliasesOf(string canonicalId) =>
        _aliasesOf.TryGetValue(canonicalId, out var aliases) ? aliases : [];

    /// <summary>The log with every alias id replaced by its canonical id (lazily; row order and everything else kept).</summary>
    /// <param name="transactions">The log.</param>
    public IEnumerable<Transaction> Apply(IEnumerable<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        return Count == 0 ? transactions : Map(transactions);

        IEnumerable<Transaction> Map(IEnumerable<Transaction> source)
        {
            foreach (var t in source)
            {
                yield return _canonical.TryGetValue(t.CustomerId, out var canonical) ? t with { CustomerId = canonical } : t;
            }
        }
    }

    private static int Column(List<string> names, string column, string where)
    {
        int i = names.FindIndex(n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
        return i >= 0 ? i : throw new FormatException($"{where}: the header has no column '{column}' (columns: {string.Join(", ", names)}); an alias map has the columns alias_id,customer_id.");
    }

    private static AliasMap Build(List<Entry> entries, string positionName, Func<string, Exception> error)
    {
        // Direct edges, checking that no alias has two targets.
        var parent = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (string.Equals(e.Alias, e.Customer, StringComparison.Ordinal))
            {
                continue;
            }

            if (parent.TryGetValue(e.Alias, out var earlier))
            {
                if (!string.Equals(earlier.Customer, e.Customer, StringComparison.Ordinal))
                {
                    throw error(string.Create(CultureInfo.InvariantCulture, $"{positionName} {e.Position}: the alias '{e.Alias}' is given two customer ids, '{earlier.Customer}' ({positionName} {earlier.Position}) and '{e.Customer}'."));
                }

                continue;
            }

            parent.Add(e.Alias, e);
        }

        // Follow each chain to its end, remembering resolved ids; a chain that returns to an id on itself is a cycle.
        var canonical = new Dictionary<string, string>(parent.Count, StringComparer.Ordinal);
        var path = new List<string>();
        var onPath = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in parent.Keys)
        {
            if (canonical.ContainsKey(start))
            {
                continue;
            }

            path.Clear();
            onPath.Clear();
            string id = start;
            string root;
            while (true)
            {
                if (canonical.TryGetValue(id, out var known))
                {
                    root = known;
                    break;
                }

                if (!parent.TryGetValue(id, out var edge))
                {
                    root = id;
                    break;
                }

                if (!onPath.Add(id))
                {
                    int from = path.IndexOf(id);
                    var cycle = path.Skip(from).Append(id).ToList();
                    var lines = path.Skip(from).Select(a => parent[a].Position.ToString(CultureInfo.InvariantCulture));
                    throw error($"the aliases form a cycle, so no id is the customer: {string.Join(" -> ", cycle.Select(c => $"'{c}'"))} ({positionName}s {string.Join(", ", lines)}).");
                }

                path.Add(id);
                id = edge.Customer;
            }

            foreach (var alias in path)
            {
                canonical[alias] = root;
            }
        }

        return new AliasMap(canonical);
    }

    private readonly record struct Entry(string Alias, string Customer, long Position);
}
