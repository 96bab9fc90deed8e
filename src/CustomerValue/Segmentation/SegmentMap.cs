using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CustomerValue.Segmentation;

/// <summary>How the rules of a segment map are read.</summary>
public enum SegmentEvaluation
{
    /// <summary>The rules partition the score cube: every cell matches exactly one rule (checked when the map is built).</summary>
    Partition,

    /// <summary>The rules are tried in order and the first match wins; cells no rule matches go to the fallback segment.</summary>
    FirstMatch,
}

/// <summary>
/// A segment map defined by rules over score ranges, compiled to a lookup table over every cell of the
/// 1..n × 1..n × 1..n score cube.
/// </summary>
/// <remarks>
/// <para><b>Validation.</b> A <see cref="SegmentEvaluation.Partition"/> map must cover every cell exactly once: an
/// overlap or a gap is an error naming the cell and the rules. A <see cref="SegmentEvaluation.FirstMatch"/> map may
/// overlap (the order decides) but must name a fallback segment unless its rules cover every cell; segments that no
/// cell reaches are listed in <see cref="UnreachableSegments"/>.</para>
/// <para><b>Presets.</b> <see cref="RecencyFrequencyGrid"/> (the default) and <see cref="ClassicRfm"/>; see
/// <c>docs/segmentation.md</c> for their tables. Maps can also be loaded from JSON (<see cref="FromJson"/>).</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class SegmentMap : ISegmentMap
{
    private const int ParallelThreshold = 1 << 18;
    private const int ChunkSize = 1 << 16;
    private readonly byte[] _table;
    private readonly string[] _segments;
    private readonly SegmentRule[] _rules;
    private readonly string[] _unreachable;

    private SegmentMap(string name, int bins, SegmentEvaluation evaluation, SegmentRule[] rules, string? fallback, string[] segments, byte[] table, string[] unreachable)
    {
        Name = name;
        Bins = bins;
        Evaluation = evaluation;
        _rules = rules;
        Fallback = fallback;
        _segments = segments;
        _table = table;
        _unreachable = unreachable;
    }

    /// <summary>
    /// The default map: the 10-segment recency × frequency grid on 5 bins (monetary ignored), a partition of the 25
    /// (R, F) cells — champions, loyal, potential_loyalists, new, promising, need_attention, about_to_sleep, at_risk,
    /// cant_lose, hibernating.
    /// </summary>
    public static SegmentMap RecencyFrequencyGrid { get; } = Create("recency-frequency grid", 5, SegmentEvaluation.Partition, [
        Rule("champions", 5, 5, 4, 5),
        Rule("loyal", 3, 4, 4, 5),
        Rule("potential_loyalists", 4, 5, 2, 3),
        Rule("new", 5, 5, 1, 1),
        Rule("promising", 4, 4, 1, 1),
        Rule("need_attention", 3, 3, 3, 3),
        Rule("about_to_sleep", 3, 3, 1, 2),
        Rule("at_risk", 1, 2, 3, 4),
        Rule("cant_lose", 1, 2, 5, 5),
        Rule("hibernating", 1, 2, 1, 2),
    ]);

    /// <summary>
    /// The classic 11-segment R/F/M table on 5 bins, evaluated first-match in this order (specific boxes before the
    /// broad ones that contain them): champions, cant_lose, new, promising, loyal, potential_loyalists,
    /// need_attention, about_to_sleep, at_risk, hibernating, lost; unmatched cells are "other". The published table
    /// gives hibernating and lost the same box (R, F, M all 1-2), so lost is unreachable (see
    /// <see cref="UnreachableSegments"/>); it is kept for fidelity to the table.
    /// </summary>
    public static SegmentMap ClassicRfm { get; } = Create("classic RFM table", 5, SegmentEvaluation.FirstMatch, [
        Rule("champions", 4, 5, 4, 5, 4, 5),
        Rule("cant_lose", 1, 1, 4, 5, 4, 5),
        Rule("new", 4, 5, 1, 1, 1, 1),
        Rule("promising", 3, 4, 1, 1, 1, 1),
        Rule("loyal", 2, 5, 3, 5, 3, 5),
        Rule("potential_loyalists", 3, 5, 1, 3, 1, 3),
        Rule("need_attention", 2, 3, 2, 3, 2, 3),
        Rule("about_to_sleep", 2, 3, 1, 2, 1, 2),
        Rule("at_risk", 1, 2, 2, 5, 2, 5),
        Rule("hibernating", 1, 2, 1, 2, 1, 2),
        Rule("lost", 1, 2, 1, 2, 1, 2),
    ], "other");

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public int Bins { get; }

    /// <summary>Partition or first-match.</summary>
    public SegmentEvaluation Evaluation { get; }

    /// <summary>The rules, in evaluation order.</summary>
    public IReadOnlyList<SegmentRule> Rules => _rules;

    /// <summary>The fallback segment of a first-match map, or null.</summary>
    public string? Fallback { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Segments => _segments;

    /// <summary>Segments no cell reaches (earlier rules take all their cells); empty for a partition.</summary>
    public IReadOnlyList<string> UnreachableSegments => _unreachable;

    /// <summary>Builds and validates a map.</summary>
    /// <param name="name">A name for messages and outputs.</param>
    /// <param name="bins">The score scale 1..n, 2..9.</param>
    /// <param name="evaluation">Partition or first-match.</param>
    /// <param name="rules">The rules, in evaluation order.</param>
    /// <param name="fallback">The segment of unmatched cells (first-match only).</param>
    /// <exception cref="ArgumentException">A partition overlaps or leaves a gap; a first-match map has gaps and no
    /// fallback; a partition has a fallback; a rule never fits the scale; more than 255 segments. The message names the map, cell and rules.</exception>
    public static SegmentMap Create(string name, int bins, SegmentEvaluation evaluation, IEnumerable<SegmentRule> rules, string? fallback = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(rules);
        if (bins is < 2 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, $"Segment map '{name}': bins must be between 2 and 9.");
        }

        if (!Enum.IsDefined(evaluation))
        {
            throw new ArgumentOutOfRangeException(nameof(evaluation), evaluation, $"Segment map '{name}': unknown evaluation.");
        }

        var ruleArray = rules.ToArray();
        if (ruleArray.Length == 0)
        {
            throw new ArgumentException($"Segment map '{name}': at least one rule is needed.", nameof(rules));
        }

        var segments = new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in ruleArray)
        {
            ArgumentNullException.ThrowIfNull(rule, nameof(rules));
            if (rule.Recency.Min > bins || rule.Frequency.Min > bins || rule.Monetary.Min > bins)
            {
                throw new ArgumentException($"Segment map '{name}': rule '{rule}' starts above the {bins}-bin scale and can never match.", nameof(rules));
            }

            if (ids.TryAdd(rule.Segment, segments.Count))
            {
                segments.Add(rule.Segment);
            }
        }

        if (evaluation == SegmentEvaluation.Partition && fallback is not null)
        {
            throw new ArgumentException($"Segment map '{name}': a partition has no fallback segment (every cell must be covered by exactly one rule); use first-match evaluation for a fallback.", nameof(fallback));
        }

        int fallbackId = -1;
        if (fallback is not null)
        {
            SegmentRule.CheckName(fallback, $"Segment map '{name}'");
            if (!ids.TryAdd(fallback, segments.Count))
            {
                throw new ArgumentException($"Segment map '{name}': the fallback '{fallback}' is also the name of a rule's segment.", nameof(fallback));
            }

            fallbackId = segments.Count;
            segments.Add(fallback);
        }

        if (segments.Count > 255)
        {
            throw new ArgumentException($"Segment map '{name}': at most 255 segments, got {segments.Count}.", nameof(rules));
        }

        var table = new byte[bins * bins * bins];
        var reached = new bool[segments.Count];
        for (int r = 1; r <= bins; r++)
        {
            for (int f = 1; f <= bins; f++)
            {
                for (int m = 1; m <= bins; m++)
                {
                    var score = new RfmScore((byte)r, (byte)f, (byte)m);
                    int match = -1;
                    for (int k = 0; k < ruleArray.Length; k++)
                    {
                        if (!ruleArray[k].Matches(score))
                        {
                            continue;
                        }

                        if (match < 0)
                        {
                            match = k;
                            if (evaluation == SegmentEvaluation.FirstMatch)
                            {
                                break;
                            }
                        }
                        else
                        {
                            throw new ArgumentException($"Segment map '{name}': cell R={r} F={f} M={m} is matched by both '{ruleArray[match]}' and '{ruleArray[k]}'; a partition needs exactly one rule per cell (or use first-match evaluation).", nameof(rules));
                        }
                    }

                    int id = match >= 0 ? ids[ruleArray[match].Segment] : fallbackId;
                    if (id < 0)
                    {
                        throw new ArgumentException($"Segment map '{name}': cell R={r} F={f} M={m} is matched by no rule; cover it{(evaluation == SegmentEvaluation.FirstMatch ? " or name a fallback segment" : string.Empty)}.", nameof(rules));
                    }

                    table[Cell(bins, r, f, m)] = (byte)id;
                    reached[id] = true;
                }
            }
        }

        var unreachable = segments.Where((s, i) => !reached[i] && i != fallbackId).ToArray();
        return new SegmentMap(name, bins, evaluation, ruleArray, fallback, [.. segments], table, unreachable);
    }

    /// <summary>
    /// Loads a map from JSON: <c>{"name": "…", "bins": 5, "evaluation": "partition" | "first-match",
    /// "fallback": "other", "segments": [{"name": "champions", "recency": [4, 5], "frequency": 5}, …]}</c>.
    /// A dimension is a score, a <c>[min, max]</c> pair, or omitted for any score; <c>bins</c> defaults to 5,
    /// <c>evaluation</c> to partition (first-match when a fallback is given).
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    /// <exception cref="ArgumentException">A field is missing or invalid, or the map fails validation (see <see cref="Create"/>).</exception>
    public static SegmentMap FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("Segment map JSON: the root must be an object with \"segments\".");
        }

        string name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "custom";
        int bins = root.TryGetProperty("bins", out var b) ? ReadInt(b, $"Segment map '{name}': \"bins\"") : 5;
        string? fallback = root.TryGetProperty("fallback", out var fb) && fb.ValueKind != JsonValueKind.Null
            ? (fb.ValueKind == JsonValueKind.String ? fb.GetString() : throw new ArgumentException($"Segment map '{name}': \"fallback\" must be a string."))
            : null;
        var evaluation = fallback is null ? SegmentEvaluation.Partition : SegmentEvaluation.FirstMatch;
        if (root.TryGetProperty("evaluation", out var ev))
        {
            evaluation = ev.ValueKind == JsonValueKind.String ? ev.GetString() switch
            {
                "partition" => SegmentEvaluation.Partition,
                "first-match" => SegmentEvaluation.FirstMatch,
                var other => throw new ArgumentException($"Segment map '{name}': \"evaluation\" must be \"partition\" or \"first-match\", got \"{other}\"."),
            } : throw new ArgumentException($"Segment map '{name}': \"evaluation\" must be a string.");
        }

        if (!root.TryGetProperty("segments", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException($"Segment map '{name}': \"segments\" must be an array of rules.");
        }

        var rules = new List<SegmentRule>();
        int index = 0;
        foreach (var item in list.EnumerateArray())
        {
            index++;
            string where = string.Create(CultureInfo.InvariantCulture, $"Segment map '{name}', rule {index}");
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("name", out var sn) || sn.ValueKind != JsonValueKind.String)
            {
                throw new ArgumentException($"{where}: each rule must be an object with a string \"name\".");
            }

            rules.Add(SegmentRule.Create(
                sn.GetString()!,
                ReadRange(item, "recency", where),
                ReadRange(item, "frequency", where),
                ReadRange(item, "monetary", where)));
        }

        return Create(name, bins, evaluation, rules, fallback);
    }

    /// <summary>Loads a map from a JSON file (see <see cref="FromJson"/>).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SegmentMap LoadJson(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FromJson(File.ReadAllText(path));
    }

    /// <summary>Writes the map as JSON in the format <see cref="FromJson"/> reads.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("name", Name);
            w.WriteNumber("bins", Bins);
            w.WriteString("evaluation", Evaluation == SegmentEvaluation.Partition ? "partition" : "first-match");
            if (Fallback is not null)
            {
                w.WriteString("fallback", Fallback);
            }

            w.WriteStartArray("segments");
            foreach (var rule in _rules)
            {
                w.WriteStartObject();
                w.WriteString("name", rule.Segment);
                WriteRange(w, "recency", rule.Recency);
                WriteRange(w, "frequency", rule.Frequency);
                WriteRange(w, "monetary", rule.Monetary);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <inheritdoc/>
    public int SegmentOf(RfmScore score)
    {
        CheckScore(score.Recency, "recency");
        CheckScore(score.Frequency, "frequency");
        CheckScore(score.Monetary, "monetary");
        return _table[Cell(Bins, score.Recency, score.Frequency, score.Monetary)];
    }

    /// <summary>The segment name of one combination of scores.</summary>
    public string SegmentNameOf(RfmScore score) => _segments[SegmentOf(score)];

    /// <inheritdoc/>
    public unsafe void Assign(ReadOnlySpan<byte> recency, ReadOnlySpan<byte> frequency, ReadOnlySpan<byte> monetary, Span<byte> segments)
    {
        int n = recency.Length;
        if (frequency.Length != n || monetary.Length != n || segments.Length != n)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Segment map '{Name}': every column must have {n} rows; got frequency {frequency.Length}, monetary {monetary.Length}, destination {segments.Length}."));
        }

        if (n < ParallelThreshold)
        {
            AssignChunk(recency, frequency, monetary, segments, 0);
            return;
        }

        fixed (byte* pr = recency, pf = frequency, pm = monetary, ps = segments)
        {
            nint ar = (nint)pr, af = (nint)pf, am = (nint)pm, asg = (nint)ps;
            int chunks = (n + ChunkSize - 1) / ChunkSize;
            try
            {
                Parallel.For(0, chunks, c =>
                {
                    int start = c * ChunkSize;
                    int length = Math.Min(ChunkSize, n - start);
                    AssignChunk(
                        new ReadOnlySpan<byte>((void*)(ar + start), length),
                        new ReadOnlySpan<byte>((void*)(af + start), length),
                        new ReadOnlySpan<byte>((void*)(am + start), length),
                        new Span<byte>((void*)(asg + start), length),
                        start);
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0 && e.InnerExceptions[0] is ArgumentException)
            {
                // Surface one bad row as the ArgumentException callers expect, not an AggregateException.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions.OrderBy(x => x.Message, StringComparer.Ordinal).First());
            }
        }
    }

    /// <inheritdoc/>
    /// <example>
    /// <code>
    /// RfmScores scores = new RfmScorer().Score(RfmInput.FromSummaries(summaries, asOf));
    /// SegmentAssignments segments = SegmentMap.RecencyFrequencyGrid.Assign(scores);   // champions, loyal, ..., hibernating
    /// </code>
    /// </example>
    public SegmentAssignments Assign(RfmScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Bins != Bins)
        {
            throw new ArgumentException($"Segment map '{Name}' is defined on {Bins} bins; the scores have {scores.Bins}.", nameof(scores));
        }

        var ids = new byte[scores.Count];
        Assign(scores.Recency, scores.Frequency, scores.Monetary, ids);
        return new SegmentAssignments(this, scores.CustomerIds, ids);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({_segments.Length} segments on {Bins} bins, {(Evaluation == SegmentEvaluation.Partition ? "partition" : "first match")})";

    private static int Cell(int bins, int r, int f, int m) => (((r - 1) * bins) + (f - 1)) * bins + (m - 1);

    private static SegmentRule Rule(string name, int rMin, int rMax, int fMin, int fMax) =>
        SegmentRule.Create(name, ScoreRange.Of(rMin, rMax), ScoreRange.Of(fMin, fMax));

    private static SegmentRule Rule(string name, int rMin, int rMax, int fMin, int fMax, int mMin, int mMax) =>
        SegmentRule.Create(name, ScoreRange.Of(rMin, rMax), ScoreRange.Of(fMin, fMax), ScoreRange.Of(mMin, mMax));

    private static int ReadInt(JsonElement e, string what)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int v))
        {
            throw new ArgumentException($"{what} must be a whole number, got {e.GetRawText()}.");
        }

        return v;
    }

    private static ScoreRange ReadRange(JsonElement rule, string field, string where)
    {
        if (!rule.TryGetProperty(field, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return ScoreRange.Any;
        }

        try
        {
            if (e.ValueKind == JsonValueKind.Number)
            {
                return ScoreRange.Exactly(ReadInt(e, $"{where}: \"{field}\""));
            }

            if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 2)
            {
                return ScoreRange.Of(ReadInt(e[0], $"{where}: \"{field}\""), ReadInt(e[1], $"{where}: \"{field}\""));
            }
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ArgumentException($"{where}: \"{field}\": {ex.Message}", ex);
        }

        throw new ArgumentException($"{where}: \"{field}\" must be a score or a [min, max] pair, got {e.GetRawText()}.");
    }

    private static void WriteRange(Utf8JsonWriter w, string field, ScoreRange range)
    {
        if (range == ScoreRange.Any)
        {
            return;
        }

        w.WriteStartArray(field);
        w.WriteNumberValue(range.Min);
        w.WriteNumberValue(range.Max);
        w.WriteEndArray();
    }

    private void CheckScore(int score, string field)
    {
        if (score < 1 || score > Bins)
        {
            throw new ArgumentOutOfRangeException(field, score, string.Create(CultureInfo.InvariantCulture, $"Segment map '{Name}': the {field} score must be between 1 and {Bins}, got {score}."));
        }
    }

    private void AssignChunk(ReadOnlySpan<byte> recency, ReadOnlySpan<byte> frequency, ReadOnlySpan<byte> monetary, Span<byte> segments, int offset)
    {
        int bins = Bins;
        uint limit = (uint)bins - 1;
        var table = _table;
        for (int i = 0; i < recency.Length; i++)
        {
            uint r = recency[i] - 1u, f = frequency[i] - 1u, m = monetary[i] - 1u;
            if (r > limit || f > limit || m > limit)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Segment map '{Name}', row {offset + i + 1}: scores R={recency[i]} F={frequency[i]} M={monetary[i]} must each be between 1 and {bins}."));
            }

            segments[i] = table[(int)((((r * (uint)bins) + f) * (uint)bins) + m)];
        }
    }
}
