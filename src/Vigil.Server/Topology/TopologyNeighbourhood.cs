using Vigil.Core.Storage;
using Vigil.Core.Topology;
using Vigil.Correlation.Topology;

namespace Vigil.Server.Topology;

/// <summary>An entity of a neighbourhood, with its hop count from the centre.</summary>
/// <param name="Id">The id.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Labels">Its labels, if any.</param>
/// <param name="Source"><c>declared</c> when declared (even if also inferred), <c>inferred</c>, or null when only an edge names it.</param>
/// <param name="Distance">Hops from the centre, either direction.</param>
public sealed record NeighbourEntityDto(string Id, string Kind, IReadOnlyDictionary<string, string>? Labels, string? Source, int Distance);

/// <summary>What <c>GET /api/v1/topology/neighbourhood</c> returns: the centre, the entities within the depth, and the edges between them.</summary>
/// <param name="Entity">The centre.</param>
/// <param name="Depth">The depth asked for.</param>
/// <param name="Entities">Entities by distance, then id.</param>
/// <param name="Edges">Edges whose both ends are in <paramref name="Entities"/>.</param>
public sealed record NeighbourhoodDto(string Entity, int Depth, IReadOnlyList<NeighbourEntityDto> Entities, IReadOnlyList<TopologyEdgeDto> Edges);

/// <summary>Breadth-first neighbourhood of an entity in the merged graph, edges of every kind taken either way.</summary>
internal static class TopologyNeighbourhood
{
    public static NeighbourhoodDto Around(TopologyGraph graph, TopologySnapshot snapshot, string center, int depth)
    {
        var adjacency = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var edge in graph.Edges)
        {
            Link(adjacency, edge.From, edge.To);
            Link(adjacency, edge.To, edge.From);
        }
        var distance = new Dictionary<string, int>(StringComparer.Ordinal) { [center] = 0 };
        var frontier = new List<string> { center };
        for (var hop = 1; hop <= depth && frontier.Count > 0; hop++)
        {
            var next = new List<string>();
            foreach (var node in frontier)
            {
                foreach (var neighbour in adjacency.GetValueOrDefault(node, []))
                {
                    if (distance.TryAdd(neighbour, hop))
                    {
                        next.Add(neighbour);
                    }
                }
            }
            frontier = next;
        }
        var declaredEntities = snapshot.Entities.Where(static e => e.Source == TopologySource.Declared).Select(static e => e.Entity.Id).ToHashSet(StringComparer.Ordinal);
        var inferredEntities = snapshot.Entities.Where(static e => e.Source == TopologySource.Inferred).Select(static e => e.Entity.Id).ToHashSet(StringComparer.Ordinal);
        var declaredEdges = snapshot.Edges.Where(static e => e.Source == TopologySource.Declared).Select(static e => e.Edge).ToHashSet();
        var entities = distance
            .OrderBy(static d => d.Value).ThenBy(static d => d.Key, StringComparer.Ordinal)
            .Select(d =>
            {
                var entity = graph.Find(d.Key)!;
                var source = declaredEntities.Contains(d.Key) ? TopologySource.Declared : inferredEntities.Contains(d.Key) ? TopologySource.Inferred : (TopologySource?)null;
                return new NeighbourEntityDto(
                    entity.Id, TopologyNames.Format(entity.Kind),
                    entity.Labels.Count == 0 ? null : entity.Labels.ToDictionary(static l => l.Name, static l => l.Value, StringComparer.Ordinal),
                    source is { } s ? TopologyNames.Format(s) : null, d.Value);
            })
            .ToList();
        var edges = graph.Edges
            .Where(e => distance.ContainsKey(e.From) && distance.ContainsKey(e.To))
            .Select(e => TopologyEdgeDto.Of(e, declaredEdges.Contains(e) ? TopologySource.Declared : TopologySource.Inferred))
            .ToList();
        return new NeighbourhoodDto(center, depth, entities, edges);
    }

    private static void Link(Dictionary<string, List<string>> adjacency, string from, string to)
    {
        if (!adjacency.TryGetValue(from, out var list))
        {
            adjacency[from] = list = [];
        }
        list.Add(to);
    }
}
