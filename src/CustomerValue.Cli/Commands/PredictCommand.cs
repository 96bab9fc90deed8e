using System.CommandLine;
using System.Globalization;
using System.Text;
using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;
using CustomerValue.Summaries;

namespace CustomerValue.Cli.Commands;

/// <summary><c>customer-value predict</c>: a model file and customer summaries → P(alive), expected purchases and (with a spend model) CLV per customer.</summary>
internal static class PredictCommand
{
    public static Command Create(CliIo io)
    {
        var model = new Option<FileInfo>("--model") { Description = "Repeat-purchase model file (bgnbd, mbgnbd or pnbd) written by fit, or by hand with model, timeUnit and parameters.", Required = true };
        var spendModel = new Option<FileInfo?>("--spend-model") { Description = "Spend model file (gg). Adds the columns expected_spend and clv." };
        var summary = new Option<FileInfo?>("--summary") { Description = "Summary CSV (customer_id,frequency,recency,T; monetary_value for the spend model; the time_unit column summarize writes must match the model's). Required unless --sample asks for the embedded CDNOW sample summarised at 1997-09-30 in the model's time unit." };
        var timeUnit = new Option<string?>("--time-unit") { Description = "The unit of recency and T in a summary file that does not record it, if not the model's: day, week, month or year (converted to the model's unit exactly, and said on stderr; a month is 365.25/12 days). Without it, a file without a time_unit column is read in the model's unit (said on stderr)." };
        timeUnit.AcceptOnlyFromAmong("day", "week", "month", "year");
        var horizon = new Option<double>("--horizon") { Description = "Forecast horizon in the model's time unit (for example 52 with a weekly model = one year).", Required = true };
        var discountRate = new Option<double>("--discount-rate") { Description = "Discount rate for CLV as a fraction (0.1 = 10%) per --discount-period (0: no discounting).", DefaultValueFactory = _ => 0 };
        var discountPeriod = new Option<string?>("--discount-period") { Description = "The period the discount rate applies to: day, week, month or year. Default: year (as in every command)." };
        discountPeriod.AcceptOnlyFromAmong("day", "week", "month", "year");
        var discounting = new Option<string>("--discounting") { Description = "discrete: each model time unit's expected purchases are discounted by (1 + d)^-k at the end of period k; continuous: e^(-delta t) at each instant.", DefaultValueFactory = _ => "discrete" };
        discounting.AcceptOnlyFromAmong("discrete", "continuous");
        var periodLength = new Option<double>("--period-length") { Description = "With discrete discounting, the length of one discounting period in the model's time unit: each period's expected purchases are discounted by (1 + d)^-k at the end of period k. 4.345 with a weekly model gives lifetimes' monthly steps.", DefaultValueFactory = _ => 1 };
        var margin = new Option<double>("--margin") { Description = "Margin as a fraction of spend applied to CLV (1: CLV in revenue).", DefaultValueFactory = _ => 1 };
        var intervals = new Option<bool>("--intervals") { Description = "Add delta-method interval columns (p_alive_lower, p_alive_upper, expected_purchases_lower, expected_purchases_upper, and clv_lower, clv_upper with a spend model) from the covariance in the model files." };
        var level = new Option<double>("--level") { Description = "Confidence level of --intervals, in (0, 1).", DefaultValueFactory = _ => 0.95 };
        var counts = new Option<string?>("--purchase-counts") { Description = "Add a column p_purchases_N for each N of a comma-separated list (for example 0,1,2): P(exactly N purchases over the horizon | the customer's history)." };
        var newCustomer = new Option<bool>("--new-customer") { Description = "Add the column expected_purchases_new_customer: the purchases a customer acquired now is expected to make over the horizon (the same for every row)." };
        var output = new Option<FileInfo?>("--output") { Description = "Output CSV file. Default: standard output." };
        var accept = CliIo.AcceptUnconvergedOption();
        var command = new Command("predict", "Score customers with a fitted model: customer_id,p_alive,expected_purchases (+ expected_spend,clv with --spend-model).");
        foreach (var option in new Option[] { model, spendModel, summary, timeUnit, horizon, discountRate, discountPeriod, discounting, periodLength, margin, intervals, level, counts, newCustomer, output, accept })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => io.Guard(() => SummaryInput.PlainErrors(() =>
        {
            var modelFile = result.GetValue(model)!;
            var document = LifetimeModelJson.ReadUsableFile(modelFile.FullName, result.GetValue(accept));
            if (DiscreteModelCommands.Handles(document.Model))
            {
                if (result.GetValue(spendModel) is not null || result.GetValue(intervals))
                {
                    throw new ArgumentException($"--model: '{modelFile.Name}' holds a {document.Model} model; --spend-model and --intervals apply to bgnbd, mbgnbd and pnbd.");
                }

                using var discrete = io.Outputs(("--output", result.GetValue(output)));
                int rows = 0;
                discrete.WriteText(result.GetValue(output), writer => rows = DiscreteModelCommands.Predict(document, result.GetValue(summary), result.GetValue(horizon), writer));
                discrete.Commit();
                io.Tell($"predict: {rows:N0} rows with the {document.Model} model over {Display.Number(result.GetValue(horizon))} {(document.Model == LifetimeModelNames.BgBb ? "opportunities" : "renewal periods")}; wrote {result.GetValue(output)?.FullName ?? "standard output"}.");
                return 0;
            }

            var purchases = LifetimeModelCatalog.RepeatPurchaseModel(document, modelFile.Name, "--model");
            ISpendModel? spend = null;
            LifetimeModelDocument? spendDocument = null;
            if (result.GetValue(spendModel) is { } spendFile)
            {
                spendDocument = LifetimeModelJson.ReadUsableFile(spendFile.FullName, result.GetValue(accept));
                spend = LifetimeModelCatalog.SpendModel(spendDocument, spendFile.Name, "--spend-model");
            }

            int[] purchaseCounts = PurchaseCounts(result.GetValue(counts));
            double h = result.GetValue(horizon);
            if (!double.IsFinite(h) || h < 0)
            {
                throw new ArgumentException($"--horizon: must be a finite number >= 0, got {h.ToString("R", CultureInfo.InvariantCulture)}.");
            }

            var period = result.GetValue(discountPeriod) is { } p ? CliParse.Unit(p) : TimeUnit.Year;
            var rate = Rate(result.GetValue(discountRate), period);
            var method = result.GetValue(discounting) == "continuous" ? DiscountingMethod.Continuous : DiscountingMethod.Discrete;
            var options = Options(h, rate, method, result.GetValue(periodLength), result.GetValue(margin));

            var summaryFile = result.GetValue(summary);
            RequireData(result, summaryFile, "--model");
            if (summaryFile is not null && spend is not null)
            {
                SummaryInput.RequireMonetaryValue(summaryFile, "--spend-model");
            }

            TimeUnit? explicitUnit = result.GetValue(timeUnit) is { } u ? CliParse.Unit(u) : null;
            CustomerSummaries summaries;
            if (summaryFile is null)
            {
                CliParse.AnnounceSample(io, result, "--summary");
                summaries = SummaryInput.Sample(purchases.TimeUnit);
            }
            else
            {
                var read = SummaryInput.ReadCsv(summaryFile, explicitUnit, purchases.TimeUnit, "the model's unit", io);
                if (explicitUnit is null)
                {
                    SummaryInput.RequireUnit(read, purchases.TimeUnit, summaryFile.Name);
                }
                else if (read.TimeUnit != purchases.TimeUnit)
                {
                    io.Error.WriteLine($"customer-value: note: recency and T converted from {read.TimeUnit.ToName()}s (--time-unit) to the model's {purchases.TimeUnit.ToName()}s.");
                }

                summaries = InModelUnit(read, purchases.TimeUnit);
            }
            Uncertainty? uncertainty = null;
            if (result.GetValue(intervals))
            {
                double confidence = result.GetValue(level);
                if (!(confidence > 0 && confidence < 1))
                {
                    throw new ArgumentException($"--level: must be in (0, 1), for example 0.95; got {confidence.ToString("R", CultureInfo.InvariantCulture)}.");
                }

                if (document.Covariance is null || spendDocument is { Covariance: null })
                {
                    throw new ArgumentException($"--intervals: '{(document.Covariance is null ? result.GetValue(model)!.Name : result.GetValue(spendModel)!.Name)}' has no covariance; write it with fit (hand-written models have none).");
                }

                uncertainty = new Uncertainty(LifetimeModelFactory.Intervals(document, confidence), spendDocument);
            }

            using var outputs = io.Outputs(("--output", result.GetValue(output)));
            int withoutIntervals = 0;
            outputs.WriteText(result.GetValue(output), writer => withoutIntervals = Write(writer, summaries, purchases, spend, options, uncertainty, result.GetValue(newCustomer), purchaseCounts));
            outputs.Commit();
            if (withoutIntervals > 0)
            {
                io.Tell($"predict: the delta method could not give intervals for {withoutIntervals:N0} of {summaries.Count:N0} customers (the model's covariance is unavailable or the prediction's gradient is not finite there); their interval columns are empty.");
            }

            io.Tell($"predict: {summaries.Count:N0} customers from {(summaryFile is null ? "the CDNOW sample" : summaryFile.Name)} with the {document.Model} model over {Display.Number(h)} {purchases.TimeUnit.ToName()}s{(spend is null ? string.Empty : $", CLV discounted at {Display.Percent(rate.Rate, 1)} a {rate.Period.ToName()}")}{(uncertainty is null ? string.Empty : " with intervals")}; wrote {result.GetValue(output)?.FullName ?? "standard output"}.");
            return 0;
        })));
        return command;
    }

    /// <summary>A model is given: the customers must be named (a summary file), or the sample asked for with --sample.</summary>
    internal static void RequireData(ParseResult result, FileInfo? data, string modelOption)
    {
        bool asked = CliParse.SampleAsked(result);
        if (asked && data is not null)
        {
            throw new ArgumentException("--sample: give the embedded sample or --summary, not both.");
        }

        if (!asked && data is null)
        {
            throw new ArgumentException($"{modelOption} was given without data: name the customers with --summary, or add --sample to score the embedded CDNOW sample.");
        }
    }

    /// <summary>Parses --purchase-counts: distinct whole numbers from 0 to 100,000, in the order given.</summary>
    private static int[] PurchaseCounts(string? text)
    {
        if (text is null)
        {
            return [];
        }

        var counts = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count > 100_000)
            {
                throw new ArgumentException($"--purchase-counts: '{part}' is not a whole number from 0 to 100,000; give a list such as 0,1,2.");
            }

            if (counts.Contains(count))
            {
                throw new ArgumentException($"--purchase-counts: {count} is given twice.");
            }

            counts.Add(count);
        }

        return [.. counts];
    }

    private static DiscountRate Rate(double value, TimeUnit period)
    {
        try
        {
            return DiscountRate.Create(value, period);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ArgumentException($"--discount-rate: must be a finite fraction >= 0 (0.1 = 10%), got {value.ToString("R", CultureInfo.InvariantCulture)}.");
        }
    }

    private static LifetimeValueOptions Options(double horizon, DiscountRate rate, DiscountingMethod method, double periodLength, double margin)
    {
        if (!(double.IsFinite(periodLength) && periodLength > 0))
        {
            throw new ArgumentException($"--period-length: must be a finite number > 0 in the model's time unit, got {periodLength.ToString("R", CultureInfo.InvariantCulture)}.");
        }

        try
        {
            return LifetimeValueOptions.Create(horizon, rate, method, periodLength, margin);
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == "marginRate")
        {
            throw new ArgumentException($"--margin: must be a finite fraction <= 1, got {margin.ToString("R", CultureInfo.InvariantCulture)}.");
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"--horizon: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    /// <summary>Converts recency and T to the model's unit when the summary was written in another unit.</summary>
    internal static CustomerSummaries InModelUnit(CustomerSummaries summaries, TimeUnit modelUnit)
    {
        if (summaries.TimeUnit == modelUnit)
        {
            return summaries;
        }

        double factor = summaries.TimeUnit.DaysPerUnit() / modelUnit.DaysPerUnit();
        var recency = summaries.Recency.ToArray();
        var age = summaries.Age.ToArray();
        for (int i = 0; i < recency.Length; i++)
        {
            recency[i] *= factor;
            age[i] *= factor;
        }

        return CustomerSummaries.FromColumns(summaries.CustomerIds, summaries.Frequency, recency, age, summaries.MonetaryValue, modelUnit);
    }

    /// <summary>Writes the CSV; returns how many rows got empty interval columns (a bound the delta method could not give).</summary>
    private static int Write(TextWriter writer, CustomerSummaries summaries, IRepeatPurchaseModel purchases, ISpendModel? spend, LifetimeValueOptions options, Uncertainty? uncertainty, bool newCustomer, int[] purchaseCounts)
    {
        int withoutIntervals = 0;
        int n = summaries.Count;
        var alive = new double[n];
        var expected = new double[n];
        purchases.ProbabilityAlive(summaries.Frequency, summaries.Recency, summaries.Age, alive);
        purchases.ExpectedPurchases(options.Horizon, summaries.Frequency, summaries.Recency, summaries.Age, expected);
        double[] spendValues = [], clv = [];
        if (spend is not null)
        {
            spendValues = new double[n];
            clv = new double[n];
            spend.ExpectedSpend(summaries.Frequency, summaries.MonetaryValue, spendValues);
            new CustomerLifetimeValueCalculator(purchases, spend, options).LifetimeValue(summaries.Frequency, summaries.Recency, summaries.Age, summaries.MonetaryValue, clv);
        }

        writer.Write(spend is null ? "customer_id,p_alive,expected_purchases" : "customer_id,p_alive,expected_purchases,expected_spend,clv");
        if (uncertainty is not null)
        {
            writer.Write(",p_alive_lower,p_alive_upper,expected_purchases_lower,expected_purchases_upper");
            writer.Write(spend is null ? string.Empty : ",clv_lower,clv_upper");
        }

        string fresh = newCustomer ? "," + Format(purchases.ExpectedPurchasesNewCustomer(options.Horizon)) : string.Empty;
        writer.Write(newCustomer ? ",expected_purchases_new_customer" : string.Empty);
        var pmf = purchaseCounts.Length == 0 ? null : (IConditionalPurchaseCounts)purchases;
        foreach (int count in purchaseCounts)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $",p_purchases_{count}"));
        }

        writer.Write('\n');

        // Rows are formatted as UTF-8 on every core, a chunk each; a batch of chunks is written (in order) while the
        // next batch is formatted.
        var ids = summaries.CustomerIds;
        bool numericIds = summaries.HasNumericIds;
        const int ChunkRows = 8192;
        int chunks = (n + ChunkRows - 1) / ChunkRows;
        int batch = Math.Max(1, 2 * Environment.ProcessorCount);
        RowText[][] texts = [NewBatch(Math.Min(batch, Math.Max(1, chunks))), NewBatch(Math.Min(batch, Math.Max(1, chunks)))];
        void FormatChunks(RowText[] set, int first, int count) => Parallel.For(0, count, k =>
        {
            var text = set[k];
            text.Clear();
            int start = (first + k) * ChunkRows, end = Math.Min(n, start + ChunkRows);
            var numbers = summaries.NumericCustomerIds;
            for (int i = start; i < end; i++)
            {
                if (numericIds)
                {
                    text.Append(numbers[i]);
                }
                else
                {
                    text.Append(Quote(ids[i]));
                }

                text.Append(',');
                text.Append(alive[i]);
                text.Append(',');
                text.Append(expected[i]);
                if (spend is not null)
                {
                    text.Append(',');
                    text.Append(spendValues[i]);
                    text.Append(',');
                    text.Append(clv[i]);
                }

                if (uncertainty is not null)
                {
                    double x = summaries.Frequency[i], tx = summaries.Recency[i], t = summaries.Age[i];
                    var a = uncertainty.Intervals.ProbabilityAlive(x, tx, t);
                    var e = uncertainty.Intervals.ExpectedPurchases(options.Horizon, x, tx, t);
                    bool missing = false;
                    text.Append($",{Bound(a.Lower, ref missing)},{Bound(a.Upper, ref missing)},{Bound(e.Lower, ref missing)},{Bound(e.Upper, ref missing)}");
                    if (spend is not null)
                    {
                        var c = uncertainty.Intervals.LifetimeValue(x, tx, t, summaries.MonetaryValue[i], spend, uncertainty.Spend!.Covariance, uncertainty.RebuildSpend, options);
                        text.Append($",{Bound(c.Lower, ref missing)},{Bound(c.Upper, ref missing)}");
                    }

                    text.Missing += missing ? 1 : 0;
                }

                if (newCustomer)
                {
                    text.Append(fresh);
                }

                foreach (int purchases in purchaseCounts)
                {
                    text.Append(',');
                    text.Append(pmf!.ConditionalProbabilityOfPurchases(purchases, options.Horizon, summaries.Frequency[i], summaries.Recency[i], summaries.Age[i]));
                }

                text.Append('\n');
            }
        });

        writer.Flush();
        var stream = (writer as StreamWriter)?.BaseStream;
        Task? formatting = chunks > 0 ? Task.Run(() => FormatChunks(texts[0], 0, Math.Min(batch, chunks))) : null;
        for (int first = 0, set = 0; first < chunks; first += batch, set ^= 1)
        {
            formatting!.GetAwaiter().GetResult();
            int count = Math.Min(batch, chunks - first);
            int next = first + batch;
            var target = texts[set ^ 1];
            formatting = next < chunks ? Task.Run(() => FormatChunks(target, next, Math.Min(batch, chunks - next))) : null;
            foreach (var text in texts[set].AsSpan(0, count))
            {
                if (stream is not null)
                {
                    stream.Write(text.Bytes, 0, text.Length);
                }
                else
                {
                    writer.Write(Encoding.UTF8.GetString(text.Bytes, 0, text.Length));
                }

                withoutIntervals += text.Missing;
            }
        }

        return withoutIntervals;
    }

    private sealed class Uncertainty(PredictionIntervals intervals, LifetimeModelDocument? spend)
    {
        public PredictionIntervals Intervals { get; } = intervals;

        public LifetimeModelDocument? Spend { get; } = spend;

        public Func<double[], ISpendModel>? RebuildSpend { get; } = spend is null ? null : LifetimeModelFactory.SpendModelBuilder(spend);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static RowText[] NewBatch(int size)
    {
        var set = new RowText[size];
        for (int k = 0; k < size; k++)
        {
            set[k] = new RowText();
        }

        return set;
    }

    /// <summary>One chunk of output rows as UTF-8; numbers as <see cref="Format"/> writes them, without a string per cell.</summary>
    private sealed class RowText
    {
        public byte[] Bytes { get; private set; } = new byte[1 << 19];

        public int Length { get; private set; }

        /// <summary>Rows of the chunk whose interval columns are empty.</summary>
        public int Missing { get; set; }

        public void Clear()
        {
            Length = 0;
            Missing = 0;
        }

        public void Append(char c)
        {
            Ensure(1);
            Bytes[Length++] = (byte)c;
        }

        public void Append(string text)
        {
            Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
            Length += Encoding.UTF8.GetBytes(text, Bytes.AsSpan(Length));
        }

        public void Append(double value)
        {
            Ensure(32);
            if (!value.TryFormat(Bytes.AsSpan(Length), out int written, "R", CultureInfo.InvariantCulture))
            {
                Append(Format(value));
                return;
            }

            Length += written;
        }

        public void Append(long value)
        {
            Ensure(24);
            value.TryFormat(Bytes.AsSpan(Length), out int written, default, CultureInfo.InvariantCulture);
            Length += written;
        }

        private void Ensure(int more)
        {
            if (Bytes.Length - Length < more)
            {
                var grown = new byte[Math.Max(Bytes.Length * 2, Length + more)];
                Bytes.AsSpan(0, Length).CopyTo(grown);
                Bytes = grown;
            }
        }
    }

    /// <summary>An interval bound, or an empty cell when the delta method gave none (never NaN in the file).</summary>
    private static string Bound(double value, ref bool missing)
    {
        if (double.IsFinite(value))
        {
            return Format(value);
        }

        missing = true;
        return string.Empty;
    }

    private static string Quote(string id) =>
        id.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + id.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : id;
}
