using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Incidents;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Core.Topology;
using Vigil.Correlation.Topology;
using Vigil.Server.Auth;
using Vigil.Server.Console;
using Vigil.Server.Topology;

namespace Vigil.Server.Api;

/// <summary>The health of one entity from its open signals and open incidents.</summary>
/// <param name="Entity">The service or host (<c>service/checkout</c>, <c>host/db-1</c>), or the signal's entity when its labels name neither.</param>
/// <param name="Severity">The worst open signal's or open incident's severity, 0–100.</param>
/// <param name="Band">Its band.</param>
/// <param name="OpenSignals">How many signals are open on it.</param>
/// <param name="Worst">The worst open signal; null when only incidents are open on it.</param>
/// <param name="OpenIncidents">How many open or acknowledged incidents name it.</param>
/// <param name="Summary">The worst open signal's summary, or the worst incident's title when that is more severe.</param>
/// <param name="TroubledDependents">Other entities in this list that depend on it, directly or through others (callers, services on a host): its trouble may be theirs.</param>
/// <param name="Incident">The worst open incident naming it (most severe, then latest updated); null when none.</param>
public sealed record EntityHealthDto(string Entity, int Severity, string Band, int OpenSignals, SignalDto? Worst, int OpenIncidents, string Summary,
    int TroubledDependents, IncidentDto? Incident);

/// <summary>The answer of <c>GET /api/v1/health/entities</c>.</summary>
/// <param name="Since">Start of the count window.</param>
/// <param name="SignalsSince">Signals active at or after <paramref name="Since"/>.</param>
/// <param name="OpenSignals">Signals open now.</param>
/// <param name="Entities">Entities with open signals or open incidents, worst first (at most <c>limit</c>).</param>
/// <param name="Total">Entities with open signals or open incidents in all.</param>
/// <param name="IncidentsSince">Incidents opened at or after <paramref name="Since"/> (merged ones left out): with <paramref name="SignalsSince"/>, the noise reduction.</param>
/// <param name="OpenIncidents">Incidents open or acknowledged now.</param>
public sealed record EntityHealthResponse(DateTimeOffset Since, int SignalsSince, int OpenSignals, IReadOnlyList<EntityHealthDto> Entities, int Total,
    int IncidentsSince, int OpenIncidents);

/// <summary>
/// <c>GET /api/v1/health/entities</c>: the overview's health table computed where the signals are, so the browser
/// receives one row per entity instead of every open signal (10,000 open signals: one small answer, not megabytes);
/// the open signals come from memory (<see cref="OpenSignalIndex"/>), only the ended ones since the window's start
/// from the store. Open (and acknowledged) incidents join the row of each entity they name: the correlator names
/// entities by their topology id (<c>checkout</c>), mapped here to the row of the same service or host
/// (<c>service/checkout</c>), so an entity has one row whether its signals are still open or not. Worst first: by
/// severity, then by how many other listed entities depend on it in the topology, directly or through others (so of
/// two equally severe entities, one never comes after an entity that depends on it: a failing database ahead of the
/// services that call it, however many signals those raise), then by open signals.
/// </summary>
internal static class EntityHealthApi
{
    private const int MaxSignals = 1_000_000;
    private const int MaxIncidents = 10_000;

    // Members read one by one for an incident whose entity has no row otherwise: enough to name its service.
    private const int MaxMemberLookups = 5;

    // Label names that say which service or host a signal is about, most specific first.
    private static readonly (string Label, string Kind)[] EntityLabels =
        [("service", "service"), ("job", "service"), ("host", "host"), ("instance", "host"), ("app", "service"), ("source", "service")];

