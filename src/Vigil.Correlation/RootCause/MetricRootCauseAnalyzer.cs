using System.Collections.Immutable;
using Vigil.Core.Topology;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.RootCause;

/// <summary>
/// Root-cause analysis from metric tables (PetShop's task): learn each series' normal from <c>normal</c>, find the first
/// row of the abnormal window where the symptom is anomalous, score every node's same metric and statistic there against
/// its normal (robust z on the bad side, minus what it showed in the window's first row) and rank with
/// <see cref="RootCauseRanker"/>. When the symptom is not anomalous the answer is empty: no issue, no root cause.
/// </summary>
public sealed class MetricRootCauseAnalyzer
{
    private readonly RootCauseOptions _options;

    /// <summary>An analyzer with validated <paramref name="options"/> (defaults when null).</summary>
    public MetricRootCauseAnalyzer(RootCauseOptions? options = null) => _options = (options ?? new RootCauseOptions()).Validate();

    /// <summary>The settings in use.</summary>
    public RootCauseOptions Options => _options;

    /// <summary>Analyses one symptom.</summary>
    public RootCauseAnalysis Analyze(TopologyGraph graph, RcaTarget target, MetricFrame normal, MetricFrame abnormal, IReadOnlyList<ChangeEvent>? changes = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(normal);
        ArgumentNullException.ThrowIfNull(abnormal);
        var direction = _options.DirectionOf(target.Metric);
        if (abnormal.RowCount == 0)
        {
            return new(false, -1, 0, []);
        }

        // 1. The trigger: first row from TriggerRow on where the symptom (any statistic of its metric) is anomalous.
        var gateColumns = abnormal.Columns.Where(c => c.Node == target.Node && c.Metric == target.Metric && (_options.TriggerOnAnyStatistic || c.Statistic == target.Statistic)).ToList();
        if (!gateColumns.Contains(target.Column) && abnormal.Contains(target.Column))
        {
            gateColumns.Add(target.Column);
        }
        var gates = gateColumns.Select(c => (Baseline: Fit(normal, c), Column: c)).Where(static g => g.Baseline is not null).ToList();
        var first = Math.Min(_options.TriggerRow, abnormal.RowCount - 1);
        var last = Math.Min(abnormal.RowCount, first + _options.SearchRows);
        var triggerRow = -1;
        var best = double.NegativeInfinity;
        for (var row = first; row < last && triggerRow < 0; row++)
        {
            foreach (var (baseline, column) in gates)
            {
                abnormal.TryGetValues(column, out var values);
                var z = baseline!.Value.Score(values[row], direction);
                best = Math.Max(best, z);
                if (z > _options.TriggerThreshold)
                {
                    triggerRow = row;
                    break;
                }
            }
        }
        if (triggerRow < 0)
        {
            return new(false, -1, double.IsFinite(best) ? best : 0, []);
        }

        // 2. Every node's anomaly on the symptom's metric and statistic at the trigger, and in the window's first row.
        var anomalies = new Dictionary<string, NodeAnomaly>(StringComparer.Ordinal);
        foreach (var column in abnormal.Columns)
        {
            if (column.Metric != target.Metric || column.Statistic != target.Statistic || Fit(normal, column) is not { } baseline)
            {
                continue;
            }
            abnormal.TryGetValues(column, out var values);
            if (!double.IsFinite(values[triggerRow]))
            {
                continue; // no data at the trigger (no calls): unobserved, not normal
            }
            var strength = baseline.Score(values[triggerRow], direction);
            var before = triggerRow > 0 ? baseline.Score(values[0], direction) : 0;
            DateTimeOffset? onset = null;
            for (var row = 0; row <= triggerRow; row++)
            {
                if (baseline.Score(values[row], direction) > _options.AnomalyThreshold)
                {
                    onset = DateTimeOffset.FromUnixTimeMilliseconds((long)(abnormal.Timestamps[row] * 1000));
                    break;
                }
            }
            anomalies[column.Node] = new NodeAnomaly(column.Node, strength, before, onset);
        }
        var trigger = DateTimeOffset.FromUnixTimeMilliseconds((long)(abnormal.Timestamps[triggerRow] * 1000));
        var candidates = RootCauseRanker.Rank(graph, target.Node, target.Metric, anomalies, trigger, changes ?? [], _options);
        return new(true, triggerRow, best, candidates);
    }

    private RobustBaseline? Fit(MetricFrame normal, MetricColumn column) =>
        normal.TryGetValues(column, out var values) ? RobustBaseline.Fit(values, _options.MinNormalPoints) : null;
}
