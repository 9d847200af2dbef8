using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Engine.Logs;
using Vigil.Engine.Telemetry;
using Vigil.Server.Auth;
using Vigil.Server.Hosting;
using Vigil.Server.Receivers;

namespace Vigil.Server.Logs;

/// <summary>What <c>POST /api/v1/logs</c> did.</summary>
/// <param name="Accepted">Lines mined and stored.</param>
/// <param name="Rejected">Lines refused.</param>
/// <param name="Errors">The first few refusals: line number and reason.</param>
public sealed record LogIngestResponse(int Accepted, int Rejected, IReadOnlyList<string> Errors);

/// <summary>
/// <c>POST /api/v1/logs</c>: JSON lines, one object per line with a message field (<c>msg</c>, <c>message</c>, <c>log</c>…);
/// the source is its <c>service</c>/<c>app</c>/<c>source</c> field, else the <c>source</c> query parameter.
/// Lines are stored before the answer. Bad lines are counted and named; a body with no good line is a 400.
/// </summary>
internal static class JsonLinesReceiver
{
    private const string Name = "json_lines";
    private const int MaxErrorsReported = 10;

    public static void MapJsonLogs(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/logs", HandleAsync)
            .RequireScope(ApiScope.Ingest)
            .WithTags("Receivers")
            .WithSummary("JSON lines logs")
            .WithDescription("One JSON object per line with msg/message/log; source from service/app/source or ?source=. 200 with counts; 400 when no line is usable.")
            .Produces<LogIngestResponse>();

    private static async Task<IResult> HandleAsync(
        HttpContext context, string? source, LogIngestor ingestor, ServerOptions options, LogsOptions logs, LogMetrics logMetrics, VigilMetrics metrics,
        TimeProvider time, CancellationToken ct)
    {
        var (body, readError) = await RequestBody.ReadAsync(context.Request, options.Limits.MaxBodyBytes, ct);
        if (body is null)
        {
            return IngestResponses.Refuse(readError!, Name, metrics);
        }
        var lines = new List<SourcedLogLine>();
        var errors = new List<string>();
        var rejected = 0;
        using (body)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var rest = body.Span;
            var lineNumber = 0;
            while (!rest.IsEmpty)
            {
                lineNumber++;
                var newline = rest.IndexOf((byte)'\n');
                var bytes = newline < 0 ? rest : rest[..newline];
                rest = newline < 0 ? [] : rest[(newline + 1)..];
                if (bytes.TrimEnd("\r"u8).Trim(" \t"u8).IsEmpty)
                {
                    continue;
                }
                if (LogLineDecoder.TryDecodeJson(bytes, logs.MaxLineBytes, now, string.IsNullOrWhiteSpace(source) ? LogLineDecoder.UnknownSource : source, out var line, out var reason))
                {
                    lines.Add(line);
                    continue;
                }
                rejected++;
                logMetrics.LinesRejected.WithLabels(Name, reason).Inc();
                if (errors.Count < MaxErrorsReported)
                {
                    errors.Add($"line {lineNumber}: {Explain(reason)}");
                }
            }
        }
        if (lines.Count == 0)
        {
            metrics.RequestsRejected.WithLabels(Name, "malformed").Inc();
            var message = errors.Count > 0 ? string.Join("; ", errors) : "the body holds no line";
            return Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest);
        }
        try
        {
            var result = await ingestor.IngestAsync(lines, Name);
            return Results.Ok(new LogIngestResponse(result.Accepted, rejected, errors));
        }
        catch (Exception e) when (e is DbException or IOException or TimeoutException)
        {
            return IngestResponses.Transient(context, e);
        }
    }

    private static string Explain(string reason) => reason switch
    {
        "oversized" => "longer than Logs:MaxLineBytes",
        "invalid_utf8" => "not valid UTF-8",
        "binary" => "holds control bytes",
        _ => "not a JSON object with a msg, message or log field",
    };
}
