using System.Collections.Concurrent;
using Vigil.Core.Series;
using Vigil.Core.Storage;

namespace Vigil.Engine.Series;

/// <summary>
/// The last sealed timestamp of every series, loaded once at start: a shard taking a series back after a restart
/// skips journal samples already in sealed chunks.
/// </summary>
public sealed class SealedTimes
{
    private readonly ConcurrentDictionary<long, long> _times = new();

    /// <summary>Loads the times from the store.</summary>
    public async Task LoadAsync(IChunkStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        foreach (var (id, time) in await store.MaxTimesAsync(cancellationToken))
        {
            _times[id.Value] = time;
        }
    }

    /// <summary>The last sealed timestamp of <paramref name="id"/>, or <see cref="long.MinValue"/>.</summary>
    public long Get(SeriesId id) => _times.TryGetValue(id.Value, out var t) ? t : long.MinValue;
}
