using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Server.Auth;
using Vigil.Server.Console;

namespace Vigil.Server.Api;

/// <summary>The health of one entity from its open signals.</summary>
/// <param name="Entity">The service or host (<c>service/checkout</c>, <c>host/db-1</c>), or the signal's entity when its labels name neither.</param>
/// <param name="Severity">The worst open signal's severity, 0–100.</param>
/// <param name="Band">Its band.</param>
/// <param name="OpenSignals">How many signals are open on it.</param>
/// <param name="Worst">The worst open signal.</param>
public sealed record EntityHealthDto(string Entity, int Severity, string Band, int OpenSignals, SignalDto Worst);

/// <summary>The answer of <c>GET /api/v1/health/entities</c>.</summary>
/// <param name="Since">Start of the count window.</param>
/// <param name="SignalsSince">Signals active at or after <paramref name="Since"/>.</param>
/// <param name="OpenSignals">Signals open now.</param>
/// <param name="Entities">Entities with open signals, worst first (at most <c>limit</c>).</param>
/// <param name="Total">Entities with open signals in all.</param>
public sealed record EntityHealthResponse(DateTimeOffset Since, int SignalsSince, int OpenSignals, IReadOnlyList<EntityHealthDto> Entities, int Total);

/// <summary>
/// <c>GET /api/v1/health/entities</c>: the overview's health table computed where the signals are, so the browser
/// receives one row per entity instead of every open signal (10,000 open signals: one small answer, not megabytes);
/// the open signals come from memory (<see cref="OpenSignalIndex"/>), only the ended ones since the window's start
/// from the store.
/// </summary>
internal static class EntityHealthApi
{
    private const int MaxSignals = 1_000_000;

    // Label names that say which service or host a signal is about, most specific first.
    private static readonly (string Label, string Kind)[] EntityLabels =
        [("service", "service"), ("job", "service"), ("host", "host"), ("instance", "host"), ("app", "service"), ("source", "service")];

    public static void MapEntityHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/health/entities", async (string? since, string? limit, PublishingSignalStore store, TimeProvider time, CancellationToken ct) =>
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
            var entities = new Dictionary<string, (Signal Worst, int Count)>(StringComparer.Ordinal);
            foreach (var signal in open)
            {
                var entity = EntityOf(signal);
                entities[entity] = entities.TryGetValue(entity, out var e)
                    ? (signal.Severity > e.Worst.Severity ? signal : e.Worst, e.Count + 1)
                    : (signal, 1);
            }
            var rows = entities
                .OrderByDescending(e => e.Value.Worst.Severity).ThenByDescending(e => e.Value.Count).ThenBy(e => e.Key, StringComparer.Ordinal)
                .Take(max)
                .Select(e => new EntityHealthDto(e.Key, e.Value.Worst.Severity, e.Value.Worst.Band.ToString().ToLowerInvariant(), e.Value.Count, SignalDto.From(e.Value.Worst)))
                .ToList();
            return ApiResponses.Ok(new EntityHealthResponse(from, open.Count + ended.Count, open.Count, rows, entities.Count));
        })
        .RequireScope(ApiScope.Read)
        .WithTags("Signals")
        .WithSummary("Health per service or host from open signals, worst first, and how many signals were active since a time")
        .WithDescription("since: RFC 3339 or Unix seconds (default: today's start, UTC); limit: most entities (default 200). " +
            "An entity is the signal's service (labels service, job, app, source) or host (host, instance), else its entity.");
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
