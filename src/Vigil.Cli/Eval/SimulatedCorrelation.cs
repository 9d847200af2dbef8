using System.Collections.Immutable;
using Vigil.Core.Incidents;
using Vigil.Core.Signals;
using Vigil.Core.Topology;
using Vigil.Correlation.Incidents;
using Vigil.Correlation.Topology;
using Vigil.Engine.Incidents;

namespace Vigil.Cli.Eval;

/// <summary>An incident as the evaluation sees it: its signals and its root-cause candidates (entities), best first.</summary>
internal sealed record EvalIncident(ImmutableArray<Signal> Signals, ImmutableArray<string> Candidates);

/// <summary>
/// Signals → incidents with ranked root causes, the way the server does it: the online <see cref="IncidentCorrelator"/>
/// fed every signal emission in time order with the time it happened as "now" (as the signal store forwards each
/// stored batch to the correlator grain), ticked every <see cref="IncidentOptions.TickInterval"/> (as the incident
/// ticker does), with the topology declared and the change events of the last <see cref="IncidentOptions.ChangeLookback"/>.
/// The incidents are the correlator's last snapshots; incidents merged into another are left out.
/// </summary>
internal static class SimulatedCorrelation
{
    public static ImmutableArray<EvalIncident> Correlate(
        IReadOnlyList<(DateTimeOffset At, Signal Signal)> events, IReadOnlyList<Signal> signals, TopologyGraph graph, IReadOnlyList<ChangeEvent> changes, IncidentOptions options)
    {
        options.Validate();
        // The simulator names entities bare (checkout, node-3); the correlator names them as the topology store does
        // (service/checkout, host/node-3), as its label inference and signal resolution do. Declare the graph that way
        // and read the root causes back bare, to compare with the ground truth.
        var kinded = graph.Entities.ToDictionary(static e => e.Id, static e => (e.Kind == EntityKind.Host ? "host/" : "service/") + e.Id, StringComparer.Ordinal);
        string Kinded(string id) => kinded.GetValueOrDefault(id, id);
        graph = TopologyGraph.Create(
            graph.Entities.Select(e => e with { Id = Kinded(e.Id) }),
            graph.Edges.Select(e => new TopologyEdge(Kinded(e.From), Kinded(e.To), e.Kind)));
        var bare = kinded.ToDictionary(static p => p.Value, static p => p.Key, StringComparer.Ordinal);
        changes = [.. changes.Select(c => c with { Entity = Kinded(c.Entity) })];
        var correlator = new IncidentCorrelator(options.Correlator);
        var latest = new Dictionary<IncidentId, Incident>();
        void Keep(ImmutableArray<IncidentChange> made)
        {
            foreach (var change in made)
            {
                if (change.Incident is { } incident)
                {
                    latest[incident.Id] = incident;
                }
            }
        }
        var ordered = events.Select(static (e, i) => (e.At, e.Signal, Order: i)).OrderBy(static e => e.At).ThenBy(static e => e.Order).ToList();
        var byTime = changes.OrderBy(static c => c.Timestamp).ToList();
        DateTimeOffset? nextTick = null;
        for (var i = 0; i < ordered.Count;)
        {
            var now = ordered[i].At;
            nextTick ??= now;
            while (nextTick <= now)
            {
                Keep(correlator.Tick(nextTick.Value));
                nextTick += options.TickInterval;
            }
            var recent = byTime.Where(c => c.Timestamp <= now && c.Timestamp >= now - options.ChangeLookback).ToList();
            correlator.SetContext(graph, recent);
            for (; i < ordered.Count && ordered[i].At == now; i++)
            {
                Keep(correlator.Observe(ordered[i].Signal, now));
            }
        }
        var final = signals.ToDictionary(static s => (s.Fingerprint, s.Start));
        return [.. latest.Values
            .Where(static incident => incident.MergedInto is null && !incident.Members.IsEmpty)
            .OrderBy(static incident => incident.Id.Value)
            .Select(incident => new EvalIncident(
                [.. incident.Members.Select(m => final[(m.Fingerprint, m.Start)])],
                [.. incident.RootCauses.Select(c => bare.GetValueOrDefault(c.Entity, c.Entity))]))];
    }

    /// <summary>The topology entity a signal is about: its <c>service</c> label when the graph knows it, else its entity.</summary>
    public static string EntityOf(Signal signal, TopologyGraph graph) =>
        signal.Labels.Get("service") is { } service && graph.Contains(service) ? service : signal.Entity;
}
