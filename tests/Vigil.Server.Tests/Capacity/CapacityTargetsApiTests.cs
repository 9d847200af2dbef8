using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Vigil.Server.Capacity;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Capacity;

/// <summary>A server with one capacity target from its configuration.</summary>
public sealed class ConfiguredCapacityFixture : VigilServerFixture
{
    protected override void Configure(ServerOptions options) =>
        options.Capacity.Targets.Add(new CapacityTargetOptions { Name = "root-disk", Match = "node_filesystem_avail_bytes{mountpoint=\"/\"}", Limit = 0, Horizon = "14d" });
}

/// <summary><c>/api/v1/capacity/targets</c>: create, read, replace, delete; refusals; config targets; restart.</summary>
public sealed class CapacityTargetsApiTests(ConfiguredCapacityFixture server) : IClassFixture<ConfiguredCapacityFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Crud_PutGetReplaceDelete_RoundTrips()
    {
        using (var created = await server.Client.PutAsJsonAsync("api/v1/capacity/targets/pool",
            new { match = "db_pool_in_use{service=\"checkout\"}", limitMatch = "db_pool_max", step = "5m", lookback = "7d", horizon = "2d" }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        var target = await VigilApi.GetDataAsync(server.Client, "api/v1/capacity/targets/pool", Ct);
        Assert.Equal("db_pool_in_use{service=\"checkout\"}", target.GetProperty("match").GetString());
        Assert.Equal("db_pool_max", target.GetProperty("limitMatch").GetString());
        Assert.Equal("5m", target.GetProperty("step").GetString());
        Assert.Equal("7d", target.GetProperty("lookback").GetString());
        Assert.Equal("2d", target.GetProperty("horizon").GetString());
        Assert.Equal("api", target.GetProperty("source").GetString());
        Assert.Equal(0, target.GetProperty("findings").GetArrayLength());

        using (var replaced = await server.Client.PutAsJsonAsync("api/v1/capacity/targets/pool", new { match = "db_pool_in_use", limit = 50 }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        }
        var list = await VigilApi.GetDataAsync(server.Client, "api/v1/capacity/targets", Ct);
        var pool = list.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "pool");
        Assert.Equal(50, pool.GetProperty("limit").GetDouble());
        Assert.Equal("1h", pool.GetProperty("step").GetString());

        using (var deleted = await server.Client.DeleteAsync("api/v1/capacity/targets/pool", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        using var gone = await server.Client.GetAsync("api/v1/capacity/targets/pool", Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var deletedAgain = await server.Client.DeleteAsync("api/v1/capacity/targets/pool", Ct);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
    }

    [Theory]
    [InlineData("bad name", """{"match": "up", "limit": 1}""", "name")]
    [InlineData("t", """{"limit": 1}""", "match")]
    [InlineData("t", """{"match": "up{", "limit": 1}""", "match")]
    [InlineData("t", """{"match": "up"}""", "limit")]
    [InlineData("t", """{"match": "up", "limit": 1, "limitMatch": "size"}""", "limit")]
    [InlineData("t", """{"match": "up", "limitMatch": "size{"}""", "limitMatch")]
    [InlineData("t", """{"match": "up", "limit": 1, "horizon": "forever"}""", "horizon")]
    [InlineData("t", """{"match": "up", "limit": 1, "step": "1s", "horizon": "30d"}""", "horizon")]
    [InlineData("t", """{"match": "up", "limit": 1, "step": "1s", "horizon": "1h", "lookback": "30d"}""", "lookback")]
    public async Task Put_BadField_400NamingIt(string name, string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Client.PutAsync($"api/v1/capacity/targets/{Uri.EscapeDataString(name)}", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var document = JsonDocument.Parse(text);
        Assert.StartsWith(field + ":", document.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigTarget_Listed_CannotBeReplacedOrDeletedThroughTheApi()
    {
        var target = await VigilApi.GetDataAsync(server.Client, "api/v1/capacity/targets/root-disk", Ct);
        Assert.Equal("config", target.GetProperty("source").GetString());
        Assert.Equal("14d", target.GetProperty("horizon").GetString());

        using var delete = await server.Client.DeleteAsync("api/v1/capacity/targets/root-disk", Ct);
        using var put = await server.Client.PutAsJsonAsync("api/v1/capacity/targets/root-disk", new { match = "x", limit = 1 }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
    }

    [Fact]
    public async Task Evaluate_TargetWithoutSeries_NoFindings()
    {
        using var response = await server.Client.PostAsync("api/v1/capacity/targets/root-disk/evaluate", null, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var document = JsonDocument.Parse(text);
        Assert.Equal(0, document.RootElement.GetProperty("data").GetProperty("findings").GetArrayLength());
    }
}

/// <summary>Targets survive a restart; config targets follow the config file.</summary>
public sealed class CapacityTargetsRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restart_ApiTargetKept_RemovedConfigTargetDropped()
    {
        using var data = new TempDirectory("vigil-capacity");
        await using (var first = await StartAsync(data.Path, o => o.Capacity.Targets.Add(new CapacityTargetOptions { Name = "old", Match = "up", Limit = 1 })))
        {
            using var put = await first.Client.PutAsJsonAsync("api/v1/capacity/targets/var-disk", new { match = "disk_used_bytes", limit = 1e11, horizon = "3d" }, Ct);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await using var second = await StartAsync(data.Path, _ => { });
        var list = await VigilApi.GetDataAsync(second.Client, "api/v1/capacity/targets", Ct);

        var target = Assert.Single(list.EnumerateArray());
        Assert.Equal("var-disk", target.GetProperty("name").GetString());
        Assert.Equal(1e11, target.GetProperty("limit").GetDouble());
        Assert.Equal("3d", target.GetProperty("horizon").GetString());
    }

    [Fact]
    public void Load_YamlCapacitySection_TargetsBound()
    {
        using var dir = new TempDirectory("vigil-capacity-config");
        var file = dir.Combine("vigil.yaml");
        File.WriteAllText(file, """
            Capacity:
              Interval: "00:10:00"
              Targets:
                - Name: var-disk
                  Match: node_filesystem_avail_bytes{mountpoint="/var"}
                  Limit: 0
                  Horizon: 30d
                - Name: var-disk-size
                  Match: node_filesystem_used_bytes
                  LimitMatch: node_filesystem_size_bytes
            """);

        var options = ServerConfiguration.Load(file, new Dictionary<string, string?>());

        Assert.Equal(TimeSpan.FromMinutes(10), options.Capacity.Interval);
        Assert.Equal(["var-disk", "var-disk-size"], options.Capacity.Targets.Select(t => t.Name));
        Assert.Equal("node_filesystem_size_bytes", options.Capacity.Targets[1].LimitMatch);
    }

    [Fact]
    public void Load_YamlTargetWithoutLimit_ThrowsNamingIt()
    {
        using var dir = new TempDirectory("vigil-capacity-config");
        var file = dir.Combine("vigil.yaml");
        File.WriteAllText(file, "Capacity:\n  Targets:\n    - Name: x\n      Match: up\n");

        var e = Assert.Throws<OptionsValidationException>(() => ServerConfiguration.Load(file, new Dictionary<string, string?>()));

        Assert.Contains("Capacity: Targets:0: limit:", e.Message, StringComparison.Ordinal);
    }

    private static async Task<RunningServer> StartAsync(string dataDirectory, Action<ServerOptions> configure)
    {
        var url = FreePort.LoopbackUrl();
        var options = new ServerOptions { Listen = url, DataDirectory = dataDirectory, SiloPort = 0 };
        configure(options);
        var app = VigilServer.Build(options, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync(Ct);
        return new RunningServer(app, new HttpClient { BaseAddress = new Uri(url + "/") });
    }

    private sealed record RunningServer(WebApplication App, HttpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync(CancellationToken.None);
            await App.DisposeAsync();
        }
    }
}
