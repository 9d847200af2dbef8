using System.Collections.Immutable;
using Vigil.Core.Signals;

namespace Vigil.Engine.Incidents;

/// <summary>A human action on an incident.</summary>
[GenerateSerializer, Alias("vigil.incident-action-kind")]
public enum IncidentActionKind
{
    /// <summary>Open → acknowledged.</summary>
    Acknowledge,
    /// <summary>Set the assignee.</summary>
    Assign,
    /// <summary>Add a comment.</summary>
    Comment,
    /// <summary>Resolve by hand.</summary>
    Resolve,
    /// <summary>Record that people were notified (<c>Text</c> names the channel) on the timeline.</summary>
    RecordNotification,
}

/// <summary>How an action went.</summary>
[GenerateSerializer, Alias("vigil.incident-action-status")]
public enum IncidentActionStatus
{
    /// <summary>Done and stored.</summary>
    Done,
    /// <summary>No such incident.</summary>
    NotFound,
    /// <summary>Impossible in the incident's status.</summary>
    Conflict,
}

/// <summary>An action on incident <paramref name="Id"/> by <paramref name="Actor"/>.</summary>
/// <param name="Kind">What.</param>
/// <param name="Id">The incident.</param>
/// <param name="Actor">Who.</param>
/// <param name="Assignee">For <see cref="IncidentActionKind.Assign"/>.</param>
/// <param name="Text">For <see cref="IncidentActionKind.Comment"/>.</param>
[GenerateSerializer, Immutable, Alias("vigil.incident-action")]
public sealed record IncidentActionRequest(
    [property: Id(0)] IncidentActionKind Kind, [property: Id(1)] long Id, [property: Id(2)] string Actor,
    [property: Id(3)] string? Assignee = null, [property: Id(4)] string? Text = null);

/// <summary>The outcome of an action.</summary>
/// <param name="Status">How it went.</param>
/// <param name="Error">Why not.</param>
[GenerateSerializer, Immutable, Alias("vigil.incident-action-reply")]
public sealed record IncidentActionReply([property: Id(0)] IncidentActionStatus Status, [property: Id(1)] string? Error = null);

/// <summary>
/// The correlator of one tenant (key <c>default</c>): every signal upsert reaches it, it keeps the open incidents,
/// stores every change and publishes it on the <see cref="IncidentFeed"/>.
/// </summary>
public interface ICorrelatorGrain : IGrainWithStringKey
{
    /// <summary>The tenant every server uses today.</summary>
    const string DefaultTenant = "default";

    /// <summary>Correlates signals just stored.</summary>
    Task ObserveAsync(ImmutableArray<Signal> signals);

    /// <summary>Acknowledges, assigns, comments or resolves.</summary>
    Task<IncidentActionReply> ActAsync(IncidentActionRequest request);

    /// <summary>Reads silences and maintenance windows again (after the API changed them).</summary>
    Task ReloadSuppressionsAsync();

    /// <summary>Auto-resolves quiet incidents.</summary>
    Task TickAsync();
}
