using System.Globalization;
using System.IO.Compression;
using CustomerValue.Identity;
using CustomerValue.Samples;
using CustomerValue.Sql;
using CustomerValue.Summaries;
using CustomerValue.Transactions;

namespace CustomerValue.Tests.Sql;

/// <summary>One raw row as an engine stores it: any field may be missing (NULL).</summary>
internal readonly record struct LogRow(string? CustomerId, DateTime? Timestamp, double? Amount, double? Quantity = null, double? Price = null);

/// <summary>A log loaded into the engines, with the options to summarise it and the amount expression it uses.</summary>
internal sealed record SqlTestLog(string Name, IReadOnlyList<LogRow> Rows, bool QuantityTimesPrice)
{
    public SummarySqlOptions Options(SummaryOptions summary, bool allowReturns = false, AliasMap? aliases = null) =>
        QuantityTimesPrice
            ? new SummarySqlOptions(summary) { AmountColumn = null, QuantityColumn = "quantity", PriceColumn = "price", AllowReturns = allowReturns, Aliases = aliases }
            : new SummarySqlOptions(summary) { AllowReturns = allowReturns, Aliases = aliases };

    /// <summary>
    /// The reference: our accumulator fed the rows our reader accepts (id present and non-empty, date present, amount
    /// present and finite, not negative unless returns are allowed, not after the observation end), with aliases
    /// resolved by following the map here.
    /// </summary>
    public CustomerSummaries Expected(SummaryOptions summary, bool allowReturns = false, IReadOnlyDictionary<string, string>? aliases = null)
    {
        var accumulator = new SummaryAccumulator(summary);
        foreach (var row in Rows)
        {
            double? amount = QuantityTimesPrice ? row.Quantity * row.Price : row.Amount;
            if (string.IsNullOrEmpty(row.CustomerId) || row.Timestamp is null || amount is not { } a || !double.IsFinite(a)
                || (a < 0 && !allowReturns) || DateOnly.FromDateTime(row.Timestamp.Value) > summary.ObservationEnd)
            {
                continue;
            }

            string id = row.CustomerId;
            while (aliases is not null && aliases.TryGetValue(id, out var next))
            {
                id = next;
            }

            accumulator.Add(id, DateOnly.FromDateTime(row.Timestamp.Value), a);
        }

        return accumulator.ToSummaries();
    }
}

/// <summary>The logs the SQL is checked on: CDNOW, Online Retail and a synthetic log with every awkward case.</summary>
internal static class SqlTestLogs
{
    private static readonly Lazy<SqlTestLog> CdnowLog = new(() => new SqlTestLog(
        "cdnow", [.. SampleData.CdnowTransactions().Select(t => new LogRow(t.CustomerId, t.Timestamp, t.Amount))], false));

    private static readonly Lazy<SqlTestLog> OnlineRetailLog = new(ReadOnlineRetail);

    private static readonly Lazy<SqlTestLog> SyntheticLog = new(() => Synthetic(20260101));

    public static SqlTestLog Cdnow => CdnowLog.Value;

    public static SqlTestLog OnlineRetail => OnlineRetailLog.Value;

    public static SqlTestLog SyntheticRows => SyntheticLog.Value;

    public static SqlTestLog ByName(string name) => name switch
    {
        "cdnow" => Cdnow,
        "online_retail" => OnlineRetail,
        "synthetic" => SyntheticRows,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>The windows each log is summarised over.</summary>
    public static SummaryOptions Window(string name, TimeUnit unit, bool holdout) => name switch
    {
        "cdnow" => new SummaryOptions(SampleData.CdnowCalibrationEnd, unit, holdout ? SampleData.CdnowHoldoutEnd : null),
        "online_retail" => new SummaryOptions(new DateOnly(2011, 9, 30), unit, holdout ? new DateOnly(2011, 12, 9) : null),
        _ => new SummaryOptions(new DateOnly(2021, 6, 30), unit, holdout ? new DateOnly(2021, 12, 31) : null),
    };

    /// <summary>
    /// UCI Online Retail, raw: <c>InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country</c>;
    /// the 135,080 rows without a CustomerID become NULL ids, cancellations keep their negative quantities.
    /// </summary>
    private static SqlTestLog ReadOnlineRetail()
    {
        using var stream = new GZipStream(File.OpenRead(TestFiles.Path("online_retail.csv.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        _ = reader.ReadLine();
        var rows = new List<LogRow>(541_909);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var f = CsvLine.Split(line.AsSpan(), ',');
            string id = f[6].Trim('"');
            rows.Add(new LogRow(
                id.Length == 0 || id == "NA" ? null : id,
                DateTime.ParseExact(f[4], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                null,
                double.Parse(f[3], CultureInfo.InvariantCulture),
                double.Parse(f[5], CultureInfo.InvariantCulture)));
        }

        return new SqlTestLog("online_retail", rows, true);
    }

    /// <summary>
    /// A seeded log of 3,000 customers over 2020-2022 with the cases that break naive SQL: ids with leading zeros
    /// beside the same number without them, non-numeric and non-ASCII ids, same-day purchases, amounts with more than
    /// six decimals, returns, NaN and infinite amounts, missing fields, rows after the observation end, customers
    /// first seen in the holdout.
    /// </summary>
    public static SqlTestLog Synthetic(int seed)
    {
        var random = new Random(seed);
        var rows = new List<LogRow>();
        var start = new DateTime(2020, 1, 1);
        string[] prefixes = ["", "0", "00", "C-", "c-", "é", "Z", "a b", "x'y"];
        for (int c = 0; c < 3000; c++)
        {
            string id = prefixes[random.Next(prefixes.Length)] + random.Next(0, 1000).ToString(CultureInfo.InvariantCulture);
            int first = random.Next(0, 800);
            int purchases = 1 + (int)(-Math.Log(1 - random.NextDouble()) * 4);
            int day = first;
            for (int p = 0; p < purchases && day < 900; p++)
            {
                double amount = random.Next(10) switch
                {
                    0 => Math.Round(random.NextDouble() * 100, 7),
                    1 => -Math.Round(random.NextDouble() * 30, 2),
                    2 => random.Next(1, 50),
                    _ => Math.Round(random.NextDouble() * 200, 2),
                };
                var timestamp = start.AddDays(day).AddMinutes(random.Next(0, 1440));
                rows.Add(new LogRow(id, timestamp, amount));
                if (random.Next(4) == 0)
                {
                    rows.Add(new LogRow(id, timestamp.Date.AddHours(random.Next(24)), Math.Round(random.NextDouble() * 50, 2)));
                }

                day += 1 + (int)(-Math.Log(1 - random.NextDouble()) * 60);
            }
        }

        rows.Add(new LogRow(null, start.AddDays(3), 10));
        rows.Add(new LogRow("", start.AddDays(4), 10));
        rows.Add(new LogRow("777", null, 10));
        rows.Add(new LogRow("777", start.AddDays(5), null));
        rows.Add(new LogRow("777", start.AddDays(6), double.NaN));
        rows.Add(new LogRow("777", start.AddDays(7), double.PositiveInfinity));
        rows.Add(new LogRow("777", start.AddDays(8), double.NegativeInfinity));
        rows.Add(new LogRow("777", start.AddDays(9), 12.5));
        rows.Add(new LogRow("888", new DateTime(2022, 1, 5), 99));
        rows.Add(new LogRow("999", new DateTime(2021, 8, 1), 40));
        rows.Add(new LogRow("999", new DateTime(2021, 9, 1), 41));
        return new SqlTestLog("synthetic", rows, false);
    }
}
