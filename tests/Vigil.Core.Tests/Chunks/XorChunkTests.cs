using Vigil.Core.Chunks;
using Vigil.Core.Series;

namespace Vigil.Core.Tests.Chunks;

public sealed class XorChunkTests
{
    private static readonly ulong[] EdgeBits =
    [
        Sample.StaleNaNBits,
        0x7ff8000000000000, // the usual quiet NaN
        0x7ff8000000000001,
        0xfff8000000000000, // negative NaN
        0x7ff0000000000001, // signalling NaN payload
        0xffffffffffffffff,
        BitConverter.DoubleToUInt64Bits(double.PositiveInfinity),
        BitConverter.DoubleToUInt64Bits(double.NegativeInfinity),
        BitConverter.DoubleToUInt64Bits(-0.0),
        BitConverter.DoubleToUInt64Bits(0.0),
        BitConverter.DoubleToUInt64Bits(double.Epsilon),
        BitConverter.DoubleToUInt64Bits(double.MaxValue),
        BitConverter.DoubleToUInt64Bits(double.MinValue),
        1,
        0x8000000000000000,
        0x0000000000000001,
    ];

    [Fact]
    public void Encode_RegularCounter_RoundTrips()
    {
        var samples = ChunkData.Counter(120);

        var decoded = XorChunk.Decode(XorChunk.Encode(samples));

        Assert.Equal(samples, decoded);
    }

    [Fact]
    public void Encode_EdgeValuesInEveryOrder_RoundTripBitExact()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var samples = new Sample[1 + random.Next(40)];
            var t = 1_000L;
            for (var i = 0; i < samples.Length; i++)
            {
                t += 1 + random.Next(3) * 15_000;
                samples[i] = new Sample(t, BitConverter.UInt64BitsToDouble(EdgeBits[random.Next(EdgeBits.Length)]));
            }

            var decoded = XorChunk.Decode(XorChunk.Encode(samples));

