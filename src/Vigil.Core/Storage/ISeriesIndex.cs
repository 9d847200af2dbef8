using Vigil.Core.Series;

namespace Vigil.Core.Storage;

/// <summary>A series with its store id.</summary>
/// <param name="Id">The store id.</param>
/// <param name="Key">The series.</param>
public readonly record struct SeriesEntry(SeriesId Id, SeriesKey Key);

/// <summary>
/// The series index: id ↔ labels, with label postings so a matcher query finds series without scanning all of them.
/// </summary>
public interface ISeriesIndex
{
    /// <summary>
    /// Resolves each key to its id, creating (durably, in one transaction) the ones not seen before.
    /// Hot path: known keys are answered from memory.
    /// </summary>
    void Resolve(IReadOnlyList<SeriesKey> keys, Span<SeriesId> ids);

    /// <summary>The key of an id, when it exists.</summary>
    bool TryGet(SeriesId id, out SeriesKey key);

    /// <summary>All series matching every matcher (at least one matcher must not match the empty string).</summary>
    IReadOnlyList<SeriesEntry> Find(IReadOnlyList<LabelMatcher> matchers);

    /// <summary>All label names in use, sorted.</summary>
    IReadOnlyList<string> LabelNames();

    /// <summary>All values of a label in use, sorted.</summary>
    IReadOnlyList<string> LabelValues(string name);

    /// <summary>Number of series.</summary>
    int Count { get; }
}
