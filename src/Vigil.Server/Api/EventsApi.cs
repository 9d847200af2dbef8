using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Vigil.Core.Incidents;
using Vigil.Correlation.Incidents;
using Vigil.Engine.Incidents;
using Vigil.Server.Auth;
using Vigil.Server.Console;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Vigil.Server.Api;

/// <summary><c>GET /api/v1/events</c>: server-sent events, one <c>signal</c> event per stored signal change and one <c>incident</c> event per incident change.</summary>
internal static class EventsApi
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/events", async (
            HttpContext context, SignalFeed feed, IncidentFeed incidents, TimeProvider time, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            var ct = stop.Token;
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            var reader = feed.Subscribe(ct);
            using var incidentChanges = incidents.Subscribe(capacity: 1024);
            try
            {
                // A comment first, so the client sees the stream open before the first change.
                await response.WriteAsync(": vigil events\n\n", ct);
                await response.Body.FlushAsync(ct);
                var signalsReady = reader.WaitToReadAsync(ct).AsTask();
                var incidentsReady = incidentChanges.Reader.WaitToReadAsync(ct).AsTask();
                // One heartbeat timer at a time, renewed when it fires: a burst of changes must not leave a timer per event.
                var heartbeat = Task.Delay(Heartbeat, time, ct);
                while (!ct.IsCancellationRequested)
                {
                    var first = await Task.WhenAny(signalsReady, incidentsReady, heartbeat);
                    if (first == heartbeat)
                    {
                        await response.WriteAsync(": heartbeat\n\n", ct);
                        await response.Body.FlushAsync(ct);
                        heartbeat = Task.Delay(Heartbeat, time, ct);
                        continue;
                    }
                    if (first == signalsReady)
                    {
                        if (!await signalsReady)
                        {
                            break;
                        }
                        while (reader.TryRead(out var signal))
                        {
                            var data = JsonSerializer.Serialize(SignalDto.From(signal), json.Value.SerializerOptions);
                            await response.WriteAsync($"event: signal\ndata: {data}\n\n", ct);
                        }
                        signalsReady = reader.WaitToReadAsync(ct).AsTask();
                    }
                    else
                    {
                        if (!await incidentsReady)
                        {
                            break;
                        }
                        while (incidentChanges.Reader.TryRead(out var change))
                        {
                            if (change.Incident is not { } incident)
                            {
                                continue;
                            }
                            var data = JsonSerializer.Serialize(IncidentEventDto.From(change.Kind, incident), json.Value.SerializerOptions);
                            await response.WriteAsync($"event: incident\ndata: {data}\n\n", ct);
                        }
                        incidentsReady = incidentChanges.Reader.WaitToReadAsync(ct).AsTask();
                    }
                    await response.Body.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The client went away or the server is stopping: the stream simply ends.
            }
        })
        .RequireScope(ApiScope.Read)
        .WithTags("Signals")
        .WithSummary("Live signal and incident changes as server-sent events")
        .WithDescription("text/event-stream; each stored signal change (opened, escalated, ended) is an event named \"signal\" whose data is the signal as /api/v1/signals shows it; " +
            "each incident change is an event named \"incident\" with {id, change, status, title, severity, entities, updated}. A comment line every 15 s keeps proxies from closing the stream.");
    }
}

/// <summary>An incident change as the event stream tells it.</summary>
/// <param name="Id">The incident.</param>
/// <param name="Change">What changed, e.g. <c>opened</c>, <c>signal_joined</c>, <c>acknowledged</c>, <c>resolved</c>.</param>
/// <param name="Status">open, acknowledged or resolved.</param>
/// <param name="Title">Its title.</param>
/// <param name="Severity">0–100.</param>
/// <param name="Entities">What it affects.</param>
/// <param name="Updated">When it last changed.</param>
public sealed record IncidentEventDto(string Id, string Change, string Status, string Title, int Severity, IReadOnlyList<string> Entities, DateTimeOffset Updated)
{
    internal static IncidentEventDto From(IncidentChangeKind kind, Incident incident) => new(
        incident.Id.ToString(), JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString()), incident.Status.ToString().ToLowerInvariant(),
        incident.Title, incident.Severity, incident.Entities, incident.Updated);
}
