using System.Globalization;

namespace CustomerValue.Transactions;

/// <summary>A readable one-line account of an ingest.</summary>
public sealed partial class IngestReport
{
    /// <summary>
    /// The rows read, accepted and rejected, with the rejections by reason: <c>6,919 rows read: 6,919 accepted, 0 rejected</c>
    /// or <c>1,000 rows read: 997 accepted, 3 rejected (2 InvalidDate, 1 NegativeAmount)</c>; rows after the observation
    /// end, when there are any, are named after the rejections (<c>, 12 after the observation end</c>).
    /// </summary>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{RowsRead:N0} rows read: {Accepted:N0} accepted, {RejectedCount:N0} rejected");
        string after = AfterObservationEnd > 0 ? string.Create(CultureInfo.InvariantCulture, $", {AfterObservationEnd:N0} after the observation end") : string.Empty;
        if (RejectedCount == 0)
        {
            return text + after;
        }

        var reasons = RejectedByReason.OrderByDescending(r => r.Value).ThenBy(r => r.Key)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Value:N0} {r.Key}"));
        return $"{text} ({string.Join(", ", reasons)}){after}";
    }
}
