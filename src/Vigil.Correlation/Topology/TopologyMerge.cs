using Vigil.Core.Storage;
using Vigil.Core.Topology;

namespace Vigil.Correlation.Topology;

/// <summary>Merges the declared and inferred parts of a stored topology into one graph; declared entries win.</summary>
public static class TopologyMerge
{
    /// <summary>
    /// The graph of <paramref name="snapshot"/>. An entity both declared and inferred takes the declared kind and labels;
    /// an inferred edge between two entities a declared edge already joins (either direction, any kind) is dropped, so
    /// a person who declared "checkout calls payments" is not contradicted by an inferred "payments calls checkout".
    /// </summary>
    public static TopologyGraph ToGraph(TopologySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var entities = new Dictionary<string, Entity>(StringComparer.Ordinal);
        foreach (var stored in snapshot.Entities)
        {
            if (stored.Source == TopologySource.Declared || !entities.ContainsKey(stored.Entity.Id))
            {
                entities[stored.Entity.Id] = stored.Entity;
            }
        }
        var declaredPairs = new HashSet<(string, string)>();
        var edges = new List<TopologyEdge>(snapshot.Edges.Count);
        foreach (var stored in snapshot.Edges)
        {
            if (stored.Source == TopologySource.Declared)
            {
                declaredPairs.Add(Pair(stored.Edge));
                edges.Add(stored.Edge);
            }
        }
        foreach (var stored in snapshot.Edges)
        {
            if (stored.Source == TopologySource.Inferred && !declaredPairs.Contains(Pair(stored.Edge)))
            {
                edges.Add(stored.Edge);
            }
        }
        return TopologyGraph.Create(entities.Values, edges);
    }

    private static (string, string) Pair(TopologyEdge edge) =>
        string.CompareOrdinal(edge.From, edge.To) <= 0 ? (edge.From, edge.To) : (edge.To, edge.From);
}
