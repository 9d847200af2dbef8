using System.Collections.Immutable;
using Vigil.Core.Signals;

namespace Vigil.Correlation.Grouping;

/// <summary>
/// Folds repeats of the same problem: signals with one <see cref="Signal.Fingerprint"/> where each starts at most
/// <see cref="GroupingOptions.DedupWindow"/> after the previous one's last activity. Deterministic: input order does
/// not matter (signals are taken by start, then fingerprint).
/// </summary>
public static class SignalDeduplicator
{
    /// <summary>The deduplicated signals, ordered by first start then fingerprint.</summary>
    public static ImmutableArray<DeduplicatedSignal> Deduplicate(IEnumerable<Signal> signals, GroupingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var window = (options ?? new GroupingOptions()).Validate().DedupWindow;
        var latest = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<DeduplicatedSignal>();
        foreach (var signal in Order(signals))
        {
            if (latest.TryGetValue(signal.Fingerprint, out var index) && signal.Start - result[index].LastActivity <= window)
            {
                var folded = result[index];
                var end = signal.End is null || folded.End is null ? null : (DateTimeOffset?)Max(signal.End.Value, folded.End.Value);
                result[index] = folded with { Count = folded.Count + 1, LastStart = Max(signal.Start, folded.LastStart), End = end };
                continue;
            }
            latest[signal.Fingerprint] = result.Count;
            result.Add(new DeduplicatedSignal(signal, 1, signal.Start, signal.End));
        }
        return [.. result];
    }

    internal static IEnumerable<Signal> Order(IEnumerable<Signal> signals) =>
        signals.OrderBy(static s => s.Start).ThenBy(static s => s.Fingerprint, StringComparer.Ordinal).ThenBy(static s => s.Entity, StringComparer.Ordinal);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
