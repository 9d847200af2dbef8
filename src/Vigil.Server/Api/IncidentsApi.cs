using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Incidents;
using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Engine.Incidents;
using Vigil.Server.Auth;

namespace Vigil.Server.Api;

/// <summary>The likeliest cause in an incident list.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Score">Higher is likelier.</param>
/// <param name="Summary">Its strongest signal's summary.</param>
public sealed record IncidentRootCauseDto(string Entity, double Score, string Summary);

/// <summary>An incident in a list.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Title">One line.</param>
/// <param name="Status">open, acknowledged or resolved.</param>
/// <param name="Severity">0–100, the highest of its signals.</param>
/// <param name="Band">low, warning, minor, major, critical.</param>
/// <param name="Entities">Entities, likeliest cause first.</param>
/// <param name="SignalCount">Member signals.</param>
/// <param name="Opened">When it opened.</param>
/// <param name="Updated">When it last changed.</param>
/// <param name="Resolved">When it was resolved.</param>
/// <param name="Assignee">Who is assigned.</param>
/// <param name="RootCause">The likeliest cause.</param>
/// <param name="MergedInto">The incident it was merged into (its signals moved there), when it was.</param>
public sealed record IncidentDto(
    string Id, string Title, string Status, int Severity, string Band, IReadOnlyList<string> Entities, int SignalCount,
    DateTimeOffset Opened, DateTimeOffset Updated, DateTimeOffset? Resolved, string? Assignee, IncidentRootCauseDto? RootCause, string? MergedInto)
{
    internal static IncidentDto From(Incident i) => new(
        i.Id.ToString(), i.Title, Lower(i.Status.ToString()), i.Severity, Lower(i.Band.ToString()), i.Entities, i.SignalCount, i.Opened, i.Updated,
        i.Resolved, i.Assignee, i.RootCauses.IsEmpty ? null : new IncidentRootCauseDto(i.RootCauses[0].Entity, i.RootCauses[0].Score, i.RootCauses[0].Summary),
        i.MergedInto?.ToString());

    internal static string Lower(string name) => string.Concat(name[..1].ToLowerInvariant(), name[1..]);
}

/// <summary>A piece of root-cause evidence.</summary>
/// <param name="Kind">strength, onset, upstream, explainedByDependency, recentChange.</param>
/// <param name="Description">A sentence.</param>
public sealed record CauseEvidenceDto(string Kind, string Description);

/// <summary>A ranked cause.</summary>
/// <param name="Rank">1 for the likeliest.</param>
/// <param name="Entity">The entity.</param>
/// <param name="Score">Higher is likelier.</param>
/// <param name="Evidence">Why.</param>
public sealed record RootCauseDto(int Rank, string Entity, double Score, IReadOnlyList<CauseEvidenceDto> Evidence);

/// <summary>A line of the timeline.</summary>
/// <param name="At">When.</param>
/// <param name="Kind">opened, signalJoined, signalInhibited, signalEnded, signalFlapping, acknowledged, assigned, commented, resolved, reopened, notified, merged.</param>
/// <param name="Actor">Who, for human actions.</param>
/// <param name="Text">What.</param>
public sealed record TimelineEntryDto(DateTimeOffset At, string Kind, string? Actor, string Text);

/// <summary>A similar past incident.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Similarity">0–1.</param>
public sealed record SimilarIncidentDto(string Id, string Title, double Similarity);

