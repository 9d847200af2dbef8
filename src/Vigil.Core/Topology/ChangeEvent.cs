namespace Vigil.Core.Topology;

/// <summary>A deploy or configuration change on an entity (what <c>POST /api/v1/changes</c> records).</summary>
/// <param name="Entity">The entity changed.</param>
/// <param name="Timestamp">When it changed.</param>
/// <param name="Description">What changed, e.g. <c>deploy v1.4.2</c>.</param>
public sealed record ChangeEvent(string Entity, DateTimeOffset Timestamp, string Description);
