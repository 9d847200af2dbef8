namespace Vigil.Correlation.RootCause;

/// <summary>One series of a <see cref="MetricFrame"/>: a node's metric under one statistic, e.g. (PetSite, latency, p90).</summary>
/// <param name="Node">The topology node (entity id).</param>
/// <param name="Metric">The metric, e.g. <c>latency</c>, <c>availability</c>, <c>requests</c>.</param>
/// <param name="Statistic">The aggregation, e.g. <c>Average</c>, <c>p90</c>, <c>Sum</c>.</param>
public readonly record struct MetricColumn(string Node, string Metric, string Statistic)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Node}:{Metric}:{Statistic}";
}
