using Vigil.Core.Series;
using Vigil.Core.Topology;

namespace Vigil.Correlation.Topology;

/// <summary>
/// Infers entities and edges from the labels Vigil ingests: Prometheus target labels (<c>job</c>, <c>instance</c>,
/// <c>service</c>, <c>host</c>, <c>namespace</c>, <c>pod</c>, <c>container</c>) and OTLP resource attributes as the
/// OTLP mapper promotes them (<c>service.name</c> → <c>service</c>, <c>host.name</c> → <c>host</c>,
/// <c>k8s.pod.name</c> → <c>k8s_pod</c>, …), plus the peer attributes of client metrics (<c>peer_service</c>,
/// <c>server_address</c>, <c>destination_service</c>) and a <c>depends_on</c> label (comma-separated services, or kinded
/// ids such as <c>host/db-1</c>) for calls edges. Pure and deterministic: feed it label sets in
/// any order, read the result.
/// </summary>
/// <remarks>
/// Ids carry their kind as a prefix (<c>service/checkout</c>, <c>host/db-1</c>, <c>pod/shop/cart-7f9</c>), as the
/// Alertmanager receiver names a signal's entity. Within one label set the most specific placement chain is inferred:
/// service → container → pod → host (each <see cref="EdgeKind.RunsOn"/>, skipping the levels the labels lack), and the
/// pod (or else the service) <see cref="EdgeKind.PartOf"/> its namespace.
/// </remarks>
public sealed class LabelTopologyInference
{
    /// <summary>Label names that place a series on an entity, or name a peer it calls.</summary>
    public static IReadOnlyList<string> TopologyLabelNames { get; } =
    [
        "service", "job", "host", "instance", "k8s_node", "namespace", "k8s_namespace", "pod", "k8s_pod",
        "container", "k8s_container", "container_id", "peer_service", "server_address", "destination_service", "depends_on",
    ];

    private readonly Dictionary<string, Entity> _entities = new(StringComparer.Ordinal);
    private readonly HashSet<TopologyEdge> _edges = [];
    private readonly HashSet<Labels> _seen = [];

    /// <summary>Entities inferred so far, ordered by id.</summary>
    public IReadOnlyList<Entity> Entities => [.. _entities.Values.OrderBy(static e => e.Id, StringComparer.Ordinal)];

    /// <summary>Edges inferred so far, ordered by source, target and kind.</summary>
    public IReadOnlyList<TopologyEdge> Edges =>
        [.. _edges.OrderBy(static e => e.From, StringComparer.Ordinal).ThenBy(static e => e.To, StringComparer.Ordinal).ThenBy(static e => e.Kind)];

    /// <summary>Label sets taken so far that placed something (each distinct projection counted once).</summary>
    public int LabelSets => _seen.Count;

    /// <summary>The service a label set is about: <c>service</c>, else <c>job</c>; null when neither.</summary>
    public static string? ServiceOf(Labels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return NonEmpty(labels.Get("service")) ?? NonEmpty(labels.Get("job"));
    }

    /// <summary>The host a label set is about: <c>host</c>, else <c>k8s_node</c>, else <c>instance</c> without its port.</summary>
    public static string? HostOf(Labels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return NonEmpty(labels.Get("host")) ?? NonEmpty(labels.Get("k8s_node")) ?? WithoutPort(labels.Get("instance"));
    }

    /// <summary>
    /// The ids of the entities a label set is about, most specific first (container, pod, service, host): what a
    /// correlator looks up in the graph for a signal whose own entity is a series key.
    /// </summary>
    public static IReadOnlyList<string> EntityIdsOf(Labels labels)
    {
        var p = Placement.Of(labels);
        var ids = new List<string>(4);
        AddIf(ids, p.ContainerId);
        AddIf(ids, p.PodId);
        AddIf(ids, p.ServiceId);
        AddIf(ids, p.HostId);
        return ids;

        static void AddIf(List<string> ids, string? id)
        {
            if (id is not null)
            {
                ids.Add(id);
            }
        }
    }

    /// <summary>Takes one label set (a series' or a signal's); sets that name nothing of the topology are ignored.</summary>
    public void Add(Labels labels) => Add(labels, null);

    /// <summary>
    /// <see cref="Add(Labels)"/>, putting the entities and edges it inferred for the first time in <paramref name="added"/>
    /// (for a graph kept up to date by additions rather than rebuilt).
    /// </summary>
    internal void Add(Labels labels, Additions? added)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var projected = Project(labels);
        if (projected.Count == 0 || !_seen.Add(projected))
        {
            return;
        }
        var p = Placement.Of(projected);
        AddEntity(p.ServiceId, EntityKind.Service, added);
        AddEntity(p.ContainerId, EntityKind.Container, added);
        AddEntity(p.PodId, EntityKind.Pod, added);
        AddEntity(p.HostId, EntityKind.Host, added);
        AddEntity(p.NamespaceId, EntityKind.Namespace, added);

