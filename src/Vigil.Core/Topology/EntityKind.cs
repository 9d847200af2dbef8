namespace Vigil.Core.Topology;

/// <summary>What an entity of the topology is.</summary>
public enum EntityKind
{
    /// <summary>Not known (e.g. a node read from an adjacency matrix).</summary>
    Unknown,
    /// <summary>A service or application component.</summary>
    Service,
    /// <summary>A host, VM or node.</summary>
    Host,
    /// <summary>A container or task.</summary>
    Container,
    /// <summary>A database.</summary>
    Database,
    /// <summary>A queue or topic.</summary>
    Queue,
    /// <summary>A load balancer.</summary>
    LoadBalancer,
    /// <summary>Something outside the estate that is called, e.g. a third-party API.</summary>
    External,
    /// <summary>A Kubernetes pod.</summary>
    Pod,
    /// <summary>A namespace that groups entities (Kubernetes namespace, service namespace).</summary>
    Namespace,
}
