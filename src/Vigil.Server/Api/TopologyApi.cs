using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vigil.Core.Storage;
using Vigil.Core.Topology;
using Vigil.Server.Auth;
using Vigil.Server.Topology;

namespace Vigil.Server.Api;

/// <summary>The topology API: the stored topology, its declared part (replace, add, remove) and an entity's neighbourhood.</summary>
internal static class TopologyApi
{
    public const int MaxDepth = 6;

    public static void MapTopologyApi(this IEndpointRouteBuilder app)
    {
        var topology = app.MapGroup("/api/v1/topology").WithTags("Topology");

        topology.MapGet("", async (string? source, TopologyCatalog catalog, CancellationToken ct) =>
        {
            TopologySource? only = null;
            if (source is not null)
            {
                if (!TopologyNames.TryParse(source, TopologySource.Declared, "source", out TopologySource s, out var error))
                {
                    return ApiResponses.BadData(error);
                }
                only = s;
            }
            var snapshot = await catalog.LoadAsync(ct);
            return ApiResponses.Ok(new TopologyDocument
            {
                Entities = [.. snapshot.Entities.Where(e => only is null || e.Source == only).Select(TopologyEntityDto.From)],
                Edges = [.. snapshot.Edges.Where(e => only is null || e.Source == only).Select(TopologyEdgeDto.Of)],
            });
        })
        .RequireScope(ApiScope.Read)
        .WithSummary("The stored topology: declared and inferred entities and edges")
        .WithDescription("One row per entity (or edge) and source: an entity both declared and inferred appears twice. ?source=declared|inferred keeps one part. " +
            "The graph the correlator uses merges them, declared winning.");

        topology.MapPut("", async (HttpContext http, TopologyCatalog catalog, CancellationToken ct) =>
        {
            var (document, error) = await ReadAsync<TopologyDocument>(http, ct);
            if (document is null)
            {
                return ApiResponses.BadData(error!);
            }
            if (!document.TryConvert(out var entities, out var edges, out error))
            {
                return ApiResponses.BadData(error);
            }
            await catalog.ReplaceDeclaredAsync(entities, edges, ct);
            return ApiResponses.Ok(new { entities = entities.Count, edges = edges.Count });
        })
        .RequireScope(ApiScope.Admin)
        .Accepts<TopologyDocument>("application/json")
        .WithSummary("Replace the declared topology")
        .WithDescription("Body: {\"entities\": [{\"id\", \"kind\", \"labels\"}], \"edges\": [{\"from\", \"to\", \"kind\"}]}. Kinds: service, host, container, pod, database, " +
            "queue, load_balancer, external, namespace, unknown; edges calls (default), runs-on, depends-on, part-of, from the dependent to its dependency. Inferred entries are left alone.");

        topology.MapPost("/entities", async (HttpContext http, TopologyCatalog catalog, CancellationToken ct) =>
        {
            var (items, error) = await ReadOneOrManyAsync<TopologyEntityDto>(http, ct);
            if (items is null)
            {
                return ApiResponses.BadData(error!);
            }
            var entities = new List<Entity>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                if (!TopologyDocument.TryConvert(items[i], items.Count == 1 ? "entity" : $"[{i}]", out var entity, out error))
                {
                    return ApiResponses.BadData(error);
                }
                entities.Add(entity);
            }
            await catalog.AddDeclaredAsync(entities, [], ct);
            return Created<List<TopologyEntityDto>>([.. entities.Select(e => TopologyEntityDto.From(e, TopologySource.Declared))]);
        })
        .RequireScope(ApiScope.Admin)
        .Accepts<TopologyEntityDto>("application/json")
        .WithSummary("Declare entities (one object or an array); an existing declared entity is replaced");

