using Vigil.Core.Chunks;
using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Engine.Hosting;
using Vigil.Engine.Series;

namespace Vigil.Engine.Query;

/// <summary>Reads a series' samples: sealed chunks from the store and the writer's queue, then the head chunk from its shard.</summary>
public sealed class SeriesReader(IChunkStore chunks, ChunkWriter writer, IGrainFactory grains, EngineOptions options)
{
    /// <summary>The samples of <paramref name="series"/> in [from, to], in time order.</summary>
    public async Task<IReadOnlyList<Sample>> ReadAsync(SeriesEntry series, long fromMs, long toMs, CancellationToken cancellationToken = default)
    {
        // Head first, then the writer's queue, then the store: a head sealed meanwhile is in the queue, and a queued
        // chunk committed meanwhile is in the store, so every sample is seen at least once (repeats are dropped below).
        var head = await grains.GetGrain<ISeriesShardGrain>(series.Key.ShardOf(options.Shards)).ReadHeadAsync(series.Id, fromMs, toMs);
        var unwritten = writer.Unwritten(series.Id);
        var sealedChunks = await chunks.ReadAsync(series.Id, fromMs, toMs, cancellationToken);
        var result = new List<Sample>();
        foreach (var chunk in sealedChunks.Concat(unwritten))
        {
            if (chunk.MaxTimeMs < fromMs || chunk.MinTimeMs > toMs)
            {
                continue;
            }
            var reader = new XorChunkIterator(chunk.Data.Span);
            while (reader.MoveNext())
            {
                var s = reader.Current;
                if (s.TimestampMs >= fromMs && s.TimestampMs <= toMs)
                {
                    result.Add(s);
                }
            }
        }
        result.AddRange(head);
        // Stable: for a timestamp seen twice the stored copy comes first and is kept.
        var ordered = result.OrderBy(s => s.TimestampMs).ToList();
        var write = 0;
        for (var read = 0; read < ordered.Count; read++)
        {
            if (write == 0 || ordered[read].TimestampMs > ordered[write - 1].TimestampMs)
            {
                ordered[write++] = ordered[read];
            }
        }
        ordered.RemoveRange(write, ordered.Count - write);
        return ordered;
    }
}
