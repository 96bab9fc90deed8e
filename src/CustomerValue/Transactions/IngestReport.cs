namespace CustomerValue.Transactions;

/// <summary>
/// What happened to every row read: <see cref="RowsRead"/> = <see cref="Accepted"/> + <see cref="RejectedCount"/> +
/// <see cref="AfterObservationEnd"/>, always.
/// </summary>
/// <remarks>Built by <see cref="IngestReportBuilder"/>; immutable once built. Thread-safe to read.</remarks>
public sealed partial class IngestReport
{
    internal IngestReport(long accepted, long rejected, long afterEnd, IReadOnlyDictionary<RejectReason, long> byReason, IReadOnlyList<RejectedRow> details)
    {
        Accepted = accepted;
        AfterObservationEnd = afterEnd;
        RejectedCount = rejected;
        RejectedByReason = byReason;
        Rejected = details;
    }

    /// <summary>Data rows read (the header excluded).</summary>
    public long RowsRead => Accepted + RejectedCount + AfterObservationEnd;

    /// <summary>Rows that became transactions.</summary>
    public long Accepted { get; }

    /// <summary>
    /// Valid rows dated after the end of observation (the calibration end, the holdout end or the as-of date): a cut-off,
    /// not a rejection; they are left out of the summaries and counted here.
    /// </summary>
    public long AfterObservationEnd { get; }

    /// <summary>Rows rejected, for any reason.</summary>
    public long RejectedCount { get; }

    /// <summary>Rejected rows counted by reason; every reason with at least one row is present.</summary>
    public IReadOnlyDictionary<RejectReason, long> RejectedByReason { get; }

    /// <summary>The details of the first rejected rows (up to the limit given when reading; all counts stay exact).</summary>
    public IReadOnlyList<RejectedRow> Rejected { get; }

    /// <summary>True when every row was accepted.</summary>
    public bool IsClean => RejectedCount == 0;
}

/// <summary>Collects accepted and rejected rows into an <see cref="IngestReport"/>, applying a <see cref="BadRowPolicy"/>.</summary>
/// <remarks>Not thread-safe: one builder per reader.</remarks>
public sealed class IngestReportBuilder
{
    private readonly Dictionary<RejectReason, long> _byReason = [];
    private readonly List<RejectedRow> _details = [];
    private readonly int _maxDetails;
    private long _accepted;
    private long _rejected;
    private long _afterEnd;

    /// <summary>Creates a builder.</summary>
    /// <param name="policy">Fail at the first bad row, or collect them.</param>
    /// <param name="maxDetails">How many rejected rows to keep in detail (counts are always exact).</param>
    /// <param name="source">The file name used in error messages, if any.</param>
    public IngestReportBuilder(BadRowPolicy policy = BadRowPolicy.FailFast, int maxDetails = 1000, string? source = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDetails);
        Policy = policy;
        _maxDetails = maxDetails;
        SourceName = source;
    }

    /// <summary>The policy in force.</summary>
    public BadRowPolicy Policy { get; }

    /// <summary>The file name used in error messages, if any.</summary>
    public string? SourceName { get; }

    /// <summary>Counts one accepted row.</summary>
    public void Accept() => _accepted++;

    /// <summary>Counts <paramref name="rows"/> accepted rows.</summary>
    public void AcceptMany(long rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        _accepted += rows;
    }

    /// <summary>Counts <paramref name="rows"/> valid rows dated after the end of observation (left out, not rejected).</summary>
    public void AfterObservationEnd(long rows = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        _afterEnd += rows;
    }

    /// <summary>Records a rejected row; throws under <see cref="BadRowPolicy.FailFast"/>.</summary>
    /// <exception cref="TransactionLogException">The policy is fail-fast.</exception>
    public void Reject(RejectedRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (Policy == BadRowPolicy.FailFast)
        {
            throw new TransactionLogException(row, SourceName);
        }

        _rejected++;
        _byReason[row.Reason] = _byReason.GetValueOrDefault(row.Reason) + 1;
        if (_details.Count < _maxDetails)
        {
            _details.Add(row);
        }
    }

    /// <summary>The report so far.</summary>
    public IngestReport Build() =>
        new(_accepted, _rejected, _afterEnd, new Dictionary<RejectReason, long>(_byReason), _details.ToArray());
}
