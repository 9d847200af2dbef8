using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Vigil.Server.Demo;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;
using Vigil.Simulation.Demo;
using Vigil.Simulation.Faults;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Server.Tests.Console;

/// <summary>
/// A simulated fleet fed to the server by <see cref="DemoFeeder"/> through the real receivers (remote write, OTLP
/// logs, Alertmanager webhook), as <c>vigil demo</c> does: an hour of history replayed at once, ending in an outage of a
/// data store that started two minutes before the end and is still going on. The feeder's clock is a
/// <see cref="FakeTimeProvider"/> standing at the end of the history, so it sends no live frame and the run is quick.
/// </summary>
public sealed class ConsoleStoryFixture : ConsoleFixture
{
    public const int Seed = 1;

    /// <summary>The scenario that was played.</summary>
    public DemoScenario Scenario { get; private set; } = null!;

    /// <summary>The injected outage.</summary>
    public FaultTruth Fault => Scenario.Faults[0].Truth;

    // The server's default log warm-up (the history's first lines teach the usual templates, so none of them is
    // "new"); the correlator's auto-resolve checked every second, so the history's quiet incidents resolve at once.
    protected override void Configure(ServerOptions options) => options.Correlation.TickInterval = TimeSpan.FromSeconds(1);

    protected override async Task SeedAsync(CancellationToken ct)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(NowMs);
        Scenario = new DemoScenario(new DemoOptions
        {
            Services = 20,
            Backfill = TimeSpan.FromHours(1),
            FirstFault = TimeSpan.FromSeconds(-90),
            FaultDuration = TimeSpan.FromMinutes(30),
            Faults = 1,
        }, Seed, now);
        var feeder = new DemoFeeder(Client, BaseAddress, Scenario, new FakeTimeProvider(Scenario.LiveFrom));
        await feeder.RunAsync(Scenario.LiveFrom, ct);
    }
}