        topology.MapPost("/edges", async (HttpContext http, TopologyCatalog catalog, CancellationToken ct) =>
        {
            var (items, error) = await ReadOneOrManyAsync<TopologyEdgeDto>(http, ct);
            if (items is null)
            {
                return ApiResponses.BadData(error!);
            }
            var edges = new List<TopologyEdge>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                if (!TopologyDocument.TryConvert(items[i], items.Count == 1 ? "edge" : $"[{i}]", out var edge, out error))
                {
                    return ApiResponses.BadData(error);
                }
                edges.Add(edge);
            }
            await catalog.AddDeclaredAsync([], edges, ct);
            return Created<List<TopologyEdgeDto>>([.. edges.Select(e => TopologyEdgeDto.Of(e, TopologySource.Declared))]);
        })
        .RequireScope(ApiScope.Admin)
        .Accepts<TopologyEdgeDto>("application/json")
        .WithSummary("Declare edges (one object or an array)");

        topology.MapDelete("/entities/{**id}", async (string id, TopologyCatalog catalog, CancellationToken ct) =>
            await catalog.DeleteDeclaredEntityAsync(id, ct) ? Results.NoContent() : NotFound($"no declared entity \"{id}\""))
            .RequireScope(ApiScope.Admin)
            .WithSummary("Remove a declared entity and its declared edges (ids may hold '/': /entities/service/checkout)");

        topology.MapDelete("/edges", async (string? from, string? to, string? kind, TopologyCatalog catalog, CancellationToken ct) =>
        {
            if (!TopologyDocument.TryConvert(new TopologyEdgeDto { From = from, To = to, Kind = kind }, "edge", out var edge, out var error))
            {
                return ApiResponses.BadData(error);
            }
            return await catalog.DeleteDeclaredEdgeAsync(edge, ct) ? Results.NoContent() : NotFound($"no declared edge {edge}");
        })
        .RequireScope(ApiScope.Admin)
        .WithSummary("Remove a declared edge: ?from=&to=&kind= (kind defaults to calls)");

        topology.MapGet("/neighbourhood", async (string? entity, string? depth, TopologyCatalog catalog, CancellationToken ct) =>
        {
            if (string.IsNullOrEmpty(entity))
            {
                return ApiResponses.BadData("entity: required");
            }
            var hops = 1;
            if (depth is not null && (!int.TryParse(depth, NumberStyles.Integer, CultureInfo.InvariantCulture, out hops) || hops is < 0 or > MaxDepth))
            {
                return ApiResponses.BadData($"depth: \"{depth}\" is not an integer from 0 to {MaxDepth}");
            }
            var snapshot = await catalog.LoadAsync(ct);
            var graph = await catalog.GetGraphAsync(ct);
            if (!graph.Contains(entity))
            {
                return NotFound($"entity \"{entity}\" is not in the topology");
            }
            return ApiResponses.Ok(TopologyNeighbourhood.Around(graph, snapshot, entity, hops));
        })
        .RequireScope(ApiScope.Read)
        .WithSummary("An entity and everything within depth hops of it (either direction), for drawing")
        .WithDescription("?entity=service/checkout&depth=2 (default 1, at most 6). Entities come merged (declared winning, source says which); edges include part-of.");
    }

    private static IResult Created<T>(T data) => Results.Json(new ApiEnvelope<T>("success", data), statusCode: StatusCodes.Status201Created);

    private static IResult NotFound(string error) =>
        Results.Json(new ApiEnvelope<object>("error", null, "not_found", error), statusCode: StatusCodes.Status404NotFound);

    /// <summary>Reads a JSON body; a body that is not JSON of that shape gives an error naming where.</summary>
    internal static async Task<(T? Value, string? Error)> ReadAsync<T>(HttpContext http, CancellationToken ct) where T : class
    {
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, json, ct);
            return value is null ? (null, "body: must be a JSON object") : (value, null);
        }
        catch (JsonException e)
        {
            return (null, $"body: {e.Message}");
        }
    }

    private static async Task<(IReadOnlyList<T>? Items, string? Error)> ReadOneOrManyAsync<T>(HttpContext http, CancellationToken ct) where T : class
    {
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
            body = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return (null, $"body: {e.Message}");
        }
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return body.ValueKind switch
            {
                JsonValueKind.Array => (body.Deserialize<List<T>>(json) ?? [], null),
                JsonValueKind.Object => ([body.Deserialize<T>(json)!], null),
                _ => (null, "body: must be an object or an array of objects"),
            };
        }
        catch (JsonException e)
        {
            return (null, $"body: {e.Message}");
        }
    }
}
