using Vigil.Core.Incidents;
using Vigil.Core.Signals;

namespace Vigil.Correlation.Incidents;

/// <summary>What changed.</summary>
public enum IncidentChangeKind
{
    /// <summary>A signal opened a new incident.</summary>
    Opened,
    /// <summary>A signal joined an incident.</summary>
    SignalJoined,
    /// <summary>A signal joined an incident as inhibited (a dependency's trouble explains it).</summary>
    SignalInhibited,
    /// <summary>A member signal changed (severity, score) without ending.</summary>
    SignalUpdated,
    /// <summary>A member signal ended.</summary>
    SignalEnded,
    /// <summary>A member's fingerprint started flapping: held until it settles.</summary>
    SignalFlapping,
    /// <summary>A signal matched an active silence: recorded, no incident.</summary>
    Silenced,
    /// <summary>A signal is about an entity under maintenance: recorded, no incident.</summary>
    InMaintenance,
    /// <summary>A signal opened a pending incident (the transient pause): recorded, no incident yet. One comes with
    /// <see cref="Opened"/> if another signal joins or the signal is still open and severe enough when the pause ends.</summary>
    Paused,
    /// <summary>Someone acknowledged the incident.</summary>
    Acknowledged,
    /// <summary>Someone assigned it.</summary>
    Assigned,
    /// <summary>Someone commented.</summary>
    Commented,
    /// <summary>It was resolved.</summary>
    Resolved,
    /// <summary>It came back.</summary>
    Reopened,
    /// <summary>A notification about it was recorded.</summary>
    Notified,
    /// <summary>The incident was merged into an older one it turned out to be part of (the change carries the husk,
    /// whose <c>MergedInto</c> names the survivor; the survivor comes as the signal's own change).</summary>
    Merged,
}

/// <summary>One change the correlator made.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Incident">The incident after the change; null for <see cref="IncidentChangeKind.Silenced"/>,
/// <see cref="IncidentChangeKind.InMaintenance"/> and <see cref="IncidentChangeKind.Paused"/>.</param>
/// <param name="Signal">The signal that caused it, if one did.</param>
/// <param name="Notify">Whether people should hear of it: opened, reopened, resolved, or a band raised by an active
/// signal; never for inhibited, silenced, in-maintenance or flapping signals.</param>
public sealed record IncidentChange(IncidentChangeKind Kind, Incident? Incident, Signal? Signal, bool Notify);

/// <summary>How a human action went.</summary>
public enum IncidentActionOutcome
{
    /// <summary>Done.</summary>
    Done,
    /// <summary>No incident with that id is held.</summary>
    NotFound,
    /// <summary>Not possible in its status (e.g. acknowledging a resolved incident).</summary>
    Conflict,
}

/// <summary>The outcome of a human action, with the incident after it and the change to publish.</summary>
/// <param name="Outcome">How it went.</param>
/// <param name="Change">The change when done.</param>
/// <param name="Error">Why not, for a conflict.</param>
public sealed record IncidentActionResult(IncidentActionOutcome Outcome, IncidentChange? Change, string? Error = null);
