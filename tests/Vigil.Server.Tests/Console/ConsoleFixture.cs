using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Vigil.Core.Series;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;
using Vigil.Server.Tests.Logs;

namespace Vigil.Server.Tests.Console;

/// <summary>
/// A Vigil server fed through its real receivers (remote write, JSON lines logs) with one unhealthy service, a new log
/// pattern and a filling disk, and Debian's Chromium driven by Playwright. Screenshots go to
/// <c>TestResults/screenshots/</c> at the repository's root.
/// </summary>
public class ConsoleFixture : VigilServerFixture
{
    public const string Chromium = "/usr/bin/chromium";
    public const string UnhealthySeries = "checkout_request_latency_seconds{service=\"checkout\", instance=\"checkout-1\"}";
    public const string HealthySeries = "checkout_request_latency_seconds{service=\"payments\", instance=\"payments-1\"}";
    public const string DiskSeries = "disk_used_bytes{host=\"db-1\"}";

    private IPlaywright? _playwright;

    /// <summary>The browser, or null when Chromium is not installed (the tests skip).</summary>
    public IBrowser? Browser { get; private set; }

    /// <summary>Where screenshots go.</summary>
    public string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    /// <summary>When the data ends (now, to the second, at start).</summary>
    public long NowMs { get; private set; }

    protected override void Configure(ServerOptions options) => options.Logs.WarmupLines = 10;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        NowMs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() / 15_000 * 15_000;
        await SeedAsync(TestContext.Current.CancellationToken);
        if (!File.Exists(Chromium))
        {
            return;
        }
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Feeds the server before the browser starts: checkout's latency jump, a new log pattern, a filling disk.</summary>
    protected virtual async Task SeedAsync(CancellationToken ct)
    {
        var random = new Random(42);
        const int Points = 6 * 240; // six hours at 15 s
        var start = NowMs - ((Points - 1) * 15_000L);
        // Checkout's latency jumps tenfold for the last two minutes. The ensemble takes the new level as normal after a few
        // points, so its signal has ended by the last sample; the incident the correlator opened for it (with the new log
        // pattern below) stays open for the correlator's quiet period (5 min).
        var unhealthy = RemoteWrite.Samples(start, Points, i => i >= Points - 8 ? 2.0 + (random.NextDouble() * 0.1) : 0.2 + (0.02 * Math.Sin(i / 60.0)) + (random.NextDouble() * 0.01), 15_000);
        var healthy = RemoteWrite.Samples(start, Points, i => 0.1 + (0.01 * Math.Sin(i / 60.0)) + (random.NextDouble() * 0.005), 15_000);
        // The disk fills by 300 bytes a day towards a limit of 1000.
        var disk = RemoteWrite.Samples(NowMs - (288 * 300_000L), 289, i => 400 + (i * 300.0 / 288) + (random.NextDouble() * 2), 300_000);
        using (var write = await RemoteWrite.PostAsync(Client, ct, (UnhealthySeries, unhealthy), (HealthySeries, healthy), (DiskSeries, disk)))
        {
            Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        }

        var lines = string.Join('\n', Enumerable.Range(0, 20).Select(i => $$"""{"service":"checkout","msg":"order {{1000 + i}} placed by user {{i * 7 % 31}}"}"""))
            + "\n" + string.Join('\n', Enumerable.Range(1, 3).Select(i => $$"""{"service":"checkout","msg":"connection to db-1 refused after {{i}} retries"}"""));
        using (var logs = await LogsClient.PostJsonLinesAsync(Client, lines, ct))
        {
            Assert.True(logs.IsSuccessStatusCode, await logs.Content.ReadAsStringAsync(ct));
        }

        using (var put = await Client.PutAsJsonAsync("api/v1/capacity/targets/db-disk", new { match = "disk_used_bytes", limit = 1000, horizon = "3d", step = "15m", lookback = "1d" }, ct))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(ct));
        }
        using (var evaluate = await Client.PostAsync("api/v1/capacity/targets/db-disk/evaluate", null, ct))
        {
            Assert.True(evaluate.IsSuccessStatusCode, await evaluate.Content.ReadAsStringAsync(ct));
        }
    }

    /// <summary>A fresh page (its own storage) at the given size and colour scheme; skips the test without Chromium.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, ColorScheme scheme = ColorScheme.Light)
    {
        if (Browser is null)
        {
            Assert.Skip($"needs {Chromium} (Debian package chromium) to drive the console in a real browser");
        }
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = scheme,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        PageErrors[page] = errors;
        return page;
    }

    /// <summary>Uncaught script errors per page: a page that throws fails its test.</summary>
    public Dictionary<IPage, List<string>> PageErrors { get; } = [];

    /// <summary>Opens a route (<c>#/metrics?…</c>) and waits until the page says it has rendered.</summary>
    public static async Task OpenAsync(IPage page, string route)
    {
        await page.GotoAsync("/" + route);
        await page.Locator("main[data-ready=true]").WaitForAsync();
    }

    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                return dir.FullName;
            }
        }
        return AppContext.BaseDirectory;
    }
}
