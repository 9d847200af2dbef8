using System.Net;
using System.Text.Json;
using Vigil.Core.Series;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Api;

/// <summary><c>GET /api/v1/health/entities</c>: open signals and open incidents folded per service or host, worst first.</summary>
public sealed class EntityHealthApiTests(EntityHealthApiTests.Fixture server) : IClassFixture<EntityHealthApiTests.Fixture>
{
    /// <summary>A server whose lone critical signals open their incident after one second instead of two minutes.</summary>
    public sealed class Fixture : VigilServerFixture
    {
        /// <inheritdoc/>
        protected override void Configure(ServerOptions options) => options.Correlation.TransientPause = TimeSpan.FromSeconds(1);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task SpikeAsync(string series, double spike)
    {
        var t = TestTime.BaseMs;
        using var response = await RemoteWrite.PostAsync(server.Client, Ct, (series, [.. RemoteWrite.Samples(t, 150, i => 10 + (i % 3)), new Sample(t + 150_000, spike)]));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task GetHealth_SignalsOnTwoServices_OneRowPerServiceWorstFirst()
    {
        await SpikeAsync("eh_latency{service=\"cart\", instance=\"a\"}", 60);
        await SpikeAsync("eh_errors{service=\"cart\", instance=\"b\"}", 80);
        await SpikeAsync("eh_latency{service=\"ledger\"}", 5000);
        await SpikeAsync("eh_errors{service=\"ledger\"}", 5000);
        await SpikeAsync("eh_free_bytes{instance=\"db-9\"}", 5000);

        var since = VigilApi.Seconds(TestTime.BaseMs - 60_000);
        var data = await VigilApi.GetDataAsync(server.Client, $"api/v1/health/entities?since={since}", Ct);
        var rows = data.GetProperty("entities").EnumerateArray().ToList();
        var cart = Assert.Single(rows, r => r.GetProperty("entity").GetString() == "service/cart");
        Assert.Equal(2, cart.GetProperty("openSignals").GetInt32());
        Assert.Contains(rows, r => r.GetProperty("entity").GetString() == "host/db-9");
        var severities = rows.Select(r => r.GetProperty("severity").GetInt32()).ToList();
        Assert.Equal(severities.OrderDescending(), severities);
        Assert.True(data.GetProperty("signalsSince").GetInt32() >= 5);
        Assert.Equal(rows.Count, data.GetProperty("total").GetInt32());

        // Five normal points end ledger's two signals. Their incident (two signals: no transient) stays open (the
        // correlator's quiet period), so ledger keeps one row, on the incident alone: the correlator's bare "ledger" joins
        // the row "service/ledger".
        using (var normal = await RemoteWrite.PostAsync(server.Client, Ct,
            ("eh_latency{service=\"ledger\"}", RemoteWrite.Samples(TestTime.BaseMs + 151_000, 5, i => 10 + (i % 3))),
            ("eh_errors{service=\"ledger\"}", RemoteWrite.Samples(TestTime.BaseMs + 151_000, 5, i => 10 + (i % 3)))))
        {
            Assert.Equal(HttpStatusCode.NoContent, normal.StatusCode);
        }
        var after = await VigilApi.GetDataAsync(server.Client, $"api/v1/health/entities?since={since}", Ct);
        var ledger = Assert.Single(after.GetProperty("entities").EnumerateArray(), r => r.GetProperty("entity").GetString() == "service/ledger");
        Assert.Equal(0, ledger.GetProperty("openSignals").GetInt32());
        Assert.Equal(1, ledger.GetProperty("openIncidents").GetInt32());
        Assert.False(ledger.TryGetProperty("worst", out var worst) && worst.ValueKind != JsonValueKind.Null, "no open signal, yet a worst one");
        Assert.StartsWith("service/ledger: eh_latency", ledger.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(after.GetProperty("entities").EnumerateArray(), r => !r.GetProperty("entity").GetString()!.Contains('/', StringComparison.Ordinal));
        Assert.Equal(data.GetProperty("openSignals").GetInt32() - 2, after.GetProperty("openSignals").GetInt32());
        Assert.Equal(data.GetProperty("signalsSince").GetInt32(), after.GetProperty("signalsSince").GetInt32());
        rows = [.. after.GetProperty("entities").EnumerateArray()];

        // Counted from after ledger's signal ended (its incident open across midnight, say): still its service's row.
        var later = await VigilApi.GetDataAsync(server.Client, $"api/v1/health/entities?since={VigilApi.Seconds(TestTime.BaseMs + 3_600_000)}", Ct);
        Assert.Single(later.GetProperty("entities").EnumerateArray(), r => r.GetProperty("entity").GetString() == "service/ledger");
        Assert.DoesNotContain(later.GetProperty("entities").EnumerateArray(), r => r.GetProperty("entity").GetString() == "ledger");

        var one = await VigilApi.GetDataAsync(server.Client, "api/v1/health/entities?limit=1", Ct);
        Assert.Single(one.GetProperty("entities").EnumerateArray());
        Assert.Equal(rows.Count, one.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task GetHealth_EqualSeverity_DependencyBeforeItsCallersAndWorstIncidentLinked()
    {
        // Declared: the web tier calls the database. Both spike to the same (top) severity, the caller on two series.
        using (var put = await server.Client.PutAsync("api/v1/topology", new StringContent(
            """{"entities":[{"id":"service/ehdep-web","kind":"service"},{"id":"service/ehdep-db","kind":"service"}],"edges":[{"from":"service/ehdep-web","to":"service/ehdep-db","kind":"calls"}]}""",
            System.Text.Encoding.UTF8, "application/json"), Ct))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));
        }
        await SpikeAsync("ehdep_latency{service=\"ehdep-web\"}", 5000);
        await SpikeAsync("ehdep_errors{service=\"ehdep-web\"}", 5000);
        await SpikeAsync("ehdep_latency{service=\"ehdep-db\"}", 5000);

        // The correlator takes the signals after the write is answered: wait (at most 30 s) for the database's incident
        // to hold all three signals.
        JsonElement data = default;
        List<JsonElement> rows = [];
        int db = -1, web = -1;
        for (var attempt = 0;
            attempt < 300 && (db < 0 || !rows[db].TryGetProperty("incident", out var linked) || linked.GetProperty("signalCount").GetInt32() < 3);
            attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(100, Ct);
            }
            data = await VigilApi.GetDataAsync(server.Client, "api/v1/health/entities?limit=1000", Ct);
            rows = data.GetProperty("entities").EnumerateArray().ToList();
            db = rows.FindIndex(r => r.GetProperty("entity").GetString() == "service/ehdep-db");
            web = rows.FindIndex(r => r.GetProperty("entity").GetString() == "service/ehdep-web");
        }
        Assert.True(db >= 0 && web >= 0, "both services listed");
        Assert.Equal(rows[web].GetProperty("severity").GetInt32(), rows[db].GetProperty("severity").GetInt32());
        Assert.Equal(2, rows[web].GetProperty("openSignals").GetInt32());
        Assert.Equal(1, rows[db].GetProperty("troubledDependents").GetInt32());
        Assert.Equal(0, rows[web].GetProperty("troubledDependents").GetInt32());
        Assert.True(db < web, $"the database (row {db}) is listed after its caller (row {web})");
        Assert.True(data.GetProperty("openIncidents").GetInt32() >= 1, "no open incident counted");
        Assert.True(data.GetProperty("incidentsSince").GetInt32() >= data.GetProperty("openIncidents").GetInt32(), "today's incidents fewer than the open ones");
        // Each row links its worst open incident.
        Assert.True(rows[db].TryGetProperty("incident", out var incident), await server.Client.GetStringAsync("api/v1/incidents?limit=50", Ct));
        Assert.Equal("open", incident.GetProperty("status").GetString());
        Assert.Contains("ehdep", incident.GetProperty("title").GetString(), StringComparison.Ordinal);
        // The declared edge groups the series signals, named only by their labels: one incident for both, rooted at the database.
        Assert.True(rows[web].TryGetProperty("incident", out var webIncident), "the caller links no incident");
        Assert.Equal(incident.GetProperty("id").GetString(), webIncident.GetProperty("id").GetString());
        Assert.Equal(3, incident.GetProperty("signalCount").GetInt32());
        Assert.Equal("service/ehdep-db", incident.GetProperty("rootCause").GetProperty("entity").GetString());
    }

    [Theory]
    [InlineData("since=yesterday", "since")]
    [InlineData("limit=0", "limit")]
    public async Task GetHealth_BadParameter_400NamingIt(string query, string parameter)
    {
        using var response = await server.Client.GetAsync($"api/v1/health/entities?{query}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"{parameter}:", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
