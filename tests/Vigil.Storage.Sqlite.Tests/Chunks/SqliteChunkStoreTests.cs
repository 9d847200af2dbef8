using Vigil.Core.Chunks;
using Vigil.Core.Series;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Tests.Chunks;

public sealed class SqliteChunkStoreTests
{
    private static readonly SeriesId A = new(1);
    private static readonly SeriesId B = new(2);

    private static SealedChunk Chunk(SeriesId series, long start, int count, long stepMs = 1000)
    {
        var samples = Enumerable.Range(0, count).Select(i => new Sample(start + (i * stepMs), i * 1.5)).ToArray();
        return new SealedChunk(series, start, samples[^1].TimestampMs, count, XorChunk.Encode(samples));
    }

    [Fact]
    public async Task ReadAsync_Range_ReturnsOverlappingChunksInTimeOrder()
    {
        await using var store = TempStore.Create();
        await store.Store.Chunks.WriteAsync([Chunk(A, 20_000, 10), Chunk(A, 0, 10), Chunk(A, 10_000, 10), Chunk(B, 0, 10)]);

        var chunks = await store.Store.Chunks.ReadAsync(A, 8_500, 10_000);

        Assert.Equal([0L, 10_000L], chunks.Select(c => c.MinTimeMs));
        Assert.All(chunks, c => Assert.Equal(A, c.Series));
        Assert.Equal(10, XorChunk.Decode(chunks[1].Data.Span).Length);
        Assert.Empty(await store.Store.Chunks.ReadAsync(A, 30_000, 40_000));
    }

    [Fact]
    public async Task ReadAsync_RandomRanges_MatchAScanOfAllChunks()
    {
        await using var store = TempStore.Create();
        var random = new Random(5);
        var chunks = new List<SealedChunk>();
        var start = 1_000_000L;
        for (var i = 0; i < 100; i++)
        {
            var chunk = Chunk(A, start, 1 + random.Next(20), 1 + random.Next(3000));
            chunks.Add(chunk);
            start = chunk.MaxTimeMs + 1 + random.Next(2) * random.Next(50_000); // sometimes adjacent, sometimes a gap
        }
        await store.Store.Chunks.WriteAsync(chunks);

        for (var q = 0; q < 300; q++)
        {
            var min = random.NextInt64(900_000, start + 100_000);
            var max = min + random.NextInt64(0, random.Next(2) == 0 ? 5_000 : 500_000);
            var expected = chunks.Where(c => c.MinTimeMs <= max && c.MaxTimeMs >= min).Select(c => c.MinTimeMs);

            var read = await store.Store.Chunks.ReadAsync(A, min, max);

            Assert.Equal(expected, read.Select(c => c.MinTimeMs));
        }
    }

    [Fact]
    public async Task ReadAsync_OverlappingChunksOfOneSeries_AllFoundAfterReopen()
    {
        await using var store = TempStore.Create();
        // A long chunk written late (say, a backfill) that spans several short ones.
        await store.Store.Chunks.WriteAsync([Chunk(A, 100_000, 10), Chunk(A, 110_000, 10), Chunk(A, 120_000, 10)]);
        await store.Store.Chunks.WriteAsync([Chunk(A, 0, 200, 1000)]);
        await store.ReopenAsync();

        var read = await store.Store.Chunks.ReadAsync(A, 125_000, 126_000);

        Assert.Equal([0L, 120_000L], read.Select(c => c.MinTimeMs));
    }

    [Fact]
    public async Task WriteAsync_SameSeriesAndStart_ReplacesAndKeepsStatsRight()
    {
        await using var store = TempStore.Create();
        var small = Chunk(A, 0, 5);
        var large = Chunk(A, 0, 50);

        await store.Store.Chunks.WriteAsync([small]);
        await store.Store.Chunks.WriteAsync([large]);

        var chunks = await store.Store.Chunks.ReadAsync(A, long.MinValue, long.MaxValue);
        var stored = Assert.Single(chunks);
        Assert.Equal(50, stored.Count);
        Assert.Equal((stored.Data.Length, 50L), await store.Store.Chunks.StatsAsync());
        Assert.InRange(stored.Data.Length, 1, large.Data.Length);
    }

