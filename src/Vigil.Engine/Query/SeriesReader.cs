using Vigil.Core.Chunks;
using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Engine.Hosting;
using Vigil.Engine.Series;

namespace Vigil.Engine.Query;

/// <summary>Reads a series' samples: sealed chunks from the store, then the head chunk from its shard.</summary>
public sealed class SeriesReader(IChunkStore chunks, IGrainFactory grains, EngineOptions options)
{
    /// <summary>The samples of <paramref name="series"/> in [from, to], in time order.</summary>
    public async Task<IReadOnlyList<Sample>> ReadAsync(SeriesEntry series, long fromMs, long toMs, CancellationToken cancellationToken = default)
    {
        var sealedChunks = await chunks.ReadAsync(series.Id, fromMs, toMs, cancellationToken);
        var head = await grains.GetGrain<ISeriesShardGrain>(series.Key.ShardOf(options.Shards)).ReadHeadAsync(series.Id, fromMs, toMs);
        var result = new List<Sample>();
        var last = long.MinValue;
        foreach (var chunk in sealedChunks)
        {
            var reader = new XorChunkIterator(chunk.Data.Span);
            while (reader.MoveNext())
            {
                var s = reader.Current;
                if (s.TimestampMs >= fromMs && s.TimestampMs <= toMs && s.TimestampMs > last)
                {
                    result.Add(s);
                    last = s.TimestampMs;
                }
            }
        }
        foreach (var s in head)
        {
            if (s.TimestampMs > last)
            {
                result.Add(s);
                last = s.TimestampMs;
            }
        }
        return result;
    }
}
