using System.Collections.Immutable;
using System.Globalization;
using Vigil.Core.Incidents;
using Vigil.Core.Signals;
using Vigil.Core.Topology;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.RootCause;

/// <summary>
/// Ranks the entities of an incident's signals as its cause, the signal-level sibling of <see cref="RootCauseRanker"/>
/// (which works on metric tables). Each entity scores
/// <c>(0.5 + strength) × (1 + troubled dependents) × explained × onset × change</c>:
/// <list type="bullet">
/// <item>strength: the largest of its signals' score and severity/100;</item>
/// <item>troubled dependents: other member entities that depend on it, directly or not (a fault travels up), whose
/// serious trouble did not start before its own (a cause comes first; <see cref="OnsetTolerance"/> allows for detection
/// lag; serious: from its first critical signal about its service — latency, errors, traffic, logs — else its first
/// critical signal, else its first signal); each counts half when all the entity's
/// signals are about its resources (<see cref="ResourceSymptom"/>: CPU, memory, disk), since callers feel a dependency
/// through its latency and errors — a memory dip on a queue next to a failing database does not explain their
/// callers' trouble, while a database watched only through its host's metrics still ranks above its callers;</item>
/// <item>explained: ×0.5 when one of its own dependencies is a member too whose serious trouble started no later than
/// its own (within the same tolerance) and is not only about resources: more likely a victim;</item>
/// <item>onset: 1 / (1 + 0.25 × its place in the order of first signals) — earlier trouble is likelier the cause;</item>
/// <item>change: ×1.5 for a deploy or configuration change within the change window before its first signal.</item>
/// </list>
/// Ties go to the earlier onset, then the ordinal order of names: deterministic.
/// </summary>
public static class IncidentRootCauseRanker
{
    /// <summary>How much earlier than a candidate a dependent's trouble may start and still count as caused by it (and
    /// how much later a dependency's may start and still explain it): detectors see a change a scrape or two apart on
    /// different series. 60 seconds.</summary>
    public static readonly TimeSpan OnsetTolerance = TimeSpan.FromSeconds(60);