/// <summary>One incident with everything known about it.</summary>
/// <param name="Incident">The list fields.</param>
/// <param name="Signals">Its member signals still stored, in the order they joined.</param>
/// <param name="Inhibited">Fingerprints of members inhibited by a dependency's trouble.</param>
/// <param name="RootCauses">Ranked causes.</param>
/// <param name="Timeline">Everything that happened.</param>
/// <param name="Similar">Similar past incidents.</param>
/// <param name="Reasons">Why its signals were grouped.</param>
public sealed record IncidentDetailDto(
    [property: System.Text.Json.Serialization.JsonIgnore] IncidentDto Incident,
    IReadOnlyList<SignalDto> Signals, IReadOnlyList<string> Inhibited, IReadOnlyList<RootCauseDto> RootCauses, IReadOnlyList<TimelineEntryDto> Timeline,
    IReadOnlyList<SimilarIncidentDto> Similar, IReadOnlyList<string> Reasons)
{
#pragma warning disable CS1591 // the list fields, flattened into the detail's JSON; documented on IncidentDto.
    public string Id => Incident.Id;
    public string Title => Incident.Title;
    public string Status => Incident.Status;
    public int Severity => Incident.Severity;
    public string Band => Incident.Band;
    public IReadOnlyList<string> Entities => Incident.Entities;
    public int SignalCount => Incident.SignalCount;
    public DateTimeOffset Opened => Incident.Opened;
    public DateTimeOffset Updated => Incident.Updated;
    public DateTimeOffset? Resolved => Incident.Resolved;
    public string? Assignee => Incident.Assignee;
    public IncidentRootCauseDto? RootCause => Incident.RootCause;
    public string? MergedInto => Incident.MergedInto;
#pragma warning restore CS1591
}

/// <summary>The body of an incident action.</summary>
/// <param name="Actor">Who acts (required).</param>
/// <param name="Assignee">For assign.</param>
/// <param name="Text">For comment.</param>
public sealed record IncidentActionBody(string? Actor, string? Assignee, string? Text);

/// <summary>A silence as the API shows and takes it.</summary>
/// <param name="Id">Assigned by Vigil.</param>
/// <param name="Matchers">A label selector, e.g. <c>{service="checkout",alertname=~"High.*"}</c>.</param>
/// <param name="StartsAt">Default now.</param>
/// <param name="EndsAt">Required, after <paramref name="StartsAt"/>.</param>
/// <param name="CreatedBy">Who (required).</param>
/// <param name="Comment">Why (required).</param>
public sealed record SilenceDto(long? Id, string? Matchers, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? CreatedBy, string? Comment)
{
    internal static SilenceDto From(Silence s) => new(s.Id, "{" + string.Join(',', s.Matchers) + "}", s.Starts, s.Ends, s.CreatedBy, s.Comment);
}

/// <summary>A maintenance window as the API shows and takes it.</summary>
/// <param name="Id">Assigned by Vigil.</param>
/// <param name="Entities">Entities under maintenance (topology ids such as <c>db</c>, or signal entities).</param>
/// <param name="StartsAt">Default now.</param>
/// <param name="EndsAt">Required, after <paramref name="StartsAt"/>.</param>
/// <param name="CreatedBy">Who (required).</param>
/// <param name="Comment">What the work is (required).</param>
public sealed record MaintenanceDto(long? Id, IReadOnlyList<string>? Entities, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? CreatedBy, string? Comment)
{
    internal static MaintenanceDto From(MaintenanceWindow m) => new(m.Id, m.Entities, m.Starts, m.Ends, m.CreatedBy, m.Comment);
}

/// <summary>Incidents (list, detail, actions), silences and maintenance windows.</summary>
internal static class IncidentsApi
{
    private const int MaxText = 10_000;
    private const int MaxName = 200;

    public static void MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var incidents = app.MapGroup("/api/v1/incidents").WithTags("Incidents");
        incidents.MapGet("", ListAsync)
            .RequireScope(ApiScope.Read)
            .WithSummary("Incidents, newest first, filtered by status, severity and entity")
            .WithDescription("status: open, acknowledged or resolved; minSeverity: 0–100; entity: a topology entity such as checkout; limit: 1–1000 (default 100).");
        incidents.MapGet("/{id}", DetailAsync)
            .RequireScope(ApiScope.Read)
            .WithSummary("One incident: signals, ranked root causes with evidence, timeline, similar past incidents, grouping reasons");
        foreach (var (path, kind, summary) in new[]
        {
            ("acknowledge", IncidentActionKind.Acknowledge, "Acknowledge an open incident (409 when acknowledged or resolved)"),
            ("assign", IncidentActionKind.Assign, "Assign an incident: {actor, assignee} (409 when resolved)"),
            ("comment", IncidentActionKind.Comment, "Comment on an incident: {actor, text}"),
            ("resolve", IncidentActionKind.Resolve, "Resolve an incident by hand (409 when resolved)"),
        })
        {
            incidents.MapPost($"/{{id}}/{path}", (string id, HttpContext context, IGrainFactory grains, IIncidentStore store, CancellationToken ct) =>
                    ActAsync(kind, id, context, grains, store, ct))
                .RequireScope(ApiScope.Admin)
                .WithSummary(summary)
                .WithDescription("Body: {\"actor\": who, \"assignee\"?: for assign, \"text\"?: for comment}. 400 naming a bad field, 404 for an unknown id, 409 for an impossible transition. Returns the incident.");
        }

