using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace CustomerValue.Tests.Cli.Report;

/// <summary>
/// Opens the report in headless Chromium at desktop and phone widths: every chart must render with data in it and
/// carry a text alternative that assistive technology reads, the phone layout must not scroll sideways, and the page
/// must raise no error. With <c>CUSTOMERVALUE_SCREENSHOTS=&lt;folder&gt;</c> the screenshots for docs/ are written there.
/// </summary>
public sealed class ReportBrowserTests(ITestOutputHelper output)
{
    private static readonly string[] ChartIds = ["lorenz", "segments", "clv", "frequency-recency", "p-alive", "period-transactions", "tracking", "holdout"];

    private const string ChartsExpression = """
        JSON.stringify([...document.querySelectorAll('svg.chart')].map(s => {
          const r = s.getBoundingClientRect();
          return { id: s.dataset.chart, x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
        }))
        """;

    [Fact]
    public async Task Every_chart_renders_in_Chromium_at_desktop_width_and_the_page_has_no_errors()
    {
        if (Chromium() is not { } chromium)
        {
            return;
        }

        string html = ReportFiles.SampleReport;
        await using var browser = await HeadlessChromium.StartAsync(chromium, 1400, 1000);
        await browser.EmulateScreenAsync(1400, 1000, mobile: false);
        await browser.NavigateAsync(new Uri(html));

        var charts = await Charts(browser);
        Assert.Equal(ChartIds, charts.Select(c => (string)c!["id"]!));
        Assert.Equal(0, (int)(await browser.EvaluateAsync("document.scripts.length"))!);
        foreach (var chart in charts)
        {
            string id = (string)chart!["id"]!;
            double width = (double)chart["width"]!, height = (double)chart["height"]!;
            Assert.True(width > 300 && height > 150, $"chart {id} is laid out at {width} x {height}");

            byte[] png = await browser.ScreenshotAsync((double)chart["x"]!, (double)chart["y"]!, width, height);
            var (coloured, dark) = Measure(png);
            output.WriteLine($"{id}: {coloured:P2} coloured pixels, {dark:P2} dark pixels");

            // Data (blue, orange or the viridis colour scale) covers a visible part of the chart, and axes and text are drawn.
            Assert.True(coloured > 0.004, $"chart {id} shows no data: only {coloured:P3} of its pixels are coloured");
            Assert.True(dark > 0.005, $"chart {id} has no axes or labels: only {dark:P3} of its pixels are dark");
        }

        await Screenshot(browser, "report.png", 1400, 1500);
        Assert.True(browser.Errors.Count == 0, "page errors:\n" + string.Join("\n", browser.Errors));
    }

    [Fact]
    public async Task Every_chart_has_a_text_alternative_in_the_accessibility_tree()
    {
        if (Chromium() is not { } chromium)
        {
            return;
        }

        await using var browser = await HeadlessChromium.StartAsync(chromium, 1400, 1000);
        await browser.NavigateAsync(new Uri(ReportFiles.SampleReport));
        await browser.CommandAsync("Accessibility.enable");
        var tree = await browser.CommandAsync("Accessibility.getFullAXTree");

        // What a screen reader announces for each image: its name (the chart's title) and description (its finding).
        var images = tree["nodes"]!.AsArray()
            .Where(n => (string?)n!["role"]?["value"] is "image" or "img")
            .Select(n => (Name: (string?)n!["name"]?["value"] ?? string.Empty, Description: Property(n!, "description")))
            .ToList();
        foreach (var image in images)
        {
            output.WriteLine($"{image.Name} — {image.Description}");
        }

        Assert.Equal(ChartIds.Length, images.Count);
        Assert.All(images, i => Assert.True(i.Name.Length > 15 && i.Description.Length > 40, $"too little text: '{i.Name}' / '{i.Description}'"));
        Assert.Contains(images, i => i.Description.StartsWith("The top 20% of customers bring 63% of revenue", StringComparison.Ordinal));

        // And the numbers behind every chart are a table next to it.
        Assert.Equal(ChartIds.Length, (int)(await browser.EvaluateAsync("document.querySelectorAll('figure > details table').length"))!);
    }

