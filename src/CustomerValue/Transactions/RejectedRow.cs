namespace CustomerValue.Transactions;

/// <summary>Why a row of a transaction log was rejected.</summary>
public enum RejectReason
{
    /// <summary>The row has fewer fields than the header names, or a required field is empty.</summary>
    MissingField,

    /// <summary>The date field is not an ISO date (<c>YYYY-MM-DD</c>) or date-time.</summary>
    UnparsableDate,

    /// <summary>The amount field is not a number in invariant culture.</summary>
    UnparsableAmount,

    /// <summary>The amount is NaN or infinite.</summary>
    NonFiniteAmount,

    /// <summary>The amount is negative and returns are not allowed.</summary>
    NegativeAmount,

    /// <summary>
    /// Not produced by the readers any more: a purchase after the end of the observation window is a cut-off, counted in
    /// <see cref="IngestReport.AfterObservationEnd"/>, not a rejection. Kept so that existing code compiles.
    /// </summary>
    AfterObservationEnd,

    /// <summary>A quoted field is not closed on its line.</summary>
    MalformedQuotes,

    /// <summary>The row has more fields than the header (for example a decimal comma in a comma-separated file).</summary>
    ExtraFields,

    /// <summary>The amount, or quantity × price, is beyond what the summaries add exactly (±9.2e12).</summary>
    AmountOutOfRange,

    /// <summary>The row holds bytes that are not valid UTF-8 (name the file's encoding if it is not UTF-8).</summary>
    InvalidText,

    /// <summary>The record is longer than the longest one accepted (<see cref="TransactionCsvOptions.MaxRecordBytes"/>).</summary>
    RecordTooLong,
}

/// <summary>A row that was not accepted, with enough detail to find and fix it.</summary>
/// <param name="LineNumber">The 1-based line number in the file (the header is line 1), or the 1-based position in an in-memory sequence.</param>
/// <param name="Field">The name of the offending field (a column name, or <c>customer_id</c>, <c>date</c>, <c>amount</c> for in-memory data).</param>
/// <param name="Reason">The reason code.</param>
/// <param name="Message">A sentence for a person: what was found and what was expected.</param>
public sealed record RejectedRow(long LineNumber, string Field, RejectReason Reason, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"line {LineNumber}, field '{Field}': {Message}";
}

/// <summary>What to do with a bad row.</summary>
public enum BadRowPolicy
{
    /// <summary>Throw a <see cref="TransactionLogException"/> at the first bad row.</summary>
    FailFast,

    /// <summary>Skip bad rows, count every one by reason, and keep their details (up to a limit) in the <see cref="IngestReport"/>.</summary>
    CollectAndReport,
}

/// <summary>Thrown when a transaction log has a bad row and the policy is <see cref="BadRowPolicy.FailFast"/>.</summary>
public sealed class TransactionLogException : FormatException
{
    /// <summary>Creates the exception for one rejected row.</summary>
    public TransactionLogException(RejectedRow row, string? source = null)
        : base((source is null ? string.Empty : source + ": ") + (row ?? throw new ArgumentNullException(nameof(row))).ToString())
    {
        Row = row;
        Source = source;
    }

    /// <summary>The rejected row.</summary>
    public RejectedRow Row { get; }

    /// <summary>The file or stream the row came from, when known.</summary>
    public new string? Source { get; }
}
