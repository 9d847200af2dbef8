using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Vigil.Ingest.Otlp;
using Vigil.Ingest.Otlp.Proto.Collector;
using Vigil.Ingest.Otlp.Proto.Common;
using Vigil.Ingest.Otlp.Proto.Metrics;
using Vigil.Ingest.Otlp.Proto.Resource;

namespace Vigil.Benchmarks.Ingest;

/// <summary>
/// OTLP/HTTP metrics decoding, body in → <c>MetricBatch</c> out. Two shapes of request, as an SDK exports them:
/// <c>Numbers</c>: 50 counters × 20 attribute sets = 1,000 number points (3 attributes each) under one resource;
/// <c>Histograms</c>: 10 histograms × 10 attribute sets = 100 points of 11 buckets (1,400 series samples).
/// Divide by the points per request for per-point figures (docs/benchmarks.md).
/// </summary>
/// <remarks>dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter '*OtlpMetricsDecoder*' --job short</remarks>
[MemoryDiagnoser]
public class OtlpMetricsDecoderBenchmark
{
    private const ulong T0 = 1_700_000_000_000_000_000;
    private static readonly OtlpContent Protobuf = new(OtlpEncoding.Protobuf);

    private readonly OtlpMetricsDecoder _decoder = new();
    private byte[] _numbers = [];
    private byte[] _numbersJson = [];
    private byte[] _numbersGzip = [];
    private byte[] _histograms = [];

    [GlobalSetup]
    public void Setup()
    {
        var numbers = NumbersRequest();
        _numbers = numbers.ToByteArray();
        _numbersJson = Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(numbers));
        using (var ms = new MemoryStream())
        {
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            {
                gz.Write(_numbers);
            }
            _numbersGzip = ms.ToArray();
        }
        _histograms = HistogramsRequest().ToByteArray();
    }

    /// <summary>1,000 number points, protobuf.</summary>
    [Benchmark(Baseline = true)]
    public int Numbers_Protobuf() => Decode(_numbers, Protobuf);

    /// <summary>The protobuf parse alone (Google.Protobuf object model), without mapping to series.</summary>
    [Benchmark]
    public int Numbers_Protobuf_ParseOnly() =>
        OtlpMetricsDecoder.TryParse(_numbers, OtlpEncoding.Protobuf, out var request, out _) ? request.ResourceMetrics.Count : -1;

    /// <summary>1,000 number points, protobuf, gzip.</summary>
    [Benchmark]
    public int Numbers_ProtobufGzip() => Decode(_numbersGzip, new OtlpContent(OtlpEncoding.Protobuf, OtlpCompression.Gzip));

    /// <summary>1,000 number points, OTLP JSON.</summary>
    [Benchmark]
    public int Numbers_Json() => Decode(_numbersJson, new OtlpContent(OtlpEncoding.Json));

    /// <summary>100 histogram points of 11 buckets, protobuf.</summary>
    [Benchmark]
    public int Histograms_Protobuf() => Decode(_histograms, Protobuf);

    private int Decode(byte[] body, OtlpContent content) =>
        _decoder.TryDecode(body, content, out var result, out _) ? result.Batch.SampleCount : -1;

    private static ResourceMetrics Resource()
    {
        var resource = new Resource();
        foreach (var (k, v) in new[] { ("service.name", "checkout"), ("service.namespace", "shop"), ("service.instance.id", "7f3c2a"), ("host.name", "web-1"), ("telemetry.sdk.name", "opentelemetry"), ("telemetry.sdk.language", "dotnet"), ("telemetry.sdk.version", "1.20.1") })
        {
            resource.Attributes.Add(Attr(k, v));
        }
        var rm = new ResourceMetrics { Resource = resource };
        rm.ScopeMetrics.Add(new ScopeMetrics { Scope = new InstrumentationScope { Name = "Vigil.Benchmarks", Version = "1.0" } });
        return rm;
    }

    private static ExportMetricsServiceRequest NumbersRequest()
    {
        var rm = Resource();
        for (var m = 0; m < 50; m++)
        {
            var sum = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Cumulative };
            for (var s = 0; s < 20; s++)
            {
                var point = new NumberDataPoint { StartTimeUnixNano = T0 - 60_000_000_000, TimeUnixNano = T0, AsDouble = (m * 1000) + s };
                point.Attributes.Add(Attr("http.route", "/api/v1/items/" + (s % 5)));
                point.Attributes.Add(Attr("http.request.method", s % 2 == 0 ? "GET" : "POST"));
                point.Attributes.Add(Attr("http.response.status_code", (200 + (s / 5)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                sum.DataPoints.Add(point);
            }
            rm.ScopeMetrics[0].Metrics.Add(new Metric { Name = $"app.requests.m{m}", Unit = "{request}", Sum = sum });
        }
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(rm);
        return request;
    }

    private static ExportMetricsServiceRequest HistogramsRequest()
    {
        double[] bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
        var rm = Resource();
        for (var m = 0; m < 10; m++)
        {
            var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative };
            for (var s = 0; s < 10; s++)
            {
                var point = new HistogramDataPoint { StartTimeUnixNano = T0 - 60_000_000_000, TimeUnixNano = T0, Sum = 12.5, Count = 110 };
                point.ExplicitBounds.AddRange(bounds);
                for (var b = 0; b <= bounds.Length; b++)
                {
                    point.BucketCounts.Add(10);
                }
                point.Attributes.Add(Attr("http.route", "/api/v1/items/" + s));
                point.Attributes.Add(Attr("http.request.method", "GET"));
                histogram.DataPoints.Add(point);
            }
            rm.ScopeMetrics[0].Metrics.Add(new Metric { Name = $"http.server.duration.m{m}", Unit = "s", Histogram = histogram });
        }
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(rm);
        return request;
    }

    private static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
