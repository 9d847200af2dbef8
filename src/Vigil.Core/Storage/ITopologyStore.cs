using Vigil.Core.Topology;

namespace Vigil.Core.Storage;

/// <summary>A stored entity: what it is, where it came from, and when it was first and last seen.</summary>
/// <param name="Entity">The entity, with its kind and labels.</param>
/// <param name="Source">Declared or inferred.</param>
/// <param name="FirstSeen">When it was first stored.</param>
/// <param name="LastSeen">When it was last declared or inferred.</param>
public sealed record StoredEntity(Entity Entity, TopologySource Source, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

/// <summary>A stored edge: where it came from, and when it was first and last seen.</summary>
/// <param name="Edge">The edge.</param>
/// <param name="Source">Declared or inferred.</param>
/// <param name="FirstSeen">When it was first stored.</param>
/// <param name="LastSeen">When it was last declared or inferred.</param>
public sealed record StoredEdge(TopologyEdge Edge, TopologySource Source, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

/// <summary>Everything stored, both sources; entities ordered by (id, source), edges by (from, to, kind, source).</summary>
/// <param name="Entities">The entities.</param>
/// <param name="Edges">The edges.</param>
public sealed record TopologySnapshot(IReadOnlyList<StoredEntity> Entities, IReadOnlyList<StoredEdge> Edges);

/// <summary>
/// Declared and inferred topology. One row per (entity id, source) and per (from, to, kind, source): an entity may
/// be both declared and inferred, and readers merge them (declared wins).
/// </summary>
public interface ITopologyStore
{
    /// <summary>Everything stored.</summary>
    Task<TopologySnapshot> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the <paramref name="source"/> part exactly these entities and edges, in one transaction: rows not given
    /// are deleted; rows given keep their first-seen time and get <paramref name="now"/> as last seen.
    /// </summary>
    Task ReplaceAsync(TopologySource source, IReadOnlyList<Entity> entities, IReadOnlyList<TopologyEdge> edges, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Adds (or refreshes) entities and edges of <paramref name="source"/>, in one transaction.</summary>
    Task UpsertAsync(TopologySource source, IReadOnlyList<Entity> entities, IReadOnlyList<TopologyEdge> edges, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes an entity of <paramref name="source"/> and that source's edges from or to it; false when there was none.</summary>
    Task<bool> DeleteEntityAsync(TopologySource source, string id, CancellationToken cancellationToken = default);

    /// <summary>Deletes an edge of <paramref name="source"/>; false when there was none.</summary>
    Task<bool> DeleteEdgeAsync(TopologySource source, TopologyEdge edge, CancellationToken cancellationToken = default);
}
