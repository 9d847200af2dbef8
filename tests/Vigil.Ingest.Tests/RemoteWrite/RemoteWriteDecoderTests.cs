using Google.Protobuf;
using Snappier;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Ingest.RemoteWrite;
using Vigil.Ingest.RemoteWrite.Protos;
using static Vigil.Ingest.Tests.RemoteWrite.RemoteWriteTestData;

namespace Vigil.Ingest.Tests.RemoteWrite;

public sealed class RemoteWriteDecoderTests
{
    private static RemoteWriteResult Decode(byte[] body, IngestLimits? limits = null)
    {
        var ok = RemoteWriteDecoder.TryDecode(body, limits ?? IngestLimits.Default, out var result, out var error);
        Assert.True(ok, error?.Message);
        return result!;
    }

    private static IngestError Refuse(byte[] body, IngestLimits? limits = null)
    {
        var ok = RemoteWriteDecoder.TryDecode(body, limits ?? IngestLimits.Default, out _, out var error);
        Assert.False(ok, "the decoder accepted a request it should refuse");
        return error!;
    }

    [Fact]
    public void TryDecode_ValidRequest_ReturnsSeriesAndSamples()
    {
        var body = Request(
            Series("__name__", "up", "instance", "a:9100", "job", "node").With((1000, 1), (2000, 0)),
            Series("__name__", "node_load1", "instance", "a:9100", "job", "node").With((1000, 0.25))).Body();

        var result = Decode(body);

        Assert.Equal(2, result.Batch.Series.Count);
        Assert.Equal(3, result.Batch.SampleCount);
        var up = result.Batch.Series[0];
        Assert.Equal(SeriesKey.Parse("up{instance=\"a:9100\", job=\"node\"}"), up.Key);
        Assert.Equal([new Vigil.Core.Series.Sample(1000, 1), new Vigil.Core.Series.Sample(2000, 0)], up.Samples);
        Assert.Equal("node_load1", result.Batch.Series[1].Key.MetricName);
    }

    [Fact]
    public void TryDecode_EmptyWriteRequest_ReturnsEmptyBatch()
    {
        var result = Decode(Snappy.CompressToArray([]));
        Assert.Empty(result.Batch.Series);
    }

