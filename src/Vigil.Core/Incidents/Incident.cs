using System.Collections.Immutable;
using Vigil.Core.Signals;

namespace Vigil.Core.Incidents;

/// <summary>
/// Signals that belong to one problem, with its lifecycle, ranked causes, similar past incidents and timeline.
/// Immutable: every change makes a new value.
/// </summary>
public sealed record Incident
{
    /// <summary>Its id.</summary>
    public required IncidentId Id { get; init; }

    /// <summary>Where it is in its lifecycle.</summary>
    public required IncidentStatus Status { get; init; }

    /// <summary>One line: the likeliest cause and what it affects.</summary>
    public required string Title { get; init; }

    /// <summary>The highest severity of its members, 0–100.</summary>
    public int Severity { get; init; }

    /// <summary>The entities its signals are about, likeliest cause first.</summary>
    public ImmutableArray<string> Entities { get; init; } = [];

    /// <summary>Its signals in the order they joined.</summary>
    public ImmutableArray<IncidentMember> Members { get; init; } = [];

    /// <summary>When it opened.</summary>
    public required DateTimeOffset Opened { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset Updated { get; init; }

    /// <summary>When it was resolved; null unless <see cref="Status"/> is resolved.</summary>
    public DateTimeOffset? Resolved { get; init; }

    /// <summary>Who is assigned, if anyone.</summary>
    public string? Assignee { get; init; }

    /// <summary>The rule group it was opened under (<c>rule-name{label="value"}</c>); null for learned grouping.</summary>
    public string? GroupKey { get; init; }

    /// <summary>Ranked causes, likeliest first.</summary>
    public ImmutableArray<IncidentCause> RootCauses { get; init; } = [];

    /// <summary>Up to three similar past incidents, most similar first.</summary>
    public ImmutableArray<SimilarIncident> Similar { get; init; } = [];

    /// <summary>Why its signals were grouped, one line each.</summary>
    public ImmutableArray<string> Reasons { get; init; } = [];

    /// <summary>Everything that happened, oldest first.</summary>
    public ImmutableArray<TimelineEntry> Timeline { get; init; } = [];

    /// <summary>When it turned out to be part of another incident: that one (its members moved there).</summary>
    public IncidentId? MergedInto { get; init; }

    /// <summary>The severity band.</summary>
    public SeverityBand Band => Signals.Severity.ToBand(Severity);

    /// <summary>How many signals it holds.</summary>
    public int SignalCount => Members.Length;
}
