using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Storage;
using Vigil.Server.Api;
using Vigil.Server.Auth;

namespace Vigil.Server.Logs;

/// <summary>A log template as the API shows it.</summary>
/// <param name="Id">Identity across sources: <c>SOURCE:T12</c>.</param>
/// <param name="Source">The log source (service or app).</param>
/// <param name="Template">The template, <c>&lt;*&gt;</c> for variables.</param>
/// <param name="Count">Lines that joined it.</param>
/// <param name="FirstSeen">When its first line arrived.</param>
/// <param name="LastSeen">When its latest line arrived.</param>
/// <param name="New">Created after the source's warm-up (it raised a NewLogPattern signal).</param>
public sealed record LogTemplateDto(string Id, string Source, string Template, long Count, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, bool New)
{
    internal static LogTemplateDto From(StoredLogTemplate t) => new(t.Key, t.Source, t.Text, t.Count, t.FirstSeen, t.LastSeen, t.IsNew);
}

/// <summary>A stored raw line.</summary>
/// <param name="Time">When it arrived.</param>
/// <param name="Source">The log source.</param>
/// <param name="TemplateId">The template it joined.</param>
/// <param name="Line">The line as received.</param>
public sealed record LogLineDto(DateTimeOffset Time, string Source, string TemplateId, string Line)
{
    internal static LogLineDto From(StoredLogLine l) => new(l.Time, l.Source, l.TemplateKey, l.Line);
}

/// <summary>Lines of a template in one minute.</summary>
/// <param name="Minute">The minute's start (UTC).</param>
/// <param name="Count">Lines that arrived in it.</param>
public sealed record LogMinuteCountDto(DateTimeOffset Minute, long Count);

/// <summary>Log templates, their lines, and search over lines.</summary>
internal static class LogsApi
{
    private const int MaxLimit = 10_000;

    public static void MapLogsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/logs/templates", async (string? source, string? q, string? limit, ILogStore store, CancellationToken ct) =>
            {
                if (!TryLimit(limit, 100, out var n, out var error))
                {
                    return error;
                }
                var templates = await store.TemplatesAsync(new LogQuery { Source = Blank(source), Text = Blank(q), Limit = n }, ct);
                return ApiResponses.Ok(templates.Select(LogTemplateDto.From).ToList());
            })
            .RequireScope(ApiScope.Read)
            .WithTags("Logs")
            .WithSummary("Log templates with counts, first/last seen and whether they are new")
            .WithDescription("source: one source; q: text the template contains; limit (default 100). Most lines first.")
            .Produces<ApiEnvelope<List<LogTemplateDto>>>();

        app.MapGet("/api/v1/logs/templates/{id}/lines", async (string id, string? q, string? limit, ILogStore store, CancellationToken ct) =>
            {
                if (!TryLimit(limit, 100, out var n, out var error))
                {
                    return error;
                }
                if (await store.FindTemplateAsync(id, ct) is null)
                {
                    return Results.NotFound(new ApiEnvelope<object>("error", null, "not_found", $"no template {id}"));
                }
                var lines = await store.LinesAsync(new LogQuery { TemplateKey = id, Text = Blank(q), Limit = n }, ct);
                return ApiResponses.Ok(lines.Select(LogLineDto.From).ToList());
            })
            .RequireScope(ApiScope.Read)
            .WithTags("Logs")
            .WithSummary("The stored lines of a template, newest first")
            .WithDescription("id: SOURCE:T12 as the templates list gives it; q: text the line contains; limit (default 100).")
            .Produces<ApiEnvelope<List<LogLineDto>>>()
            .Produces<ApiEnvelope<object>>(StatusCodes.Status404NotFound);

        app.MapGet("/api/v1/logs/templates/{id}/counts", async (string id, string? minutes, ILogStore store, TimeProvider time, CancellationToken ct) =>
            {
                if (!TryLimit(minutes, 60, out var n, out var error))
                {
                    return error;
                }
                if (await store.FindTemplateAsync(id, ct) is null)
                {
                    return Results.NotFound(new ApiEnvelope<object>("error", null, "not_found", $"no template {id}"));
                }
                var from = time.GetUtcNow().ToUnixTimeMilliseconds() - ((long)n * 60_000);
                var counts = await store.MinuteCountsAsync(id, from - (from % 60_000), ct);
                return ApiResponses.Ok(counts.Select(c => new LogMinuteCountDto(DateTimeOffset.FromUnixTimeMilliseconds(c.MinuteMs), c.Count)).ToList());
            })
            .RequireScope(ApiScope.Read)
            .WithTags("Logs")
            .WithSummary("A template's trend: lines per minute")
            .WithDescription("minutes: how far back (default 60, at most 10000). Minutes without lines are left out.")
            .Produces<ApiEnvelope<List<LogMinuteCountDto>>>()
            .Produces<ApiEnvelope<object>>(StatusCodes.Status404NotFound);

        app.MapGet("/api/v1/logs/lines", async (string? q, string? source, string? template, string? limit, ILogStore store, CancellationToken ct) =>
            {
                if (!TryLimit(limit, 100, out var n, out var error))
                {
                    return error;
                }
                var lines = await store.LinesAsync(new LogQuery { Text = Blank(q), Source = Blank(source), TemplateKey = Blank(template), Limit = n }, ct);
                return ApiResponses.Ok(lines.Select(LogLineDto.From).ToList());
            })
            .RequireScope(ApiScope.Read)
            .WithTags("Logs")
            .WithSummary("Search stored lines by text, source and template, newest first")
            .WithDescription("q: text the line contains (case-insensitive for ASCII); source; template (SOURCE:T12); limit (default 100).")
            .Produces<ApiEnvelope<List<LogLineDto>>>();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool TryLimit(string? text, int fallback, out int limit, out IResult error)
    {
        error = null!;
        limit = fallback;
        if (text is null)
        {
            return true;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit)
        {
            error = ApiResponses.BadData($"limit: \"{text}\" is not an integer from 1 to {MaxLimit}");
            return false;
        }
        return true;
    }
}
