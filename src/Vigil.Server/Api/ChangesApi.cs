using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Storage;
using Vigil.Core.Topology;
using Vigil.Server.Auth;
using Vigil.Server.Topology;

namespace Vigil.Server.Api;

/// <summary>A change event as <c>/api/v1/changes</c> takes and shows it.</summary>
public sealed record ChangeDto
{
    /// <summary>The entity changed, e.g. <c>service/checkout</c> (required).</summary>
    public string? Entity { get; init; }

    /// <summary>When: RFC 3339 or Unix seconds (string or number); now when absent.</summary>
    public JsonElement? Timestamp { get; init; }

    /// <summary>deploy, config or other (required).</summary>
    public string? Kind { get; init; }

    /// <summary>What changed, e.g. <c>deploy v1.4.2</c> (required).</summary>
    public string? Description { get; init; }

    /// <summary>Extra attributes, e.g. <c>version</c>, <c>author</c>.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Longest description accepted.</summary>
    public const int MaxDescriptionLength = 4096;

    internal static ChangeDto From(ChangeEvent change) => new()
    {
        Entity = change.Entity,
        Timestamp = JsonSerializer.SerializeToElement(change.Timestamp.ToString("O", CultureInfo.InvariantCulture)),
        Kind = TopologyNames.Format(change.Kind),
        Description = change.Description,
        Labels = change.Labels.Count == 0 ? null : change.Labels.ToDictionary(static l => l.Name, static l => l.Value, StringComparer.Ordinal),
    };

    /// <summary>Validates the body; false with an error naming the field.</summary>
    internal bool TryToChange(DateTimeOffset now, [NotNullWhen(true)] out ChangeEvent? change, [NotNullWhen(false)] out string? error)
    {
        change = null;
        if (string.IsNullOrWhiteSpace(Entity))
        {
            error = "entity: required";
            return false;
        }
        if (Entity.Length > TopologyDocument.MaxIdLength)
        {
            error = $"entity: longer than {TopologyDocument.MaxIdLength} characters";
            return false;
        }
        if (string.IsNullOrEmpty(Kind))
        {
            error = "kind: required (deploy, config or other)";
            return false;
        }
        if (!TopologyNames.TryParse(Kind, ChangeKind.Other, "kind", out ChangeKind kind, out error))
        {
            return false;
        }
        if (string.IsNullOrWhiteSpace(Description))
        {
            error = "description: required";
            return false;
        }
        if (Description.Length > MaxDescriptionLength)
        {
            error = $"description: longer than {MaxDescriptionLength} characters";
            return false;
        }
        var at = now;
        if (Timestamp is { ValueKind: not JsonValueKind.Null } t)
        {
            var text = t.ValueKind switch
            {
                JsonValueKind.String => t.GetString(),
                JsonValueKind.Number => t.GetRawText(),
                _ => null,
            };
            if (!ApiTime.TryParse(text, out at))
            {
                error = $"timestamp: {t.GetRawText()} is not RFC 3339 or Unix seconds";
                return false;
            }
        }
        if (!TopologyDocument.TryLabels(Labels, "labels", out var labels, out error))
        {
            return false;
        }
        change = new ChangeEvent(Entity, at, Description) { Kind = kind, Labels = labels };
        return true;
    }
}

/// <summary><c>POST /api/v1/changes</c> records a deploy or config change; <c>GET</c> lists them, newest first.</summary>
internal static class ChangesApi
{
    public const int MaxLimit = 10_000;

    public static void MapChangesApi(this IEndpointRouteBuilder app)
    {
        var changes = app.MapGroup("/api/v1/changes").WithTags("Changes");

        changes.MapPost("", async (HttpContext http, IChangeStore store, TimeProvider time, CancellationToken ct) =>
        {
            var (body, error) = await TopologyApi.ReadAsync<ChangeDto>(http, ct);
            if (body is null)
            {
                return ApiResponses.BadData(error!);
            }
            if (!body.TryToChange(time.GetUtcNow(), out var change, out error))
            {
                return ApiResponses.BadData(error);
            }
            await store.AddAsync(change, ct);
            return Results.Json(new ApiEnvelope<ChangeDto>("success", ChangeDto.From(change)), statusCode: StatusCodes.Status201Created);
        })
        .RequireScope(ApiScope.Ingest)
        .Accepts<ChangeDto>("application/json")
        .WithSummary("Record a change event (deploy, config, other)")
        .WithDescription("Body: {\"entity\": \"service/checkout\", \"kind\": \"deploy\", \"description\": \"v1.4.2\", \"timestamp\"?: RFC 3339 or Unix seconds (default now), " +
            "\"labels\"?: {\"version\": \"1.4.2\"}}. 201 with the stored change; 400 naming the bad field. Root-cause ranking weighs recent changes.");

        changes.MapGet("", async (string? entity, string? from, string? to, string? limit, IChangeStore store, CancellationToken ct) =>
        {
            if (!TryTime(from, "from", out var fromTime, out var error) || !TryTime(to, "to", out var toTime, out error))
            {
                return ApiResponses.BadData(error);
            }
            var max = 100;
            if (limit is not null && (!int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out max) || max is < 1 or > MaxLimit))
            {
                return ApiResponses.BadData($"limit: \"{limit}\" is not an integer from 1 to {MaxLimit}");
            }
            if (fromTime > toTime)
            {
                return ApiResponses.BadData("from: after to");
            }
            var found = await store.QueryAsync(new ChangeQuery { Entity = entity, From = fromTime, To = toTime, Limit = max }, ct);
            return ApiResponses.Ok(found.Select(ChangeDto.From).ToList());
        })
        .RequireScope(ApiScope.Read)
        .WithSummary("Change events, newest first")
        .WithDescription("?entity=service/checkout&from=&to= (RFC 3339 or Unix seconds)&limit= (default 100, at most 10000).");
    }

    private static bool TryTime(string? text, string name, out DateTimeOffset? time, [NotNullWhen(false)] out string? error)
    {
        time = null;
        error = null;
        if (text is null)
        {
            return true;
        }
        if (!ApiTime.TryParse(text, out var t))
        {
            error = $"{name}: \"{text}\" is not RFC 3339 or Unix seconds";
            return false;
        }
        time = t;
        return true;
    }
}
