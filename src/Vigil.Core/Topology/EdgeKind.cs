namespace Vigil.Core.Topology;

/// <summary>How the source of an edge needs its target. Every kind points from the dependent to its dependency.</summary>
public enum EdgeKind
{
    /// <summary>The source calls the target (request path).</summary>
    Calls,
    /// <summary>The source runs on the target (container on host, service on node).</summary>
    RunsOn,
    /// <summary>The source depends on the target in another way (configuration, storage, DNS).</summary>
    DependsOn,
}
