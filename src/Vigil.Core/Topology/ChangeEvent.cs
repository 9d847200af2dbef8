using Vigil.Core.Series;

namespace Vigil.Core.Topology;

/// <summary>A deploy or configuration change on an entity (what <c>POST /api/v1/changes</c> records).</summary>
/// <param name="Entity">The entity changed.</param>
/// <param name="Timestamp">When it changed.</param>
/// <param name="Description">What changed, e.g. <c>deploy v1.4.2</c>.</param>
public sealed record ChangeEvent(string Entity, DateTimeOffset Timestamp, string Description)
{
    /// <summary>Deploy, config or other; <see cref="ChangeKind.Other"/> by default.</summary>
    public ChangeKind Kind { get; init; } = ChangeKind.Other;

    /// <summary>Extra attributes, e.g. <c>version</c>, <c>author</c>; empty by default.</summary>
    public Labels Labels { get; init; } = Labels.Empty;
}
