using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Storage;
using Vigil.Core.Topology;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Api;

/// <summary><c>POST /api/v1/changes</c> and <c>GET /api/v1/changes</c> over HTTP.</summary>
public sealed class ChangesApiTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostDeploy_ThenGet_ReadsItBackNewestFirst()
    {
        using (var older = await server.Client.PostAsJsonAsync("api/v1/changes",
            new { entity = "service/cart", kind = "config", description = "pool size 20 → 40", timestamp = "2026-11-29T09:00:00Z" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, older.StatusCode);
        }
        using var posted = await server.Client.PostAsJsonAsync("api/v1/changes",
            new { entity = "service/cart", kind = "deploy", description = "deploy v1.4.2", timestamp = 1_795_942_800, labels = new { version = "1.4.2" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var data = await VigilApi.GetDataAsync(server.Client, "api/v1/changes?entity=service/cart", Ct);

        var changes = data.EnumerateArray().ToList();
        Assert.Equal(2, changes.Count);
        Assert.Equal("deploy", changes[0].GetProperty("kind").GetString());
        Assert.Equal("deploy v1.4.2", changes[0].GetProperty("description").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_795_942_800), changes[0].GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal("1.4.2", changes[0].GetProperty("labels").GetProperty("version").GetString());
        Assert.Equal("config", changes[1].GetProperty("kind").GetString());

        // The ranker's read: a window, oldest first.
        var recent = await server.App.Services.GetRequiredService<IChangeStore>().RecentAsync(
            new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.FromUnixTimeSeconds(1_795_942_800), Ct);
        Assert.Equal([ChangeKind.Config, ChangeKind.Deploy], recent.Where(c => c.Entity == "service/cart").Select(c => c.Kind));
    }

    [Fact]
    public async Task Post_NoTimestamp_TakesNow()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var posted = await server.Client.PostAsJsonAsync("api/v1/changes", new { entity = "service/now", kind = "other", description = "restart" }, Ct);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var data = await VigilApi.GetDataAsync(server.Client, "api/v1/changes?entity=service/now&limit=1", Ct);

        Assert.InRange(data[0].GetProperty("timestamp").GetDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Theory]
    [InlineData("""{"kind": "deploy", "description": "x"}""", "entity: required")]
    [InlineData("""{"entity": "a", "description": "x"}""", "kind: required")]
    [InlineData("""{"entity": "a", "kind": "rollout", "description": "x"}""", "kind: \"rollout\" is not one of other, deploy, config")]
    [InlineData("""{"entity": "a", "kind": "deploy"}""", "description: required")]
    [InlineData("""{"entity": "a", "kind": "deploy", "description": "x", "timestamp": "yesterday"}""", "timestamp: \"yesterday\" is not RFC 3339")]
    [InlineData("""{"entity": "a", "kind": "deploy", "description": "x", "timestamp": true}""", "timestamp: true")]
    [InlineData("""{"entity": "a", "kind": "deploy", "description": "x", "labels": {"1bad": "v"}}""", "labels: \"1bad\" is not a valid label name")]
    [InlineData("""{"entity": 5}""", "body: ")]
    public async Task Post_Bad_400NamingTheField(string body, string expected)
    {
        using var response = await server.Client.PostAsync("api/v1/changes", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        await VigilApi.AssertBadRequestAsync(response, expected, Ct);
    }

    [Theory]
    [InlineData("api/v1/changes?from=soon", "from: \"soon\"")]
    [InlineData("api/v1/changes?limit=0", "limit: \"0\"")]
    [InlineData("api/v1/changes?from=2026-11-29T10:00:00Z&to=2026-11-29T09:00:00Z", "from: after to")]
    public async Task Get_BadQuery_400NamingTheParameter(string path, string expected)
    {
        using var response = await server.Client.GetAsync(path, Ct);
        await VigilApi.AssertBadRequestAsync(response, expected, Ct);
    }
}
