using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Ingest.RemoteWrite;

namespace Vigil.Ingest.Tests.RemoteWrite;

public sealed class SeriesCacheTests
{
    private static readonly Labels Up = Labels.From("__name__", "up", "job", "node");

    [Fact]
    public void TryGet_AfterAdd_ReturnsTheSameInstance()
    {
        var cache = new SeriesCache(16);
        byte[] raw = [1, 2, 3];
        Assert.False(cache.TryGet(raw, IngestLimits.Default, out _, out _, out var hash));

        cache.Add(raw, hash, Up, "up");

        Assert.True(cache.TryGet(raw, IngestLimits.Default, out var labels, out var metric, out _));
        Assert.Same(Up, labels);
        Assert.Equal("up", metric);
    }

    [Fact]
    public void TryGet_OtherBytes_Misses()
    {
        var cache = new SeriesCache(16);
        cache.TryGet([1, 2, 3], IngestLimits.Default, out _, out _, out var hash);
        cache.Add([1, 2, 3], hash, Up, "up");

        Assert.False(cache.TryGet([1, 2, 4], IngestLimits.Default, out _, out _, out _));
    }

    [Fact]
    public void TryGet_EntryBeyondCurrentLimits_Misses()
    {
        var cache = new SeriesCache(16);
        cache.TryGet([9], IngestLimits.Default, out _, out _, out var hash);
        cache.Add([9], hash, Up, "up");

        Assert.False(cache.TryGet([9], new IngestLimits { MaxLabelsPerSeries = 1 }, out _, out _, out _));
        Assert.False(cache.TryGet([9], new IngestLimits { MaxLabelValueLength = 3 }, out _, out _, out _));
        Assert.False(cache.TryGet([9], new IngestLimits { MaxLabelNameLength = 3 }, out _, out _, out _));
    }

    [Fact]
    public void Add_MoreThanItHolds_StaysBoundedAndCorrect()
    {
        var cache = new SeriesCache(8);
        for (var i = 0; i < 1000; i++)
        {
            var raw = BitConverter.GetBytes(i);
            cache.TryGet(raw, IngestLimits.Default, out _, out _, out var hash);
            cache.Add(raw, hash, Labels.From("__name__", $"m{i}"), $"m{i}");
        }

        var hits = 0;
        for (var i = 0; i < 1000; i++)
        {
            if (cache.TryGet(BitConverter.GetBytes(i), IngestLimits.Default, out var labels, out _, out _))
            {
                hits++;
                Assert.Equal($"m{i}", labels.MetricName);
            }
        }
        Assert.InRange(hits, 1, 8);
    }

    [Fact]
    public void Constructor_NotAPowerOfTwo_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new SeriesCache(12));
}
