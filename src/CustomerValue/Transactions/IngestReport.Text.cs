using System.Globalization;

namespace CustomerValue.Transactions;

/// <summary>A readable one-line account of an ingest.</summary>
public sealed partial class IngestReport
{
    /// <summary>
    /// The rows read, accepted and rejected, with the rejections by reason: <c>6,919 rows read: 6,919 accepted, 0 rejected</c>
    /// or <c>1,000 rows read: 997 accepted, 3 rejected (2 InvalidDate, 1 NegativeAmount)</c>.
    /// </summary>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{RowsRead:N0} rows read: {Accepted:N0} accepted, {RejectedCount:N0} rejected");
        if (RejectedCount == 0)
        {
            return text;
        }

        var reasons = RejectedByReason.OrderByDescending(r => r.Value).ThenBy(r => r.Key)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Value:N0} {r.Key}"));
        return $"{text} ({string.Join(", ", reasons)})";
    }
}