        // The placement chain, most specific first: service → container → pod → host.
        string? below = null;
        foreach (var id in (ReadOnlySpan<string?>)[p.HostId, p.PodId, p.ContainerId, p.ServiceId])
        {
            if (id is null)
            {
                continue;
            }
            if (below is not null && below != id)
            {
                AddEdge(new TopologyEdge(id, below, EdgeKind.RunsOn), added);
            }
            below = id;
        }
        if (p.NamespaceId is { } ns && (p.PodId ?? p.ServiceId) is { } member)
        {
            AddEdge(new TopologyEdge(member, ns, EdgeKind.PartOf), added);
        }
        if (p.ServiceId is { } caller)
        {
            foreach (var name in (ReadOnlySpan<string>)["peer_service", "destination_service", "server_address"])
            {
                if (WithoutPort(projected.Get(name)) is { } peer)
                {
                    var callee = "service/" + peer;
                    if (callee != caller)
                    {
                        AddEntity(callee, EntityKind.Service, added);
                        AddEdge(new TopologyEdge(caller, callee, EdgeKind.Calls), added);
                    }
                    break;
                }
            }
            if (projected.Get("depends_on") is { } dependsOn)
            {
                foreach (var dependency in dependsOn.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    // A bare name is a service, as peer labels are; a kinded id (host/db-1) is taken as it is.
                    var callee = dependency.Contains('/', StringComparison.Ordinal) ? dependency : "service/" + dependency;
                    if (callee != caller)
                    {
                        AddEntity(callee, dependency.Contains('/', StringComparison.Ordinal) ? EntityKind.Unknown : EntityKind.Service, added);
                        AddEdge(new TopologyEdge(caller, callee, EdgeKind.Calls), added);
                    }
                }
            }
        }
    }

    private void AddEntity(string? id, EntityKind kind, Additions? added)
    {
        if (id is not null && _entities.TryAdd(id, new Entity(id, kind)))
        {
            added?.Entities.Add(_entities[id]);
        }
    }

    private void AddEdge(TopologyEdge edge, Additions? added)
    {
        if (_edges.Add(edge))
        {
            added?.Edges.Add(edge);
        }
    }

    /// <summary>Entities and edges inferred for the first time by <see cref="Add(Labels, Additions)"/> calls.</summary>
    internal sealed class Additions
    {
        public List<Entity> Entities { get; } = [];

        public List<TopologyEdge> Edges { get; } = [];

        public bool IsEmpty => Entities.Count == 0 && Edges.Count == 0;

        public void Clear()
        {
            Entities.Clear();
            Edges.Clear();
        }
    }

    private static Labels Project(Labels labels)
    {
        var kept = new List<Label>(4);
        foreach (var label in labels.AsSpan())
        {
            if (label.Value.Length > 0 && IsTopologyLabel(label.Name))
            {
                kept.Add(label);
            }
        }
        return kept.Count == labels.Count ? labels : Labels.FromValidatedSorted([.. kept]);
    }

    private static bool IsTopologyLabel(string name)
    {
        foreach (var n in TopologyLabelNames)
        {
            if (n == name)
            {
                return true;
            }
        }
        return false;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? WithoutPort(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return null;
        }
        if (address[0] == '[')
        {
            // [::1]:9100 → ::1
            var close = address.IndexOf(']', StringComparison.Ordinal);
            return close > 1 ? address[1..close] : address;
        }
        var colon = address.LastIndexOf(':');
        // One colon: host:port. More: a bare IPv6 address, kept whole.
        return colon > 0 && address.IndexOf(':', StringComparison.Ordinal) == colon ? address[..colon] : address;
    }

    private readonly record struct Placement(string? ServiceId, string? HostId, string? NamespaceId, string? PodId, string? ContainerId)
    {
        public static Placement Of(Labels labels)
        {
            var service = ServiceOf(labels);
            var host = HostOf(labels);
            var ns = NonEmpty(labels.Get("namespace")) ?? NonEmpty(labels.Get("k8s_namespace"));
            var pod = NonEmpty(labels.Get("pod")) ?? NonEmpty(labels.Get("k8s_pod"));
            var container = NonEmpty(labels.Get("container")) ?? NonEmpty(labels.Get("k8s_container")) ?? NonEmpty(labels.Get("container_id"));
            // Pod names are unique within a namespace, container names within a pod.
            var podId = pod is null ? null : ns is null ? $"pod/{pod}" : $"pod/{ns}/{pod}";
            var containerId = container is null ? null : pod is null ? $"container/{container}" : $"container/{(ns is null ? "" : ns + "/")}{pod}/{container}";
            return new Placement(
                service is null ? null : "service/" + service,
                host is null ? null : "host/" + host,
                ns is null ? null : "namespace/" + ns,
                podId,
                containerId);
        }
    }
}
