using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.Tests.Incidents;

public sealed class IncidentsApiTests(IncidentsServerFixture server) : IClassFixture<IncidentsServerFixture>
{
    private static string Now(int secondsFromNow = 0) =>
        DateTimeOffset.UtcNow.AddSeconds(secondsFromNow).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>Posts an Alertmanager webhook with one alert per (service, dependsOn, alertname, severity, extra labels).</summary>
    internal static async Task PostAlertsAsync(HttpClient client, string status, IEnumerable<(string Service, string? DependsOn, string Alert, string Severity, string Extra)> alerts, string startsAt, string? endsAt, CancellationToken ct)
    {
        var items = alerts.Select(a => $$"""
            {"status":"{{status}}","labels":{"alertname":"{{a.Alert}}","service":"{{a.Service}}","severity":"{{a.Severity}}"{{(a.DependsOn is null ? "" : $",\"depends_on\":\"{a.DependsOn}\"")}}{{a.Extra}}},
             "annotations":{"summary":"{{a.Alert}} on {{a.Service}}"},"startsAt":"{{startsAt}}","endsAt":"{{endsAt ?? "0001-01-01T00:00:00Z"}}","generatorURL":""}
            """);
        var body = $$"""{"version":"4","groupKey":"g","status":"{{status}}","receiver":"vigil","alerts":[{{string.Join(',', items)}}]}""";
        using var response = await client.PostAsync("api/v1/alerts/alertmanager", new StringContent(body, Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static async Task<JsonElement[]> ListAsync(HttpClient client, string query, CancellationToken ct)
    {
        var body = await client.GetFromJsonAsync<JsonElement>($"api/v1/incidents?{query}", ct);
        Assert.Equal("success", body.GetProperty("status").GetString());
        return [.. body.GetProperty("data").EnumerateArray()];
    }

    internal static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement?>> read, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await read() is { } found)
            {
                return found;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(45))
            {
                Assert.Fail($"{what} did not happen within 45 s");
            }
            await Task.Delay(100);
        }
    }

    private static Task<JsonElement> IncidentAboutAsync(HttpClient client, string entity, CancellationToken ct, string query = "") =>
        EventuallyAsync(async () => (await ListAsync(client, $"entity=service/{entity}{query}", ct)) is [var first, ..] ? first : null, $"an incident about {entity}");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Alerts_ForServiceAndDependency_OneIncidentWithDetail()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = Guid.NewGuid().ToString("N")[..6];
        await PostAlertsAsync(server.Client, "firing",
            [($"api-{run}", $"db-{run}", "HighLatency", "warning", ""), ($"db-{run}", null, "DiskFull", "critical", "")], Now(), null, ct);

        var listed = await IncidentAboutAsync(server.Client, $"db-{run}", ct);
        Assert.Equal(2, listed.GetProperty("signalCount").GetInt32());
        Assert.Equal("open", listed.GetProperty("status").GetString());
        Assert.Equal(90, listed.GetProperty("severity").GetInt32());
        Assert.Equal("critical", listed.GetProperty("band").GetString());
        Assert.Equal($"service/db-{run}", listed.GetProperty("rootCause").GetProperty("entity").GetString());
        var id = listed.GetProperty("id").GetString();

        var detail = (await server.Client.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{id}", ct)).GetProperty("data");
        Assert.Equal(id, detail.GetProperty("id").GetString());
        Assert.Equal(2, detail.GetProperty("signals").GetArrayLength());
        Assert.Equal("ExternalAlert", detail.GetProperty("signals")[0].GetProperty("kind").GetString());
        var top = detail.GetProperty("rootCauses")[0];
        Assert.Equal(1, top.GetProperty("rank").GetInt32());
        Assert.Contains(top.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("kind").GetString() == "upstream");
        Assert.Equal("opened", detail.GetProperty("timeline")[0].GetProperty("kind").GetString());
        Assert.NotEmpty(detail.GetProperty("reasons").EnumerateArray());
        Assert.Equal(JsonValueKind.Array, detail.GetProperty("similar").ValueKind);
    }

    [Fact]
    public async Task Actions_AcknowledgeAssignCommentResolve_WithConflictsAndErrors()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = Guid.NewGuid().ToString("N")[..6];
        await PostAlertsAsync(server.Client, "firing", [($"cache-{run}", null, "Evictions", "critical", "")], Now(), null, ct);
        var id = (await IncidentAboutAsync(server.Client, $"cache-{run}", ct)).GetProperty("id").GetString();