    [Fact]
    public void TryDecode_EmptyBody_IsMalformed()
    {
        var error = Refuse([]);
        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.Contains("empty body", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_EncoderOutput_RoundTrips()
    {
        var batch = new MetricBatch([
            new SeriesSamples(SeriesKey.Parse("a_total{job=\"x\", path=\"/ü/ä\"}"), [new(-5, 1.5), new(0, 0), new(1_700_000_000_000, double.MaxValue)]),
            new SeriesSamples(SeriesKey.Parse("b{Z=\"1\", a=\"2\"}"), [new(10, -0.0)]),
        ]);

        var result = Decode(RemoteWriteEncoder.Encode(batch));

        Assert.Equal(batch.Series.Count, result.Batch.Series.Count);
        for (var i = 0; i < batch.Series.Count; i++)
        {
            Assert.Equal(batch.Series[i].Key, result.Batch.Series[i].Key);
            Assert.Equal(batch.Series[i].Samples, result.Batch.Series[i].Samples);
        }
        Assert.Equal(BitConverter.DoubleToUInt64Bits(-0.0), BitConverter.DoubleToUInt64Bits(result.Batch.Series[1].Samples[0].Value));
    }

    [Fact]
    public void EncodeProtobuf_MatchesTheGeneratedParser()
    {
        var batch = new MetricBatch([new SeriesSamples(SeriesKey.Parse("m{a=\"1\", b=\"2\"}"), [new(1, 2), new(3, 0)])]);

        var request = WriteRequest.Parser.ParseFrom(RemoteWriteEncoder.EncodeProtobuf(batch));

        var series = Assert.Single(request.Timeseries);
        Assert.Equal(["__name__", "a", "b"], series.Labels.Select(l => l.Name));
        Assert.Equal(["m", "1", "2"], series.Labels.Select(l => l.Value));
        Assert.Equal([1L, 3L], series.Samples.Select(s => s.Timestamp));
        Assert.Equal([2.0, 0.0], series.Samples.Select(s => s.Value));
    }

    [Fact]
    public void TryDecode_NaNAndInfinities_AreAccepted()
    {
        var body = Request(Series("__name__", "m").With((1, double.NaN), (2, double.PositiveInfinity), (3, double.NegativeInfinity))).Body();

        var samples = Decode(body).Batch.Series[0].Samples;

        Assert.True(double.IsNaN(samples[0].Value));
        Assert.Equal(double.PositiveInfinity, samples[1].Value);
        Assert.Equal(double.NegativeInfinity, samples[2].Value);
    }

    [Fact]
    public void TryDecode_StaleMarker_KeepsItsBits()
    {
        var body = Request(Series("__name__", "m").With((1, 5), (2, Vigil.Core.Series.Sample.StaleNaN))).Body();

        var samples = Decode(body).Batch.Series[0].Samples;

        Assert.True(samples[1].IsStale);
        Assert.Equal(Vigil.Core.Series.Sample.StaleNaNBits, BitConverter.DoubleToUInt64Bits(samples[1].Value));
    }

    [Fact]
    public void TryDecode_TruncatedProtobuf_NamesTheByte()
    {
        var protobuf = Request(Series("__name__", "up", "job", "node").With((1000, 1))).ToByteArray();

        var error = Refuse(Snappy.CompressToArray(protobuf.AsSpan(0, protobuf.Length - 3)));

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.Contains("protobuf", error.Message, StringComparison.Ordinal);
        Assert.Contains("byte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_EveryTruncation_IsRefusedWithoutThrowing()
    {
        var protobuf = Request(
            Series("__name__", "up", "job", "node").With((1000, 1), (2000, 2)),
            Series("__name__", "x", "a", "b").With((5, 0.5))).ToByteArray();

        for (var length = 1; length < protobuf.Length; length++)
        {
            var ok = RemoteWriteDecoder.TryDecode(Snappy.CompressToArray(protobuf.AsSpan(0, length)), IngestLimits.Default, out var result, out var error);
            // A cut that lands between two complete series is a valid, shorter request; any other cut is refused.
            Assert.True(ok ? result!.Batch.Series.Count == 1 : error!.Kind == IngestErrorKind.Malformed, $"length {length}");
        }
    }

    [Fact]
    public void TryDecode_RandomBytes_AreRefusedWithoutThrowing()
    {
        var random = new Random(42);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(1, 200)];
            random.NextBytes(bytes);
            RemoteWriteDecoder.TryDecode(bytes, IngestLimits.Default, out _, out _);
            RemoteWriteDecoder.TryDecode(Snappy.CompressToArray(bytes), IngestLimits.Default, out _, out _);
        }
    }

    [Fact]
    public void TryDecode_BadSnappy_IsMalformed()
    {
        var body = Request(Series("__name__", "up").With((1, 1))).Body();
        body[^1] ^= 0xff;
        body[1] = 0xff;

        var error = Refuse(body);

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.StartsWith("snappy:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_UncompressedProtobuf_IsRefused()
    {
        var error = Refuse(Request(Series("__name__", "up", "job", "node").With((1000, 1))).ToByteArray());
        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
    }

    [Fact]
    public void TryDecode_FramedSnappy_SaysBlockFormatIsExpected()
    {
        var protobuf = Request(Series("__name__", "up").With((1, 1))).ToByteArray();
        using var framed = new MemoryStream();
        using (var stream = new SnappyStream(framed, System.IO.Compression.CompressionMode.Compress, leaveOpen: true))
        {
            stream.Write(protobuf);
        }

        var error = Refuse(framed.ToArray());

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.Contains("framed", error.Message, StringComparison.Ordinal);
        Assert.Contains("block format", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "__name__", "up", "bad-name", "x" }, "invalid label name \"bad-name\"")]
    [InlineData(new[] { "__name__", "up", "1x", "x" }, "invalid label name \"1x\"")]
    [InlineData(new[] { "__name__", "up", "job", "a", "job", "b" }, "duplicate label name \"job\"")]
    [InlineData(new[] { "__name__", "up", "job", "a", "instance", "b" }, "label names not sorted: \"instance\" comes after \"job\"")]
    [InlineData(new[] { "job", "a" }, "no metric name")]
    [InlineData(new[] { "__name__", "9up" }, "invalid metric name \"9up\"")]
    [InlineData(new[] { "__name__", "up", "job", "" }, "label \"job\" has an empty value")]
    [InlineData(new[] { "__name__", "up", "__meta_x", "a" }, "\"__meta_x\" is reserved")]
    [InlineData(new[] { "__name__", "up", "", "a" }, "invalid label name \"\"")]
    public void TryDecode_InvalidLabels_AreRefusedNamingSeriesAndLabel(string[] labels, string expected)
    {
        var body = Request(Series("__name__", "ok").With((1, 1)), Series(labels).With((1, 1))).Body();

        var error = Refuse(body);

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.StartsWith("series 1", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_InvalidUtf8Value_IsRefusedNamingTheLabel()
    {
        // A label job="\xc3\x28" (not UTF-8) appended by hand after a valid series body.
        var bad = new byte[] { 0x0a, 0x03, (byte)'j', (byte)'o', (byte)'b', 0x12, 0x02, 0xc3, 0x28 };
        var labelField = new List<byte> { 0x0a, (byte)bad.Length };
        labelField.AddRange(bad);
        var timeSeries = Series("__name__", "up").With((1, 1)).ToByteArray().Concat(labelField).ToArray();
        var request = new List<byte> { 0x0a, (byte)timeSeries.Length };
        request.AddRange(timeSeries);

        var error = Refuse(Snappy.CompressToArray([.. request]));

        Assert.Contains("value of label \"job\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_OutOfOrderTimestamps_NameSeriesAndSampleIndex()
    {
        var body = Request(Series("__name__", "up").With((1, 1)), Series("__name__", "load").With((10, 1), (20, 2), (15, 3))).Body();

        var error = Refuse(body);

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.StartsWith("series 1 (load): sample 2 (timestamp 15)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_DuplicateTimestampSameValue_IsCollapsed()
    {
        var body = Request(Series("__name__", "up").With((10, 1), (10, 1), (20, 2))).Body();

        var samples = Decode(body).Batch.Series[0].Samples;

        Assert.Equal([new Vigil.Core.Series.Sample(10, 1), new Vigil.Core.Series.Sample(20, 2)], samples);
    }

    [Fact]
    public void TryDecode_DuplicateTimestampDifferentValue_IsRefused()
    {
        var body = Request(Series("__name__", "up").With((10, 1), (10, 2))).Body();

        var error = Refuse(body);

        Assert.Contains("series 0 (up): sample 1 repeats timestamp 10 with a different value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_RepeatedSeries_IsMergedInTimeOrder()
    {
        var body = Request(
            Series("__name__", "up", "job", "a").With((30, 3), (40, 4)),
            Series("__name__", "other").With((1, 1)),
            Series("__name__", "up", "job", "a").With((10, 1), (30, 3))).Body();

        var batch = Decode(body).Batch;

        Assert.Equal(2, batch.Series.Count);
        Assert.Equal([10L, 30L, 40L], batch.Series[0].Samples.Select(s => s.TimestampMs));
        Assert.Equal(4, batch.SampleCount);
    }

    [Fact]
    public void TryDecode_RepeatedSeriesWithConflictingValues_IsRefusedWhole()
    {
        var body = Request(
            Series("__name__", "up", "job", "a").With((30, 3)),
            Series("__name__", "up", "job", "a").With((30, 4))).Body();

        var error = Refuse(body);

        Assert.Contains("series 0 (up)", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_BodyLargerThanLimitAfterDecompression_IsTooLarge()
    {
        var body = Request(Series("__name__", "up", "job", new string('x', 3000)).With((1, 1))).Body();
        Assert.True(body.Length < 1000);

        var error = Refuse(body, new IngestLimits { MaxBodyBytes = 1000 });

        Assert.Equal(IngestErrorKind.TooLarge, error.Kind);
        Assert.Contains("MaxBodyBytes=1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_TooManyLabels_NamesTheLimit()
    {
        var labels = new List<string> { "__name__", "up" };
        for (var i = 0; i < 10; i++)
        {
            labels.AddRange([$"l{i}", "v"]);
        }
        var error = Refuse(Request(Series([.. labels]).With((1, 1))).Body(), new IngestLimits { MaxLabelsPerSeries = 5 });

        Assert.Equal(IngestErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("MaxLabelsPerSeries=5", error.Message, StringComparison.Ordinal);
        Assert.Contains("series 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_LabelValueTooLong_NamesTheLimitAndLabel()
    {
        var error = Refuse(Request(Series("__name__", "up", "path", new string('p', 11)).With((1, 1))).Body(), new IngestLimits { MaxLabelValueLength = 10 });

        Assert.Equal(IngestErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("MaxLabelValueLength=10", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"path\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_LabelNameTooLong_NamesTheLimit()
    {
        var error = Refuse(Request(Series("__name__", "up", new string('n', 11), "v").With((1, 1))).Body(), new IngestLimits { MaxLabelNameLength = 10 });

        Assert.Equal(IngestErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("MaxLabelNameLength=10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_TooManySeries_NamesTheLimit()
    {
        var series = Enumerable.Range(0, 4).Select(i => Series("__name__", $"m{i}").With((1, 1))).ToArray();

        var error = Refuse(Request(series).Body(), new IngestLimits { MaxSeriesPerRequest = 3 });

        Assert.Equal(IngestErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("MaxSeriesPerRequest=3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_OneSeriesInManyMessages_CountsOnceAgainstTheSeriesLimit()
    {
        var series = Enumerable.Range(1, 5).Select(t => Series("__name__", "m").With((t, t))).ToArray();

        var batch = Decode(Request(series).Body(), new IngestLimits { MaxSeriesPerRequest = 1 }).Batch;

        Assert.Equal(5, Assert.Single(batch.Series).Samples.Length);
    }

    [Fact]
    public void TryDecode_TooManySamples_NamesTheLimit()
    {
        var error = Refuse(Request(Series("__name__", "m").With((1, 1), (2, 2), (3, 3))).Body(), new IngestLimits { MaxSamplesPerRequest = 2 });

        Assert.Equal(IngestErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("MaxSamplesPerRequest=2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_HistogramsAndExemplars_AreCountedAndHistogramOnlySeriesSkipped()
    {
        var withExemplar = Series("__name__", "req_total").With((1, 1));
        withExemplar.Exemplars.Add(new Exemplar { Value = 0.5, Timestamp = 1 });
        var histogramOnly = Series("__name__", "latency");
        histogramOnly.Histograms.Add(new Histogram { CountInt = 3, Sum = 1.5, Timestamp = 1 });
        histogramOnly.Histograms.Add(new Histogram { CountFloat = 3, Sum = 1.5, Timestamp = 2 });
        var request = Request(withExemplar, histogramOnly);
        request.Metadata.Add(new MetricMetadata { MetricFamilyName = "req_total", Type = MetricMetadata.Types.MetricType.Counter, Help = "requests" });

        var result = Decode(request.Body());

        Assert.Equal("req_total", Assert.Single(result.Batch.Series).Key.MetricName);
        Assert.Equal(2, result.IgnoredHistograms);
        Assert.Equal(1, result.IgnoredExemplars);
    }

    [Fact]
    public void TryDecode_UnknownFields_AreSkipped()
    {
        var protobuf = Request(Series("__name__", "up").With((1, 1))).ToByteArray();
        // field 15, varint 7; field 14, fixed32; field 13, bytes "ab"
        byte[] unknown = [(15 << 3) | 0, 7, (14 << 3) | 5, 1, 2, 3, 4, (13 << 3) | 2, 2, (byte)'a', (byte)'b'];

        var result = Decode(Snappy.CompressToArray([.. unknown, .. protobuf]));

        Assert.Single(result.Batch.Series);
    }

    [Fact]
    public void TryDecode_WrongWireType_IsMalformedWithOffset()
    {
        // WriteRequest.timeseries (field 1) sent as a varint.
        var error = Refuse(Snappy.CompressToArray([0x08, 0x01]));

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.Contains("WriteRequest.timeseries at byte 0 has wire type 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_GroupWireType_IsMalformed()
    {
        var error = Refuse(Snappy.CompressToArray([(5 << 3) | 3]));
        Assert.Contains("unsupported wire type 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_SameThreadAfterAnError_DecodesCleanly()
    {
        Refuse(Request(Series("__name__", "up").With((2, 1), (1, 1))).Body());

        var result = Decode(Request(Series("__name__", "up").With((1, 1))).Body());

        Assert.Equal(1, result.Batch.SampleCount);
    }

    [Fact]
    public void TryDecode_ManySeriesSharingStrings_ShareInstances()
    {
        var body = Request(
            Series("__name__", "node_cpu_seconds_total", "cpu", "0", "mode", "idle").With((1, 1)),
            Series("__name__", "node_cpu_seconds_total", "cpu", "1", "mode", "idle").With((1, 1))).Body();

        var batch = Decode(body).Batch;

        Assert.Same(batch.Series[0].Key.Labels["mode"], batch.Series[1].Key.Labels["mode"]);
    }

    [Fact]
    public void TryDecode_SameSeriesInLaterRequest_ReturnsTheSameLabelsInstance()
    {
        var body = Request(Series("__name__", "cache_probe", "job", "node", "instance", "z:1").With((1, 1))).Body();
        var labels = Series("__name__", "cache_probe", "instance", "z:1", "job", "node").With((1, 1));

        var first = Decode(Request(labels).Body()).Batch.Series[0].Key.Labels;
        var second = Decode(Request(labels).Body()).Batch.Series[0].Key.Labels;

        Assert.Same(first, second);
        Assert.Equal(IngestErrorKind.Malformed, Refuse(body).Kind);
    }

    [Fact]
    public void TryDecode_CachedSeriesUnderTighterLimits_IsStillRefused()
    {
        var body = Request(Series("__name__", "cache_limit", "path", "0123456789ab").With((1, 1))).Body();
        Decode(body);

        var error = Refuse(body, new IngestLimits { MaxLabelValueLength = 10 });

        Assert.Contains("MaxLabelValueLength=10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_LabelsInterleavedWithSamples_AreDecoded()
    {
        // TimeSeries { label __name__="m"; sample; label job="x" }
        var name = new Vigil.Ingest.RemoteWrite.Protos.Label { Name = "__name__", Value = "m" }.ToByteArray();
        var job = new Vigil.Ingest.RemoteWrite.Protos.Label { Name = "job", Value = "x" }.ToByteArray();
        var sample = new Vigil.Ingest.RemoteWrite.Protos.Sample { Timestamp = 5, Value = 2 }.ToByteArray();
        byte[] series = [0x0a, (byte)name.Length, .. name, 0x12, (byte)sample.Length, .. sample, 0x0a, (byte)job.Length, .. job];
        byte[] request = [0x0a, (byte)series.Length, .. series];

        var decoded = Assert.Single(Decode(Snappy.CompressToArray(request)).Batch.Series);

        Assert.Equal(SeriesKey.Parse("m{job=\"x\"}"), decoded.Key);
        Assert.Equal([new Vigil.Core.Series.Sample(5, 2)], decoded.Samples);
    }

    [Fact]
    public void TryDecode_FromManyThreadsAtOnce_EachGetsItsOwnRequest()
    {
        var bodies = Enumerable.Range(0, 8).Select(r => Request(
            Enumerable.Range(0, 200).Select(i => Series("__name__", "concurrent_total", "req", $"{r}", "series", $"{i:D3}").With((r, i))).ToArray()).Body()).ToArray();

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            var r = k % bodies.Length;
            Assert.True(RemoteWriteDecoder.TryDecode(bodies[r], IngestLimits.Default, out var result, out var error), error?.Message);
            Assert.Equal(200, result.Batch.Series.Count);
            for (var i = 0; i < 200; i++)
            {
                var series = result.Batch.Series[i];
                Assert.Equal($"{r}", series.Key.Labels["req"]);
                Assert.Equal($"{i:D3}", series.Key.Labels["series"]);
                Assert.Equal(new Vigil.Core.Series.Sample(r, i), Assert.Single(series.Samples));
            }
        });
    }

    [Fact]
    public void Encode_EmptyBatch_DecodesToEmpty()
    {
        Assert.Empty(Decode(RemoteWriteEncoder.Encode(MetricBatch.Empty)).Batch.Series);
    }
}
