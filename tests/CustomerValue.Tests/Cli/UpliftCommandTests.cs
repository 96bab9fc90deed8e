using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using CustomerValue.Samples;
using CustomerValue.Transactions;

namespace CustomerValue.Tests.Cli;

/// <summary>
/// <c>customer-value uplift</c>: the per-group file recounts from the raw rows, the worked examples of
/// docs/value-over-time.md hold, and the group file goes through the alias map.
/// </summary>
public sealed class UpliftCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-uplift-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Cdnow_odd_and_even_ids_recount_from_the_rows_and_match_the_docs()
    {
        // docs/value-over-time.md: odd ids "mailing", even ids control — an A/A split, no campaign.
        string groups = Path.Combine(_dir, "g.csv"), output = Path.Combine(_dir, "u.csv"), stats = Path.Combine(_dir, "u.json");
        File.WriteAllLines(groups, ["customer_id,group", .. Enumerable.Range(1, 2357).Select(i => $"{i},{(i % 2 == 1 ? "mailing" : "control")}")]);
        var (code, _, error) = SummarizeCommandTests.Run("uplift", "--sample", "--groups", groups, "--from", "1998-01-01", "--to", "1998-06-30", "--output", output, "--stats", stats, "--cost-per-customer", "0.5", "--margin", "0.3");
        Assert.Equal(0, code);
        Assert.Contains("uplift: 6,919 rows; 2,357 customers in 2 groups (control 1,178, mailing 1,179); window 1998-01-01..1998-06-30 (181 days), 95% intervals; mailing vs control: retention +0.1 pts [-3.3 pts, +3.4 pts], spend per customer 1.22 [-3.37, 5.81], incremental revenue 1,438.74", error, StringComparison.Ordinal);
        Assert.Contains("balanced in 1997-07-04..1997-12-31 (every interval there holds 0)", error, StringComparison.Ordinal);

        // The recount from the raw rows: buyers, purchase days and spend per group in the window.
        var ci = CultureInfo.InvariantCulture;
        var window = SampleData.CdnowTransactions().Where(t => t.Date >= new DateOnly(1998, 1, 1) && t.Date <= new DateOnly(1998, 6, 30)).ToArray();
        string GroupOf(string id) => int.Parse(id, ci) % 2 == 1 ? "mailing" : "control";
        var rows = File.ReadAllLines(output);
        Assert.Equal(UpliftHeader, rows[0]);
        foreach (var line in rows.Skip(1))
        {
            var f = line.Split(',');
            var mine = window.Where(t => GroupOf(t.CustomerId) == f[0]).ToArray();
            Assert.Equal(mine.Select(t => t.CustomerId).Distinct().Count(), int.Parse(f[3], ci));
            Assert.Equal(mine.Select(t => (t.CustomerId, t.Date)).Distinct().Count(), int.Parse(f[5], ci));
            Assert.Equal(mine.Sum(t => t.Amount), double.Parse(f[7], ci), 6);
            Assert.Equal(f[0] == "control" ? "control" : "treated", f[1]);
            Assert.Equal(34, f.Length);
        }

        // Net values: incremental revenue × 0.3 − 0.5 × 1,179 mailed; lifetime value of the retention difference − the same.
        var mailing = rows[2].Split(',');
        Assert.Equal((double.Parse(mailing[19], ci) * 0.3) - (0.5 * 1179), double.Parse(mailing[28], ci), 6);
        Assert.Equal(double.Parse(mailing[25], ci) - (0.5 * 1179), double.Parse(mailing[31], ci), 6);
        Assert.Equal(string.Empty, rows[1].Split(',')[33]);
        Assert.Contains("in the window (not shown either way)", error, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllText(stats));
        var root = json.RootElement;
        Assert.Equal("Newcombe hybrid score interval (method 10, from two Wilson intervals)", root.GetProperty("methods").GetProperty("retention").GetString());
        Assert.True(root.GetProperty("balanced").GetBoolean());
        Assert.Equal("1997-07-04", root.GetProperty("balance").GetProperty("from").GetString());
        var retention = root.GetProperty("window").GetProperty("comparisons")[0].GetProperty("retention");
        Assert.True(retention.GetProperty("low").GetDouble() < 0 && retention.GetProperty("high").GetDouble() > 0);
    }

    [Fact]
    public void Superstore_segments_compared_as_in_the_docs()
    {
        // docs/value-over-time.md: each Superstore customer's Segment as the group, Consumer as the control.
        string groups = Path.Combine(_dir, "segments.csv");
        var segments = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(TestFiles.Path("superstore.csv.gz")), CompressionMode.Decompress)))
        {
            var header = CsvLine.Split(reader.ReadLine().AsSpan(), ',');
            int id = header.IndexOf("Customer ID"), segment = header.IndexOf("Segment");
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                var f = CsvLine.Split(line.AsSpan(), ',');
                segments.TryAdd(f[id], f[segment]);
            }
        }

        File.WriteAllLines(groups, ["customer_id,group", .. segments.Select(p => $"{p.Key},{p.Value}")]);
        var (code, output, error) = SummarizeCommandTests.Run("uplift", "--transactions", TestFiles.Path("superstore.csv.gz"), "--customer-column", "Customer ID", "--date-column", "Order Date", "--amount-column", "Sales", "--groups", groups, "--control", "Consumer", "--from", "2017-01-01", "--to", "2017-12-31");
        Assert.Equal(0, code);
        Assert.Contains("793 customers in 3 groups (Consumer 409, Corporate 236, Home Office 148)", error, StringComparison.Ordinal);
        Assert.Contains("Corporate vs Consumer: retention -1.8 pts [-7.5 pts, +3.3 pts], spend per customer 213.28 [-10.84, 437.39]", error, StringComparison.Ordinal);
        Assert.Contains("Home Office vs Consumer: retention -1.8 pts [-8.8 pts, +4.0 pts], spend per customer 265.95 [-18.12, 550.02]", error, StringComparison.Ordinal);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Consumer,control,409,361,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("Corporate,treated,236,204,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Group_ids_go_through_the_alias_map_and_errors_name_the_file_and_line()
    {
        string log = Path.Combine(_dir, "log.csv"), aliases = Path.Combine(_dir, "aliases.csv"), groups = Path.Combine(_dir, "g.csv");
        File.WriteAllLines(log, ["customer_id,date,amount", "a,2020-01-05,10", "new-a,2020-03-05,10", "b,2020-03-01,5", "c,2019-12-01,7", "d,2020-02-02,1", "e,2019-11-01,1"]);
        File.WriteAllLines(aliases, ["alias_id,customer_id", "new-a,a"]);
        File.WriteAllLines(groups, ["customer_id,group", "new-a,mail", "b,mail", "c,control", "d,control"]);
        var (code, output, error) = SummarizeCommandTests.Run("uplift", "--transactions", log, "--aliases", aliases, "--groups", groups, "--from", "2020-01-01", "--to", "2020-03-31");
        Assert.Equal(0, code);

        // a (through new-a) bought on two days, b on one: mail retained 2 of 2 with 3 purchase days and 25 spent.
        Assert.StartsWith("mail,treated,2,2,1,3,1.5,25,12.5,", output.Split('\n')[2], StringComparison.Ordinal);
        Assert.Contains("1 customers of the log in no group not used", error, StringComparison.Ordinal);

        File.WriteAllLines(groups, ["customer_id,group", "a,mail", "b,mail", "new-a,control"]);
        (code, _, error) = SummarizeCommandTests.Run("uplift", "--transactions", log, "--aliases", aliases, "--groups", groups, "--from", "2020-01-01", "--to", "2020-03-31");
        Assert.Equal(2, code);
        Assert.Contains("'g.csv' line 4, field customer_id: customer 'a' is listed twice (as 'a' and 'new-a', one customer by the alias map), on lines 2 and 4", error, StringComparison.Ordinal);
    }

    private const string UpliftHeader = "group,role,customers,retained,retention,purchase_days,purchase_rate,spend,spend_per_customer,clv_per_customer,retention_diff,retention_diff_low,retention_diff_high,purchase_rate_diff,purchase_rate_diff_low,purchase_rate_diff_high,spend_per_customer_diff,spend_per_customer_diff_low,spend_per_customer_diff_high,incremental_revenue,incremental_revenue_low,incremental_revenue_high,clv_diff,clv_diff_low,clv_diff_high,clv_diff_total,clv_diff_total_low,clv_diff_total_high,net_margin,net_margin_low,net_margin_high,net_clv,net_clv_low,net_clv_high";
}
