using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Vigil.Server.Auth;
using Vigil.Server.Console;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Vigil.Server.Api;

/// <summary><c>GET /api/v1/events</c>: server-sent events, one <c>signal</c> event per stored signal change.</summary>
internal static class EventsApi
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/events", async (
            HttpContext context, SignalFeed feed, TimeProvider time, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            var ct = stop.Token;
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            var reader = feed.Subscribe(ct);
            try
            {
                // A comment first, so the client sees the stream open before the first change.
                await response.WriteAsync(": vigil events\n\n", ct);
                await response.Body.FlushAsync(ct);
                while (!ct.IsCancellationRequested)
                {
                    var ready = reader.WaitToReadAsync(ct).AsTask();
                    if (await Task.WhenAny(ready, Task.Delay(Heartbeat, time, ct)) != ready)
                    {
                        await response.WriteAsync(": heartbeat\n\n", ct);
                        await response.Body.FlushAsync(ct);
                        continue;
                    }
                    if (!await ready)
                    {
                        break;
                    }
                    while (reader.TryRead(out var signal))
                    {
                        var data = JsonSerializer.Serialize(SignalDto.From(signal), json.Value.SerializerOptions);
                        await response.WriteAsync($"event: signal\ndata: {data}\n\n", ct);
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
        .WithSummary("Live signal changes as server-sent events")
        .WithDescription("text/event-stream; each stored signal change (opened, escalated, ended) is an event named \"signal\" whose data is the signal as /api/v1/signals shows it. A comment line every 15 s keeps proxies from closing the stream.");
    }
}
