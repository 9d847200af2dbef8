namespace Vigil.Core.Topology;

/// <summary>
/// How the source of an edge relates to its target. Every kind points from the dependent to its dependency, except
/// <see cref="PartOf"/>, which groups (pod in namespace) and along which faults do not travel.
/// </summary>
public enum EdgeKind
{
    /// <summary>The source calls the target (request path).</summary>
    Calls,
    /// <summary>The source runs on the target (container on host, service on node).</summary>
    RunsOn,
    /// <summary>The source depends on the target in another way (configuration, storage, DNS).</summary>
    DependsOn,
    /// <summary>The source belongs to the target (pod in namespace); a grouping, not a dependency.</summary>
    PartOf,
}
