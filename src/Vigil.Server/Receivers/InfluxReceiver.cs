using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Ingest;
using Vigil.Engine.Ingest;
using Vigil.Engine.Telemetry;
using Vigil.Ingest.Influx;
using Vigil.Ingest.Otlp;
using Vigil.Server.Auth;
using Vigil.Server.Hosting;

namespace Vigil.Server.Receivers;

/// <summary>
/// <c>POST /api/v2/write</c> (InfluxDB 2.x) and <c>POST /write</c> (1.x): Influx line protocol, optionally gzip, with
/// the <c>precision</c> parameter. Metric names follow Telegraf's Prometheus convention, <c>measurement_field</c>.
/// </summary>
internal static class InfluxReceiver
{
    private const string Name = "influx";

    public static void MapInflux(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v2/write", (HttpContext c, MetricIngestor i, ServerOptions o, VigilMetrics m, TimeProvider t, CancellationToken ct) =>
                HandleAsync(c, i, o, m, t, v1: false, ct))
            .RequireScope(ApiScope.Ingest)
            .WithTags("Receivers")
            .WithSummary("Influx line protocol (InfluxDB 2.x write API)")
            .WithDescription("precision: ns (default), us, ms, s. org and bucket are accepted and ignored. 204 when stored; 400 naming line and column.");
        app.MapPost("/write", (HttpContext c, MetricIngestor i, ServerOptions o, VigilMetrics m, TimeProvider t, CancellationToken ct) =>
                HandleAsync(c, i, o, m, t, v1: true, ct))
            .RequireScope(ApiScope.Ingest)
            .WithTags("Receivers")
            .WithSummary("Influx line protocol (InfluxDB 1.x write API)")
            .WithDescription("precision: ns/n (default), u, ms, s, m, h. db is accepted and ignored.");
    }

    private static async Task<IResult> HandleAsync(HttpContext context, MetricIngestor ingestor, ServerOptions options, VigilMetrics metrics, TimeProvider time, bool v1, CancellationToken ct)
    {
        var request = context.Request;
        var precisionText = request.Query["precision"].ToString();
        var precisionOk = v1
            ? InfluxPrecisions.TryParseV1(precisionText.Length == 0 ? null : precisionText, out var precision)
            : InfluxPrecisions.TryParseV2(precisionText.Length == 0 ? null : precisionText, out precision);
        if (!precisionOk)
        {
            return Refuse(IngestError.Malformed($"precision: \"{precisionText}\" is not one of {(v1 ? "ns, u, ms, s, m, h" : "ns, us, ms, s")}"), metrics);
        }
        var (body, readError) = await RequestBody.ReadAsync(request, options.Limits.MaxBodyBytes, ct);
        if (body is null)
        {
            return Refuse(readError!, metrics);
        }
        InfluxResult? decoded;
        using (body)
        {
            var encoding = request.Headers.ContentEncoding.ToString();
            if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
            {
                if (!GzipBody.TryDecompress(body.Span, options.Limits.MaxBodyBytes, out var rented, out var length, out var gzipError))
                {
                    return Refuse(gzipError, metrics);
                }
                try
                {
                    if (!InfluxLineDecoder.TryDecode(rented.AsSpan(0, length), precision, time.GetUtcNow(), options.Limits, out decoded, out var error))
                    {
                        return Refuse(error, metrics);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
            else if (encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                return Refuse(new IngestError(IngestErrorKind.UnsupportedMediaType, $"Content-Encoding \"{encoding}\" is not supported (gzip or none)"), metrics);
            }
            else if (!InfluxLineDecoder.TryDecode(body.Span, precision, time.GetUtcNow(), options.Limits, out decoded, out var error))
            {
                return Refuse(error, metrics);
            }
        }
        if (decoded.SkippedStringFields > 0)
        {
            metrics.SamplesRejected.WithLabels(Name, "string_field").Inc(decoded.SkippedStringFields);
        }
        var (outcome, refused) = await IngestResponses.IngestAsync(ingestor, decoded.Batch, Name, context, ct);
        if (outcome is null)
        {
            return refused!;
        }
        if (outcome.Result.OutOfOrder > 0)
        {
            metrics.RequestsRejected.WithLabels(Name, "out_of_order").Inc();
            return Results.Json(new
            {
                code = "invalid",
                message = $"{outcome.Result.OutOfOrder} points refused as out of order or conflicting with a stored point ({outcome.Result.Accepted} stored); first: {outcome.Result.FirstOutOfOrder}",
            }, statusCode: StatusCodes.Status400BadRequest);
        }
        return Results.NoContent();
    }

    /// <summary>Influx clients read <c>{code, message}</c>.</summary>
    private static IResult Refuse(IngestError error, VigilMetrics metrics)
    {
        metrics.RequestsRejected.WithLabels(Name, IngestResponses.ReasonOf(error)).Inc();
        var status = IngestResponses.StatusOf(error);
        var code = status switch
        {
            StatusCodes.Status413PayloadTooLarge => "request too large",
            StatusCodes.Status415UnsupportedMediaType => "unsupported media type",
            _ => "invalid",
        };
        return Results.Json(new { code, message = error.Message }, statusCode: status);
    }
}
