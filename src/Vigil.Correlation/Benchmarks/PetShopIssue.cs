using Vigil.Correlation.RootCause;

namespace Vigil.Correlation.Benchmarks;

/// <summary>One injected issue of the PetShop dataset: its metrics around the violation, the symptom and the true cause.</summary>
/// <param name="Name">e.g. <c>issue_3</c>.</param>
/// <param name="Metrics">The abnormal window (<c>metrics.csv</c>).</param>
/// <param name="Target">The symptom (<c>target.json</c>: node, metric, agg).</param>
/// <param name="RootCauseNode">The true root-cause node.</param>
/// <param name="RootCauseMetric">The true root-cause metric; null when any metric of the node counts (as in every PetShop issue).</param>
public sealed record PetShopIssue(string Name, MetricFrame Metrics, RcaTarget Target, string RootCauseNode, string? RootCauseMetric);
