namespace Vigil.Core.Incidents;

/// <summary>Where an incident is in its lifecycle: open → acknowledged → resolved (and back to open on recurrence).</summary>
public enum IncidentStatus
{
    /// <summary>Nobody has taken it yet.</summary>
    Open,
    /// <summary>Someone is on it.</summary>
    Acknowledged,
    /// <summary>Over: resolved by hand or because every member signal ended and stayed quiet.</summary>
    Resolved,
}
