using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerValue.Tests.Cli.Report;

/// <summary>
/// A headless Chromium driven over the DevTools protocol: opens a page, records script errors, console errors and
/// failed loads, evaluates expressions and captures screenshots.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ClientWebSocket _socket;
    private readonly string _profile;
    private readonly List<string> _errors = [];
    private int _nextId;
    private bool _loaded;

    private HeadlessChromium(Process process, ClientWebSocket socket, string profile)
    {
        _process = process;
        _socket = socket;
        _profile = profile;
    }

    /// <summary>Script exceptions, console errors and log errors (including blocked or failed loads) seen so far.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>The Chromium executable on PATH, or null.</summary>
    public static string? FindExecutable()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in new[] { "chromium", "chromium-browser", "google-chrome" })
            {
                string path = Path.Combine(dir, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    public static async Task<HeadlessChromium> StartAsync(string executable, int width, int height)
    {
        string profile = Directory.CreateTempSubdirectory("cv-chromium-").FullName;
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--remote-debugging-port=0",
            "--remote-allow-origins=*", $"--window-size={width},{height}", "about:blank",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            const string Marker = "DevTools listening on ";
            if (e.Data is { } line && line.Contains(Marker, StringComparison.Ordinal))
            {
                listening.TrySetResult(line[(line.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..].Trim());
            }
        };
        process.BeginErrorReadLine();
        string browserUrl = await listening.Task.WaitAsync(Timeout);

        // The page target of about:blank: http://host:port/json/list.
        var uri = new Uri(browserUrl);
        using var http = new HttpClient { Timeout = Timeout };
        var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://{uri.Host}:{uri.Port}/json/list")))!.AsArray();
        string pageUrl = targets.First(t => (string?)t!["type"] == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(new Uri(pageUrl), CancellationToken.None).WaitAsync(Timeout);
        var browser = new HeadlessChromium(process, socket, profile);
        await browser.SendAsync("Page.enable");
        await browser.SendAsync("Runtime.enable");
        await browser.SendAsync("Log.enable");
        return browser;
    }

    /// <summary>Opens a URL and waits for its load event.</summary>
    public async Task NavigateAsync(Uri url)
    {
        _loaded = false;
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri });
        while (!_loaded)
        {
            Handle(await ReceiveAsync());
        }
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"evaluation failed: {exception.ToJsonString()}");
        }

        return result["result"]!["value"];
    }

    /// <summary>A PNG screenshot of a region of the page (CSS pixels, document coordinates).</summary>
    public async Task<byte[]> ScreenshotAsync(double x, double y, double width, double height)
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject { ["x"] = x, ["y"] = y, ["width"] = width, ["height"] = height, ["scale"] = 1 },
        });
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    /// <summary>Sends any DevTools protocol command and returns its result (e.g. <c>Accessibility.getFullAXTree</c>).</summary>
    public Task<JsonNode> CommandAsync(string method, JsonObject? parameters = null) => SendAsync(method, parameters);

    /// <summary>Lays the page out as a phone or desktop screen of the given CSS size (1 device pixel per CSS pixel).</summary>
    public Task<JsonNode> EmulateScreenAsync(int width, int height, bool mobile) => SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
    {
        ["width"] = width,
        ["height"] = height,
        ["deviceScaleFactor"] = 1,
        ["mobile"] = mobile,
    });

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException)
        {
            // The browser is being killed below anyway.
        }

        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A crash-reporter file may still be open; the temp folder is cleaned by the system.
        }
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null)
    {
        int id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(Timeout);
        while (true)
        {
            var reply = await ReceiveAsync();
            if (reply["id"] is { } replyId && replyId.GetValue<int>() == id)
            {
                if (reply["error"] is { } error)
                {
                    throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
                }

                return reply["result"]!;
            }

            Handle(reply);
        }
    }

    private async Task<JsonNode> ReceiveAsync()
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(chunk, CancellationToken.None).WaitAsync(Timeout);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("Chromium closed the DevTools connection.");
            }

            buffer.Write(chunk, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonNode.Parse(buffer.ToArray())!;
    }

    private void Handle(JsonNode message)
    {
        switch ((string?)message["method"])
        {
            case "Page.loadEventFired":
                _loaded = true;
                break;
            case "Runtime.exceptionThrown":
                _errors.Add($"exception: {message["params"]!["exceptionDetails"]!.ToJsonString()}");
                break;
            case "Runtime.consoleAPICalled" when (string?)message["params"]!["type"] is "error" or "assert":
                _errors.Add($"console: {message["params"]!["args"]!.ToJsonString()}");
                break;
            case "Log.entryAdded" when (string?)message["params"]!["entry"]!["level"] == "error":
                _errors.Add($"log: {message["params"]!["entry"]!["text"]} {message["params"]!["entry"]!["url"]}");
                break;
        }
    }
}
