using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Series;
using Vigil.Core.Topology;
using Vigil.Correlation.Topology;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;
using Vigil.Server.Topology;
using Vigil.Server.Topology.Hosting;

namespace Vigil.Server.Tests.Topology;

/// <summary>A server with a topology file and a fake clock for the inference timer.</summary>
public sealed class TopologyFixture : VigilServerFixture
{
    private readonly TempDirectory _config = new("vigil-topology-config");

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    public TopologyCatalog Catalog => App.Services.GetRequiredService<TopologyCatalog>();

    protected override void Configure(ServerOptions options)
    {
        var file = _config.Combine("topology.yaml");
        File.WriteAllText(file, """
            entities:
              - {id: service/frontend, kind: service, labels: {team: web}}
              - {id: db/orders, kind: database}
            edges:
              - {from: service/frontend, to: service/checkout, kind: calls}
              - {from: service/checkout, to: db/orders, kind: depends-on}
            """);
        options.Topology.File = file;
        options.Topology.RefreshInterval = TimeSpan.FromMinutes(1);
    }

    protected override void ConfigureBuilder(WebApplicationBuilder builder) =>
        builder.Services.AddKeyedSingleton<TimeProvider>(TopologyHostingExtensions.ClockKey, Clock);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _config.Dispose();
    }
}

/// <summary>The topology file becomes the declared part at start (a class of its own: the other tests replace it).</summary>
public sealed class TopologyFileLoadTests(TopologyFixture server) : IClassFixture<TopologyFixture>
{
    [Fact]
    public async Task Start_TopologyFile_IsTheDeclaredPart()
    {
        var ct = TestContext.Current.CancellationToken;
        await server.App.Services.GetRequiredService<TopologyRefreshService>().FileLoaded.WaitAsync(TimeSpan.FromSeconds(30), ct);

        var declared = await VigilApi.GetDataAsync(server.Client, "api/v1/topology?source=declared", ct);

        var frontend = declared.GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "service/frontend");
        Assert.Equal("service", frontend.GetProperty("kind").GetString());
        Assert.Equal("web", frontend.GetProperty("labels").GetProperty("team").GetString());
        Assert.Equal("declared", frontend.GetProperty("source").GetString());
        Assert.Equal(
            ["service/checkout depends-on db/orders", "service/frontend calls service/checkout"],
            declared.GetProperty("edges").EnumerateArray().Select(e => $"{e.GetProperty("from").GetString()} {e.GetProperty("kind").GetString()} {e.GetProperty("to").GetString()}"));
        var graph = await server.App.Services.GetRequiredService<ITopologySource>().GetGraphAsync(ct);
        Assert.Equal(EntityKind.Unknown, graph.Find("service/checkout")!.Kind);
        Assert.Equal(["db/orders", "service/checkout"], graph.TransitiveDependenciesOf("service/frontend").Keys.Where(k => k != "service/frontend").Order(StringComparer.Ordinal));
    }
}

