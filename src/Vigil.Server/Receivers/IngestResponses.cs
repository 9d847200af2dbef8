using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Vigil.Core.Ingest;
using Vigil.Engine.Ingest;
using Vigil.Engine.Telemetry;

namespace Vigil.Server.Receivers;

/// <summary>Maps decoder errors and ingest outcomes to HTTP, the same way for every receiver.</summary>
internal static class IngestResponses
{
    public static int StatusOf(IngestError error) => error.Kind switch
    {
        IngestErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        IngestErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status400BadRequest,
    };

    public static string ReasonOf(IngestError error) => error.Kind switch
    {
        IngestErrorKind.TooLarge => "too_large",
        IngestErrorKind.UnsupportedMediaType => "unsupported_media_type",
        IngestErrorKind.LimitExceeded => "limit",
        _ => "malformed",
    };

    /// <summary>A refused request: status, a readable message, and the rejection counted.</summary>
    public static IResult Refuse(IngestError error, string receiver, VigilMetrics metrics)
    {
        metrics.RequestsRejected.WithLabels(receiver, ReasonOf(error)).Inc();
        return Results.Json(new { error = error.Message }, statusCode: StatusOf(error));
    }

    /// <summary>
    /// Hands a decoded batch to the engine. Returns the outcome when it was stored, or the HTTP answer when nothing
    /// was: 429/503 with <c>Retry-After</c> for load, replay or a store in trouble (all worth a retry).
    /// </summary>
    public static async Task<(IngestOutcome? Stored, IResult? Refused)> IngestAsync(
        MetricIngestor ingestor, MetricBatch batch, string receiver, HttpContext context, CancellationToken ct)
    {
        IngestOutcome outcome;
        try
        {
            outcome = await ingestor.IngestAsync(batch, receiver, ct);
        }
        catch (Exception e) when (e is DbException or IOException or TimeoutException)
        {
            return (null, Transient(context, e));
        }
        return Unavailable(outcome, context) is { } unavailable ? (null, unavailable) : (outcome, null);
    }

    /// <summary>
    /// The HTTP answer to an ingest outcome: 429/503 with Retry-After when nothing was written; null when accepted
    /// (the receiver writes its own success body).
    /// </summary>
    public static IResult? Unavailable(IngestOutcome outcome, HttpContext context) => outcome.Status switch
    {
        IngestStatus.Overloaded => RetryLater(context, StatusCodes.Status429TooManyRequests, 1, "too many samples in flight (Engine:MaxInFlightSamples); retry later"),
        IngestStatus.NotReady => RetryLater(context, StatusCodes.Status503ServiceUnavailable, 5, "replaying the journal after a restart; retry shortly"),
        _ => null,
    };

    /// <summary>Transient trouble (the store is busy or failing): nothing acknowledged, retry.</summary>
    public static IResult Transient(HttpContext context, Exception e) =>
        RetryLater(context, StatusCodes.Status503ServiceUnavailable, 5, $"temporarily unable to store the request ({e.GetType().Name}: {e.Message}); retry");

    private static IResult RetryLater(HttpContext context, int status, int seconds, string message)
    {
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Json(new { error = message }, statusCode: status);
    }
}
