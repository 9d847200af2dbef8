using Vigil.Core.Chunks;
using Vigil.Core.Series;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Tests;

public sealed class SqliteStoreTests
{
    [Theory]
    [InlineData("", 15, 512, "DataDirectory")]
    [InlineData("  ", 15, 512, "DataDirectory")]
    [InlineData("data", 0, 512, "Retention")]
    [InlineData("data", -1, 512, "Retention")]
    [InlineData("data", 15, 0, "JournalMaxGroup")]
    public void Open_BadOption_ThrowsNamingTheSetting(string directory, int retentionDays, int maxGroup, string setting)
    {
        var options = new SqliteStoreOptions { DataDirectory = directory, Retention = TimeSpan.FromDays(retentionDays), JournalMaxGroup = maxGroup };

        var e = Assert.ThrowsAny<ArgumentException>(() => SqliteStore.Open(options));

        Assert.Contains($"SqliteStoreOptions.{setting}", e.Message, StringComparison.Ordinal);
        Assert.Equal(setting, e.ParamName);
    }

    [Fact]
    public async Task Open_MissingDirectory_CreatesBothDatabases()
    {
        await using var store = TempStore.Create();

        Assert.True(File.Exists(Path.Combine(store.Directory, SqliteStore.MainFileName)));
        Assert.True(File.Exists(Path.Combine(store.Directory, SqliteStore.JournalFileName)));
    }

    [Fact]
    public async Task Open_DirectoryInUse_ThrowsNamingIt()
    {
        await using var store = TempStore.Create();

        var e = Assert.Throws<InvalidOperationException>(() => SqliteStore.Open(store.Options));

        Assert.Contains(store.Directory, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyRetentionAsync_AsTimePasses_DeletesChunksOlderThanRetention()
    {
        await using var store = TempStore.Create(o => o with { Retention = TimeSpan.FromDays(2) });
        var now = store.Time.GetUtcNow();
        var series = new SeriesId(1);
        SealedChunk ChunkEndingAt(DateTimeOffset end) => new(
            series, end.ToUnixTimeMilliseconds() - 60_000, end.ToUnixTimeMilliseconds(), 2,
            XorChunk.Encode([new Sample(end.ToUnixTimeMilliseconds() - 60_000, 1), new Sample(end.ToUnixTimeMilliseconds(), 2)]));
        await store.Store.Chunks.WriteAsync([ChunkEndingAt(now.AddDays(-3)), ChunkEndingAt(now.AddDays(-1)), ChunkEndingAt(now)]);

        var first = await store.Store.ApplyRetentionAsync();
        store.Time.Advance(TimeSpan.FromDays(1.5));
        var second = await store.Store.ApplyRetentionAsync();
        var third = await store.Store.ApplyRetentionAsync();

        Assert.Equal([1, 1, 0], new[] { first, second, third });
        var left = await store.Store.Chunks.ReadAsync(series, long.MinValue, long.MaxValue);
        Assert.Equal(now.ToUnixTimeMilliseconds(), Assert.Single(left).MaxTimeMs);
        Assert.Equal(2L, (await store.Store.Chunks.StatsAsync()).Samples);
    }
}
