using Vigil.Core.Series;

namespace Vigil.Core.Storage;

/// <summary>A sealed, compressed chunk of one series (Gorilla encoding, see <c>Vigil.Core.Chunks</c>).</summary>
/// <param name="Series">The series.</param>
/// <param name="MinTimeMs">First sample's timestamp.</param>
/// <param name="MaxTimeMs">Last sample's timestamp.</param>
/// <param name="Count">Number of samples.</param>
/// <param name="Data">The encoded chunk.</param>
public sealed record SealedChunk(SeriesId Series, long MinTimeMs, long MaxTimeMs, int Count, ReadOnlyMemory<byte> Data);

/// <summary>Sealed chunks, written as blobs keyed by (series id, chunk start).</summary>
public interface IChunkStore
{
    /// <summary>Writes chunks in one transaction; rewriting the same (series, start) replaces it.</summary>
    Task WriteAsync(IReadOnlyList<SealedChunk> chunks, CancellationToken cancellationToken = default);

    /// <summary>The chunks of a series that overlap [<paramref name="minTimeMs"/>, <paramref name="maxTimeMs"/>], in time order.</summary>
    Task<IReadOnlyList<SealedChunk>> ReadAsync(SeriesId series, long minTimeMs, long maxTimeMs, CancellationToken cancellationToken = default);

    /// <summary>The last sealed timestamp per series (absent: nothing sealed), for deduplication when the journal is replayed.</summary>
    Task<IReadOnlyDictionary<SeriesId, long>> MaxTimesAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes chunks that end before <paramref name="timeMs"/> (retention); returns how many.</summary>
    Task<int> DeleteEndingBeforeAsync(long timeMs, CancellationToken cancellationToken = default);

    /// <summary>Total bytes of chunk data stored, and number of samples in it.</summary>
    Task<(long Bytes, long Samples)> StatsAsync(CancellationToken cancellationToken = default);
}
