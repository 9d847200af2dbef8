using System.Text;
using Google.Protobuf;
using Vigil.Core.Ingest;
using Vigil.Ingest.Otlp;
using Vigil.Ingest.Otlp.Proto.Metrics;
using static Vigil.Ingest.Tests.Otlp.Otlp;

namespace Vigil.Ingest.Tests.Otlp;

public sealed class OtlpMalformedInputTests
{
    private static readonly OtlpContent Protobuf = new(OtlpEncoding.Protobuf);
    private static readonly OtlpContent ProtobufGzip = new(OtlpEncoding.Protobuf, OtlpCompression.Gzip);

    private static byte[] SampleBody() => Request(
        Gauge("g", "", Point(1, T0, Attr("a", "x"))),
        Histogram("h", "s", AggregationTemporality.Cumulative, HistogramPoint(T0, [1, 2], [1, 2, 3], 4))).ToByteArray();

    [Fact]
    public void TryDecode_TruncatedProtobuf_MalformedWithByteOffset()
    {
        var body = SampleBody();
        var error = Refuse(body[..(body.Length - 3)], Protobuf);

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.Matches(@"^malformed protobuf ExportMetricsServiceRequest at byte \d+ of \d+: ", error.Message);
    }

    [Fact]
    public void TryDecode_EveryTruncationInsideAMessage_NeverThrows()
    {
        // Cutting at a top-level field boundary leaves a valid, shorter request; every other cut must be refused.
        var body = SampleBody();
        for (var cut = 1; cut < body.Length; cut++)
        {
            var decoder = new OtlpMetricsDecoder();
            if (!decoder.TryDecode(body.AsSpan(0, cut), Protobuf, out var result, out var error))
            {
                Assert.Equal(IngestErrorKind.Malformed, error.Kind);
            }
            else
            {
                Assert.NotNull(result);
            }
        }
    }

