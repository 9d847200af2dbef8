using System.Data.Common;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Ingest;
using Vigil.Engine.Logs;
using Vigil.Engine.Telemetry;
using Vigil.Ingest.Otlp;
using Vigil.Server.Auth;
using Vigil.Server.Hosting;
using Vigil.Server.Receivers;

namespace Vigil.Server.Logs;

/// <summary>
/// <c>POST /v1/logs</c>: OTLP/HTTP logs, protobuf or JSON, optionally gzip. The source is the resource's
/// <c>service.name</c>; the body is the message. Records without a body or past <c>Logs:MaxLineBytes</c> are refused one
/// by one and reported as <c>partial_success</c>.
/// </summary>
internal static class OtlpLogsReceiver
{
    private const string Name = "otlp_logs";

    public static void MapOtlpLogs(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/logs", HandleAsync)
            .RequireScope(ApiScope.Ingest)
            .WithTags("Receivers")
            .WithSummary("OTLP/HTTP logs (protobuf or JSON, gzip)")
            .WithDescription("200 with an ExportLogsServiceResponse (partial_success when some records were rejected); 400 for malformed bodies; 413/415 as usual.");

    private static async Task<IResult> HandleAsync(
        HttpContext context, LogIngestor ingestor, ServerOptions options, LogsOptions logs, LogMetrics logMetrics, VigilMetrics metrics, TimeProvider time, CancellationToken ct)
    {
        var request = context.Request;
        if (!OtlpContent.TryParse(request.ContentType, request.Headers.ContentEncoding, out var content, out var contentError))
        {
            return IngestResponses.Refuse(contentError, Name, metrics);
        }
        var (body, readError) = await RequestBody.ReadAsync(request, options.Limits.MaxBodyBytes, ct);
        if (body is null)
        {
            return IngestResponses.Refuse(readError!, Name, metrics);
        }
        OtlpLogsResult? decoded;
        using (body)
        {
            if (!OtlpLogsDecoder.TryDecode(body.Span, content, options.Limits.MaxBodyBytes, out decoded, out var error))
            {
                return IngestResponses.Refuse(error, Name, metrics);
            }
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var lines = new List<SourcedLogLine>(decoded.Records.Count);
        var rejected = decoded.Rejected;
        if (rejected > 0)
        {
            logMetrics.LinesRejected.WithLabels(Name, "empty").Inc(rejected);
        }
        var oversized = 0;
        foreach (var record in decoded.Records)
        {
            if (Encoding.UTF8.GetByteCount(record.Body) > logs.MaxLineBytes)
            {
                oversized++;
                continue;
            }
            lines.Add(OtlpLogLines.ToLine(record, now));
        }
        if (oversized > 0)
        {
            logMetrics.LinesRejected.WithLabels(Name, "oversized").Inc(oversized);
            rejected += oversized;
        }
        try
        {
            await ingestor.IngestAsync(lines, Name);
        }
        catch (Exception e) when (e is DbException or IOException or TimeoutException)
        {
            return IngestResponses.Transient(context, e);
        }
        var message = rejected == 0 ? null
            : $"{rejected} log records refused ({decoded.Rejected} without a body, {oversized} longer than Logs:MaxLineBytes={logs.MaxLineBytes})";
        return Results.Bytes(OtlpLogsDecoder.EncodeResponse(rejected, message, content.Encoding), content.ContentType);
    }
}
