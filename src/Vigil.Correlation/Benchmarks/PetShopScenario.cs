using Vigil.Correlation.RootCause;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.Benchmarks;

/// <summary>One PetShop scenario (e.g. <c>low_traffic</c>): call graph, issue-free metrics and issues of one split.</summary>
/// <param name="Name">The scenario's directory name.</param>
/// <param name="Graph">Its call graph.</param>
/// <param name="Normal">Its issue-free metrics (<c>noissue/metrics.csv</c>), or null when absent.</param>
/// <param name="Issues">The issues of the split evaluated.</param>
public sealed record PetShopScenario(string Name, TopologyGraph Graph, MetricFrame? Normal, IReadOnlyList<PetShopIssue> Issues)
{
    /// <summary>The group PetShop reports under: the name without trailing digits (<c>temporal_traffic1</c> → <c>temporal_traffic</c>).</summary>
    public string Group => Name.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
}