/// <summary><c>/api/v1/topology</c>: the file's declared part, inference from remote-written labels, edits, neighbourhood.</summary>
public sealed class TopologyApiTests(TopologyFixture server) : IClassFixture<TopologyFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> TopologyAsync(string query = "") => await VigilApi.GetDataAsync(server.Client, "api/v1/topology" + query, Ct);

    private async Task ResetDeclaredAsync()
    {
        using var put = await server.Client.PutAsJsonAsync("api/v1/topology", new { entities = Array.Empty<object>(), edges = Array.Empty<object>() }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Fact]
    public async Task Refresh_RemoteWrittenLabels_InferredEntitiesAndEdgesInTheGraph()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (var written = await RemoteWrite.PostAsync(server.Client, Ct,
            ("up{job=\"inventory\",instance=\"inv-host-1:9100\"}", RemoteWrite.Samples(now, 2, _ => 1)),
            ("http_client_requests_total{service=\"inventory\",peer_service=\"stock-db\"}", RemoteWrite.Samples(now, 2, i => i))))
        {
            Assert.Equal(HttpStatusCode.NoContent, written.StatusCode);
        }

        // The periodic service refreshes on its (fake) clock: one tick, observed through its event.
        var refreshed = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = server.App.Services.GetRequiredService<TopologyRefreshService>();
        var tickAt = server.Clock.GetUtcNow() + server.Options.Topology.RefreshInterval;
        void OnRefreshed(DateTimeOffset at)
        {
            if (at >= tickAt)
            {
                refreshed.TrySetResult(at);
            }
        }
        service.Refreshed += OnRefreshed;
        try
        {
            server.Clock.Advance(server.Options.Topology.RefreshInterval);
            await refreshed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        }
        finally
        {
            service.Refreshed -= OnRefreshed;
        }

        var inferred = await TopologyAsync("?source=inferred");
        var edges = inferred.GetProperty("edges").EnumerateArray()
            .Select(e => $"{e.GetProperty("from").GetString()} {e.GetProperty("kind").GetString()} {e.GetProperty("to").GetString()}").ToList();
        Assert.Contains("service/inventory runs-on host/inv-host-1", edges);
        Assert.Contains("service/inventory calls service/stock-db", edges);
        Assert.All(inferred.GetProperty("entities").EnumerateArray(), e => Assert.Equal("inferred", e.GetProperty("source").GetString()));

        var graph = await server.App.Services.GetRequiredService<ITopologySource>().GetGraphAsync(Ct);
        Assert.Equal(EntityKind.Host, graph.Find("host/inv-host-1")!.Kind);
        Assert.Contains("service/stock-db", graph.TransitiveDependenciesOf("service/inventory").Keys);
    }

    [Fact]
    public async Task PostDelete_EntityAndEdge_DeclaredWinsOverInferred()
    {
        await ResetDeclaredAsync();
        await server.Catalog.RefreshInferredAsync(Ct);
        using (var posted = await server.Client.PostAsJsonAsync("api/v1/topology/entities",
            new[] { new { id = "service/api", kind = "load-balancer" }, new { id = "host/h1", kind = "host" } }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }
        using (var posted = await server.Client.PostAsJsonAsync("api/v1/topology/edges", new { from = "service/api", to = "host/h1", kind = "runs_on" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }
        var graph = await server.Catalog.GetGraphAsync(Ct);
        Assert.Equal(EntityKind.LoadBalancer, graph.Find("service/api")!.Kind);
        Assert.Contains(new TopologyEdge("service/api", "host/h1", EdgeKind.RunsOn), graph.Edges);

        using (var deleted = await server.Client.DeleteAsync("api/v1/topology/edges?from=service/api&to=host/h1&kind=runs-on", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        using (var deleted = await server.Client.DeleteAsync("api/v1/topology/entities/service/api", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        using (var again = await server.Client.DeleteAsync("api/v1/topology/entities/service/api", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }
        graph = await server.Catalog.GetGraphAsync(Ct);
        Assert.DoesNotContain(new TopologyEdge("service/api", "host/h1", EdgeKind.RunsOn), graph.Edges);
        Assert.NotEqual(EntityKind.LoadBalancer, graph.Find("service/api")?.Kind);
    }

    [Fact]
    public async Task Neighbourhood_Depth_EntitiesWithDistancesAndEdgesBetween()
    {
        using (var put = await server.Client.PutAsJsonAsync("api/v1/topology", new
        {
            entities = new object[] { new { id = "lb", kind = "load_balancer" }, new { id = "web", kind = "service" }, new { id = "db", kind = "database" } },
            edges = new object[] { new { from = "lb", to = "web" }, new { from = "web", to = "db", kind = "depends-on" }, new { from = "db", to = "disk", kind = "runs-on" } },
        }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var data = await VigilApi.GetDataAsync(server.Client, "api/v1/topology/neighbourhood?entity=web&depth=1", Ct);

        Assert.Equal(["web:0", "db:1", "lb:1"], data.GetProperty("entities").EnumerateArray().Select(e => $"{e.GetProperty("id").GetString()}:{e.GetProperty("distance").GetInt32()}"));
        Assert.Equal(2, data.GetProperty("edges").GetArrayLength());
        var deeper = await VigilApi.GetDataAsync(server.Client, "api/v1/topology/neighbourhood?entity=lb&depth=3", Ct);
        Assert.Contains(deeper.GetProperty("entities").EnumerateArray(), e => e.GetProperty("id").GetString() == "disk" && e.GetProperty("distance").GetInt32() == 3);

        using var unknown = await server.Client.GetAsync("api/v1/topology/neighbourhood?entity=nope", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("""{"entities": [{"id": "a", "kind": "dragon"}]}""", "entities[0].kind: \"dragon\" is not one of")]
    [InlineData("""{"edges": [{"from": "a"}]}""", "edges[0].to: required")]
    [InlineData("""{"entities": [{"id": "a", "source": "inferred"}]}""", "entities[0].source")]
    [InlineData("""{"entities": 3}""", "body: ")]
    [InlineData("""not json""", "body: ")]
    public async Task Put_Bad_400NamingTheField(string body, string expected)
    {
        using var response = await server.Client.PutAsync("api/v1/topology", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        await VigilApi.AssertBadRequestAsync(response, expected, Ct);
    }

    [Theory]
    [InlineData("api/v1/topology/neighbourhood", "entity: required")]
    [InlineData("api/v1/topology/neighbourhood?entity=a&depth=9", "depth: \"9\"")]
    [InlineData("api/v1/topology?source=guessed", "source: \"guessed\"")]
    public async Task Get_BadQuery_400NamingTheParameter(string path, string expected)
    {
        using var response = await server.Client.GetAsync(path, Ct);
        await VigilApi.AssertBadRequestAsync(response, expected, Ct);
    }
}
