using System.IO.Compression;
using Google.Protobuf;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Ingest.Otlp;
using Vigil.Ingest.Otlp.Proto.Collector;
using Vigil.Ingest.Otlp.Proto.Common;
using Vigil.Ingest.Otlp.Proto.Metrics;
using Vigil.Ingest.Otlp.Proto.Resource;

namespace Vigil.Ingest.Tests.Otlp;

/// <summary>Small builders for OTLP requests, so each test shows only what it is about.</summary>
internal static class Otlp
{
    public const ulong T0 = 1_700_000_000_000_000_000; // 2023-11-14T22:13:20Z in ns
    public const long T0Ms = 1_700_000_000_000;

    public static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static ExportMetricsServiceRequest Request(params Metric[] metrics) => Request([Attr("service.name", "checkout"), Attr("telemetry.sdk.language", "dotnet")], metrics);

    public static ExportMetricsServiceRequest Request(KeyValue[] resource, params Metric[] metrics)
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "test" } };
        scope.Metrics.AddRange(metrics);
        var rm = new ResourceMetrics { Resource = new Resource() };
        rm.Resource.Attributes.AddRange(resource);
        rm.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(rm);
        return request;
    }

    public static NumberDataPoint Point(double value, ulong time = T0, params KeyValue[] attributes)
    {
        var p = new NumberDataPoint { AsDouble = value, TimeUnixNano = time, StartTimeUnixNano = T0 - 60_000_000_000 };
        p.Attributes.AddRange(attributes);
        return p;
    }

    public static Metric Gauge(string name, string unit, params NumberDataPoint[] points)
    {
        var g = new Gauge();
        g.DataPoints.AddRange(points);
        return new Metric { Name = name, Unit = unit, Gauge = g };
    }

    public static Metric Sum(string name, string unit, bool monotonic, AggregationTemporality temporality, params NumberDataPoint[] points)
    {
        var s = new Sum { IsMonotonic = monotonic, AggregationTemporality = temporality };
        s.DataPoints.AddRange(points);
        return new Metric { Name = name, Unit = unit, Sum = s };
    }

    public static HistogramDataPoint HistogramPoint(ulong time, double[] bounds, ulong[] counts, double? sum, params KeyValue[] attributes)
    {
        var p = new HistogramDataPoint { TimeUnixNano = time, StartTimeUnixNano = T0 - 60_000_000_000 };
        p.ExplicitBounds.AddRange(bounds);
        p.BucketCounts.AddRange(counts);
        ulong count = 0;
        foreach (var c in counts)
        {
            count += c;
        }
        p.Count = count;
        if (sum is { } s)
        {
            p.Sum = s;
        }
        p.Attributes.AddRange(attributes);
        return p;
    }

    public static Metric Histogram(string name, string unit, AggregationTemporality temporality, params HistogramDataPoint[] points)
    {
        var h = new Histogram { AggregationTemporality = temporality };
        h.DataPoints.AddRange(points);
        return new Metric { Name = name, Unit = unit, Histogram = h };
    }

    public static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(data);
        }
        return ms.ToArray();
    }

    public static OtlpMetricsResult Decode(ExportMetricsServiceRequest request, OtlpMetricsDecoder? decoder = null)
    {
        decoder ??= new OtlpMetricsDecoder();
        Assert.True(decoder.TryDecode(request.ToByteArray(), new OtlpContent(OtlpEncoding.Protobuf), out var result, out var error), error?.Message);
        return result;
    }

    public static IngestError Refuse(byte[] body, OtlpContent content, OtlpMetricsDecoder? decoder = null)
    {
        decoder ??= new OtlpMetricsDecoder();
        Assert.False(decoder.TryDecode(body, content, out var result, out var error));
        Assert.Null(result);
        return error;
    }

    /// <summary>The batch as "series => samples" lines, sorted, for compact expectations.</summary>
    public static string[] Lines(OtlpMetricsResult result) =>
        [.. result.Batch.Series
            .Select(s => $"{s.Key} => {string.Join(" ", s.Samples.Select(x => $"{x.TimestampMs - T0Ms}:{Format(x.Value)}"))}")
            .Order(StringComparer.Ordinal)];

    public static Sample[] SamplesOf(OtlpMetricsResult result, string seriesKey) =>
        result.Batch.Series.Single(s => s.Key == SeriesKey.Parse(seriesKey)).Samples;

    private static string Format(double v) => BitConverter.DoubleToUInt64Bits(v) == Sample.StaleNaNBits ? "stale" : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
