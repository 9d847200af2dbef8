using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Ingest;
using Vigil.Engine.Ingest;
using Vigil.Engine.Telemetry;
using Vigil.Ingest.Otlp;
using Vigil.Server.Auth;
using Vigil.Server.Hosting;

namespace Vigil.Server.Receivers;

/// <summary><c>POST /v1/metrics</c>: OTLP/HTTP metrics, protobuf or JSON, optionally gzip.</summary>
internal static class OtlpMetricsReceiver
{
    private const string Name = "otlp";

    public static void MapOtlpMetrics(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/metrics", HandleAsync)
            .RequireScope(ApiScope.Ingest)
            .WithTags("Receivers")
            .WithSummary("OTLP/HTTP metrics (protobuf or JSON, gzip)")
            .WithDescription("200 with an ExportMetricsServiceResponse (partial_success when some points were rejected); 400 for malformed bodies; 413/415/429/503 as usual.");

    private static async Task<IResult> HandleAsync(HttpContext context, MetricIngestor ingestor, OtlpMetricsDecoder decoder, ServerOptions options, VigilMetrics metrics, CancellationToken ct)
    {
        var request = context.Request;
        if (!OtlpContent.TryParse(request.ContentType, request.Headers.ContentEncoding, out var content, out var contentError))
        {
            return IngestResponses.Refuse(contentError, Name, metrics);
        }
        var (body, readError) = await RequestBody.ReadAsync(request, options.Limits.MaxBodyBytes, ct);
        if (body is null)
        {
            return Error(readError!, content, metrics);
        }
        OtlpMetricsResult? decoded;
        using (body)
        {
            if (!decoder.TryDecode(body.Span, content, out decoded, out var error))
            {
                return Error(error, content, metrics);
            }
        }
        if (decoded.RejectedDataPoints > 0)
        {
            metrics.SamplesRejected.WithLabels(Name, "invalid_point").Inc(decoded.RejectedDataPoints);
        }
        var (outcome, refused) = await IngestResponses.IngestAsync(ingestor, decoded.Batch, Name, context, ct);
        if (outcome is null)
        {
            return refused!;
        }
        if (outcome.Result.OutOfOrder > 0)
        {
            // Stored points win: older or conflicting ones are refused and reported as partial success.
            decoded = decoded.WithRejected(outcome.Result.OutOfOrder,
                $"{outcome.Result.OutOfOrder} samples out of order or conflicting with stored samples; first: {outcome.Result.FirstOutOfOrder}");
        }
        return Results.Bytes(OtlpMetricsResponse.Encode(decoded, content.Encoding), content.ContentType);
    }

    private static IResult Error(IngestError error, OtlpContent content, VigilMetrics metrics)
    {
        metrics.RequestsRejected.WithLabels(Name, IngestResponses.ReasonOf(error)).Inc();
        return new BytesResult(OtlpMetricsResponse.EncodeError(error, content.Encoding), content.ContentType, IngestResponses.StatusOf(error));
    }

    /// <summary>Bytes with a status code (Results.Bytes always answers 200).</summary>
    private sealed class BytesResult(byte[] body, string contentType, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = contentType;
            return httpContext.Response.Body.WriteAsync(body).AsTask();
        }
    }
}
