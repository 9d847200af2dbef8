using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Vigil.Core.Topology;

namespace Vigil.Correlation.Topology;

/// <summary>
/// An immutable dependency graph of entities. Edges point from a dependent to its dependency (caller → callee,
/// container → host), so a fault travels against the edges: it starts at a dependency and shows at its dependents.
/// Queries are deterministic: neighbours are visited in ordinal order of their ids. <see cref="EdgeKind.PartOf"/> edges
/// are kept in <see cref="Edges"/> but take no part in dependency, distance or path queries.
/// </summary>
public sealed class TopologyGraph
{
    private readonly FrozenDictionary<string, Entity> _entities;
    private readonly FrozenDictionary<string, ImmutableArray<TopologyEdge>> _out;
    private readonly FrozenDictionary<string, ImmutableArray<TopologyEdge>> _in;
    private readonly HashSet<TopologyEdge> _edges;
    private readonly Additions _added;
    private Entity[]? _entityList;
    private TopologyEdge[]? _edgeList;

    private TopologyGraph(IEnumerable<Entity> entities, IEnumerable<TopologyEdge> edges)
    {
        var all = new Dictionary<string, Entity>(StringComparer.Ordinal);
        foreach (var e in entities)
        {
            ArgumentNullException.ThrowIfNull(e);
            ArgumentException.ThrowIfNullOrEmpty(e.Id);
            all[e.Id] = e;
        }
        var outgoing = new Dictionary<string, List<TopologyEdge>>(StringComparer.Ordinal);
        var incoming = new Dictionary<string, List<TopologyEdge>>(StringComparer.Ordinal);
        var seen = new HashSet<TopologyEdge>();
        foreach (var edge in edges)
        {
            ArgumentException.ThrowIfNullOrEmpty(edge.From);
            ArgumentException.ThrowIfNullOrEmpty(edge.To);
            if (!seen.Add(edge))
            {
                continue;
            }
            all.TryAdd(edge.From, new Entity(edge.From));
            all.TryAdd(edge.To, new Entity(edge.To));
            if (edge.Kind == EdgeKind.PartOf)
            {
                // Membership (pod in namespace) is listed but is no dependency: faults do not travel along it, and
                // two pods of one namespace are not "near" each other for grouping.
                continue;
            }
            Add(outgoing, edge.From, edge);
            Add(incoming, edge.To, edge);
        }
        _entities = all.ToFrozenDictionary(StringComparer.Ordinal);
        _out = Sorted(outgoing, static e => e.To);
        _in = Sorted(incoming, static e => e.From);
        _edges = seen;
        _added = Additions.None;
    }

    private TopologyGraph(TopologyGraph frozen, Additions added)
    {
        _entities = frozen._entities;
        _out = frozen._out;
        _in = frozen._in;
        _edges = frozen._edges;
        _added = added;
    }

    /// <summary>The empty graph.</summary>
    public static TopologyGraph Empty { get; } = new([], []);

    /// <summary>Builds a graph; entities named only by edges are added with <see cref="EntityKind.Unknown"/>.</summary>
    public static TopologyGraph Create(IEnumerable<Entity> entities, IEnumerable<TopologyEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(edges);
        return new TopologyGraph(entities, edges);
    }

    /// <summary>Builds a graph from edges only.</summary>
    public static TopologyGraph Create(params IEnumerable<TopologyEdge> edges) => Create([], edges);

    /// <summary>All entities, ordered by id.</summary>
    public ImmutableArray<Entity> Entities => ImmutableCollectionsMarshal.AsImmutableArray(LazyInitializer.EnsureInitialized(ref _entityList, () =>
        [.. _entities.Values.Concat(_added.Entities.Values).OrderBy(static e => e.Id, StringComparer.Ordinal)]));

    /// <summary>All edges, ordered by source, target and kind.</summary>
    public ImmutableArray<TopologyEdge> Edges => ImmutableCollectionsMarshal.AsImmutableArray(LazyInitializer.EnsureInitialized(ref _edgeList, () =>
        [.. _edges.Concat(_added.Edges).OrderBy(static e => e.From, StringComparer.Ordinal).ThenBy(static e => e.To, StringComparer.Ordinal).ThenBy(static e => e.Kind)]));

    /// <summary>True when the graph knows <paramref name="id"/>.</summary>
    public bool Contains(string id) => _entities.ContainsKey(id) || (_added.Count > 0 && _added.Entities.ContainsKey(id));

    /// <summary>The entity with <paramref name="id"/>, or null.</summary>
    public Entity? Find(string id) => _entities.GetValueOrDefault(id) ?? (_added.Count > 0 ? _added.Entities.GetValueOrDefault(id) : null);

