using System.Collections.Immutable;

namespace Vigil.Correlation.Grouping;

/// <summary>Signals that belong to one problem: an incident before lifecycle, with the reason each member joined.</summary>
/// <param name="Number">Its position among the groups, from 1, in order of first signal.</param>
/// <param name="Members">The deduplicated signals, in the order they joined.</param>
/// <param name="Reasons">Why each member after the first joined, in the same order.</param>
public sealed record SignalGroup(int Number, ImmutableArray<DeduplicatedSignal> Members, ImmutableArray<GroupingReason> Reasons)
{
    /// <summary>Start of its first signal.</summary>
    public DateTimeOffset Start => Members[0].Signal.Start;

    /// <summary>Its latest activity.</summary>
    public DateTimeOffset LastActivity => Members.Max(static m => m.LastActivity);

    /// <summary>How many signals it holds, repeats included.</summary>
    public int SignalCount => Members.Sum(static m => m.Count);
}