            AssertBitExact(samples, decoded);
            AssertBitExact(samples, XorChunk.Decode(XorChunk.EncodeCompact(samples)));
        }
    }

    [Fact]
    public void Compact_HeadChunk_DecodesToTheSameSamples()
    {
        var samples = ChunkData.MemoryGauge(120);
        var head = XorChunk.Encode(samples);

        var compact = XorChunk.Compact(head);

        Assert.Equal(samples, XorChunk.Decode(compact));
        Assert.True(compact.Length < head.Length);
    }

    [Fact]
    public void Encode_ExtremeTimestamps_RoundTrip()
    {
        Sample[] samples =
        [
            new(long.MinValue + 10, 1),
            new(-5, 2),
            new(0, 3),
            new(1, 4),
            new(2, 5),
            new(600_000, 6),          // dod in the 20-bit bucket
            new(600_001, 7),
            new(long.MaxValue / 2, 8), // dod needs all 64 bits
            new(long.MaxValue - 1, 9),
        ];

        AssertBitExact(samples, XorChunk.Decode(XorChunk.Encode(samples)));
    }

    [Fact]
    public void Encode_DodBucketBoundaries_RoundTrip()
    {
        long[] dods = [0, 1, -1, 63, -63, 64, -64, 65, 8191, -8191, 8192, -8192, 8193, 524287, -524287, 524288, -524288, 524289];
        var samples = new List<Sample>();
        var t = 10_000_000L;
        var delta = 2_000_000L;
        samples.Add(new Sample(t, 0));
        foreach (var dod in dods)
        {
            delta += dod;
            t += delta;
            samples.Add(new Sample(t, samples.Count));
        }

        AssertBitExact([.. samples], XorChunk.Decode(XorChunk.Encode([.. samples])));
    }

    [Fact]
    public void Encode_RandomFuzz_RoundTripsBitExact()
    {
        var random = new Random(20251129);
        for (var round = 0; round < 500; round++)
        {
            var samples = new Sample[1 + random.Next(300)];
            var t = random.NextInt64(-1L << 40, 1L << 42);
            var value = random.NextDouble() * 1000;
            var mode = random.Next(4);
            for (var i = 0; i < samples.Length; i++)
            {
                t += mode switch
                {
                    0 => 15_000,
                    1 => 15_000 + random.Next(-20, 21),
                    2 => 1 + random.Next(5),
                    _ => 1 + random.NextInt64(1L << random.Next(1, 40)),
                };
                value = random.Next(6) switch
                {
                    0 => value,
                    1 => value + 1,
                    2 => random.NextDouble(),
                    3 => BitConverter.UInt64BitsToDouble((ulong)random.NextInt64() ^ ((ulong)random.Next() << 63)),
                    4 => BitConverter.UInt64BitsToDouble(EdgeBits[random.Next(EdgeBits.Length)]),
                    _ => Math.Round(value * 1.01, 2),
                };
                samples[i] = new Sample(t, value);
            }

            AssertBitExact(samples, XorChunk.Decode(XorChunk.Encode(samples)));
            var compact = XorChunk.EncodeCompact(samples);
            AssertBitExact(samples, XorChunk.Decode(compact));
            Assert.True(compact.Length <= XorChunk.Encode(samples).Length);
        }
    }

    [Fact]
    public void Bytes_AfterEveryAppend_DecodeToThePrefix()
    {
        var samples = ChunkData.WithJitter(ChunkData.DecimalCounter(50), 30);
        var appender = new XorChunkAppender(0);

        for (var i = 0; i < samples.Length; i++)
        {
            Assert.Equal(ChunkAppendResult.Appended, appender.Append(samples[i].TimestampMs, samples[i].Value));

            Assert.Equal(samples.AsSpan(0, i + 1).ToArray(), XorChunk.Decode(appender.Bytes));
            Assert.Equal(i + 1, appender.Count);
            Assert.Equal(samples[0].TimestampMs, appender.MinTimeMs);
            Assert.Equal(samples[i].TimestampMs, appender.MaxTimeMs);
        }
    }

    [Fact]
    public void Append_EarlierOrEqualTimestamp_RefusedAndChunkUnchanged()
    {
        var appender = new XorChunkAppender();
        appender.Append(1000, 1.5);
        appender.Append(2000, 2.5);
        var before = appender.ToArray();

        Assert.Equal(ChunkAppendResult.Duplicate, appender.Append(2000, 2.5));
        Assert.Equal(ChunkAppendResult.OutOfOrder, appender.Append(2000, 3.5));
        Assert.Equal(ChunkAppendResult.OutOfOrder, appender.Append(1500, 3.5));
        Assert.Equal(before, appender.ToArray());
        Assert.Equal(2, appender.Count);
    }

    [Fact]
    public void Append_PastMaxSamples_ReturnsFull()
    {
        var appender = new XorChunkAppender();
        for (var i = 0; i < XorChunk.MaxSamples; i++)
        {
            Assert.Equal(ChunkAppendResult.Appended, appender.Append(i, i % 7));
        }

        Assert.True(appender.IsFull);
        Assert.Equal(ChunkAppendResult.Full, appender.Append(XorChunk.MaxSamples, 1));
        Assert.Equal(XorChunk.MaxSamples, XorChunk.Decode(appender.Bytes).Length);
    }

    [Fact]
    public void Reset_AfterAppends_StartsAnEmptyChunk()
    {
        var appender = new XorChunkAppender();
        appender.Append(5, 1);
        appender.Append(6, 2);

        appender.Reset();
        appender.Append(100, 7);

        Assert.Equal([new Sample(100, 7)], XorChunk.Decode(appender.Bytes));
    }

    [Fact]
    public void TryDecode_EveryTruncation_ReportsErrorWithoutThrowing()
    {
        var bytes = XorChunk.Encode(ChunkData.RatioGauge(60));
        for (var length = 0; length < bytes.Length - 1; length++)
        {
            var samples = new List<Sample>();

            var ok = XorChunk.TryDecode(bytes.AsSpan(0, length), samples, out var error);

            Assert.False(ok, $"length {length}");
            Assert.Contains(length < XorChunk.HeaderBytes ? "header" : "bit", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryDecode_RandomGarbage_NeverThrows()
    {
        var random = new Random(99);
        var buffer = new byte[64];
        for (var i = 0; i < 5000; i++)
        {
            random.NextBytes(buffer);
            var samples = new List<Sample>();

            var ok = XorChunk.TryDecode(buffer.AsSpan(0, random.Next(buffer.Length)), samples, out var error);

            Assert.True(ok || error.Length > 0);
        }
    }

    [Fact]
    public void TryDecodeRange_InnerRange_ReturnsOnlySamplesInside()
    {
        var samples = ChunkData.Counter(100);
        var bytes = XorChunk.Encode(samples);
        var result = new List<Sample>();

        var ok = XorChunk.TryDecodeRange(bytes, samples[10].TimestampMs, samples[19].TimestampMs + 1, result, out _);

        Assert.True(ok);
        Assert.Equal(samples[10..20], result);
    }

    [Fact]
    public void Iterator_Foreach_YieldsSamplesInOrder()
    {
        var samples = ChunkData.SmallGauge(30);
        var bytes = XorChunk.Encode(samples);
        var n = 0;

        foreach (var s in new XorChunkIterator(bytes))
        {
            Assert.Equal(samples[n++], s);
        }

        Assert.Equal(samples.Length, n);
    }

    private static void AssertBitExact(Sample[] expected, Sample[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].TimestampMs, actual[i].TimestampMs);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(expected[i].Value), BitConverter.DoubleToUInt64Bits(actual[i].Value));
        }
    }
}