    /// <summary>Ranks, best first.</summary>
    /// <param name="members">Each member signal with the topology entity it was resolved to.</param>
    /// <param name="graph">Dependencies.</param>
    /// <param name="changes">Recent changes.</param>
    /// <param name="changeWindow">How long before an onset a change counts.</param>
    public static ImmutableArray<IncidentCause> Rank(
        IReadOnlyList<(Signal Signal, string Entity)> members, TopologyGraph graph, IReadOnlyList<ChangeEvent> changes, TimeSpan changeWindow)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(changes);
        var byEntity = new Dictionary<string, (DateTimeOffset Onset, double Strength, Signal Strongest)>(StringComparer.Ordinal);
        // Entities with at least one signal about the service they give (latency, errors, traffic, logs).
        var serviceSymptoms = new HashSet<string>(StringComparer.Ordinal);
        // When its serious trouble began: its first critical signal about its service (latency, errors, traffic, logs),
        // else its first critical signal, else its first signal. A mild warning that was already there (a slow scrape,
        // an old backup) says nothing about when the trouble that spreads started, nor does a CPU or memory blip on a
        // caller minutes before its dependency failed: its latency and errors began when the dependency's did.
        var seriousOnset = new Dictionary<string, (bool Resource, DateTimeOffset Start)>(StringComparer.Ordinal);
        foreach (var (signal, entity) in members)
        {
            var resource = ResourceSymptom.IsResource(signal);
            if (!resource)
            {
                serviceSymptoms.Add(entity);
            }
            var strength = Math.Max(signal.Score, signal.Severity / 100.0);
            // Service symptoms first (false sorts before true), then the earliest.
            if (Severity.ToBand(signal.Severity) == SeverityBand.Critical
                && (!seriousOnset.TryGetValue(entity, out var serious) || (resource, signal.Start).CompareTo(serious) < 0))
            {
                seriousOnset[entity] = (resource, signal.Start);
            }
            if (!byEntity.TryGetValue(entity, out var e))
            {
                byEntity[entity] = (signal.Start, strength, signal);
                continue;
            }
            byEntity[entity] = (signal.Start < e.Onset ? signal.Start : e.Onset, Math.Max(strength, e.Strength), strength > e.Strength ? signal : e.Strongest);
        }
        DateTimeOffset SeriousOnset(string entity) => seriousOnset.TryGetValue(entity, out var at) ? at.Start : byEntity[entity].Onset;
        var onsets = byEntity.Values.Select(static e => e.Onset).Distinct().Order().ToList();
        var first = onsets.Count > 0 ? onsets[0] : default;
        var ranked = new List<(string Entity, double Score, DateTimeOffset Onset, Signal Strongest, ImmutableArray<CauseEvidence> Evidence)>();
        foreach (var (entity, info) in byEntity)
        {
            var evidence = ImmutableArray.CreateBuilder<CauseEvidence>();
            evidence.Add(new(CauseEvidenceKind.Strength, F($"strongest signal {info.Strength * 100:0}/100: {info.Strongest.Summary}")));
            var place = onsets.IndexOf(info.Onset);
            var lead = (info.Onset - first).TotalSeconds;
            evidence.Add(new(CauseEvidenceKind.Onset, place == 0 ? "first in trouble" : F($"in trouble {lead:0} s after the first")));

            var dependents = new List<string>();
            var explainedBy = new List<string>();
            if (graph.Contains(entity))
            {
                var up = graph.TransitiveDependentsOf(entity);
                var down = graph.TransitiveDependenciesOf(entity);
                foreach (var other in byEntity.Keys.Order(StringComparer.Ordinal))
                {
                    if (other == entity)
                    {
                        continue;
                    }
                    var otherOnset = SeriousOnset(other);
                    var ownOnset = SeriousOnset(entity);
                    if (up.ContainsKey(other) && otherOnset >= ownOnset - OnsetTolerance)
                    {
                        dependents.Add(other);
                    }
                    else if (down.ContainsKey(other) && otherOnset <= ownOnset + OnsetTolerance && serviceSymptoms.Contains(other))
                    {
                        explainedBy.Add(other);
                    }
                }
            }
            var resourceOnly = !serviceSymptoms.Contains(entity);
            if (dependents.Count > 0)
            {
                evidence.Add(new(CauseEvidenceKind.Upstream, $"{dependents.Count} troubled member(s) depend on it: {string.Join(", ", dependents)}"
                    + (resourceOnly ? " (counted half: its signals are all about its resources, not its latency or errors)" : "")));
            }
            if (explainedBy.Count > 0)
            {
                evidence.Add(new(CauseEvidenceKind.ExplainedByDependency, $"its dependencies {string.Join(", ", explainedBy)} are in trouble too"));
            }
            var boost = 1.0;
            foreach (var change in changes)
            {
                var before = info.Onset - change.Timestamp;
                if (change.Entity == entity && before >= TimeSpan.Zero && before <= changeWindow)
                {
                    boost = 1.5;
                    evidence.Add(new(CauseEvidenceKind.RecentChange, F($"changed {before.TotalSeconds:0} s before its first signal: {change.Description}")));
                }
            }
            var score = (0.5 + info.Strength) * (1 + (dependents.Count * (resourceOnly ? 0.5 : 1))) * (explainedBy.Count > 0 ? 0.5 : 1) * (1 / (1 + (0.25 * place))) * boost;
            ranked.Add((entity, score, info.Onset, info.Strongest, evidence.ToImmutable()));
        }
        return [.. ranked
            .OrderByDescending(static r => r.Score)
            .ThenBy(static r => r.Onset)
            .ThenBy(static r => r.Entity, StringComparer.Ordinal)
            .Select(static (r, i) => new IncidentCause(i + 1, r.Entity, Math.Round(r.Score, 4), r.Strongest.Summary, r.Evidence))];
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
