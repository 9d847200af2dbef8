using Vigil.Core.Incidents;

namespace Vigil.Core.Storage;

/// <summary>Filters for an incident query; null means "any".</summary>
public sealed record IncidentQuery
{
    /// <summary>Only this status.</summary>
    public IncidentStatus? Status { get; init; }

    /// <summary>Only incidents at least this severe.</summary>
    public int? MinSeverity { get; init; }

    /// <summary>Only incidents about this entity.</summary>
    public string? Entity { get; init; }

    /// <summary>Only incidents resolved at or after this time, or not resolved.</summary>
    public DateTimeOffset? ResolvedSince { get; init; }

    /// <summary>Whether incidents merged into others are returned too (default false).</summary>
    public bool IncludeMerged { get; init; }

    /// <summary>Most incidents returned, newest first (default 100).</summary>
    public int Limit { get; init; } = 100;
}

/// <summary>Incidents with their members and timelines, silences and maintenance windows.</summary>
public interface IIncidentStore
{
    /// <summary>Inserts or replaces incidents (members and timeline included) in one transaction.</summary>
    Task SaveAsync(IReadOnlyList<Incident> incidents, CancellationToken cancellationToken = default);

    /// <summary>Incidents matching the query, newest opened first.</summary>
    Task<IReadOnlyList<Incident>> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default);

    /// <summary>The incident with this id, if any.</summary>
    Task<Incident?> FindAsync(IncidentId id, CancellationToken cancellationToken = default);

    /// <summary>The highest id handed out, or null when there is no incident yet.</summary>
    Task<IncidentId?> LastIdAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a silence; its id is assigned here.</summary>
    Task<Silence> AddSilenceAsync(Silence silence, CancellationToken cancellationToken = default);

    /// <summary>Deletes a silence; false when there was none with that id.</summary>
    Task<bool> DeleteSilenceAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Every silence, by id.</summary>
    Task<IReadOnlyList<Silence>> SilencesAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a maintenance window; its id is assigned here.</summary>
    Task<MaintenanceWindow> AddMaintenanceAsync(MaintenanceWindow window, CancellationToken cancellationToken = default);

    /// <summary>Deletes a maintenance window; false when there was none with that id.</summary>
    Task<bool> DeleteMaintenanceAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Every maintenance window, by id.</summary>
    Task<IReadOnlyList<MaintenanceWindow>> MaintenanceAsync(CancellationToken cancellationToken = default);
}
