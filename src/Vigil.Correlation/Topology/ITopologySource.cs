namespace Vigil.Correlation.Topology;

/// <summary>Where the correlator and the root-cause ranker get the current topology from (the server's store).</summary>
public interface ITopologySource
{
    /// <summary>The merged graph: declared entities and edges, plus the inferred ones they do not contradict.</summary>
    Task<TopologyGraph> GetGraphAsync(CancellationToken cancellationToken = default);
}
