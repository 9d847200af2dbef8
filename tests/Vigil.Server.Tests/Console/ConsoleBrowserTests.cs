using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Vigil.Core.Series;
using Vigil.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Server.Tests.Console;

/// <summary>
/// The console in Debian's Chromium against a real server: the overview finds the unhealthy service, the metrics
/// explorer draws the band and the anomaly, a signal takes feedback, logs show the new template, themes and phone
/// width work, and a new signal shows up live. Each page is saved as a screenshot.
/// </summary>
public sealed class ConsoleBrowserTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private void NoScriptErrors(IPage page) =>
        Assert.True(console.PageErrors[page].Count == 0, "script errors: " + string.Join(" | ", console.PageErrors[page]));

    [Fact]
    public async Task Overview_UnhealthyServiceFirst()
    {
        var page = await console.NewPageAsync();
        await ConsoleFixture.OpenAsync(page, "#/overview");
        // Overview_NewSignal_AppearsWithoutReload, which may run first on the same server, adds a critical
        // service/search; among the fixture's own entities checkout comes first.
        var first = page.Locator("#health tbody tr:not([data-entity='service/search'])").First;
        await Expect(first).ToHaveAttributeAsync("data-entity", "service/checkout");
        await Expect(first).ToContainTextAsync("critical");
        // Checkout's open incident (the correlator names it as the store does, "service/checkout") joins the service's row: one row per entity.
        await Expect(first.Locator("td").Nth(3)).ToHaveTextAsync("1");
        await Expect(page.Locator("#health tr[data-entity='checkout']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#health tr[data-entity='host/db-1']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#health tr[data-entity='db-1']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#signals-today")).Not.ToHaveTextAsync("0");
        await Expect(page.Locator("#incidents-today")).Not.ToHaveTextAsync("0");
        // Its count of open incidents links the worst one.
        await Expect(first.Locator("a.incident-link")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^#/incidents/[0-9]+$"));
        await Expect(page.Locator("#capacity-risks")).ToContainTextAsync("db-disk");
        // The changes API exists on main now; the fixture records no change.
        await Expect(page.Locator("#changes")).ToContainTextAsync("No changes recorded.");
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "on");
        await console.ScreenshotAsync(page, "overview");
        NoScriptErrors(page);
    }

    [Fact]
    public async Task MetricsExplorer_Query_DrawsBandAndAnomalyMarkerLinkedToSignal()
    {
        var page = await console.NewPageAsync();
        await ConsoleFixture.OpenAsync(page, "#/metrics?range=6h");
        // Autocomplete: metric names, then the chosen metric's labels and values.
        await Expect(page.Locator("#metric-names option[value=checkout_request_latency_seconds]")).ToHaveCountAsync(1);
        await page.Locator("#metric").FillAsync("checkout_request_latency_seconds");
        await page.Locator("#metric").DispatchEventAsync("change");
        await Expect(page.Locator("#label-names option[value=service]")).ToHaveCountAsync(1);
        await page.Locator("#label-name").FillAsync("service");
        await page.Locator("#label-name").DispatchEventAsync("change");
        await Expect(page.Locator("#label-values option[value=checkout]")).ToHaveCountAsync(1);
        await page.Locator("#label-value").FillAsync("checkout");
        await page.Locator("#add-filter").ClickAsync();
        await Expect(page.Locator("#selector")).ToHaveValueAsync("checkout_request_latency_seconds{service=\"checkout\"}");
        await page.Locator("#add-series").ClickAsync();

        var chart = page.Locator("#chart[data-series='1']");
        await chart.WaitForAsync();
        await Expect(chart).ToHaveAttributeAsync("data-band", "true");
        Assert.True(int.Parse(await chart.GetAttributeAsync("data-anomalies") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 0, "no anomalous point marked");
        Assert.True(int.Parse(await chart.GetAttributeAsync("data-signals") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 0, "no stored signal marked");
        // What ECharts holds: a filled band, the actual line, and markers with data.
        var kinds = await page.EvaluateAsync<string[]>(
            "() => echarts.getInstanceByDom(document.getElementById('chart')).getOption().series.filter(s => (s.data || []).length > 0).map(s => s.id.split('-')[0] + (s.areaStyle ? '+area' : ''))");
        Assert.Contains("band+area", kinds);
        Assert.Contains("actual", kinds);
        Assert.Contains("expected", kinds);
        Assert.Contains("anomalies", kinds);
        Assert.Contains("signals", kinds);
        Assert.Contains("points in the window", await page.Locator("#points-note").TextContentAsync() ?? "", StringComparison.Ordinal);
        await console.ScreenshotAsync(page, "metrics");

        // Add the healthy service's series: two overlaid.
        await page.Locator("#selector").FillAsync("checkout_request_latency_seconds{service=\"payments\"}");
        await page.Locator("#add-series").ClickAsync();
        await page.Locator("#chart[data-series='2']").WaitForAsync();

        await page.Locator("#anomalies a[href^='#/signals/']").First.ClickAsync();
        await page.Locator("main[data-page=signals][data-ready=true]").WaitForAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("checkout_request_latency_seconds");
        NoScriptErrors(page);
    }

    [Fact]
    public async Task SignalPage_MetricEvidenceAndFeedbackStored()
    {
        var signal = await SignalAsync("MetricAnomaly", "service=\"checkout\"");
        var page = await console.NewPageAsync();
        await ConsoleFixture.OpenAsync(page, Route(signal));
        await Expect(page.Locator("#signal-chart")).ToHaveAttributeAsync("data-band", "true");
        await Expect(page.Locator("#evidence")).ToContainTextAsync("observed");
        await page.Locator("#fb-actor").FillAsync("tester");
        await page.Locator("#fb-comment").FillAsync("latency really was up");
        await page.Locator("#fb-confirmed").ClickAsync();
        await Expect(page.Locator("#feedback-list")).ToContainTextAsync("Confirmed by tester");
        await console.ScreenshotAsync(page, "signal-metric");

        var detail = await VigilApi.GetDataAsync(console.Client, "api/v1/signals/" + signal.GetProperty("fingerprint").GetString() + "/" + Uri.EscapeDataString(signal.GetProperty("start").GetString()!), Ct);
        var verdict = Assert.Single(detail.GetProperty("feedback").EnumerateArray());
        Assert.Equal("confirmed", verdict.GetProperty("verdict").GetString());
        Assert.Equal("latency really was up", verdict.GetProperty("comment").GetString());
        NoScriptErrors(page);
    }

    [Fact]
    public async Task Logs_NewTemplateHighlighted_TemplatePageShowsLines_LogSignalShowsExamples()
    {
        var page = await console.NewPageAsync();
        await ConsoleFixture.OpenAsync(page, "#/logs");
        var fresh = page.Locator("#templates tr.new");
        await Expect(fresh).ToHaveCountAsync(1);
        await Expect(fresh).ToContainTextAsync("connection to db-<*> refused after <*> retries");
        await Expect(page.Locator("#templates tbody tr")).ToHaveCountAsync(2);
        await page.Locator(".spark canvas").First.WaitForAsync();
        await console.ScreenshotAsync(page, "logs");

        await fresh.Locator("a").ClickAsync();
        await page.Locator("main[data-ready=true] #template-lines").WaitForAsync();
        await Expect(page.Locator("#template-lines tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#template-lines")).ToContainTextAsync("connection to db-1 refused after 2 retries");
        await console.ScreenshotAsync(page, "log-template");

        await ConsoleFixture.OpenAsync(page, "#/logs?q=refused%20after%203");
        await Expect(page.Locator("#line-results tbody tr")).ToHaveCountAsync(1);

        var signal = await SignalAsync("NewLogPattern", "");
        await ConsoleFixture.OpenAsync(page, Route(signal));
        await Expect(page.Locator("#log-evidence")).ToContainTextAsync("connection to db-1 refused after 1 retries");
        await console.ScreenshotAsync(page, "signal-log");
        NoScriptErrors(page);
    }

    [Fact]
    public async Task SignalsPage_SwimlaneAndFilteredList()
    {
        var page = await console.NewPageAsync();
        await ConsoleFixture.OpenAsync(page, "#/signals?range=24h");
        // Other tests may add a service; checkout's lane and its two signals (metric, new log pattern) are there.
        await Expect(page.Locator("#swimlane")).Not.ToHaveAttributeAsync("data-lanes", "0");
        await Expect(page.Locator("#signal-list tbody tr", new() { HasText = "service/checkout" })).ToHaveCountAsync(2);
        await console.ScreenshotAsync(page, "signals");
        await page.Locator("#f-kind").SelectOptionAsync("NewLogPattern");
        await page.Locator("main[data-ready=true] #signal-list").WaitForAsync();
        await Expect(page.Locator("#signal-list tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#signal-list")).ToContainTextAsync("new log pattern");
        NoScriptErrors(page);
    }

    [Fact]
    public async Task IncidentsAndCapacity_CorrelatedIncidentListedAndShown_ForecastDrawn()
    {
        var page = await console.NewPageAsync();
        await ConsoleFixture.OpenAsync(page, "#/incidents");
        // The correlator grouped checkout's latency anomaly and its new log pattern into one critical, open incident.
        // (Payments' latency has an incident of its own: its title starts "service/payments: checkout_request_latency_seconds".)
        var checkout = page.Locator("#incident-list tbody tr", new() { HasText = "checkout: checkout_request_latency_seconds" });
        await Expect(checkout).ToHaveCountAsync(1);
        await Expect(checkout).ToContainTextAsync("critical");
        await Expect(checkout.Locator("td").Nth(3)).ToHaveTextAsync("open");
        await Expect(checkout.Locator("td").Nth(4)).ToHaveTextAsync("service/checkout");
        await Expect(checkout.Locator("td").Nth(5)).ToHaveTextAsync("2");
        await Expect(page.Locator("#incident-list tbody tr", new() { HasText = "db-disk" })).ToHaveCountAsync(1);
        await Expect(page.Locator("main .notice")).ToHaveCountAsync(0);
        await console.ScreenshotAsync(page, "incidents-correlated");

        await checkout.Locator("a").First.ClickAsync();
        await page.Locator("main[data-ready=true] #incident-signals").WaitForAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("checkout_request_latency_seconds");
        await Expect(page.Locator("#incident-status")).ToHaveTextAsync("open");
        await Expect(page.Locator("#incident-signals tbody tr", new() { HasText = "MetricAnomaly" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#incident-signals tbody tr", new() { HasText = "NewLogPattern" })).ToHaveCountAsync(1);
        // The topology API exists: an entity not (yet) in it is said so, not "API not available".
        await Expect(page.Locator("#topology")).Not.ToContainTextAsync("not available");
        await console.ScreenshotAsync(page, "incident-correlated");

        await ConsoleFixture.OpenAsync(page, "#/capacity");
        await Expect(page.Locator("#targets")).ToContainTextAsync("db-disk");
        await Expect(page.Locator("#forecast-chart")).ToHaveAttributeAsync("data-forecast", "1");
        await console.ScreenshotAsync(page, "capacity");
        NoScriptErrors(page);
    }

    [Fact]
    public async Task ThemeToggle_SwitchesAndIsRemembered()
    {
        var page = await console.NewPageAsync();
        await ConsoleFixture.OpenAsync(page, "#/overview");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        await page.Locator("#theme-toggle").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.Locator("#theme-toggle")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.ReloadAsync();
        await page.Locator("main[data-ready=true]").WaitForAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(18, 22, 28)", background);
        await console.ScreenshotAsync(page, "overview-dark");
        await ConsoleFixture.OpenAsync(page, "#/metrics?q=checkout_request_latency_seconds&range=6h");
        await page.Locator("#chart[data-series='2']").WaitForAsync();
        await console.ScreenshotAsync(page, "metrics-dark");

        // With no choice made, the system's preference is followed.
        var darkSystem = await console.NewPageAsync(scheme: ColorScheme.Dark);
        await ConsoleFixture.OpenAsync(darkSystem, "#/overview");
        await Expect(darkSystem.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        NoScriptErrors(page);
    }

    [Fact]
    public async Task PhoneWidth_NoHorizontalScroll_MenuOpensWithKeyboard()
    {
        var page = await console.NewPageAsync(390, 844);
        await ConsoleFixture.OpenAsync(page, "#/overview");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the overview scrolls sideways at 390 px");
        await Expect(page.Locator("nav#nav")).ToBeHiddenAsync();
        await page.Locator(".menu-toggle").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("nav#nav")).ToBeVisibleAsync();
        await Expect(page.Locator(".menu-toggle")).ToHaveAttributeAsync("aria-expanded", "true");
        await console.ScreenshotAsync(page, "overview-phone-menu");
        await page.Locator("nav a[data-page=metrics]").ClickAsync();
        await page.Locator("main[data-page=metrics][data-ready=true]").WaitForAsync();
        await ConsoleFixture.OpenAsync(page, "#/metrics?q=" + Uri.EscapeDataString("checkout_request_latency_seconds{service=\"checkout\"}") + "&range=6h");
        await page.Locator("#chart[data-series='1']").WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the metrics explorer scrolls sideways at 390 px");
        await console.ScreenshotAsync(page, "metrics-phone");
        NoScriptErrors(page);
    }

    [Fact]
    public async Task Keyboard_SkipLinkAndLabelledControls()
    {
        var page = await console.NewPageAsync();
        await ConsoleFixture.OpenAsync(page, "#/metrics");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(".skip")).ToBeFocusedAsync();
        // Every form control has a label the screen reader reads.
        var unlabelled = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('main input, main select, main textarea')].filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && e.type !== 'hidden').map(e => e.id || e.outerHTML)");
        Assert.Empty(unlabelled);
        Assert.Equal(1, await page.Locator("main#main").CountAsync());
        Assert.Equal(1, await page.Locator("nav[aria-label=Main]").CountAsync());
    }

    [Fact]
    public async Task Overview_NewSignal_AppearsWithoutReload()
    {
        var page = await console.NewPageAsync();
        await ConsoleFixture.OpenAsync(page, "#/overview");
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "on");
        await Expect(page.Locator("#health tr[data-entity='service/search']")).ToHaveCountAsync(0);
        var marker = await page.EvaluateAsync<int>("() => { window.__notReloaded = 1; return 1; }");

        var t = console.NowMs - 60_000;
        // A spike strong enough to open a signal alone (Engine:LoneAnomalyScore): a weaker single point is not evidence.
        using (var write = await RemoteWrite.PostAsync(console.Client, Ct,
            ("search_errors{service=\"search\"}", [.. RemoteWrite.Samples(t - 150_000, 150, i => 10 + (i % 3)), new Sample(t, 5000)])))
        {
            Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        }

        await Expect(page.Locator("#health tr[data-entity='service/search']")).ToHaveCountAsync(1);
        Assert.Equal(marker, await page.EvaluateAsync<int>("() => window.__notReloaded"));
        NoScriptErrors(page);
    }

    private async Task<JsonElement> SignalAsync(string kind, string labelFilter)
    {
        var signals = await VigilApi.GetDataAsync(console.Client, $"api/v1/signals?kind={kind}", Ct);
        return signals.EnumerateArray().First(s => labelFilter.Length == 0 || s.GetProperty("entity").GetString()!.Contains(labelFilter, StringComparison.Ordinal));
    }

    private static string Route(JsonElement signal) =>
        $"#/signals/{signal.GetProperty("fingerprint").GetString()}/{Uri.EscapeDataString(signal.GetProperty("start").GetString()!)}";
}