        var silences = app.MapGroup("/api/v1/silences").WithTags("Incidents");
        silences.MapGet("", async (IIncidentStore store, CancellationToken ct) => ApiResponses.Ok((await store.SilencesAsync(ct)).Select(SilenceDto.From).ToList()))
            .RequireScope(ApiScope.Read)
            .WithSummary("Silences");
        silences.MapPost("", AddSilenceAsync)
            .RequireScope(ApiScope.Admin)
            .WithSummary("Add a silence: matching signals are recorded but open no incident and notify nobody")
            .WithDescription("Body: {\"matchers\": \"{service=\\\"checkout\\\"}\", \"startsAt\"?: RFC 3339 (default now), \"endsAt\": RFC 3339, \"createdBy\", \"comment\"}.");
        silences.MapDelete("/{id}", (string id, IIncidentStore store, IGrainFactory grains, CancellationToken ct) =>
                DeleteAsync(id, "silence", store.DeleteSilenceAsync, grains, ct))
            .RequireScope(ApiScope.Admin)
            .WithSummary("Delete a silence");

        var maintenance = app.MapGroup("/api/v1/maintenance").WithTags("Incidents");
        maintenance.MapGet("", async (IIncidentStore store, CancellationToken ct) => ApiResponses.Ok((await store.MaintenanceAsync(ct)).Select(MaintenanceDto.From).ToList()))
            .RequireScope(ApiScope.Read)
            .WithSummary("Maintenance windows");
        maintenance.MapPost("", AddMaintenanceAsync)
            .RequireScope(ApiScope.Admin)
            .WithSummary("Add a maintenance window: signals about its entities open no incident and notify nobody")
            .WithDescription("Body: {\"entities\": [\"db\"], \"startsAt\"?: RFC 3339 (default now), \"endsAt\": RFC 3339, \"createdBy\", \"comment\"}.");
        maintenance.MapDelete("/{id}", (string id, IIncidentStore store, IGrainFactory grains, CancellationToken ct) =>
                DeleteAsync(id, "maintenance window", store.DeleteMaintenanceAsync, grains, ct))
            .RequireScope(ApiScope.Admin)
            .WithSummary("Delete a maintenance window");
    }

    private static async Task<IResult> ListAsync(string? status, string? minSeverity, string? entity, string? limit, IIncidentStore store, CancellationToken ct)
    {
        IncidentStatus? statusFilter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<IncidentStatus>(status, ignoreCase: true, out var s) || !Enum.IsDefined(s) || status.Any(char.IsDigit))
            {
                return ApiResponses.BadData($"status: \"{status}\" is not one of open, acknowledged, resolved");
            }
            statusFilter = s;
        }
        int? severity = null;
        if (minSeverity is not null)
        {
            if (!int.TryParse(minSeverity, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) || m is < 0 or > 100)
            {
                return ApiResponses.BadData($"minSeverity: \"{minSeverity}\" is not an integer from 0 to 100");
            }
            severity = m;
        }
        var count = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out count) || count is < 1 or > 1000))
        {
            return ApiResponses.BadData($"limit: \"{limit}\" is not an integer from 1 to 1000");
        }
        var found = await store.QueryAsync(new IncidentQuery { Status = statusFilter, MinSeverity = severity, Entity = entity, Limit = count }, ct);
        return ApiResponses.Ok(found.Select(IncidentDto.From).ToList());
    }

    private static async Task<IResult> DetailAsync(string id, IIncidentStore store, ISignalStore signals, CancellationToken ct)
    {
        if (!IncidentId.TryParse(id, out var incidentId))
        {
            return BadId(id);
        }
        if (await store.FindAsync(incidentId, ct) is not { } incident)
        {
            return NotFound(id);
        }
        return ApiResponses.Ok(await DetailOfAsync(incident, signals, ct));
    }

    private static async Task<IncidentDetailDto> DetailOfAsync(Incident incident, ISignalStore signals, CancellationToken ct)
    {
        var members = new List<SignalDto>(incident.Members.Length);
        foreach (var member in incident.Members)
        {
            if (await signals.FindAsync(member.Fingerprint, member.Start, ct) is { } signal)
            {
                members.Add(SignalDto.From(signal));
            }
        }
        return new IncidentDetailDto(
            IncidentDto.From(incident),
            members,
            [.. incident.Members.Where(static m => m.Role == MemberRole.Inhibited).Select(static m => m.Fingerprint).Distinct(StringComparer.Ordinal)],
            [.. incident.RootCauses.Select(static c => new RootCauseDto(c.Rank, c.Entity, c.Score,
                [.. c.Evidence.Select(static e => new CauseEvidenceDto(IncidentDto.Lower(e.Kind.ToString()), e.Description))]))],
            [.. incident.Timeline.Select(static t => new TimelineEntryDto(t.At, IncidentDto.Lower(t.Kind.ToString()), t.Actor, t.Text))],
            [.. incident.Similar.Select(static s => new SimilarIncidentDto(s.Id.ToString(), s.Title, s.Similarity))],
            incident.Reasons);
    }

    private static async Task<IResult> ActAsync(IncidentActionKind kind, string id, HttpContext context, IGrainFactory grains, IIncidentStore store, CancellationToken ct)
    {
        if (!IncidentId.TryParse(id, out var incidentId))
        {
            return BadId(id);
        }
        var (body, error) = await ReadAsync<IncidentActionBody>(context, ct);
        if (body is null)
        {
            return ApiResponses.BadData(error!);
        }
        if (Required("actor", body.Actor, MaxName) is { } actorError)
        {
            return ApiResponses.BadData(actorError);
        }
        if (kind == IncidentActionKind.Assign && Required("assignee", body.Assignee, MaxName) is { } assigneeError)
        {
            return ApiResponses.BadData(assigneeError);
        }
        if (kind == IncidentActionKind.Comment && Required("text", body.Text, MaxText) is { } textError)
        {
            return ApiResponses.BadData(textError);
        }
        var reply = await grains.GetGrain<ICorrelatorGrain>(ICorrelatorGrain.DefaultTenant)
            .ActAsync(new IncidentActionRequest(kind, incidentId.Value, body.Actor!.Trim(), body.Assignee?.Trim(), body.Text));
        return reply.Status switch
        {
            IncidentActionStatus.NotFound => NotFound(id),
            IncidentActionStatus.Conflict => Results.Conflict(new ApiEnvelope<object>("error", null, "conflict", reply.Error)),
            _ => await store.FindAsync(incidentId, ct) is { } incident
                ? ApiResponses.Ok(IncidentDto.From(incident))
                : NotFound(id),
        };
    }

    private static async Task<IResult> AddSilenceAsync(HttpContext context, IIncidentStore store, IGrainFactory grains, TimeProvider time, CancellationToken ct)
    {
        var (body, error) = await ReadAsync<SilenceDto>(context, ct);
        if (body is null)
        {
            return ApiResponses.BadData(error!);
        }
        if (string.IsNullOrWhiteSpace(body.Matchers))
        {
            return ApiResponses.BadData("matchers: a label selector is required, e.g. {service=\"checkout\"}");
        }
        if (!SeriesSelector.TryParse(body.Matchers, out var matchers, out var selectorError))
        {
            return ApiResponses.BadData($"matchers: {selectorError}");
        }
        if (Window(body.StartsAt, body.EndsAt, body.CreatedBy, body.Comment, time) is { } windowError)
        {
            return ApiResponses.BadData(windowError);
        }
        var silence = await store.AddSilenceAsync(new Silence(0, [.. matchers], body.StartsAt ?? time.GetUtcNow(), body.EndsAt!.Value, body.CreatedBy!.Trim(), body.Comment!.Trim()), ct);
        await grains.GetGrain<ICorrelatorGrain>(ICorrelatorGrain.DefaultTenant).ReloadSuppressionsAsync();
        return ApiResponses.Ok(SilenceDto.From(silence));
    }

    private static async Task<IResult> AddMaintenanceAsync(HttpContext context, IIncidentStore store, IGrainFactory grains, TimeProvider time, CancellationToken ct)
    {
        var (body, error) = await ReadAsync<MaintenanceDto>(context, ct);
        if (body is null)
        {
            return ApiResponses.BadData(error!);
        }
        if (body.Entities is not { Count: > 0 } entities || entities.Any(string.IsNullOrWhiteSpace))
        {
            return ApiResponses.BadData("entities: a non-empty list of entity names is required, e.g. [\"db\"]");
        }
        if (Window(body.StartsAt, body.EndsAt, body.CreatedBy, body.Comment, time) is { } windowError)
        {
            return ApiResponses.BadData(windowError);
        }
        var window = await store.AddMaintenanceAsync(new MaintenanceWindow(0, [.. entities.Select(static e => e.Trim())], body.StartsAt ?? time.GetUtcNow(), body.EndsAt!.Value, body.CreatedBy!.Trim(), body.Comment!.Trim()), ct);
        await grains.GetGrain<ICorrelatorGrain>(ICorrelatorGrain.DefaultTenant).ReloadSuppressionsAsync();
        return ApiResponses.Ok(MaintenanceDto.From(window));
    }

    private static async Task<IResult> DeleteAsync(string id, string what, Func<long, CancellationToken, Task<bool>> delete, IGrainFactory grains, CancellationToken ct)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            return ApiResponses.BadData($"id: \"{id}\" is not a {what} id (a positive integer)");
        }
        if (!await delete(number, ct))
        {
            return Results.NotFound(new ApiEnvelope<object>("error", null, "not_found", $"id: no {what} {id}"));
        }
        await grains.GetGrain<ICorrelatorGrain>(ICorrelatorGrain.DefaultTenant).ReloadSuppressionsAsync();
        return Results.NoContent();
    }

    private static string? Window(DateTimeOffset? starts, DateTimeOffset? ends, string? createdBy, string? comment, TimeProvider time)
    {
        if (ends is not { } end)
        {
            return "endsAt: an RFC 3339 end time is required";
        }
        if (end <= (starts ?? time.GetUtcNow()))
        {
            return "endsAt: must be after startsAt (or after now when startsAt is absent)";
        }
        return Required("createdBy", createdBy, MaxName) ?? Required("comment", comment, MaxText);
    }

    private static string? Required(string field, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? $"{field}: required and not blank"
        : value.Length > maxLength ? $"{field}: at most {maxLength} characters"
        : null;

    private static async Task<(T? Body, string? Error)> ReadAsync<T>(HttpContext context, CancellationToken ct)
        where T : class
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, "body: Content-Type must be application/json");
        }
        try
        {
            var body = await context.Request.ReadFromJsonAsync<T>(ct);
            return body is null ? (null, "body: a JSON object is required") : (body, null);
        }
        catch (JsonException e)
        {
            return (null, $"body: not valid JSON for this request ({e.Path}{(e.LineNumber is { } line ? $", line {line + 1}" : "")}): {e.Message}");
        }
    }

    private static IResult BadId(string id) => ApiResponses.BadData($"id: \"{id}\" is not an incident id (a positive integer)");

    private static IResult NotFound(string id) => Results.NotFound(new ApiEnvelope<object>("error", null, "not_found", $"id: no incident {id}"));
}