    /// <summary>Direct dependencies of <paramref name="id"/> (what it calls, runs on, depends on), ordered by id.</summary>
    public ImmutableArray<TopologyEdge> DependenciesOf(string id) =>
        _added.Count > 0 && _added.Out.TryGetValue(id, out var added) ? added : _out.GetValueOrDefault(id, []);

    /// <summary>Direct dependents of <paramref name="id"/> (what calls it, runs on it, depends on it), ordered by id.</summary>
    public ImmutableArray<TopologyEdge> DependentsOf(string id) =>
        _added.Count > 0 && _added.In.TryGetValue(id, out var added) ? added : _in.GetValueOrDefault(id, []);

    /// <summary>
    /// Every entity <paramref name="id"/> needs, directly or through others, with its hop count (breadth first);
    /// the entity itself is included at distance 0. These are the places a fault seen at <paramref name="id"/> can start.
    /// </summary>
    public IReadOnlyDictionary<string, int> TransitiveDependenciesOf(string id) => Reach(id, dependencies: true);

    /// <summary>Every entity that needs <paramref name="id"/>, directly or through others, with its hop count; itself at 0.
    /// These are the places a fault at <paramref name="id"/> can show.</summary>
    public IReadOnlyDictionary<string, int> TransitiveDependentsOf(string id) => Reach(id, dependencies: false);

    /// <summary>
    /// This graph with more entities and edges, as <see cref="Create(IEnumerable{Entity}, IEnumerable{TopologyEdge})"/>
    /// would build it from all of them, except that an entity this graph already knows keeps its kind (as in a merge
    /// where what is known wins). This graph is not changed.
    /// </summary>
    /// <remarks>
    /// For a graph that grows a few nodes at a time (the correlator learning the topology from each new label set): the
    /// additions go into small persistent maps beside the frozen ones, so adding costs O(added · log n) instead of a
    /// rebuild of the whole graph (at 10,000 open signals with an instance each the rebuild took 19 ms a signal, 96% of
    /// the correlator's time, docs/benchmarks.md "Incidents"). Once the additions outgrow a quarter of the frozen part
    /// (and at least 1,024), the whole graph is frozen again, so a lookup stays one frozen probe and one small one.
    /// </remarks>
    internal TopologyGraph With(IEnumerable<Entity> entities, IEnumerable<TopologyEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(edges);
        var added = _added.ToBuilder();
        foreach (var e in entities)
        {
            ArgumentNullException.ThrowIfNull(e);
            ArgumentException.ThrowIfNullOrEmpty(e.Id);
            if (!_entities.ContainsKey(e.Id))
            {
                added.Entities.TryAdd(e.Id, e);
            }
        }
        foreach (var edge in edges)
        {
            ArgumentException.ThrowIfNullOrEmpty(edge.From);
            ArgumentException.ThrowIfNullOrEmpty(edge.To);
            if (_edges.Contains(edge) || !added.Edges.Add(edge))
            {
                continue;
            }
            foreach (var end in (ReadOnlySpan<string>)[edge.From, edge.To])
            {
                if (!_entities.ContainsKey(end))
                {
                    added.Entities.TryAdd(end, new Entity(end));
                }
            }
            if (edge.Kind != EdgeKind.PartOf)
            {
                added.Out[edge.From] = Inserted(added.Out.TryGetValue(edge.From, out var outgoing) ? outgoing : _out.GetValueOrDefault(edge.From, []), edge, static e => e.To);
                added.In[edge.To] = Inserted(added.In.TryGetValue(edge.To, out var incoming) ? incoming : _in.GetValueOrDefault(edge.To, []), edge, static e => e.From);
            }
        }
        var next = new TopologyGraph(this, added.ToImmutable());
        return next._added.Count > Math.Max(1_024, (_entities.Count + _edges.Count) / 4) ? new TopologyGraph(next.Entities, next.Edges) : next;
    }

    /// <summary>
    /// The shortest path between two entities ignoring edge direction (for "how are these related"), as the ids
    /// visited from <paramref name="from"/> to <paramref name="to"/>; empty when unrelated or unknown. Ties go to the
    /// ordinally smallest neighbour, so the answer is deterministic.
    /// </summary>
    public ImmutableArray<string> ShortestPath(string from, string to, int maxHops = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (!Contains(from) || !Contains(to))
        {
            return [];
        }
        if (from == to)
        {
            return [from];
        }
        var previous = new Dictionary<string, string>(StringComparer.Ordinal) { [from] = from };
        var frontier = new List<string> { from };
        for (var hops = 0; hops < maxHops && frontier.Count > 0; hops++)
        {
            var next = new List<string>();
            foreach (var node in frontier)
            {
                foreach (var neighbour in Neighbours(node))
                {
                    if (!previous.TryAdd(neighbour, node))
                    {
                        continue;
                    }
                    if (neighbour == to)
                    {
                        var path = new List<string> { to };
                        for (var at = to; at != from;)
                        {
                            at = previous[at];
                            path.Add(at);
                        }
                        path.Reverse();
                        return [.. path];
                    }
                    next.Add(neighbour);
                }
            }
            frontier = next;
        }
        return [];
    }

