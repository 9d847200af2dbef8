namespace Vigil.Core.Topology;

/// <summary>A directed edge from a dependent (<paramref name="From"/>) to its dependency (<paramref name="To"/>).</summary>
/// <param name="From">The entity that needs the other, e.g. the caller.</param>
/// <param name="To">The entity it needs, e.g. the callee.</param>
/// <param name="Kind">How it needs it.</param>
public readonly record struct TopologyEdge(string From, string To, EdgeKind Kind = EdgeKind.Calls)
{
    /// <inheritdoc/>
    public override string ToString() => $"{From} -{Kind}-> {To}";
}
