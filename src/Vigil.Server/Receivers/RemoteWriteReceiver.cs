using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Vigil.Engine.Ingest;
using Vigil.Engine.Telemetry;
using Vigil.Ingest.RemoteWrite;
using Vigil.Server.Auth;
using Vigil.Server.Hosting;

namespace Vigil.Server.Receivers;

/// <summary><c>POST /api/v1/write</c>: Prometheus remote write 1.0 (snappy block format + protobuf WriteRequest).</summary>
internal static class RemoteWriteReceiver
{
    private const string Name = "remote_write";

    public static void MapRemoteWrite(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/write", HandleAsync)
            .RequireScope(ApiScope.Ingest)
            .WithTags("Receivers")
            .WithSummary("Prometheus remote write 1.0")
            .WithDescription("204 when stored; 400 with the reason for invalid data (Prometheus does not retry 4xx); 413 past Limits:MaxBodyBytes; 429/503 with Retry-After for transient trouble.")
            // Documented rather than declared with Accepts<T>(): Accepts makes routing answer a wrong Content-Type with
            // an empty 415 before the handler, which names the expected type in its message.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "A snappy block-compressed prometheus.WriteRequest (Content-Encoding: snappy).",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [RemoteWriteDecoder.ContentType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                    },
                };
                return Task.CompletedTask;
            })
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<IResult> HandleAsync(HttpContext context, MetricIngestor ingestor, ServerOptions options, VigilMetrics metrics, CancellationToken ct)
    {
        var request = context.Request;
        if (RemoteWriteDecoder.CheckHeaders(request.ContentType, request.Headers.ContentEncoding, request.Headers[RemoteWriteDecoder.VersionHeader]) is { } headerError)
        {
            return IngestResponses.Refuse(headerError, Name, metrics);
        }
        var (body, readError) = await RequestBody.ReadAsync(request, options.Limits.MaxBodyBytes, ct);
        if (body is null)
        {
            return IngestResponses.Refuse(readError!, Name, metrics);
        }
        RemoteWriteResult? decoded;
        using (body)
        {
            if (!RemoteWriteDecoder.TryDecode(body.Span, options.Limits, out decoded, out var error))
            {
                return IngestResponses.Refuse(error, Name, metrics);
            }
        }
        var (outcome, refused) = await IngestResponses.IngestAsync(ingestor, decoded.Batch, Name, context, ct);
        if (outcome is null)
        {
            return refused!;
        }
        var result = outcome.Result;
        if (result.OutOfOrder > 0)
        {
            // As Prometheus's own receiver: the rest is stored, the conflict is reported, the sender does not retry.
            metrics.RequestsRejected.WithLabels(Name, "out_of_order").Inc();
            return Results.Json(new
            {
                error = $"{result.OutOfOrder} samples refused as out of order or conflicting with a stored sample ({result.Accepted} stored); first: {result.FirstOutOfOrder}",
            }, statusCode: StatusCodes.Status400BadRequest);
        }
        return Results.NoContent();
    }
}