    [Fact]
    public async Task Chunks_AfterReopen_AreReadableWithStatsAndMaxTimes()
    {
        await using var store = TempStore.Create();
        var chunks = new[] { Chunk(A, 0, 120), Chunk(A, 120_000, 60), Chunk(B, 5_000, 7) };
        await store.Store.Chunks.WriteAsync(chunks);

        await store.ReopenAsync();

        var read = await store.Store.Chunks.ReadAsync(A, 0, long.MaxValue);
        Assert.Equal(chunks[..2].Select(c => XorChunk.Decode(c.Data.Span)), read.Select(c => XorChunk.Decode(c.Data.Span)));
        var all = read.Concat(await store.Store.Chunks.ReadAsync(B, 0, long.MaxValue));
        Assert.Equal((all.Sum(c => (long)c.Data.Length), 187L), await store.Store.Chunks.StatsAsync());
        var maxTimes = await store.Store.Chunks.MaxTimesAsync();
        Assert.Equal(179_000, maxTimes[A]);
        Assert.Equal(11_000, maxTimes[B]);
    }

    [Fact]
    public async Task WriteAsync_GreedyChunk_StoredCompactedWithTheSameSamples()
    {
        await using var store = TempStore.Create();
        var samples = Enumerable.Range(0, 120).Select(i => new Sample(1_000_000 + (i * 15_000L), 4096.0 * ((i * 7919) % 97))).ToArray();
        var greedy = XorChunk.Encode(samples);

        await store.Store.Chunks.WriteAsync([new SealedChunk(A, samples[0].TimestampMs, samples[^1].TimestampMs, 120, greedy)]);
        var stored = Assert.Single(await store.Store.Chunks.ReadAsync(A, 0, long.MaxValue));

        Assert.Equal(samples, XorChunk.Decode(stored.Data.Span));
        Assert.True(stored.Data.Length < greedy.Length, $"{stored.Data.Length} vs {greedy.Length}");
    }

    [Fact]
    public async Task WriteAsync_CompactionOff_StoresBytesAsGiven()
    {
        await using var store = TempStore.Create(o => o with { CompactChunks = false });
        var chunk = Chunk(A, 0, 50);

        await store.Store.Chunks.WriteAsync([chunk]);

        Assert.Equal(chunk.Data.ToArray(), Assert.Single(await store.Store.Chunks.ReadAsync(A, 0, long.MaxValue)).Data.ToArray());
    }

    [Fact]
    public async Task WriteAsync_UndecodableBlob_StoredAsGiven()
    {
        await using var store = TempStore.Create();
        byte[] junk = [0, 3, 0xff];

        await store.Store.Chunks.WriteAsync([new SealedChunk(A, 0, 10, 3, junk)]);

        Assert.Equal(junk, Assert.Single(await store.Store.Chunks.ReadAsync(A, 0, 10)).Data.ToArray());
    }

    [Fact]
    public async Task DeleteEndingBeforeAsync_Time_DeletesOnlyChunksThatEndedBefore()
    {
        await using var store = TempStore.Create();
        await store.Store.Chunks.WriteAsync([Chunk(A, 0, 10), Chunk(A, 10_000, 10), Chunk(B, 5_000, 10)]);

        var deleted = await store.Store.Chunks.DeleteEndingBeforeAsync(14_000);

        // A@0 s ends at 9 s: gone. B@5 s ends at 14 s, not before: kept. A@10 s ends at 19 s: kept.
        Assert.Equal(1, deleted);
        Assert.Equal([10_000L], (await store.Store.Chunks.ReadAsync(A, 0, long.MaxValue)).Select(c => c.MinTimeMs));
        Assert.Single(await store.Store.Chunks.ReadAsync(B, 0, long.MaxValue));
        Assert.Equal(20L, (await store.Store.Chunks.StatsAsync()).Samples);
    }
}
