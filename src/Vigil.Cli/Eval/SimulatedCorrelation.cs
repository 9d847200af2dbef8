using System.Collections.Immutable;
using Vigil.Core.Signals;
using Vigil.Core.Topology;
using Vigil.Correlation.Grouping;
using Vigil.Correlation.RootCause;
using Vigil.Correlation.Topology;

namespace Vigil.Cli.Eval;

/// <summary>An incident as the evaluation sees it: its signals and its root-cause candidates, best first.</summary>
internal sealed record EvalIncident(ImmutableArray<Signal> Signals, ImmutableArray<RootCauseCandidate> Candidates);

/// <summary>
/// Signals → incidents with ranked root causes: the one function <c>vigil eval correlation</c> measures. Today it is
/// <see cref="SignalGrouper"/> then <see cref="RootCauseRanker"/> per group; the online correlator can take its place
/// here without touching the scoring.
/// </summary>
internal static class SimulatedCorrelation
{
    /// <summary>
    /// Every signal lands in exactly one incident, except transients: a signal that fires once (no repeat of its
    /// fingerprint within the dedup window), is over within <paramref name="transient"/> and has no other signal on
    /// its entity within the grouping gap is paused, as PagerDuty pauses transient alerts, and opens no incident.
    /// </summary>
    public static ImmutableArray<EvalIncident> Correlate(IReadOnlyList<Signal> all, TopologyGraph graph, IReadOnlyList<ChangeEvent> changes, GroupingOptions grouping, RootCauseOptions ranking, TimeSpan transient)
    {
        var signals = transient > TimeSpan.Zero ? WithoutTransients(all, graph, grouping, transient) : all;
        var groups = new SignalGrouper(graph, grouping).Group(signals);
        // Deduplication folds repeats of a fingerprint into one member: give each original signal to the group whose
        // member covers its start.
        var byFingerprint = new Dictionary<string, List<(int Group, DeduplicatedSignal Member)>>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Length; g++)
        {
            foreach (var member in groups[g].Members)
            {
                if (!byFingerprint.TryGetValue(member.Signal.Fingerprint, out var list))
                {
                    byFingerprint[member.Signal.Fingerprint] = list = [];
                }
                list.Add((g, member));
            }
        }
        var members = groups.Select(static _ => new List<Signal>()).ToArray();
        foreach (var signal in signals)
        {
            var owner = byFingerprint[signal.Fingerprint].Where(m => m.Member.Signal.Start <= signal.Start).MaxBy(static m => m.Member.Signal.Start).Group;
            members[owner].Add(signal);
        }
        return [.. groups.Select((g, i) => new EvalIncident([.. members[i]], Rank(members[i], graph, changes, ranking)))];
    }

    private static List<Signal> WithoutTransients(IReadOnlyList<Signal> signals, TopologyGraph graph, GroupingOptions grouping, TimeSpan transient)
    {
        var repeats = SignalDeduplicator.Deduplicate(signals, grouping).Where(static d => d.Count > 1)
            .Select(static d => d.Signal.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var byEntity = signals.GroupBy(s => EntityOf(s, graph), StringComparer.Ordinal).ToDictionary(static g => g.Key, static g => g.ToList(), StringComparer.Ordinal);
        bool IsTransient(Signal s) =>
            s.End is { } end && end - s.Start <= transient && !repeats.Contains(s.Fingerprint)
            && !byEntity[EntityOf(s, graph)].Exists(o => !ReferenceEquals(o, s) && (o.Start - s.Start).Duration() <= grouping.MaxGap);
        return [.. signals.Where(s => !IsTransient(s))];
    }

    /// <summary>The topology entity a signal is about: its <c>service</c> label when the graph knows it, else its entity.</summary>
    public static string EntityOf(Signal signal, TopologyGraph graph) =>
        signal.Labels.Get("service") is { } service && graph.Contains(service) ? service : signal.Entity;

    private static ImmutableArray<RootCauseCandidate> Rank(List<Signal> signals, TopologyGraph graph, IReadOnlyList<ChangeEvent> changes, RootCauseOptions options)
    {
        // Per entity: strength grows with the number and severity of its anomalous series and alerts; onset is its first.
        var strength = new Dictionary<string, double>(StringComparer.Ordinal);
        var onset = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var signal in signals)
        {
            var entity = EntityOf(signal, graph);
            strength[entity] = strength.GetValueOrDefault(entity) + 1 + (signal.Severity / 50.0);
            if (!onset.TryGetValue(entity, out var first) || signal.Start < first)
            {
                onset[entity] = signal.Start;
            }
        }
        var anomalies = strength.ToDictionary(static p => p.Key, p => new NodeAnomaly(p.Key, p.Value, 0, onset[p.Key]), StringComparer.Ordinal);
        var trigger = signals.Min(static s => s.Start);
        // Rank from every symptom at the top of the incident (no anomalous caller) and keep each candidate's best score.
        var best = new Dictionary<string, RootCauseCandidate>(StringComparer.Ordinal);
        foreach (var target in anomalies.Keys.Order(StringComparer.Ordinal))
        {
            if (graph.DependentsOf(target).Any(e => anomalies.ContainsKey(e.From)))
            {
                continue;
            }
            foreach (var candidate in RootCauseRanker.Rank(graph, target, "signals", anomalies, trigger, changes, options))
            {
                if (!best.TryGetValue(candidate.Node, out var known) || candidate.Score > known.Score)
                {
                    best[candidate.Node] = candidate;
                }
            }
        }
        return [.. best.Values.OrderByDescending(static c => c.Score).ThenBy(c => onset.GetValueOrDefault(c.Node)).ThenBy(static c => c.Node, StringComparer.Ordinal)];
    }
}