        using (var ack = await server.Client.PostAsync($"api/v1/incidents/{id}/acknowledge", Json("""{"actor":"ana"}"""), ct))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
            Assert.Equal("acknowledged", (await ack.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("status").GetString());
        }
        using (var again = await server.Client.PostAsync($"api/v1/incidents/{id}/acknowledge", Json("""{"actor":"ana"}"""), ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("already acknowledged", await again.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
        using (var assign = await server.Client.PostAsync($"api/v1/incidents/{id}/assign", Json("""{"actor":"ana","assignee":"bob"}"""), ct))
        {
            Assert.Equal("bob", (await assign.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("assignee").GetString());
        }
        using (var comment = await server.Client.PostAsync($"api/v1/incidents/{id}/comment", Json("""{"actor":"bob","text":"cache node replaced"}"""), ct))
        {
            Assert.Equal(HttpStatusCode.OK, comment.StatusCode);
        }
        using (var resolve = await server.Client.PostAsync($"api/v1/incidents/{id}/resolve", Json("""{"actor":"bob"}"""), ct))
        {
            Assert.Equal("resolved", (await resolve.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("status").GetString());
        }
        using (var twice = await server.Client.PostAsync($"api/v1/incidents/{id}/resolve", Json("""{"actor":"bob"}"""), ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }

        var detail = (await server.Client.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{id}", ct)).GetProperty("data");
        var kinds = detail.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["opened", "acknowledged", "assigned", "commented", "resolved"], kinds);
        var commented = detail.GetProperty("timeline")[3];
        Assert.Equal("bob", commented.GetProperty("actor").GetString());
        Assert.Equal("cache node replaced", commented.GetProperty("text").GetString());
        Assert.Single(await ListAsync(server.Client, $"entity=service/cache-{run}&status=resolved", ct));
        Assert.Empty(await ListAsync(server.Client, $"entity=service/cache-{run}&status=open", ct));
    }

    [Theory]
    [InlineData("api/v1/incidents/999999/acknowledge", """{"actor":"ana"}""", HttpStatusCode.NotFound, "no incident 999999")]
    [InlineData("api/v1/incidents/abc/acknowledge", """{"actor":"ana"}""", HttpStatusCode.BadRequest, "id: \\\"abc\\\" is not an incident id")]
    [InlineData("api/v1/incidents/1/acknowledge", """{"actor":""}""", HttpStatusCode.BadRequest, "actor: required")]
    [InlineData("api/v1/incidents/1/assign", """{"actor":"ana"}""", HttpStatusCode.BadRequest, "assignee: required")]
    [InlineData("api/v1/incidents/1/comment", """{"actor":"ana"}""", HttpStatusCode.BadRequest, "text: required")]
    [InlineData("api/v1/incidents/1/comment", """{"actor":"ana",""", HttpStatusCode.BadRequest, "body: not valid JSON")]
    [InlineData("api/v1/incidents/1/comment", """[1]""", HttpStatusCode.BadRequest, "body: not valid JSON")]
    public async Task Actions_BadInput_ClearStatusAndMessage(string path, string body, HttpStatusCode expected, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await server.Client.PostAsync(path, Json(body), ct);
        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status=closed", "status: \\\"closed\\\" is not one of open, acknowledged, resolved")]
    [InlineData("minSeverity=101", "minSeverity")]
    [InlineData("limit=0", "limit")]
    public async Task List_BadFilter_400NamingIt(string query, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await server.Client.GetAsync($"api/v1/incidents?{query}", ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detail_UnknownId_404()
    {
        using var response = await server.Client.GetAsync("api/v1/incidents/987654", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Silence_MatchingAlert_OpensNoIncident_ThenDeleted()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = Guid.NewGuid().ToString("N")[..6];
        using var created = await server.Client.PostAsync("api/v1/silences",
            Json($$"""{"matchers":"{service=\"quiet-{{run}}\"}","endsAt":"{{Now(3600)}}","createdBy":"ana","comment":"known issue"}"""), ct);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var silence = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data");
        var silenceId = silence.GetProperty("id").GetInt64();
        Assert.Contains(await server.Client.GetFromJsonAsync<JsonElement>("api/v1/silences", ct) is var all ? all.GetProperty("data").EnumerateArray() : default,
            s => s.GetProperty("id").GetInt64() == silenceId && s.GetProperty("matchers").GetString() == $"{{service=\"quiet-{run}\"}}");

        await PostAlertsAsync(server.Client, "firing", [($"quiet-{run}", null, "Noise", "critical", ""), ($"loud-{run}", null, "Noise", "critical", "")], Now(), null, ct);
        // The unsilenced one opens an incident; by then the silenced one (same request) has been correlated too.
        await IncidentAboutAsync(server.Client, $"loud-{run}", ct);
        Assert.Empty(await ListAsync(server.Client, $"entity=quiet-{run}", ct));
        // Still recorded as a signal.
        var signals = await server.Client.GetFromJsonAsync<JsonElement>($"api/v1/signals?entity=service/quiet-{run}", ct);
        Assert.Single(signals.GetProperty("data").EnumerateArray());

        using (var deleted = await server.Client.DeleteAsync($"api/v1/silences/{silenceId}", ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        using (var missing = await server.Client.DeleteAsync($"api/v1/silences/{silenceId}", ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }

    [Theory]
    [InlineData("""{"endsAt":"2099-01-01T00:00:00Z","createdBy":"a","comment":"c"}""", "matchers: a label selector is required")]
    [InlineData("""{"matchers":"{service=","endsAt":"2099-01-01T00:00:00Z","createdBy":"a","comment":"c"}""", "matchers:")]
    [InlineData("""{"matchers":"{service=~\".*\"}","endsAt":"2099-01-01T00:00:00Z","createdBy":"a","comment":"c"}""", "matchers: a selector needs at least one matcher that does not match the empty string")]
    [InlineData("""{"matchers":"{a=\"b\"}","createdBy":"a","comment":"c"}""", "endsAt: an RFC 3339 end time is required")]
    [InlineData("""{"matchers":"{a=\"b\"}","endsAt":"2000-01-01T00:00:00Z","createdBy":"a","comment":"c"}""", "endsAt: must be after")]
    [InlineData("""{"matchers":"{a=\"b\"}","endsAt":"2099-01-01T00:00:00Z","comment":"c"}""", "createdBy: required")]
    [InlineData("""{"matchers":"{a=\"b\"}","endsAt":"tomorrow","createdBy":"a","comment":"c"}""", "body: not valid JSON")]
    public async Task Silence_BadBody_400NamingTheField(string body, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await server.Client.PostAsync("api/v1/silences", Json(body), ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Maintenance_EntityUnderWork_OpensNoIncident()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = Guid.NewGuid().ToString("N")[..6];
        using var created = await server.Client.PostAsync("api/v1/maintenance",
            Json($$"""{"entities":["store-{{run}}"],"endsAt":"{{Now(3600)}}","createdBy":"ops","comment":"failover drill"}"""), ct);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("id").GetInt64();

        await PostAlertsAsync(server.Client, "firing", [($"store-{run}", null, "Down", "critical", ""), ($"other-{run}", null, "Down", "critical", "")], Now(), null, ct);
        await IncidentAboutAsync(server.Client, $"other-{run}", ct);
        Assert.Empty(await ListAsync(server.Client, $"entity=store-{run}", ct));

        var windows = (await server.Client.GetFromJsonAsync<JsonElement>("api/v1/maintenance", ct)).GetProperty("data");
        Assert.Contains(windows.EnumerateArray(), w => w.GetProperty("id").GetInt64() == id && w.GetProperty("entities")[0].GetString() == $"store-{run}");
        using var bad = await server.Client.PostAsync("api/v1/maintenance", Json("""{"entities":[],"endsAt":"2099-01-01T00:00:00Z","createdBy":"a","comment":"c"}"""), ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("entities:", await bad.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        using var deleted = await server.Client.DeleteAsync($"api/v1/maintenance/{id}", ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task ConfigRule_GroupsByClusterLabel()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = Guid.NewGuid().ToString("N")[..6];
        await PostAlertsAsync(server.Client, "firing",
            [($"n1-{run}", null, "NodeDown", "critical", $",\"cluster\":\"c-{run}\""), ($"n2-{run}", null, "NodeDown", "critical", $",\"cluster\":\"c-{run}\"")], Now(), null, ct);
        var incident = await EventuallyAsync(async () =>
            (await ListAsync(server.Client, $"entity=service/n1-{run}", ct)) is [var first] && first.GetProperty("signalCount").GetInt32() == 2 ? first : null, "the rule's incident");
        var detail = (await server.Client.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.GetProperty("id").GetString()}", ct)).GetProperty("data");
        Assert.Contains(detail.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains($"rule nodes-by-cluster{{cluster=\"c-{run}\"}}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenApi_DocumentsIncidentEndpoints()
    {
        var document = await server.Client.GetStringAsync("openapi/v1.json", TestContext.Current.CancellationToken);
        foreach (var path in new[] { "/api/v1/incidents", "/api/v1/incidents/{id}", "/api/v1/incidents/{id}/acknowledge", "/api/v1/incidents/{id}/resolve", "/api/v1/silences", "/api/v1/maintenance/{id}" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
    }
}