    [Fact]
    public async Task At_phone_width_the_report_fits_the_screen_and_every_chart_is_drawn()
    {
        if (Chromium() is not { } chromium)
        {
            return;
        }

        const int Phone = 390;
        await using var browser = await HeadlessChromium.StartAsync(chromium, Phone, 844);
        await browser.EmulateScreenAsync(Phone, 844, mobile: true);
        await browser.NavigateAsync(new Uri(ReportFiles.SampleReport));

        // The page does not scroll sideways (wide tables scroll inside their own box), and every chart fits the width.
        double pageWidth = (double)(await browser.EvaluateAsync("document.documentElement.scrollWidth"))!;
        Assert.True(pageWidth <= Phone, $"the page is {pageWidth} px wide on a {Phone} px screen");
        var charts = await Charts(browser);
        Assert.Equal(ChartIds.Length, charts.Count);
        foreach (var chart in charts)
        {
            double x = (double)chart!["x"]!, width = (double)chart["width"]!;
            Assert.True(x >= 0 && x + width <= Phone && width > 300, $"chart {chart["id"]} is laid out at x {x}, width {width}");
        }

        // The key figures sit two to a row.
        double columns = (double)(await browser.EvaluateAsync("getComputedStyle(document.querySelector('.figures')).gridTemplateColumns.split(' ').length"))!;
        Assert.Equal(2, columns);
        await Screenshot(browser, "report-phone.png", Phone, 2400);
        Assert.True(browser.Errors.Count == 0, "page errors:\n" + string.Join("\n", browser.Errors));
    }

    /// <summary>
    /// The profit report (Superstore with its Profit column, issue 16.2) in Chromium at desktop and phone widths: the
    /// profit chart renders with data and a text alternative, its numbers are a table beside it, the phone layout does
    /// not scroll sideways, and the page raises no error.
    /// </summary>
    [Fact]
    public async Task The_profit_report_renders_with_text_alternatives_at_desktop_and_phone_widths()
    {
        if (Chromium() is not { } chromium)
        {
            return;
        }

        string dir = Directory.CreateTempSubdirectory("cv-profit-report-").FullName;
        string[] log = ["--transactions", TestFiles.Path("superstore.csv.gz"), "--customer-column", "Customer ID", "--date-column", "Order Date", "--amount-column", "Sales"];
        string summary = Path.Combine(dir, "s.csv"), bgnbd = Path.Combine(dir, "b.json"), gg = Path.Combine(dir, "g.json"), html = Path.Combine(dir, "profit.html");
        Assert.Equal(0, ReportFiles.Run(["summarize", .. log, "--as-of", "2017-12-31", "--output", summary]).Code);
        Assert.Equal(3, ReportFiles.Run("fit", "--model", "bgnbd", "--summary", summary, "--output", bgnbd).Code);
        Assert.Equal(0, ReportFiles.Run("fit", "--model", "gg", "--summary", summary, "--output", gg).Code);
        var (code, _, error) = ReportFiles.Run(["report", .. log, "--order-column", "Order ID", "--item-column", "Product ID", "--category-column", "Sub-Category", "--profit-column", "Profit", "--discount-column", "Discount",
            "--as-of", "2017-12-31", "--model", bgnbd, "--spend-model", gg, "--accept-unconverged", "--output", html]);
        Assert.True(code == 0, error);

        foreach (var (width, mobile) in new[] { (1400, false), (390, true) })
        {
            await using var browser = await HeadlessChromium.StartAsync(chromium, width, 900);
            await browser.EmulateScreenAsync(width, 900, mobile);
            await browser.NavigateAsync(new Uri(html));
            var profit = (await Charts(browser)).Single(c => (string)c!["id"]! == "profit-deciles")!;
            double x = (double)profit["x"]!, w = (double)profit["width"]!, h = (double)profit["height"]!;
            Assert.True(w > 300 && h > 150 && x >= 0 && x + w <= width, $"profit chart at x {x}, {w} x {h} on a {width} px screen");
            var (coloured, dark) = Measure(await browser.ScreenshotAsync(x, (double)profit["y"]!, w, h));
            Assert.True(coloured > 0.004 && dark > 0.005, $"profit chart: {coloured:P3} coloured, {dark:P3} dark pixels");
            double pageWidth = (double)(await browser.EvaluateAsync("document.documentElement.scrollWidth"))!;
            Assert.True(pageWidth <= width, $"the page is {pageWidth} px wide on a {width} px screen");

            await browser.CommandAsync("Accessibility.enable");
            var tree = await browser.CommandAsync("Accessibility.getFullAXTree");
            var image = tree["nodes"]!.AsArray().Single(n => (string?)n!["role"]?["value"] is "image" or "img" && ((string?)n!["name"]?["value"] ?? string.Empty).StartsWith("Sales deciles", StringComparison.Ordinal))!;
            Assert.True(Property(image, "description").Length > 40, "the profit chart's description is too short");
            Assert.True((double)(await browser.EvaluateAsync("document.querySelectorAll('#profit table').length"))! >= 2);
            Assert.True(browser.Errors.Count == 0, "page errors:\n" + string.Join("\n", browser.Errors));
        }
    }

