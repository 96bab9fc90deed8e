using System.Globalization;
using System.Text;
using CustomerValue.Samples;

namespace CustomerValue.Tests.Identity;

/// <summary>
/// The CDNOW sample with some customers split into two or three ids at random purchase dates, as if they had moved
/// (once or twice), and the alias map that folds them back. Ids as written: the original id and <c>id#2</c>,
/// <c>id#3</c>; the map chains <c>id#3 → id#2 → id</c>, so resolving needs transitivity.
/// </summary>
internal sealed record CdnowSplit(string Csv, string AliasCsv, int SplitCustomers)
{
    public static CdnowSplit Make(int seed, double share = 0.3)
    {
        var random = new Random(seed);
        var rows = SampleData.CdnowTransactions();
        var byCustomer = rows.GroupBy(r => r.CustomerId).ToDictionary(g => g.Key, g => g.Select(r => r.Date).Distinct().Order().ToArray());
        var cuts = new Dictionary<string, DateOnly[]>();
        foreach (var (id, days) in byCustomer)
        {
            if (days.Length < 2 || random.NextDouble() >= share)
            {
                continue;
            }

            // One or two cut dates among the purchase days after the first; rows on or after a cut get the next id.
            int pieces = days.Length >= 3 && random.NextDouble() < 0.3 ? 3 : 2;
            var candidates = days.Skip(1).OrderBy(_ => random.Next()).Take(pieces - 1).Order().ToArray();
            cuts[id] = candidates;
        }

        var csv = new StringBuilder("customer_id,date,amount\n");
        foreach (var r in rows)
        {
            string id = r.CustomerId;
            if (cuts.TryGetValue(id, out var at))
            {
                int piece = at.Count(c => r.Date >= c);
                if (piece > 0)
                {
                    id = id + "#" + (piece + 1).ToString(CultureInfo.InvariantCulture);
                }
            }

            csv.Append(CultureInfo.InvariantCulture, $"{id},{r.Date:yyyy-MM-dd},{r.Amount.ToString("R", CultureInfo.InvariantCulture)}\n");
        }

        var aliases = new StringBuilder("alias_id,customer_id\n");
        foreach (var (id, at) in cuts.OrderBy(_ => random.Next()))
        {
            aliases.Append(CultureInfo.InvariantCulture, $"{id}#2,{id}\n");
            if (at.Length == 2)
            {
                aliases.Append(CultureInfo.InvariantCulture, $"{id}#3,{id}#2\n");
            }
        }

        return new CdnowSplit(csv.ToString(), aliases.ToString(), cuts.Count);
    }

    public static string OriginalCsv()
    {
        var csv = new StringBuilder("customer_id,date,amount\n");
        foreach (var r in SampleData.CdnowTransactions())
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.CustomerId},{r.Date:yyyy-MM-dd},{r.Amount.ToString("R", CultureInfo.InvariantCulture)}\n");
        }

        return csv.ToString();
    }
}
