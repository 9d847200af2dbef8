namespace Vigil.Core.Incidents;

/// <summary>What happened to an incident.</summary>
public enum TimelineKind
{
    /// <summary>The incident was opened by its first signal.</summary>
    Opened,
    /// <summary>A signal joined (grouped, by rule or learned relation).</summary>
    SignalJoined,
    /// <summary>A signal joined but is inhibited: a dependency of its entity is already in trouble.</summary>
    SignalInhibited,
    /// <summary>A member signal ended.</summary>
    SignalEnded,
    /// <summary>A member signal opens and closes too often: held until it settles.</summary>
    SignalFlapping,
    /// <summary>Someone acknowledged it.</summary>
    Acknowledged,
    /// <summary>Someone assigned it.</summary>
    Assigned,
    /// <summary>Someone commented.</summary>
    Commented,
    /// <summary>It was resolved, by hand or automatically.</summary>
    Resolved,
    /// <summary>It came back: a member's fingerprint fired again within the reopen window.</summary>
    Reopened,
    /// <summary>A notification about it was sent.</summary>
    Notified,
    /// <summary>Another incident was merged into it, or it into another.</summary>
    Merged,
}

/// <summary>One line of an incident's timeline.</summary>
/// <param name="At">When.</param>
/// <param name="Kind">What.</param>
/// <param name="Actor">Who, for human actions (null for Vigil's own).</param>
/// <param name="Text">A sentence for a human.</param>
public sealed record TimelineEntry(DateTimeOffset At, TimelineKind Kind, string? Actor, string Text);