    [Fact]
    public void TryDecode_GarbageBytes_Malformed()
    {
        var error = Refuse([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], Protobuf);

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.Contains("at byte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_JsonSentAsProtobuf_Malformed()
    {
        var error = Refuse(Encoding.UTF8.GetBytes("{\"resourceMetrics\":[]}"), Protobuf);

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
    }

    [Fact]
    public void TryDecode_Gzip_DecodesLikePlain()
    {
        var body = SampleBody();
        var decoder = new OtlpMetricsDecoder();
        Assert.True(decoder.TryDecode(Gzip(body), ProtobufGzip, out var zipped, out _));
        Assert.True(decoder.TryDecode(body, Protobuf, out var plain, out _));

        Assert.Equal(Lines(plain), Lines(zipped));
    }

    [Fact]
    public void TryDecode_GzipHeaderButNotGzip_MalformedNamingMagic()
    {
        var error = Refuse(SampleBody(), ProtobufGzip);

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.Contains("gzip magic bytes 1f 8b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_TruncatedGzip_MalformedNotShorter()
    {
        var zipped = Gzip(SampleBody());
        foreach (var cut in new[] { zipped.Length - 1, zipped.Length - 4, zipped.Length / 2, 12 })
        {
            var error = Refuse(zipped[..cut], ProtobufGzip);
            Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        }
    }

    [Fact]
    public void TryDecode_CorruptGzipPayload_Malformed()
    {
        var zipped = Gzip(SampleBody());
        zipped[zipped.Length / 2] ^= 0x5a;

        var error = Refuse(zipped, ProtobufGzip);

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.Contains("gzip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_GzipBomb_TooLargeAfterDecompression()
    {
        var decoder = new OtlpMetricsDecoder(limits: new IngestLimits { MaxBodyBytes = 64 * 1024 });
        var bomb = Gzip(new byte[1 << 20]); // 1 MiB of zeros, ~1 KiB compressed

        var error = Refuse(bomb, ProtobufGzip, decoder);

        Assert.Equal(IngestErrorKind.TooLarge, error.Kind);
        Assert.Contains("decompressed body exceeds the limit MaxBodyBytes=65536", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_BodyOverLimit_TooLarge()
    {
        var body = SampleBody();
        var decoder = new OtlpMetricsDecoder(limits: new IngestLimits { MaxBodyBytes = body.Length - 1 });

        var error = Refuse(body, Protobuf, decoder);

        Assert.Equal(IngestErrorKind.TooLarge, error.Kind);
        Assert.Contains("MaxBodyBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_TooManyLabels_RefusedWholeNamingLimitAndPoint()
    {
        var decoder = new OtlpMetricsDecoder(limits: new IngestLimits { MaxLabelsPerSeries = 3 });
        var body = Request(Gauge("ok", "", Point(1)), Gauge("wide", "", Point(1), Point(1, T0, Attr("a", "1"), Attr("b", "2")))).ToByteArray();

        var error = Refuse(body, Protobuf, decoder);

        Assert.Equal(IngestErrorKind.LimitExceeded, error.Kind);
        Assert.Equal("metric \"wide\" (resource_metrics[0].scope_metrics[0].metrics[1]) data_points[1]: series with 4 labels exceeds the limit MaxLabelsPerSeries=3", error.Message);
    }

    [Fact]
    public void TryDecode_LabelValueTooLong_RefusedWhole()
    {
        var decoder = new OtlpMetricsDecoder(limits: new IngestLimits { MaxLabelValueLength = 10 });
        var error = Refuse(Request(Gauge("g", "", Point(1, T0, Attr("path", new string('x', 11))))).ToByteArray(), Protobuf, decoder);

        Assert.Equal(IngestErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("value of label \"path\" of 11 characters exceeds the limit MaxLabelValueLength=10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_LabelNameTooLong_RefusedWhole()
    {
        var decoder = new OtlpMetricsDecoder(limits: new IngestLimits { MaxLabelNameLength = 8 });
        var error = Refuse(Request(Gauge("g", "", Point(1, T0, Attr("much.too.long", "x")))).ToByteArray(), Protobuf, decoder);

        Assert.Equal(IngestErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("MaxLabelNameLength=8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_TooManySeries_RefusedWhole()
    {
        var decoder = new OtlpMetricsDecoder(limits: new IngestLimits { MaxSeriesPerRequest = 5 });
        // One histogram point with 3 bounds feeds 6 series.
        var error = Refuse(Request(Histogram("h", "", AggregationTemporality.Cumulative, HistogramPoint(T0, [1, 2, 3], [1, 1, 1, 1], 1))).ToByteArray(), Protobuf, decoder);

        Assert.Equal(IngestErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("MaxSeriesPerRequest=5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_TooManySamples_RefusedWhole()
    {
        var decoder = new OtlpMetricsDecoder(limits: new IngestLimits { MaxSamplesPerRequest = 2 });
        var error = Refuse(Request(Gauge("g", "", Point(1, T0), Point(2, T0 + 1_000_000), Point(3, T0 + 2_000_000))).ToByteArray(), Protobuf, decoder);

        Assert.Equal(IngestErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("data_points[2]: sample count exceeds the limit MaxSamplesPerRequest=2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_LimitHitAfterDeltas_LeavesDeltaStateUntouched()
    {
        var deltas = new DeltaToCumulative();
        var decoder = new OtlpMetricsDecoder(limits: new IngestLimits { MaxSamplesPerRequest = 1 }, deltas: deltas);
        var body = Request(
            Sum("d", "", true, AggregationTemporality.Delta, Point(5)),
            Gauge("g", "", Point(1))).ToByteArray();

        Refuse(body, Protobuf, decoder);

        Assert.Equal(0, deltas.Count);
    }

    [Theory]
    [InlineData("application/x-protobuf", null, OtlpEncoding.Protobuf, OtlpCompression.None)]
    [InlineData("application/json; charset=utf-8", "gzip", OtlpEncoding.Json, OtlpCompression.Gzip)]
    [InlineData("Application/JSON", "identity", OtlpEncoding.Json, OtlpCompression.None)]
    public void TryParseContent_Supported_Parsed(string contentType, string? contentEncoding, OtlpEncoding encoding, OtlpCompression compression)
    {
        Assert.True(OtlpContent.TryParse(contentType, contentEncoding, out var content, out _));
        Assert.Equal(new OtlpContent(encoding, compression), content);
    }

    [Theory]
    [InlineData("text/plain", null, "Content-Type \"text/plain\"")]
    [InlineData(null, null, "Content-Type \"\"")]
    [InlineData("application/x-protobuf", "br", "Content-Encoding \"br\"")]
    public void TryParseContent_Unsupported_UnsupportedMediaType(string? contentType, string? contentEncoding, string expected)
    {
        Assert.False(OtlpContent.TryParse(contentType, contentEncoding, out _, out var error));
        Assert.Equal(IngestErrorKind.UnsupportedMediaType, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
