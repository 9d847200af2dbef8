using System.Collections.Immutable;
using System.Globalization;
using Vigil.Core.Topology;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.RootCause;

/// <summary>
/// Ranks the places a symptom can start. The candidates are the symptom's node and everything it depends on,
/// directly or not, that is anomalous with an anomaly new since before the incident. A candidate scores
/// <c>log(1 + new strength) × unexplained × verified × (1 + anomalous dependents) × change boost</c>:
/// <list type="bullet">
/// <item>strength: how far outside normal it is (robust z), minus what was already there before (onset order);</item>
/// <item>unexplained: a node whose own dependency is as anomalous as itself is more likely a victim than a cause, so
/// the score keeps only the fraction <c>1 − z(dependency)/z(node)</c> its most anomalous dependency leaves unexplained;</item>
/// <item>verified: a node whose dependencies are observed and all normal is a confirmed origin, while a leaf (an
/// uninstrumented remote endpoint, say) may hide a cause behind it, so the confirmed one gets a boost;</item>
/// <item>anomalous dependents: a cause explains its dependents' anomalies, so each anomalous direct dependent
/// adds one (the walk of MicroRCA-style methods, reduced to its first step);</item>
/// <item>change boost: a deploy or configuration change shortly before the trigger.</item>
/// </list>
/// Ties go to the candidate nearer the symptom, then to the ordinal order of names: the ranking is deterministic.
/// </summary>
public static class RootCauseRanker
{
    /// <summary>Ranks candidates for a symptom at <paramref name="target"/>, best first.</summary>
    /// <param name="graph">Dependencies; a target the graph does not know is its own only candidate.</param>
    /// <param name="target">The node showing the symptom.</param>
    /// <param name="metric">The metric the candidates are reported under.</param>
    /// <param name="anomalies">Anomaly of each node; nodes absent count as normal.</param>
    /// <param name="trigger">When the symptom was reported (for change events and onsets).</param>
    /// <param name="changes">Recent changes, may be empty.</param>
    /// <param name="options">Settings.</param>
    public static ImmutableArray<RootCauseCandidate> Rank(
        TopologyGraph graph,
        string target,
        string metric,
        IReadOnlyDictionary<string, NodeAnomaly> anomalies,
        DateTimeOffset? trigger,
        IReadOnlyList<ChangeEvent> changes,
        RootCauseOptions options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(anomalies);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(options);
        var threshold = options.AnomalyThreshold;

        double StrengthOf(string node) => anomalies.TryGetValue(node, out var a) ? a.Strength : 0;
        bool IsAnomalous(string node) => StrengthOf(node) > threshold;

        IReadOnlyDictionary<string, int> reach = graph.Contains(target)
            ? graph.TransitiveDependenciesOf(target)
            : new Dictionary<string, int>(StringComparer.Ordinal) { [target] = 0 };
        var targetOnset = anomalies.TryGetValue(target, out var t) ? t.Onset : null;

        var ranked = new List<(RootCauseCandidate Candidate, int Hops)>();
        foreach (var (node, hops) in reach)
        {
            if (!anomalies.TryGetValue(node, out var anomaly) || anomaly.Strength <= threshold || anomaly.NewStrength <= threshold)
            {
                continue;
            }
            var evidence = ImmutableArray.CreateBuilder<RootCauseEvidence>();
            evidence.Add(new(EvidenceKind.Anomaly, anomaly.Strength, F($"{metric} {anomaly.Strength:0.#} robust scales outside normal")));
            if (anomaly.StrengthBefore > 0)
            {
                evidence.Add(new(EvidenceKind.PreExisting, anomaly.StrengthBefore, F($"already {anomaly.StrengthBefore:0.#} before the incident; {anomaly.NewStrength:0.#} is new")));
            }
            evidence.Add(new(EvidenceKind.Position, hops, hops == 0 ? "the symptom's own node" : F($"{hops} hop(s) down the dependencies of {target}")));
            if (anomaly.Onset is { } onset && targetOnset is { } symptomOnset && node != target)
            {
                var lead = (symptomOnset - onset).TotalSeconds;
                evidence.Add(new(EvidenceKind.Onset, lead, lead >= 0 ? F($"anomalous {lead:0} s before {target}") : F($"anomalous {-lead:0} s after {target}")));
            }

            var unexplained = 1.0;
            var observed = 0;
            foreach (var edge in graph.DependenciesOf(node))
            {
                if (anomalies.ContainsKey(edge.To))
                {
                    observed++;
                }
                if (!IsAnomalous(edge.To))
                {
                    continue;
                }
                var left = Math.Max(0, 1 - (StrengthOf(edge.To) / anomaly.Strength));
                if (left < unexplained)
                {
                    unexplained = left;
                }
                evidence.Add(new(EvidenceKind.ExplainedByDependency, left, F($"dependency {edge.To} is anomalous too ({StrengthOf(edge.To):0.#}): {left * 100:0}% unexplained by it")));
            }

            var verified = 1.0;
            if (observed > 0 && unexplained >= 1)
            {
                verified = options.VerifiedOriginBoost;
                evidence.Add(new(EvidenceKind.NormalDependencies, observed, F($"its {observed} observed dependencies look normal: the anomaly starts here")));
            }

            var dependents = new List<string>();
            foreach (var edge in graph.DependentsOf(node))
            {
                if (IsAnomalous(edge.From))
                {
                    dependents.Add(edge.From);
                }
            }
            if (dependents.Count > 0)
            {
                evidence.Add(new(EvidenceKind.AnomalousDependents, dependents.Count, $"explains anomalous dependent(s) {string.Join(", ", dependents)}"));
            }

            var boost = 1.0;
            if (trigger is { } at)
            {
                foreach (var change in changes)
                {
                    var before = at - change.Timestamp;
                    if (change.Entity == node && before >= TimeSpan.Zero && before <= options.ChangeWindow)
                    {
                        boost = options.ChangeBoost;
                        evidence.Add(new(EvidenceKind.RecentChange, before.TotalSeconds, F($"changed {before.TotalSeconds:0} s before the trigger: {change.Description}")));
                    }
                }
            }

            var score = Math.Log(1 + anomaly.NewStrength) * unexplained * verified * (1 + dependents.Count) * boost;
            ranked.Add((new RootCauseCandidate(node, metric, score, evidence.ToImmutable()), hops));
        }
        return [.. ranked
            .OrderByDescending(static r => r.Candidate.Score)
            .ThenBy(static r => r.Hops)
            .ThenBy(static r => r.Candidate.Node, StringComparer.Ordinal)
            .Select(static r => r.Candidate)];
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
