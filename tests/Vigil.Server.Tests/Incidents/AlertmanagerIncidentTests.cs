using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Incidents;

/// <summary>End to end: a real Alertmanager delivers a burst of related alerts and later their resolution.</summary>
public sealed class AlertmanagerIncidentTests(IncidentsServerFixture server) : IClassFixture<IncidentsServerFixture>
{
    [Fact]
    public async Task RealAlertmanager_BurstAlongDependencies_OneIncidentRootedAtTheBottom_ResolvedWithTheAlerts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var alertmanager = await AlertmanagerPeer.StartAsync(new Uri(server.BaseAddress, "api/v1/alerts/alertmanager"), ct);
        using var am = new HttpClient { BaseAddress = alertmanager.Url };
        var run = Guid.NewGuid().ToString("N")[..6];
        // web → checkout → payments → db, told through depends_on labels; the db went first.
        var chain = new (string Service, string? DependsOn, string Alert, string Severity)[]
        {
            ($"web-{run}", $"checkout-{run}", "HighErrorRate", "warning"),
            ($"checkout-{run}", $"payments-{run}", "HighLatency", "warning"),
            ($"payments-{run}", $"db-{run}", "HighLatency", "critical"),
            ($"db-{run}", null, "DiskFull", "critical"),
        };
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(-30);
        string Alerts(string? endsAt) => "[" + string.Join(',', chain.Select((a, i) => $$"""
            {"labels":{"alertname":"{{a.Alert}}","service":"{{a.Service}}","severity":"{{a.Severity}}"{{(a.DependsOn is null ? "" : $",\"depends_on\":\"{a.DependsOn}\"")}}},
             "annotations":{"summary":"{{a.Alert}} on {{a.Service}}"},
             "startsAt":"{{Rfc3339(startsAt.AddSeconds(chain.Length - i))}}"{{(endsAt is null ? "" : $",\"endsAt\":\"{endsAt}\"")}}}
            """)) + "]";

        using (var fire = await am.PostAsync("api/v2/alerts", new StringContent(Alerts(null), Encoding.UTF8, "application/json"), ct))
        {
            Assert.Equal(HttpStatusCode.OK, fire.StatusCode);
        }
        var incident = await IncidentsApiTests.EventuallyAsync(async () =>
            (await IncidentsApiTests.ListAsync(server.Client, $"entity=service/web-{run}", ct)) is [var i] && i.GetProperty("signalCount").GetInt32() == 4 ? i : null,
            "one incident holding the four alerts");
        Assert.Single(await IncidentsApiTests.ListAsync(server.Client, $"entity=service/db-{run}", ct));
        Assert.Equal($"service/db-{run}", incident.GetProperty("rootCause").GetProperty("entity").GetString());
        Assert.StartsWith($"service/db-{run}: DiskFull on db-{run}", incident.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal("open", incident.GetProperty("status").GetString());
        var id = incident.GetProperty("id").GetString();
        var detail = (await server.Client.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{id}", ct)).GetProperty("data");
        // The dependents of the troubled db are inhibited: attached as evidence, notifying nobody.
        Assert.Equal(3, detail.GetProperty("inhibited").GetArrayLength());

        using (var resolve = await am.PostAsync("api/v2/alerts", new StringContent(Alerts(Rfc3339(DateTimeOffset.UtcNow)), Encoding.UTF8, "application/json"), ct))
        {
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        }
        var resolved = await IncidentsApiTests.EventuallyAsync(async () =>
            (await IncidentsApiTests.ListAsync(server.Client, $"entity=service/web-{run}", ct)) is [var i] && i.GetProperty("status").GetString() == "resolved" ? i : null,
            "the incident resolving after Alertmanager's resolved notifications");
        Assert.Equal(id, resolved.GetProperty("id").GetString());
        Assert.True(resolved.TryGetProperty("resolved", out _));
        var timeline = (await server.Client.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{id}", ct)).GetProperty("data").GetProperty("timeline");
        Assert.Equal(4, timeline.EnumerateArray().Count(t => t.GetProperty("kind").GetString() == "signalEnded"));
        Assert.Equal("resolved", timeline[timeline.GetArrayLength() - 1].GetProperty("kind").GetString());
    }

    private static string Rfc3339(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