    [Fact]
    public async Task The_browser_check_sees_script_errors_and_blocked_loads()
    {
        if (Chromium() is not { } chromium)
        {
            return;
        }

        string page = Path.Combine(Directory.CreateTempSubdirectory("cv-report-").FullName, "broken.html");
        File.WriteAllText(page, """
            <!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'"></head>
            <body><img src="http://127.0.0.1:9/missing.png"><script>console.error("boom"); undefinedFunction();</script></body></html>
            """);
        await using var browser = await HeadlessChromium.StartAsync(chromium, 800, 600);
        await browser.NavigateAsync(new Uri(page));

        Assert.Contains(browser.Errors, e => e.StartsWith("exception:", StringComparison.Ordinal) && e.Contains("undefinedFunction", StringComparison.Ordinal));
        Assert.Contains(browser.Errors, e => e.StartsWith("console:", StringComparison.Ordinal) && e.Contains("boom", StringComparison.Ordinal));
        Assert.Contains(browser.Errors, e => e.StartsWith("log:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_pixel_measure_tells_colour_from_grey()
    {
        // A 2 x 1 RGB PNG, its one row written with the "Sub" filter: an orange pixel (224, 123, 57), then a dark grey
        // (40, 40, 40) stored as the difference from the orange one (mod 256).
        byte[] row = [1, 224, 123, 57, 256 + 40 - 224, 256 + 40 - 123, 256 + 40 - 57];
        var pixels = PngPixels.Decode(Png(2, 1, row));

        Assert.Equal((224, 123, 57), (pixels[0, 0].R, pixels[0, 0].G, pixels[0, 0].B));
        Assert.Equal((40, 40, 40), (pixels[1, 0].R, pixels[1, 0].G, pixels[1, 0].B));
    }

    private string? Chromium()
    {
        string? chromium = HeadlessChromium.FindExecutable();
        if (chromium is null)
        {
            // .ci/run installs Chromium and sets CUSTOMERVALUE_REQUIRE_BROWSER=1, so CI can never pass without it.
            Assert.True(Environment.GetEnvironmentVariable("CUSTOMERVALUE_REQUIRE_BROWSER") != "1", "Chromium is required (apt-get install -y chromium) but was not found on PATH.");
            output.WriteLine("Chromium not found on PATH: browser check not run (install the Debian package 'chromium').");
        }

        return chromium;
    }

    private static async Task<JsonArray> Charts(HeadlessChromium browser) =>
        JsonNode.Parse((string)(await browser.EvaluateAsync(ChartsExpression))!)!.AsArray();

    /// <summary>The top of the page, for docs/ (only when CUSTOMERVALUE_SCREENSHOTS names a folder).</summary>
    private static async Task Screenshot(HeadlessChromium browser, string name, int width, int height)
    {
        if (Environment.GetEnvironmentVariable("CUSTOMERVALUE_SCREENSHOTS") is { Length: > 0 } folder)
        {
            File.WriteAllBytes(Path.Combine(folder, name), await browser.ScreenshotAsync(0, 0, width, height));
        }
    }

    private static string Property(JsonNode node, string name) =>
        node["description"]?["value"]?.GetValue<string>()
        ?? node["properties"]?.AsArray().FirstOrDefault(p => (string?)p!["name"] == name)?["value"]?["value"]?.GetValue<string>()
        ?? string.Empty;

    /// <summary>The fraction of clearly coloured pixels (data) and of dark or mid grey pixels (axes, text; the labels are #6b7280).</summary>
    private static (double Coloured, double Dark) Measure(byte[] png)
    {
        var pixels = PngPixels.Decode(png);
        long coloured = 0, dark = 0;
        for (int y = 0; y < pixels.Height; y++)
        {
            for (int x = 0; x < pixels.Width; x++)
            {
                var (r, g, b) = pixels[x, y];
                int max = Math.Max(r, Math.Max(g, b));
                int min = Math.Min(r, Math.Min(g, b));
                if (max - min > 60)
                {
                    coloured++;
                }
                else if (max < 150)
                {
                    dark++;
                }
            }
        }

        double total = (double)pixels.Width * pixels.Height;
        return (coloured / total, dark / total);
    }

    /// <summary>A minimal RGB PNG around already filtered rows (CRCs are not checked by the reader, so they are left zero).</summary>
    private static byte[] Png(int width, int height, byte[] filteredRows)
    {
        using var idat = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(idat, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(filteredRows);
        }

        using var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        void Chunk(string type, byte[] body)
        {
            var length = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, body.Length);
            png.Write(length);
            png.Write(System.Text.Encoding.ASCII.GetBytes(type));
            png.Write(body);
            png.Write(new byte[4]);
        }

        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        Chunk("IHDR", header);
        Chunk("IDAT", idat.ToArray());
        Chunk("IEND", []);
        return png.ToArray();
    }
}
