using Vigil.Core.Series;
using Vigil.Core.Signals;

namespace Vigil.Server.Notifications;

/// <summary>Whether an incident is firing or resolved, as a notification says.</summary>
public enum IncidentStatus
{
    /// <summary>Open (or acknowledged): something is wrong.</summary>
    Firing,
    /// <summary>Resolved.</summary>
    Resolved,
}

/// <summary>
/// What the dispatcher is handed for an incident that changed: its state at that moment. The incident feed maps its
/// own records to this; the dispatcher routes, deduplicates and sends it.
/// </summary>
public sealed record IncidentNotification
{
    /// <summary>The incident's id.</summary>
    public required string IncidentId { get; init; }

    /// <summary>Firing or resolved.</summary>
    public required IncidentStatus Status { get; init; }

    /// <summary>One line for a human, e.g. <c>checkout latency, payments errors</c>.</summary>
    public required string Title { get; init; }

    /// <summary>0–100, as signals have it.</summary>
    public required int Severity
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(Severity));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100, nameof(Severity));
            field = value;
        }
    }

    /// <summary>The band of <see cref="Severity"/>.</summary>
    public SeverityBand Band => Core.Signals.Severity.ToBand(Severity);

    /// <summary>The entities involved, e.g. <c>service/checkout</c>.</summary>
    public IReadOnlyList<string> Entities { get; init; } = [];

    /// <summary>The best-ranked root-cause candidate, if any.</summary>
    public string? RootCause { get; init; }

    /// <summary>Link to the incident; when null, <c>Notifications:ExternalUrl</c> + <c>incidents/{id}</c> (if set).</summary>
    public Uri? Url { get; init; }

    /// <summary>When the incident started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it resolved; null while firing.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Labels routes match on (service, team, env…).</summary>
    public Labels Labels { get; init; } = Labels.Empty;
}
