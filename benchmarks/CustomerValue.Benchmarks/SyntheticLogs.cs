using System.Globalization;
using System.Text;
using CustomerValue.Transactions;

namespace CustomerValue.Benchmarks;

/// <summary>Seeded synthetic transaction logs for the benchmarks.</summary>
internal static class SyntheticLogs
{
    public static readonly DateOnly Start = new(2021, 1, 1);
    public static readonly DateOnly CalibrationEnd = new(2023, 6, 30);
    public static readonly DateOnly HoldoutEnd = new(2023, 12, 31);

    /// <summary>A log of <paramref name="rows"/> purchases over <paramref name="rows"/> / 10 customers in 2021-2023, amounts with cents.</summary>
    public static Transaction[] Transactions(int rows, int seed = 42)
    {
        var random = new Random(seed);
        int customers = Math.Max(1, rows / 10);
        var ids = new string[customers];
        for (int c = 0; c < customers; c++)
        {
            ids[c] = (c + 1).ToString(CultureInfo.InvariantCulture);
        }

        int span = HoldoutEnd.DayNumber - Start.DayNumber + 1;
        var log = new Transaction[rows];
        for (int i = 0; i < rows; i++)
        {
            var day = Start.AddDays(random.Next(span));
            log[i] = new Transaction(ids[random.Next(customers)], day.ToDateTime(TimeOnly.MinValue), random.Next(1, 50000) / 100.0);
        }

        return log;
    }

    /// <summary>Writes a log as CSV (<c>customer_id,date,amount</c>) to a file and returns its path.</summary>
    public static string WriteCsv(int rows, int seed = 42)
    {
        string path = Path.Combine(Path.GetTempPath(), $"customervalue-bench-{rows}-{seed}.csv");
        if (File.Exists(path))
        {
            return path;
        }

        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("customer_id,date,amount\n");
        foreach (var t in Transactions(rows, seed))
        {
            writer.Write(t.CustomerId);
            writer.Write(',');
            writer.Write(t.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(t.Amount.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }

        return path;
    }
}
