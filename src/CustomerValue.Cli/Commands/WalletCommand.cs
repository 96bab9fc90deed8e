using System.CommandLine;
using System.Globalization;
using CustomerValue.Transactions;
using CustomerValue.Wallet;

namespace CustomerValue.Cli.Commands;

/// <summary>
/// <c>customer-value wallet</c>: share of wallet per customer, from known wallets (optionally per period, with the
/// relationship stage), from brand ranks (Wallet Allocation Rule), or estimated from features or transactions.
/// </summary>
internal static class WalletCommand
{
    public static Command Create(CliIo io)
    {
        var input = new TransactionInput(io);
        var wallets = new Option<FileInfo?>("--wallets") { Description = "CSV customer_id,our_spend,wallet[,period]: known wallets. Writes customer_id,our_spend,wallet,share,headroom,big_customer; with a period column also period, change_points and stage (pursuit|growth|won|declining), periods in label order." };
        var ranks = new Option<FileInfo?>("--ranks") { Description = "CSV customer_id,brand,rank (1 = most preferred; equal ranks are ties): the Wallet Allocation Rule. Writes customer_id,brand,rank,average_rank,brands,share." };
        var features = new Option<FileInfo?>("--features") { Description = "CSV customer_id,our_spend,<feature columns…>: estimate each wallet as a high quantile of spend among comparable customers. Writes customer_id,our_spend,wallet,share,headroom,big_customer." };
        var asOf = new Option<string?>("--as-of", "--calibration-end") { Description = "With transactions (the default input): the date up to which spend counts (YYYY-MM-DD); features are purchase_days, tenure_days and days_since_last." };
        var method = new Option<string>("--method") { Description = "Wallet estimate: knn (k nearest neighbours) or quantile-regression.", DefaultValueFactory = _ => "knn" };
        method.AcceptOnlyFromAmong("knn", "quantile-regression");
        var quantile = new Option<double>("--quantile") { Description = "The quantile of comparable customers' spend taken as the realistic wallet.", DefaultValueFactory = _ => 0.9 };
        var neighbours = new Option<int>("--neighbours") { Description = "Comparable customers per customer for knn.", DefaultValueFactory = _ => 20 };
        var big = new Option<double>("--big-customer") { Description = "Share of wallet from which a customer is a big customer.", DefaultValueFactory = _ => 0.8 };
        var pursuit = new Option<double>("--pursuit-below") { Description = "Share below which the stage is pursuit.", DefaultValueFactory = _ => RelationshipStageOptions.Default.PursuitBelow };
        var won = new Option<double>("--won-from") { Description = "Share from which the stage is won.", DefaultValueFactory = _ => RelationshipStageOptions.Default.WonFrom };
        var stall = new Option<int>("--stall-periods") { Description = "Periods of stalled share (each change within 2 points) before a fall of --decline-points that flags stalled_then_fell.", DefaultValueFactory = _ => RelationshipStageOptions.Default.StallPeriods };
        var decline = new Option<double>("--decline-points") { Description = "A fall of this many percentage points from the previous period is declining.", DefaultValueFactory = _ => RelationshipStageOptions.Default.DeclineFromPoints };
        var output = new Option<FileInfo?>("--output") { Description = "Output CSV file. Default: standard output." };
        var command = new Command("wallet", "Share of wallet per customer: from known wallets (--wallets), brand ranks (--ranks), or a realistic-wallet estimate from features (--features) or from a transaction log (default: the embedded CDNOW sample, with --as-of).");
        input.AddTo(command);
        foreach (var option in new Option[] { wallets, ranks, features, asOf, method, quantile, neighbours, big, pursuit, won, decline, stall, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => io.Guard(() =>
        {
            var files = new[] { result.GetValue(wallets), result.GetValue(ranks), result.GetValue(features) }.Count(f => f is not null);
            if (files > 1)
            {
                throw new ArgumentException("Give at most one of --wallets, --ranks and --features.");
            }

            var sow = new ShareOfWalletCalculator(new ShareOfWalletOptions { BigCustomerThreshold = result.GetValue(big) });

            // Everything is computed before the output is opened, so bad input never leaves a half-written file.
            var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            if (result.GetValue(wallets) is { } walletFile)
            {
                var stages = new RelationshipStageOptions { PursuitBelow = result.GetValue(pursuit), WonFrom = result.GetValue(won), DeclineFromPoints = result.GetValue(decline), StallPeriods = result.GetValue(stall) };
                stages.Validate();
                KnownWallets(walletFile, sow, stages, writer);
            }
            else if (result.GetValue(ranks) is { } rankFile)
            {
                Ranks(rankFile, writer);
            }
            else
            {
                IWalletEstimator estimator = result.GetValue(method) == "knn"
                    ? new KNearestNeighbourWalletEstimator(new KNearestNeighbourWalletOptions { Neighbours = result.GetValue(neighbours), Quantile = result.GetValue(quantile) })
                    : new QuantileRegressionWalletEstimator(new QuantileRegressionOptions { Quantile = result.GetValue(quantile) });
                var data = result.GetValue(features) is { } featureFile
                    ? Features(featureFile)
                    : FromTransactions(input, result, io, CliParse.Date(result.GetValue(asOf) ?? throw new ArgumentException("--as-of is required when wallets are estimated from transactions."), "--as-of"));
                WriteEstimates(writer, estimator.Estimate(data), sow.Options);
            }

            using var outputs = io.Outputs(("--output", result.GetValue(output)));
            string text = writer.ToString();
            outputs.WriteText(result.GetValue(output), destination => destination.Write(text));
            outputs.Commit();
            io.Tell($"wallet: {Math.Max(0, text.Count(c => c == '\n') - 1):N0} customers; wrote {result.GetValue(output)?.FullName ?? "standard output"}.");
            return 0;
        }));
        return command;
    }

    private static void KnownWallets(FileInfo file, ShareOfWalletCalculator sow, RelationshipStageOptions stages, TextWriter writer)
    {
        var table = CsvTable.Read(file, ["customer_id", "our_spend", "wallet"], ["period"]);
        int period = table.Column("period");
        if (period < 0)
        {
            writer.Write("customer_id,our_spend,wallet,share,headroom,big_customer\n");
            foreach (var row in table.Rows)
            {
                var r = WithLine(file, row.Line, () => sow.Calculate(row.Text(0), row.Number(1), row.Number(2)));
                writer.Write(F($"{Csv.Quote(r.CustomerId)},{R(r.OurSpend)},{R(r.Wallet)},{R(r.Share)},{R(r.Headroom)},{(r.IsBigCustomer ? "true" : "false")}\n"));
            }

            return;
        }

        writer.Write("customer_id,period,our_spend,wallet,share,headroom,big_customer,change_points,stage,stalled_then_fell\n");
        foreach (var customer in table.Rows.GroupBy(r => r.Text(0), StringComparer.Ordinal))
        {
            var rows = customer.OrderBy(r => r.TextAt(period, "period"), StringComparer.Ordinal).ToArray();
            for (int i = 1; i < rows.Length; i++)
            {
                if (rows[i].TextAt(period, "period") == rows[i - 1].TextAt(period, "period"))
                {
                    throw new FormatException($"{file.Name}: line {rows[i].Line}: customer '{customer.Key}' has period '{rows[i].TextAt(period, "period")}' twice.");
                }
            }

            var spend = rows.Select(r => r.Number(1)).ToArray();
            var wallet = rows.Select(r => r.Number(2)).ToArray();
            for (int i = 0; i < rows.Length; i++)
            {
                int k = i;
                _ = WithLine(file, rows[k].Line, () => sow.Calculate(customer.Key, spend[k], wallet[k]));
            }

            var trend = ShareOfWalletTrend.Create(customer.Key, spend, wallet, stages);
            for (int i = 0; i < rows.Length; i++)
            {
                var r = sow.Calculate(customer.Key, spend[i], wallet[i]);
                string change = double.IsNaN(trend.ChangePoints[i]) ? string.Empty : R(trend.ChangePoints[i]);
                writer.Write(F($"{Csv.Quote(customer.Key)},{Csv.Quote(rows[i].TextAt(period, "period"))},{R(r.OurSpend)},{R(r.Wallet)},{R(r.Share)},{R(r.Headroom)},{(r.IsBigCustomer ? "true" : "false")},{change},{trend.Stages[i].ToString().ToLowerInvariant()},{(trend.StalledThenFell[i] ? "true" : "false")}\n"));
            }
        }
    }

    private static void Ranks(FileInfo file, TextWriter writer)
    {
        var table = CsvTable.Read(file, ["customer_id", "brand", "rank"], []);
        writer.Write("customer_id,brand,rank,average_rank,brands,share\n");
        foreach (var customer in table.Rows.GroupBy(r => r.Text(0), StringComparer.Ordinal))
        {
            var rows = customer.ToArray();
            var rank = rows.Select(r => r.Number(2)).ToArray();
            var average = new double[rank.Length];
            var shares = new double[rank.Length];
            WalletAllocationRule.AverageRanks(rank, average);
            WalletAllocationRule.Shares(rank, shares);
            for (int i = 0; i < rows.Length; i++)
            {
                writer.Write(F($"{Csv.Quote(customer.Key)},{Csv.Quote(rows[i].Text(1))},{R(rank[i])},{R(average[i])},{rows.Length},{R(shares[i])}\n"));
            }
        }
    }

    private static WalletEstimationInput Features(FileInfo file)
    {
        var table = CsvTable.Read(file, ["customer_id", "our_spend"], []);
        var names = table.Header.Where((_, i) => i != table.Column("customer_id") && i != table.Column("our_spend")).ToArray();
        if (names.Length == 0)
        {
            throw new FormatException($"{file.Name}: no feature columns besides customer_id and our_spend.");
        }

        var columns = names.Select(table.Column).ToArray();
        var ids = new List<string>();
        var spend = new List<double>();
        var values = new List<double>();
        foreach (var row in table.Rows)
        {
            ids.Add(row.Text(0));
            spend.Add(row.Number(1));
            foreach (int c in columns)
            {
                values.Add(row.NumberAt(c, table.Header[c]));
            }
        }

        return WalletEstimationInput.Create(ids, names, values.ToArray(), spend.ToArray());
    }

    private static WalletEstimationInput FromTransactions(TransactionInput input, ParseResult result, CliIo io, DateOnly asOf)
    {
        var accumulator = new Churn.ChurnSignalAccumulator(new Churn.ChurnSignalOptions(asOf));
        var report = input.NewReport(result);
        foreach (var t in input.Read(result, null, report))
        {
            accumulator.Add(t);
        }

        TransactionInput.WriteRejections(report.Build(), io);
        var table = accumulator.ToTable();
        int n = table.Count;
        var values = new double[n * 3];
        for (int i = 0; i < n; i++)
        {
            values[i * 3] = table.PurchaseDays[i];
            values[(i * 3) + 1] = asOf.DayNumber - table.FirstPurchase[i].DayNumber;
            values[(i * 3) + 2] = table.DaysSinceLastPurchase[i];
        }

        return WalletEstimationInput.Create(table.CustomerIds, ["purchase_days", "tenure_days", "days_since_last"], values, table.TotalSpend);
    }

    private static void WriteEstimates(TextWriter writer, WalletEstimates estimates, ShareOfWalletOptions options)
    {
        writer.Write("customer_id,our_spend,wallet,share,headroom,big_customer\n");
        for (int i = 0; i < estimates.Count; i++)
        {
            var r = estimates.ResultAt(i, options);
            writer.Write(F($"{Csv.Quote(r.CustomerId)},{R(r.OurSpend)},{R(r.Wallet)},{R(r.Share)},{R(r.Headroom)},{(r.IsBigCustomer ? "true" : "false")}\n"));
        }
    }

    /// <summary>
    /// Known wallets per period (<c>customer_id,our_spend,wallet,period</c>) as each customer's share-of-wallet series,
    /// periods in label order, the last one taken as the latest: the churn signals of <c>warn --wallets</c> and
    /// <c>score --wallets</c>.
    /// </summary>
    internal static IReadOnlyDictionary<string, ShareOfWalletTrend> ReadTrends(FileInfo file, Identity.AliasMap? aliases)
    {
        var table = CsvTable.Read(file, ["customer_id", "our_spend", "wallet", "period"], []);
        var trends = new Dictionary<string, ShareOfWalletTrend>(StringComparer.Ordinal);
        foreach (var customer in table.Rows.GroupBy(r => aliases?.Resolve(r.Text(0)) ?? r.Text(0), StringComparer.Ordinal))
        {
            var rows = customer.OrderBy(r => r.Text(3), StringComparer.Ordinal).ToArray();
            for (int i = 1; i < rows.Length; i++)
            {
                if (rows[i].Text(3) == rows[i - 1].Text(3))
                {
                    throw new FormatException($"{file.Name}: line {rows[i].Line}: customer '{customer.Key}' has period '{rows[i].Text(3)}' twice.");
                }
            }

            var spend = rows.Select(r => r.Number(1)).ToArray();
            var wallet = rows.Select(r => r.Number(2)).ToArray();
            for (int i = 0; i < rows.Length; i++)
            {
                int k = i;
                _ = WithLine(file, rows[k].Line, () => { ShareOfWalletCalculator.Check(customer.Key, spend[k], wallet[k]); return 0; });
            }

            trends.Add(customer.Key, ShareOfWalletTrend.Create(customer.Key, spend, wallet));
        }

        return trends;
    }

    private static T WithLine<T>(FileInfo file, long line, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{file.Name}: line {line}: {e.Message.Split(" (Parameter", 2)[0]}", e);
        }
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A small CSV file read into memory with named columns; numbers are parsed with the invariant culture and errors name file, line and field.</summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string name, string[] header, int[] required, List<CsvRow> rows)
    {
        Name = name;
        Header = header;
        _columns = header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i, StringComparer.Ordinal);
        Required = required;
        Rows = rows;
    }

    public string Name { get; }

    public string[] Header { get; }

    public int[] Required { get; }

    public List<CsvRow> Rows { get; }

    public int Column(string name) => _columns.TryGetValue(name, out int i) ? i : -1;

    /// <summary>Reads the file; <see cref="CsvRow.Text"/>/<see cref="CsvRow.Number"/> index the required columns in the given order.</summary>
    public static CsvTable Read(FileInfo file, string[] required, string[] optional)
    {
        using var reader = new StreamReader(file.FullName);
        string? headerLine = reader.ReadLine() ?? throw new FormatException($"{file.Name}: the file is empty; expected a header row.");
        var header = CsvLine.Split(headerLine.AsSpan().TrimEnd('\r'), ',').Select(h => h.Trim()).ToArray();
        var index = new int[required.Length];
        for (int i = 0; i < required.Length; i++)
        {
            index[i] = Array.IndexOf(header, required[i]);
            if (index[i] < 0)
            {
                throw new FormatException($"{file.Name}: line 1: the column '{required[i]}' is missing (header: {string.Join(",", header)}; expected {string.Join(",", required.Concat(optional.Select(o => "[" + o + "]")))}).");
            }
        }

        var rows = new List<CsvRow>();
        long line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var fields = CsvLine.Split(text.AsSpan().TrimEnd('\r'), ',').ToArray();
            if (fields.Length != header.Length)
            {
                throw new FormatException($"{file.Name}: line {line}: {fields.Length} fields; the header has {header.Length}.");
            }

            rows.Add(new CsvRow(file.Name, line, fields, index, required));
        }

        return new CsvTable(file.Name, header, index, rows);
    }
}

/// <summary>One data row of a <see cref="CsvTable"/>.</summary>
internal sealed class CsvRow(string file, long line, string[] fields, int[] required, string[] names)
{
    public long Line { get; } = line;

    public string Text(int requiredColumn) => TextAt(required[requiredColumn], names[requiredColumn]);

    public string TextAt(int column, string name)
    {
        string value = fields[column].Trim();
        return value.Length > 0 ? value : throw new FormatException($"{file}: line {Line}, field '{name}': empty.");
    }

    public double Number(int requiredColumn) => NumberAt(required[requiredColumn], names[requiredColumn]);

    public double NumberAt(int column, string name)
    {
        string text = fields[column].Trim();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : throw new FormatException($"{file}: line {Line}, field '{name}': '{text}' is not a finite number.");
    }
}
