using System.Globalization;

namespace CustomerValue.Lifetime;

/// <summary>
/// Purchase histories over discrete opportunities (for example yearly donation campaigns), as weighted patterns of
/// frequency, recency and opportunities — the input of the BG/BB model (<see cref="BgBbModel"/>).
/// </summary>
/// <remarks>
/// <para>Row i says: <c>Weight[i]</c> customers had <c>Opportunities[i]</c> opportunities after their first purchase,
/// bought at <c>Frequency[i]</c> of them, the last one being opportunity number <c>Recency[i]</c> (0 when they never
/// bought again). So 0 ≤ x ≤ t_x ≤ n, with t_x = 0 exactly when x = 0. This is the layout of the published
/// donations data (<c>frequency,recency,periods,weights</c>). Immutable and thread-safe.</para>
/// </remarks>
public sealed class OpportunityPatterns
{
    private readonly int[] _frequency;
    private readonly int[] _recency;
    private readonly int[] _opportunities;
    private readonly double[] _weight;

    private OpportunityPatterns(int[] frequency, int[] recency, int[] opportunities, double[] weight)
    {
        _frequency = frequency;
        _recency = recency;
        _opportunities = opportunities;
        _weight = weight;
        double total = 0;
        foreach (double w in weight)
        {
            total += w;
        }

        TotalWeight = total;
    }

    /// <summary>The number of patterns (rows).</summary>
    public int Count => _weight.Length;

    /// <summary>The number of customers: the sum of the weights.</summary>
    public double TotalWeight { get; }

    /// <summary>x: repeat purchases per pattern.</summary>
    public ReadOnlySpan<int> Frequency => _frequency;

    /// <summary>t_x: the opportunity of the last repeat purchase (0 if none) per pattern.</summary>
    public ReadOnlySpan<int> Recency => _recency;

    /// <summary>n: the number of opportunities observed per pattern.</summary>
    public ReadOnlySpan<int> Opportunities => _opportunities;

    /// <summary>The number of customers (or their total weight) per pattern.</summary>
    public ReadOnlySpan<double> Weight => _weight;

    /// <summary>Builds patterns from columns, validating every row.</summary>
    /// <param name="frequency">x per row.</param>
    /// <param name="recency">t_x per row.</param>
    /// <param name="opportunities">n per row.</param>
    /// <param name="weights">Customers per row, or empty for one customer per row.</param>
    /// <exception cref="ArgumentException">Lengths differ, or a row breaks 0 ≤ x ≤ t_x ≤ n (with t_x = 0 iff x = 0) or has a negative or non-finite weight; the message names the row and field.</exception>
    public static OpportunityPatterns FromColumns(ReadOnlySpan<int> frequency, ReadOnlySpan<int> recency, ReadOnlySpan<int> opportunities, ReadOnlySpan<double> weights = default)
    {
        int n = frequency.Length;
        if (recency.Length != n || opportunities.Length != n || (!weights.IsEmpty && weights.Length != n))
        {
            throw new ArgumentException(
                $"OpportunityPatterns: every column needs one value per row ({n}); got recency {recency.Length}, opportunities {opportunities.Length}, weights {weights.Length}.");
        }

        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            w[i] = weights.IsEmpty ? 1 : weights[i];
            Validate(string.Create(CultureInfo.InvariantCulture, $"OpportunityPatterns row {i + 1}"), frequency[i], recency[i], opportunities[i], w[i]);
        }

        return new OpportunityPatterns(frequency.ToArray(), recency.ToArray(), opportunities.ToArray(), w);
    }

    /// <summary>
    /// Reads patterns from CSV with a header naming <c>frequency</c>, <c>recency</c>, <c>periods</c> (or
    /// <c>opportunities</c>, <c>n</c>) and optionally <c>weights</c> (or <c>weight</c>, <c>count</c>); case-insensitive,
    /// invariant culture.
    /// </summary>
    /// <exception cref="FormatException">A column is missing or a value is not an integer/number; the message names the line and field.</exception>
    /// <exception cref="ArgumentException">A row is inconsistent (see <see cref="FromColumns"/>).</exception>
    public static OpportunityPatterns ReadCsv(TextReader reader, string sourceName = "patterns")
    {
        ArgumentNullException.ThrowIfNull(reader);
        string header = reader.ReadLine() ?? throw new FormatException($"{sourceName}: the file is empty; expected a header frequency,recency,periods,weights.");
        var names = header.Split(',').Select(h => h.Trim().ToUpperInvariant()).ToArray();
        int Column(string field, params string[] aliases)
        {
            int index = Array.FindIndex(names, h => aliases.Contains(h));
            return index >= 0 ? index : throw new FormatException($"{sourceName}: line 1: no '{field}' column (header: {header}).");
        }

        int fi = Column("frequency", "FREQUENCY", "X");
        int ri = Column("recency", "RECENCY", "T_X");
        int ni = Column("periods", "PERIODS", "OPPORTUNITIES", "N");
        int wi = Array.FindIndex(names, h => h is "WEIGHTS" or "WEIGHT" or "COUNT");
        var f = new List<int>();
        var r = new List<int>();
        var o = new List<int>();
        var w = new List<double>();
        int line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var fields = text.Split(',');
            f.Add(ParseInt(fields, fi, "frequency"));
            r.Add(ParseInt(fields, ri, "recency"));
            o.Add(ParseInt(fields, ni, "periods"));
            w.Add(wi < 0 ? 1 : ParseDouble(fields, wi, "weights"));
        }

        return FromColumns(f.ToArray(), r.ToArray(), o.ToArray(), w.ToArray());

        int ParseInt(string[] fields, int index, string field) =>
            index < fields.Length && int.TryParse(fields[index].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
                ? v
                : throw new FormatException($"{sourceName}: line {line}: field '{field}' is not an integer.");

        double ParseDouble(string[] fields, int index, string field) =>
            index < fields.Length && double.TryParse(fields[index].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                ? v
                : throw new FormatException($"{sourceName}: line {line}: field '{field}' is not a number.");
    }

    /// <summary>Checks one pattern; <paramref name="subject"/> (for example "OpportunityPatterns row 3") starts each message.</summary>
    internal static void Validate(string subject, int frequency, int recency, int opportunities, double weight)
    {
        string Where(string field) => $"{subject}: {field}";
        if (frequency < 0)
        {
            throw new ArgumentException($"{Where("frequency")} must be >= 0, got {frequency.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (opportunities < 0)
        {
            throw new ArgumentException($"{Where("opportunities")} must be >= 0, got {opportunities.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (recency < frequency || recency > opportunities || (frequency == 0 && recency != 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{Where("recency")} must satisfy frequency <= recency <= opportunities (and be 0 when frequency is 0); got x = {frequency}, t_x = {recency}, n = {opportunities}."));
        }

        if (!(weight >= 0 && double.IsFinite(weight)))
        {
            throw new ArgumentException($"{Where("weight")} must be finite and >= 0, got {weight.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