/// <summary>
/// Issue 7's story end to end in Debian's Chromium: a simulated fleet with an injected outage, fed through the real
/// receivers; the overview shows the faulty service first, its incident names it as the likeliest cause and charts the
/// anomaly, and acknowledging it adds to the timeline without a reload. Each step is saved as a screenshot.
/// </summary>
public sealed class ConsoleStoryTests(ConsoleStoryFixture console) : IClassFixture<ConsoleStoryFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Story_FaultyServiceFirst_IncidentNamesCauseAndChartsAnomaly_AcknowledgeUpdatesTimeline()
    {
        var root = console.Fault.Root;
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine(DemoFeeder.Describe(console.Fault));
        var health = await VigilApi.GetDataAsync(console.Client, "api/v1/health/entities?limit=12", Ct);
        foreach (var e in health.GetProperty("entities").EnumerateArray())
        {
            output?.WriteLine($"health {e.GetProperty("entity")} {e.GetProperty("severity")} signals {e.GetProperty("openSignals")} dependents {e.GetProperty("troubledDependents")} incidents {e.GetProperty("openIncidents")}: {e.GetProperty("summary")}");
        }
        var incidents = await VigilApi.GetDataAsync(console.Client, "api/v1/incidents?status=open&limit=5", Ct);
        foreach (var i in incidents.EnumerateArray())
        {
            // What the ranking saw, for a reader of a failed run: each candidate's evidence and each member's start.
            var incidentDetail = await VigilApi.GetDataAsync(console.Client, "api/v1/incidents/" + i.GetProperty("id").GetString(), Ct);
            output?.WriteLine($"incident {i.GetProperty("id")}: {i.GetProperty("title")}");
            foreach (var c in incidentDetail.GetProperty("rootCauses").EnumerateArray())
            {
                output?.WriteLine($"  cause {c.GetProperty("rank")} {c.GetProperty("entity")} {c.GetProperty("score")}: {string.Join("; ", c.GetProperty("evidence").EnumerateArray().Select(static e => e.GetProperty("description").GetString()))}");
            }
            foreach (var m in incidentDetail.GetProperty("signals").EnumerateArray())
            {
                output?.WriteLine($"  signal {m}");
            }
        }
        var page = await console.NewPageAsync();

        // 1. The overview: the data store that failed is the first row (the services calling it are in trouble too).
        // The history's incidents that went quiet resolve on the correlator's first ticks; the overview follows live.
        await ConsoleFixture.OpenAsync(page, "#/overview");
        var first = page.Locator("#health tbody tr").First;
        await Expect(first).ToHaveAttributeAsync("data-entity", "service/" + root, new() { Timeout = 20_000 });
        await Expect(first).ToContainTextAsync("critical");
        await Expect(first).ToContainTextAsync("depending on it in trouble");
        // The first callers the outage reached are in trouble too, listed after it.
        var callers = string.Join(", ", console.Fault.Affected.Skip(1).Select(c => $"#health tbody tr[data-entity='service/{c}']"));
        Assert.True(await page.Locator(callers).CountAsync() > 0, "none of the callers the outage spread to is listed");
        await console.ScreenshotAsync(page, "story-1-overview");
        var marker = await page.EvaluateAsync<int>("() => { window.__notReloaded = 7; return 7; }");

        // 2. Its worst open incident: the failed store ranked first among the root-cause candidates, with evidence,
        // and the chart of its metric anomaly with the anomalous points marked.
        await first.Locator("a.incident-link").ClickAsync();
        await page.Locator("main[data-page=incidents][data-ready=true] #timeline").WaitForAsync();
        await Expect(page.Locator("#incident-status")).ToHaveTextAsync("open");
        var topCause = page.Locator("#root-causes > ol > li").First;
        await Expect(topCause.Locator("strong")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^(service/)?{root}$"));
        Assert.True(await topCause.Locator("ul > li").CountAsync() > 0, "the top candidate has no evidence");
        var chart = page.Locator("#incident-chart[data-band=true]");
        await chart.WaitForAsync();
        Assert.Contains($"service=\"{root}\"", await chart.GetAttributeAsync("data-series") ?? "", StringComparison.Ordinal);
        Assert.True(int.Parse(await chart.GetAttributeAsync("data-anomalies") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 0, "no anomalous point marked");
        var drawn = await page.EvaluateAsync<string[]>(
            "() => echarts.getInstanceByDom(document.getElementById('incident-chart')).getOption().series.filter(s => (s.data || []).length > 0 || s.markArea).map(s => s.name || s.type)");
        Assert.Contains("anomalies", drawn);
        Assert.Contains("expected", drawn);
        // An incident whose signals all ended (the detectors took the outage's level as the new normal) says so.
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        var detail = await VigilApi.GetDataAsync(console.Client, "api/v1/incidents/" + id, Ct);
        var allEnded = detail.GetProperty("signals").EnumerateArray().All(static s => s.TryGetProperty("end", out var end) && end.ValueKind == JsonValueKind.String);
        await Expect(page.Locator("#quiet-note")).ToHaveCountAsync(allEnded ? 1 : 0);
        await console.ScreenshotAsync(page, "story-2-incident");
        await Expect(page.Locator("#topology-graph")).ToHaveAttributeAsync("data-affected", new System.Text.RegularExpressions.Regex("^[1-9]"));

        // 3. Acknowledge: the status changes and the timeline gains the acknowledgement, without reloading the page.
        var entries = await page.Locator("#timeline li").CountAsync();
        await page.Locator("#act-actor").FillAsync("oncall-ana");
        await page.Locator("#act-acknowledge").ClickAsync();
        await Expect(page.Locator("#incident-status")).ToHaveTextAsync("acknowledged");
        var acknowledged = page.Locator("#timeline li[data-kind=acknowledged]");
        await Expect(acknowledged).ToHaveCountAsync(1);
        await Expect(acknowledged).ToContainTextAsync("oncall-ana");
        Assert.True(await page.Locator("#timeline li").CountAsync() > entries, "the timeline did not grow");
        await Expect(page.Locator("#act-acknowledge")).ToBeDisabledAsync();
        Assert.Equal(marker, await page.EvaluateAsync<int>("() => window.__notReloaded"));
        await console.ScreenshotAsync(page, "story-3-acknowledged");

        // The server agrees: the incident is acknowledged by the actor the page sent.
        detail = await VigilApi.GetDataAsync(console.Client, "api/v1/incidents/" + id, Ct);
        Assert.Equal("acknowledged", detail.GetProperty("status").GetString());
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "acknowledged" && t.GetProperty("actor").GetString() == "oncall-ana");
        Assert.True(console.PageErrors[page].Count == 0, "script errors: " + string.Join(" | ", console.PageErrors[page]));
    }

    [Fact]
    public async Task Story_PhoneWidthDarkTheme_IncidentReadableAndCommentableByKeyboard()
    {
        var root = console.Fault.Root;
        var page = await console.NewPageAsync(390, 844, ColorScheme.Dark);
        await ConsoleFixture.OpenAsync(page, "#/overview");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        var row = page.Locator($"#health tbody tr[data-entity='service/{root}']");
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the overview scrolls sideways at 390 px");

        // Keyboard only: focus the row's incident link and follow it.
        await row.Locator("a.incident-link").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("main[data-page=incidents][data-ready=true] #incident-chart[data-band=true]").WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the incident page scrolls sideways at 390 px");
        // The chart is drawn with the dark theme's text colour, not black on the dark panel.
        // (ECharts' colour, normalised by the browser to rgb(r, g, b).)
        var axisColour = await page.EvaluateAsync<string>(
            "() => { const c = echarts.getInstanceByDom(document.getElementById('incident-chart')).getModel().getComponent('xAxis').get(['axisLabel', 'color']);"
            + " const probe = document.createElement('span'); probe.style.color = c || 'black'; document.body.append(probe);"
            + " const rgb = getComputedStyle(probe).color; probe.remove(); return rgb; }");
        var red = int.Parse(System.Text.RegularExpressions.Regex.Match(axisColour, "[0-9]+").Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(red > 128, $"the dark theme's axis labels are dark: {axisColour}");
        await console.ScreenshotAsync(page, "story-incident-phone-dark");
        await page.Locator("#incident-evidence").ScreenshotAsync(new() { Path = Path.Combine(console.ScreenshotDirectory, "story-incident-phone-dark-chart.png") });

        // Comment with the keyboard: type in the fields, Tab to the button, press Enter; the timeline gains it.
        await page.Locator("#act-actor").FocusAsync();
        await page.Keyboard.TypeAsync("oncall-bo");
        await page.Locator("#act-text").FocusAsync();
        await page.Keyboard.TypeAsync("looking at the store's disk");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#act-comment")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#timeline li[data-kind=commented]")).ToContainTextAsync("looking at the store's disk");
        Assert.True(console.PageErrors[page].Count == 0, "script errors: " + string.Join(" | ", console.PageErrors[page]));
    }
}