    /// <summary>Hops between two entities ignoring direction, or null when unrelated (or farther than <paramref name="maxHops"/>).</summary>
    public int? Distance(string from, string to, int maxHops = int.MaxValue)
    {
        var path = ShortestPath(from, to, maxHops);
        return path.IsEmpty ? null : path.Length - 1;
    }

    private IEnumerable<string> Neighbours(string node)
    {
        // Merge of the two sorted lists would be faster; graphs here are small and clarity wins.
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in DependenciesOf(node))
        {
            set.Add(e.To);
        }
        foreach (var e in DependentsOf(node))
        {
            set.Add(e.From);
        }
        return set;
    }

    private Dictionary<string, int> Reach(string id, bool dependencies)
    {
        ArgumentNullException.ThrowIfNull(id);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!Contains(id))
        {
            return result;
        }
        result[id] = 0;
        var frontier = new List<string> { id };
        for (var hops = 1; frontier.Count > 0; hops++)
        {
            var nextFrontier = new List<string>();
            foreach (var node in frontier)
            {
                foreach (var edge in dependencies ? DependenciesOf(node) : DependentsOf(node))
                {
                    var n = dependencies ? edge.To : edge.From;
                    if (result.TryAdd(n, hops))
                    {
                        nextFrontier.Add(n);
                    }
                }
            }
            frontier = nextFrontier;
        }
        return result;
    }

    private static void Add(Dictionary<string, List<TopologyEdge>> map, string key, TopologyEdge edge)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }
        list.Add(edge);
    }

    /// <summary><paramref name="list"/> (ordered by <paramref name="key"/>, then kind) with <paramref name="edge"/> in its place.</summary>
    private static ImmutableArray<TopologyEdge> Inserted(ImmutableArray<TopologyEdge> list, TopologyEdge edge, Func<TopologyEdge, string> key)
    {
        var at = 0;
        while (at < list.Length)
        {
            var order = string.CompareOrdinal(key(list[at]), key(edge));
            if (order > 0 || (order == 0 && list[at].Kind > edge.Kind))
            {
                break;
            }
            at++;
        }
        return list.Insert(at, edge);
    }

    private static FrozenDictionary<string, ImmutableArray<TopologyEdge>> Sorted(Dictionary<string, List<TopologyEdge>> map, Func<TopologyEdge, string> key) =>
        map.ToFrozenDictionary(
            static kv => kv.Key,
            kv => kv.Value.OrderBy(key, StringComparer.Ordinal).ThenBy(static e => e.Kind).ToImmutableArray(),
            StringComparer.Ordinal);

    /// <summary>What <see cref="With"/> added to the frozen part: entities, edges and the adjacency lists they changed (whole).</summary>
    private sealed record Additions(
        ImmutableDictionary<string, Entity> Entities,
        ImmutableHashSet<TopologyEdge> Edges,
        ImmutableDictionary<string, ImmutableArray<TopologyEdge>> Out,
        ImmutableDictionary<string, ImmutableArray<TopologyEdge>> In)
    {
        public static Additions None { get; } = new(
            ImmutableDictionary.Create<string, Entity>(StringComparer.Ordinal),
            [],
            ImmutableDictionary.Create<string, ImmutableArray<TopologyEdge>>(StringComparer.Ordinal),
            ImmutableDictionary.Create<string, ImmutableArray<TopologyEdge>>(StringComparer.Ordinal));

        public int Count => Entities.Count + Edges.Count;

        public Builder ToBuilder() => new(Entities.ToBuilder(), Edges.ToBuilder(), Out.ToBuilder(), In.ToBuilder());

        public sealed record Builder(
            ImmutableDictionary<string, Entity>.Builder Entities,
            ImmutableHashSet<TopologyEdge>.Builder Edges,
            ImmutableDictionary<string, ImmutableArray<TopologyEdge>>.Builder Out,
            ImmutableDictionary<string, ImmutableArray<TopologyEdge>>.Builder In)
        {
            public Additions ToImmutable() => new(Entities.ToImmutable(), Edges.ToImmutable(), Out.ToImmutable(), In.ToImmutable());
        }
    }
}
