using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Server.Tests.Console;

/// <summary>
/// The incident pages against the incidents and topology APIs' agreed contract, until those APIs are on main: the
/// browser answers their paths with contract-shaped JSON (everything else comes from the real server). When the
/// APIs land, the end-to-end test of issue 7 (simulated fleet, injected fault) replaces these answers.
/// </summary>
public sealed class IncidentPageContractTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    private static readonly object Incident = new
    {
        id = "inc-42", title = "checkout latency up, payments errors", status = "open", severity = 92, band = "critical",
        entities = new[] { "service/checkout", "service/payments" }, signalCount = 2, opened = "2026-11-29T10:00:00Z", updated = "2026-11-29T10:05:00Z",
        rootCause = new { entity = "service/payments", score = 0.81, summary = "payments errors rose first" },
        signals = new[]
        {
            new { kind = "MetricAnomaly", entity = "service/checkout", start = "2026-11-29T10:01:00Z", severity = 92, band = "critical", summary = "latency 2.1 s, expected 0.2 s", fingerprint = "a1", labels = new { service = "checkout" }, evidence = new { } },
        },
        rootCauses = new[]
        {
            new { rank = 1, entity = "service/payments", score = 0.81, evidence = new[] { new { kind = "anomaly", description = "error rate 40× its baseline, 60 s before checkout" } } },
            new { rank = 2, entity = "host/db-1", score = 0.35, evidence = new[] { new { kind = "change", description = "deploy db-1 v2.3 at 09:58" } } },
        },
        timeline = new[]
        {
            new { at = "2026-11-29T10:00:00Z", kind = "opened", actor = (string?)null, text = "opened by signal latency 2.1 s" },
            new { at = "2026-11-29T10:01:00Z", kind = "signal", actor = (string?)null, text = "payments error rate joined" },
        },
        similar = new[] { new { id = "inc-7", title = "payments errors after db deploy", score = 0.74 } },
        reasons = new[] { "same service checkout, 40 s apart", "checkout → payments" },
    };

    private static readonly object Neighbourhood = new
    {
        entities = new[]
        {
            new { id = "service/checkout", kind = "service", source = "config" },
            new { id = "service/payments", kind = "service", source = "config" },
            new { id = "host/db-1", kind = "host", source = "config" },
            new { id = "service/search", kind = "service", source = "config" },
        },
        edges = new[]
        {
            new { from = "service/checkout", to = "service/payments", kind = "calls", source = "config" },
            new { from = "service/payments", to = "host/db-1", kind = "depends_on", source = "config" },
            new { from = "service/search", to = "host/db-1", kind = "depends_on", source = "config" },
        },
    };

    [Fact]
    public async Task IncidentPage_ContractAnswers_TimelineCausesGraphAndAcknowledge()
    {
        var page = await console.NewPageAsync();
        var posted = new List<string>();
        var acknowledged = false;
        await page.RouteAsync("**/api/v1/incidents**", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (route.Request.Method == "POST")
            {
                posted.Add(url.AbsolutePath + " " + route.Request.PostData);
                acknowledged = true;
                await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = "{}" });
                return;
            }
            var body = url.AbsolutePath.EndsWith("/incidents", StringComparison.Ordinal)
                ? JsonSerializer.Serialize(new[] { Incident })
                : JsonSerializer.Serialize(acknowledged ? WithStatus("acknowledged") : Incident);
            await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = body });
        });
        await page.RouteAsync("**/api/v1/topology/neighbourhood**", route =>
            route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = JsonSerializer.Serialize(Neighbourhood) }));

        await ConsoleFixture.OpenAsync(page, "#/incidents");
        await Expect(page.Locator("#incident-list tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#incident-list")).ToContainTextAsync("probable cause: service/payments");
        await console.ScreenshotAsync(page, "incidents");

        await page.Locator("#incident-list a").ClickAsync();
        await page.Locator("main[data-page=incidents][data-ready=true] #timeline").WaitForAsync();
        await Expect(page.Locator("#timeline li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#root-causes > ol > li").First).ToContainTextAsync("service/payments");
        await Expect(page.Locator("#root-causes")).ToContainTextAsync("deploy db-1 v2.3");
        await Expect(page.Locator("#topology-graph")).ToHaveAttributeAsync("data-nodes", "4");
        await Expect(page.Locator("#topology-graph")).ToHaveAttributeAsync("data-affected", "2");
        await Expect(page.Locator("#similar")).ToContainTextAsync("payments errors after db deploy");
        await console.ScreenshotAsync(page, "incident");

        await page.Locator("#act-actor").FillAsync("oncall");
        await page.Locator("#act-acknowledge").ClickAsync();
        await Expect(page.Locator("#incident-status")).ToHaveTextAsync("acknowledged");
        var post = Assert.Single(posted);
        Assert.Equal("/api/v1/incidents/inc-42/acknowledge {\"actor\":\"oncall\"}", post);
        Assert.True(console.PageErrors[page].Count == 0, string.Join(" | ", console.PageErrors[page]));
    }

    private static Dictionary<string, object?> WithStatus(string status)
    {
        var copy = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(Incident))!;
        copy["status"] = status;
        return copy;
    }
}
