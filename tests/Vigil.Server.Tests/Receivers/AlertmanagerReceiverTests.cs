using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Receivers;

public sealed class AlertmanagerReceiverTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private const string Path = "api/v1/alerts/alertmanager";

    private static async Task<JsonElement[]> SignalsAsync(HttpClient client, string query, CancellationToken ct)
    {
        var body = await client.GetFromJsonAsync<JsonElement>($"api/v1/signals?kind=ExternalAlert&{query}", ct);
        return [.. body.GetProperty("data").EnumerateArray()];
    }

    /// <summary>Polls until <paramref name="condition"/> holds: a real Alertmanager delivers on its own schedule.</summary>
    private static async Task<JsonElement[]> EventuallyAsync(Func<Task<JsonElement[]>> read, Func<JsonElement[], bool> condition, string what, Func<string> log)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var signals = await read();
            if (condition(signals))
            {
                return signals;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(45))
            {
                Assert.Fail($"{what} did not happen within 45 s; signals: {JsonSerializer.Serialize(signals)}\nAlertmanager:\n{log()}");
            }
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task RealAlertmanager_FiringThenResolved_OpensThenClosesOneSignal()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var alertmanager = await AlertmanagerPeer.StartAsync(new Uri(server.BaseAddress, Path), ct);
        using var am = new HttpClient { BaseAddress = alertmanager.Url };
        var alertname = "DiskFull" + Guid.NewGuid().ToString("N")[..8];
        string Alert(string? endsAt) => $$"""
            [{"labels":{"alertname":"{{alertname}}","service":"db","instance":"db-1:9100","severity":"critical"},
              "annotations":{"summary":"disk / on db-1 is full"},
              "generatorURL":"http://prometheus/graph"{{(endsAt is null ? "" : $",\"endsAt\":\"{endsAt}\"")}}}]
            """;

        using (var fire = await am.PostAsync("api/v2/alerts", new StringContent(Alert(null), Encoding.UTF8, "application/json"), ct))
        {
            Assert.Equal(HttpStatusCode.OK, fire.StatusCode);
        }
        var firing = await EventuallyAsync(() => SignalsAsync(server.Client, "entity=service/db", ct),
            s => s.Any(x => x.GetProperty("labels").GetProperty("alertname").GetString() == alertname), "the firing alert's signal", () => alertmanager.Log);
        var signal = Assert.Single(firing, x => x.GetProperty("labels").GetProperty("alertname").GetString() == alertname);
        Assert.False(signal.TryGetProperty("end", out _));
        Assert.Equal(90, signal.GetProperty("severity").GetInt32());
        Assert.Equal("disk / on db-1 is full", signal.GetProperty("summary").GetString());
        Assert.Equal("critical", signal.GetProperty("band").GetString());

        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        using (var resolve = await am.PostAsync("api/v2/alerts", new StringContent(Alert(now), Encoding.UTF8, "application/json"), ct))
        {
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        }
        var resolved = await EventuallyAsync(() => SignalsAsync(server.Client, "entity=service/db", ct),
            s => s.Any(x => x.GetProperty("labels").GetProperty("alertname").GetString() == alertname && x.TryGetProperty("end", out _)),
            "the resolved notification closing the signal", () => alertmanager.Log);
        // Still one signal for the alert: the resolved notification closed it rather than adding another.
        var closed = Assert.Single(resolved, x => x.GetProperty("labels").GetProperty("alertname").GetString() == alertname);
        Assert.Equal(signal.GetProperty("fingerprint").GetString(), closed.GetProperty("fingerprint").GetString());
        Assert.Equal(signal.GetProperty("start").GetDateTimeOffset(), closed.GetProperty("start").GetDateTimeOffset());
    }

    [Fact]
    public async Task Post_SameNotificationTwice_IsIdempotent()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = """
            {"version":"4","groupKey":"{}:{alertname=\"Twice\"}","status":"firing","receiver":"vigil","truncatedAlerts":0,
             "groupLabels":{"alertname":"Twice"},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am","extra":"ignored",
             "alerts":[{"status":"firing","labels":{"alertname":"Twice","job":"api"},"annotations":{},
                        "startsAt":"2026-11-29T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"abc123"}]}
            """;

        for (var i = 0; i < 2; i++)
        {
            using var response = await server.Client.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var signals = await SignalsAsync(server.Client, "entity=job/api", ct);
        Assert.Single(signals, s => s.GetProperty("fingerprint").GetString() == "abc123");
    }

    [Theory]
    [InlineData("{\"version\":\"3\",\"alerts\":[]}", "version")]
    [InlineData("{\"version\":\"4\",\"alerts\":[", "line")]
    [InlineData("not json", "JSON")]
    public async Task Post_Malformed_Returns400NamingTheProblem(string body, string expected)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await server.Client.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(ct), StringComparison.OrdinalIgnoreCase);
    }
}
