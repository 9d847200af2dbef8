using Vigil.Core.Signals;

namespace Vigil.Core.Incidents;

/// <summary>How a member signal takes part in its incident.</summary>
public enum MemberRole
{
    /// <summary>A signal of the incident.</summary>
    Active,
    /// <summary>Attached for evidence, but a dependency's trouble explains it: it notifies nobody.</summary>
    Inhibited,
}

/// <summary>A signal of an incident, identified like every signal by (fingerprint, start).</summary>
/// <param name="Fingerprint">The signal's fingerprint.</param>
/// <param name="Start">The signal's start.</param>
/// <param name="End">Its end, null while open.</param>
/// <param name="Entity">The topology entity it was resolved to.</param>
/// <param name="Kind">What found it.</param>
/// <param name="Severity">0–100.</param>
/// <param name="Role">Active or inhibited.</param>
/// <param name="Reason">Why it joined, e.g. <c>40 s apart, checkout → payments</c>; empty for the first member.</param>
public sealed record IncidentMember(
    string Fingerprint, DateTimeOffset Start, DateTimeOffset? End, string Entity, SignalKind Kind, int Severity, MemberRole Role, string Reason);
