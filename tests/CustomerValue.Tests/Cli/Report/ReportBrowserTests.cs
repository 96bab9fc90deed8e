using System.Text.Json.Nodes;
using SkiaSharp;
using Xunit.Abstractions;

namespace CustomerValue.Tests.Cli.Report;

/// <summary>Opens the report in headless Chromium: every chart must render with data in it, and the page must raise no error.</summary>
public sealed class ReportBrowserTests(ITestOutputHelper output)
{
    private const string ChartsExpression = """
        JSON.stringify([...document.querySelectorAll('img.chart')].map(i => {
          const r = i.getBoundingClientRect();
          return { id: i.dataset.chart, complete: i.complete, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight,
                   x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
        }))
        """;

    [Fact]
    public async Task Every_chart_renders_in_Chromium_and_the_page_has_no_errors()
    {
        string? chromium = HeadlessChromium.FindExecutable();
        if (chromium is null)
        {
            // .ci/run installs Chromium and sets CUSTOMERVALUE_REQUIRE_BROWSER=1, so CI can never pass without it.
            Assert.True(Environment.GetEnvironmentVariable("CUSTOMERVALUE_REQUIRE_BROWSER") != "1", "Chromium is required (apt-get install -y chromium) but was not found on PATH.");
            output.WriteLine("Chromium not found on PATH: browser check not run (install the Debian package 'chromium').");
            return;
        }

        string html = ReportFiles.SampleReport;
        await using var browser = await HeadlessChromium.StartAsync(chromium, 1400, 1000);
        await browser.NavigateAsync(new Uri(html));

        var charts = JsonNode.Parse((string)(await browser.EvaluateAsync(ChartsExpression))!)!.AsArray();
        Assert.Equal(["lorenz", "segments", "p-alive", "holdout", "clv"], charts.Select(c => (string)c!["id"]!));
        Assert.Equal(0, (int)(await browser.EvaluateAsync("document.scripts.length"))!);
        foreach (var chart in charts)
        {
            string id = (string)chart!["id"]!;
            Assert.True((bool)chart["complete"]! && (double)chart["naturalWidth"]! > 0 && (double)chart["naturalHeight"]! > 0, $"chart {id} did not load: {chart.ToJsonString()}");
            double width = (double)chart["width"]!, height = (double)chart["height"]!;
            Assert.True(width > 300 && height > 150, $"chart {id} is laid out at {width} x {height}");

            byte[] png = await browser.ScreenshotAsync((double)chart["x"]!, (double)chart["y"]!, width, height);
            File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(html)!, $"chart-{id}.png"), png);
            var (coloured, greys) = Measure(png);
            output.WriteLine($"{id}: {coloured:P2} coloured pixels, {greys:P2} dark pixels");

            // Data (blue, orange or the viridis colour map) covers a visible part of the chart, and axes and text are drawn.
            Assert.True(coloured > 0.004, $"chart {id} shows no data: only {coloured:P3} of its pixels are coloured");
            Assert.True(greys > 0.005, $"chart {id} has no axes or labels: only {greys:P3} of its pixels are dark");
        }

        Assert.True(browser.Errors.Count == 0, "page errors:\n" + string.Join("\n", browser.Errors));
    }

    [Fact]
    public async Task The_browser_check_sees_script_errors_and_blocked_loads()
    {
        string? chromium = HeadlessChromium.FindExecutable();
        if (chromium is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("CUSTOMERVALUE_REQUIRE_BROWSER") != "1", "Chromium is required (apt-get install -y chromium) but was not found on PATH.");
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

    /// <summary>The fraction of clearly coloured pixels (data) and of dark grey pixels (axes, text).</summary>
    private static (double Coloured, double Dark) Measure(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException("the screenshot is not a PNG");
        long coloured = 0, dark = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                int max = Math.Max(c.Red, Math.Max(c.Green, c.Blue));
                int min = Math.Min(c.Red, Math.Min(c.Green, c.Blue));
                if (max - min > 60)
                {
                    coloured++;
                }
                else if (max < 120)
                {
                    dark++;
                }
            }
        }

        double total = (double)bitmap.Width * bitmap.Height;
        return (coloured / total, dark / total);
    }
}
