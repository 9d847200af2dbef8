using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Storage;
using Vigil.Engine.Telemetry;
using Vigil.Ingest.Alertmanager;
using Vigil.Server.Auth;
using Vigil.Server.Hosting;

namespace Vigil.Server.Receivers;

/// <summary>
/// <c>POST /api/v1/alerts/alertmanager</c>: Alertmanager's webhook (version 4). Each alert becomes an
/// <c>ExternalAlert</c> signal keyed by (fingerprint, startsAt), so a repeated notification changes nothing and a
/// resolved one closes the signal.
/// </summary>
internal static class AlertmanagerReceiver
{
    private const string Name = "alertmanager";

    public static void MapAlertmanager(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/alerts/alertmanager", HandleAsync)
            .RequireScope(ApiScope.Ingest)
            .WithTags("Receivers")
            .WithSummary("Alertmanager webhook (version 4)")
            .WithDescription("200 with the number of signals stored; 400 naming what is wrong with the payload; unknown fields are ignored.");

    private static async Task<IResult> HandleAsync(HttpContext context, ISignalStore signals, ServerOptions options, VigilMetrics metrics, CancellationToken ct)
    {
        if (!AlertmanagerWebhookDecoder.TryCheckContentType(context.Request.ContentType, out var contentError))
        {
            return IngestResponses.Refuse(contentError, Name, metrics);
        }
        var (body, readError) = await RequestBody.ReadAsync(context.Request, options.Limits.MaxBodyBytes, ct);
        if (body is null)
        {
            return IngestResponses.Refuse(readError!, Name, metrics);
        }
        AlertmanagerNotification? notification;
        using (body)
        {
            if (!AlertmanagerWebhookDecoder.TryDecode(body.Span, options.Limits, out notification, out var error))
            {
                return IngestResponses.Refuse(error, Name, metrics);
            }
        }
        try
        {
            // Durable before the 200: Alertmanager retries anything else, and upserts make the retry harmless.
            await signals.UpsertAsync(notification.Signals, ct);
        }
        catch (Exception e) when (e is DbException or IOException or TimeoutException)
        {
            return IngestResponses.Transient(context, e);
        }
        metrics.SignalsEmitted.WithLabels("ExternalAlert").Inc(notification.Signals.Count(s => s.IsOpen));
        return Results.Ok(new { signals = notification.Signals.Count, truncatedAlerts = notification.TruncatedAlerts });
    }
}
