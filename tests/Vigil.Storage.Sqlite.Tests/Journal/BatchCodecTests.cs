using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Storage.Sqlite.Journal;

namespace Vigil.Storage.Sqlite.Tests.Journal;

public sealed class BatchCodecTests
{
    internal static MetricBatch Batch(int seed, int series = 50, int samplesPerSeries = 1)
    {
        var random = new Random(seed);
        var list = new List<SeriesSamples>();
        for (var s = 0; s < series; s++)
        {
            var key = SeriesKey.Create(Labels.From("__name__", $"metric_{s % 5}", "instance", $"host-{s}", "job", "node"));
            var samples = new Sample[samplesPerSeries];
            var t = 1_764_000_000_000L + (seed * 1000L);
            for (var i = 0; i < samples.Length; i++)
            {
                t += 15_000;
                samples[i] = new Sample(t, random.Next(4) switch
                {
                    0 => Sample.StaleNaN,
                    1 => -0.0,
                    2 => double.NegativeInfinity,
                    _ => random.NextDouble() * 100,
                });
            }
            list.Add(new SeriesSamples(key, samples));
        }
        return new MetricBatch(list);
    }

    internal static void AssertSameBatch(MetricBatch expected, MetricBatch actual)
    {
        Assert.Equal(expected.SampleCount, actual.SampleCount);
        Assert.Equal(expected.Series.Count, actual.Series.Count);
        for (var i = 0; i < expected.Series.Count; i++)
        {
            Assert.Equal(expected.Series[i].Key, actual.Series[i].Key);
            Assert.Equal(expected.Series[i].Samples, actual.Series[i].Samples); // Sample equality compares value bits
        }
    }

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(200, 1, true)]
    [InlineData(200, 1, false)]
    [InlineData(20, 120, true)]
    [InlineData(3, 70_000, false)] // more samples than a chunk holds: raw form
    public void Encode_ThenDecode_ReturnsTheSameBatch(int series, int samplesPerSeries, bool compress)
    {
        var batch = Batch(7, series, samplesPerSeries);

        var row = BatchCodec.Encode(batch, compress);

        Assert.True(BatchCodec.TryDecode(row, out var decoded, out var error), error);
        AssertSameBatch(batch, decoded);
    }

    [Fact]
    public void Encode_OneSamplePerSeriesScrape_TakesFewBytesPerSample()
    {
        var batch = Batch(3, series: 10_000);

        var row = BatchCodec.Encode(batch, compress: true);

        // 8 bytes of value + ~1 byte of time + label references; strings once per batch.
        Assert.True(row.Length < batch.SampleCount * 24, $"{row.Length} bytes for {batch.SampleCount} samples");
    }

    [Fact]
    public void TryDecode_EveryTruncationAndBitFlip_ReportsAnErrorNeverThrows()
    {
        var row = BatchCodec.Encode(Batch(5, 10, 6), compress: false);
        for (var length = 0; length < row.Length; length++)
        {
            Assert.False(BatchCodec.TryDecode(row.AsSpan(0, length), out _, out var error));
            Assert.NotEmpty(error);
        }
        for (var i = 0; i < row.Length; i++)
        {
            var damaged = row.ToArray();
            damaged[i] ^= 0x10;
            Assert.False(BatchCodec.TryDecode(damaged, out _, out var error), $"flip at byte {i}");
            Assert.NotEmpty(error);
        }
    }
}
