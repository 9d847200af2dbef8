using Vigil.Core.Signals;

namespace Vigil.Correlation.Grouping;

/// <summary>A signal with the repeats of the same problem folded into it.</summary>
/// <param name="Signal">The first occurrence.</param>
/// <param name="Count">How many occurrences (1 when never repeated).</param>
/// <param name="LastStart">Start of the latest occurrence.</param>
/// <param name="End">End of the latest occurrence; null while it is open.</param>
public sealed record DeduplicatedSignal(Signal Signal, int Count, DateTimeOffset LastStart, DateTimeOffset? End)
{
    /// <summary>The latest moment it was seen active: its end, or its latest start while open.</summary>
    public DateTimeOffset LastActivity => End is { } end && end > LastStart ? end : LastStart;
}
