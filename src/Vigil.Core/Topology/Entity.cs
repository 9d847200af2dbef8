using Vigil.Core.Series;

namespace Vigil.Core.Topology;

/// <summary>A thing in the estate that signals can be about: a service, host, database…</summary>
/// <param name="Id">The identity used by signals and edges, e.g. <c>checkout</c> or <c>host/db-1</c>.</param>
/// <param name="Kind">What it is.</param>
public sealed record Entity(string Id, EntityKind Kind = EntityKind.Unknown)
{
    /// <summary>Attributes of the entity (team, tier, region…); empty by default.</summary>
    public Labels Labels { get; init; } = Labels.Empty;
}