    public static void MapEntityHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/health/entities", async (string? since, string? limit, PublishingSignalStore store, IIncidentStore incidents, TopologyCatalog topology,
            TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            var from = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
            if (since is not null && !ApiTime.TryParse(since, out from))
            {
                return ApiResponses.BadData($"since: \"{since}\" is neither RFC 3339 nor Unix seconds");
            }
            var max = 200;
            if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out max) || max is < 1 or > 10_000))
            {
                return ApiResponses.BadData($"limit: \"{limit}\" is not an integer from 1 to 10000");
            }
            var open = await store.OpenSignalsAsync(ct);
            // Every open signal is active since any time: only the ended ones need reading for the count.
            var ended = await store.QueryAsync(new SignalQuery { From = from, Open = false, Limit = MaxSignals }, ct);
            var entities = new Dictionary<string, Row>(StringComparer.Ordinal);
            foreach (var signal in open)
            {
                var entity = EntityOf(signal);
                if (!entities.TryGetValue(entity, out var row))
                {
                    entities[entity] = row = new Row();
                }
                if (row.Worst is null || signal.Severity > row.Worst.Severity)
                {
                    row.Worst = signal;
                }
                row.Signals++;
            }
            // One query for both: the incidents not resolved, and those resolved since the window's start (every
            // incident opened since then is one or the other).
            var current = await incidents.QueryAsync(new IncidentQuery { ResolvedSince = from, Limit = MaxIncidents }, ct);
            var openIncidents = current.Where(static i => i.Status != IncidentStatus.Resolved).ToList();
            var incidentsSince = current.Count(i => i.Opened >= from);
            if (openIncidents.Count > 0)
            {
                var graph = await topology.GetGraphAsync(ct);
                var byFingerprint = new Dictionary<string, Signal>(StringComparer.Ordinal);
                foreach (var signal in ended.Concat(open))
                {
                    byFingerprint[signal.Fingerprint] = signal;
                }
                foreach (var incident in openIncidents)
                {
                    var memberKeys = incident.Members.Select(m => byFingerprint.GetValueOrDefault(m.Fingerprint)).OfType<Signal>().Select(EntityOf).ToList();
                    if (memberKeys.Count < incident.Members.Length && incident.Entities.Any(e => !e.Contains('/', StringComparison.Ordinal) && RowOf(e, entities) is null))
                    {
                        // Members that ended before the window (an incident open across midnight): read them, but only
                        // when a bare entity has no row to join otherwise.
                        foreach (var member in incident.Members.Where(m => !byFingerprint.ContainsKey(m.Fingerprint)).Take(MaxMemberLookups))
                        {
                            if (await store.FindAsync(member.Fingerprint, member.Start, ct) is { } signal)
                            {
                                memberKeys.Add(EntityOf(signal));
                            }
                        }
                    }
                    foreach (var name in incident.Entities.Select(e => KeyOfIncidentEntity(e, entities, memberKeys, graph)).Distinct(StringComparer.Ordinal))
                    {
                        if (!entities.TryGetValue(name, out var row))
                        {
                            entities[name] = row = new Row();
                        }
                        row.Incidents++;
                        if (row.Incident is null || incident.Severity > row.Incident.Severity
                            || (incident.Severity == row.Incident.Severity && incident.Updated > row.Incident.Updated))
                        {
                            row.Incident = incident;
                        }
                    }
                }
            }
            if (entities.Count > 1)
            {
                CountTroubledDependents(entities, await topology.GetGraphAsync(ct));
            }
            var rows = entities
                .OrderByDescending(e => e.Value.Severity).ThenByDescending(e => e.Value.TroubledDependents).ThenByDescending(e => e.Value.Signals)
                .ThenBy(e => e.Key, StringComparer.Ordinal)
                .Take(max)
                .Select(e => new EntityHealthDto(e.Key, e.Value.Severity, Severity.ToBand(e.Value.Severity).ToString().ToLowerInvariant(), e.Value.Signals,
                    e.Value.Worst is { } worst ? SignalDto.From(worst) : null, e.Value.Incidents, e.Value.Summary, e.Value.TroubledDependents,
                    e.Value.Incident is { } incident ? IncidentDto.From(incident) : null))
                .ToList();
            return ApiResponses.Ok(new EntityHealthResponse(from, open.Count + ended.Count, open.Count, rows, entities.Count, incidentsSince, openIncidents.Count));
        })
        .RequireScope(ApiScope.Read)
        .WithTags("Signals")
        .WithSummary("Health per service or host from open signals and incidents, worst first, and how many signals were active and incidents opened since a time")
        .WithDescription("since: RFC 3339 or Unix seconds (default: today's start, UTC); limit: most entities (default 200). " +
            "An entity is the signal's service (labels service, job, app, source) or host (host, instance), else its entity.");
    }

    /// <summary>
    /// The row of an entity an incident names (a topology id, <c>checkout</c>): the row of the same name when there
    /// is one, else the service's or host's row (<c>service/checkout</c>) that open signals already have, else the
    /// service or host its member signals' labels name (<paramref name="memberKeys"/>, as <see cref="EntityOf"/>
    /// names them), else one named after its kind in the topology, else the bare id.
    /// </summary>
    internal static string KeyOfIncidentEntity(string entity, IReadOnlyDictionary<string, Row> rows, IReadOnlyList<string> memberKeys, TopologyGraph graph)
    {
        if (entity.Contains('/', StringComparison.Ordinal))
        {
            return entity;
        }
        if (RowOf(entity, rows) is { } row)
        {
            return row;
        }
        foreach (var key in memberKeys)
        {
            if (key.EndsWith("/" + entity, StringComparison.Ordinal) && key.IndexOf('/', StringComparison.Ordinal) == key.Length - entity.Length - 1)
            {
                return key;
            }
        }
        return graph.Find(entity)?.Kind switch
        {
            EntityKind.Service => "service/" + entity,
            EntityKind.Host => "host/" + entity,
            _ => entity,
        };
    }

    /// <summary>
    /// Sets each row's <see cref="Row.TroubledDependents"/>: the other rows among its transitive dependents. The topology names an entity either as a row does (<c>service/checkout</c>, declared)
    /// or bare (<c>checkout</c>, inferred from labels); both are looked up.
    /// </summary>
    internal static void CountTroubledDependents(IReadOnlyDictionary<string, Row> rows, TopologyGraph graph)
    {
        foreach (var (key, row) in rows)
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var troubled = new HashSet<string>(StringComparer.Ordinal);
            string[] ids = slash > 0 ? [key, key[(slash + 1)..]] : [key];
            foreach (var id in ids)
            {
                foreach (var (dependent, hops) in graph.TransitiveDependentsOf(id))
                {
                    if (hops > 0 && RowOf(dependent, rows) is { } other && other != key)
                    {
                        troubled.Add(other);
                    }
                }
            }
            row.TroubledDependents = troubled.Count;
        }
    }

    private static string? RowOf(string id, IReadOnlyDictionary<string, Row> rows)
    {
        if (rows.ContainsKey(id))
        {
            return id;
        }
        foreach (var kind in new[] { "service/", "host/" })
        {
            if (rows.ContainsKey(kind + id))
            {
                return kind + id;
            }
        }
        return null;
    }

    /// <summary>One entity's open signals and incidents, while they are folded.</summary>
    internal sealed class Row
    {
        public Signal? Worst { get; set; }

        public int Signals { get; set; }

        public Incident? Incident { get; set; }

        public int Incidents { get; set; }

        public int TroubledDependents { get; set; }

        public int Severity => Math.Max(Worst?.Severity ?? 0, Incident?.Severity ?? 0);

        public string Summary => Incident is { } i && (Worst is null || i.Severity > Worst.Severity) ? i.Title : Worst?.Summary ?? "";
    }

    /// <summary>The service or host a signal is about, from its labels; else its own entity.</summary>
    internal static string EntityOf(Signal signal)
    {
        foreach (var (label, kind) in EntityLabels)
        {
            var value = signal.Labels[label];
            if (!string.IsNullOrEmpty(value))
            {
                return kind + "/" + value;
            }
        }
        return signal.Entity;
    }
}
