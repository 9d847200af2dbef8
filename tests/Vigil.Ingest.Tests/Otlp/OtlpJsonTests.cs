using System.Text;
using Google.Protobuf;
using Vigil.Core.Ingest;
using Vigil.Ingest.Otlp;
using Vigil.Ingest.Otlp.Proto.Metrics;
using static Vigil.Ingest.Tests.Otlp.Otlp;

namespace Vigil.Ingest.Tests.Otlp;

public sealed class OtlpJsonTests
{
    private static readonly OtlpContent Json = new(OtlpEncoding.Json);

    // The shape OTLP/HTTP JSON exporters send: lowerCamelCase keys, 64-bit integers as strings, enums as integers,
    // exemplars with hex trace/span ids, plus fields this receiver does not know (entityRefs, metadata, a future one).
    private const string ExporterBody = """
        {
          "resourceMetrics": [{
            "resource": {
              "attributes": [
                { "key": "service.name", "value": { "stringValue": "checkout" } },
                { "key": "host.name", "value": { "stringValue": "web-1" } }
              ],
              "entityRefs": [{ "type": "service", "idKeys": ["service.name"] }]
            },
            "scopeMetrics": [{
              "scope": { "name": "my.library", "version": "1.0.0" },
              "metrics": [
                {
                  "name": "http.server.requests", "unit": "{request}", "description": "requests",
                  "metadata": [{ "key": "x", "value": { "stringValue": "y" } }],
                  "sum": {
                    "aggregationTemporality": 2, "isMonotonic": true,
                    "dataPoints": [{
                      "startTimeUnixNano": "1699999940000000000", "timeUnixNano": "1700000000000000000", "asInt": "42",
                      "attributes": [{ "key": "http.route", "value": { "stringValue": "/cart" } }],
                      "exemplars": [{ "timeUnixNano": "1700000000000000000", "asDouble": 1.5,
                                      "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174" }]
                    }]
                  }
                },
                {
                  "name": "http.server.request.duration", "unit": "s",
                  "histogram": {
                    "aggregationTemporality": 2,
                    "dataPoints": [{
                      "timeUnixNano": 1700000000000000000, "count": "6", "sum": 4.2,
                      "bucketCounts": ["2", 3, "0", "1"], "explicitBounds": [0.1, 0.5, 1],
                      "somethingNew": { "nested": [1, 2, 3] }
                    }]
                  }
                },
                {
                  "name": "temperature", "unit": "Cel",
                  "gauge": { "dataPoints": [{ "timeUnixNano": "1700000000000000000", "asDouble": "NaN" }] }
                }
              ]
            }],
            "schemaUrl": "https://opentelemetry.io/schemas/1.24.0"
          }]
        }
        """;

    private static OtlpMetricsResult DecodeJson(string json)
    {
        var decoder = new OtlpMetricsDecoder();
        Assert.True(decoder.TryDecode(Encoding.UTF8.GetBytes(json), Json, out var result, out var error), error?.Message);
        return result;
    }

    [Fact]
    public void TryDecode_ExporterJsonWithUnknownFieldsAndHexIds_DecodesLikeProtobuf()
    {
        var result = DecodeJson(ExporterBody);

        Assert.Equal(
        [
            "http_server_request_duration_seconds_bucket{host=\"web-1\", le=\"+Inf\", service=\"checkout\"} => 0:6",
            "http_server_request_duration_seconds_bucket{host=\"web-1\", le=\"0.1\", service=\"checkout\"} => 0:2",
            "http_server_request_duration_seconds_bucket{host=\"web-1\", le=\"0.5\", service=\"checkout\"} => 0:5",
            "http_server_request_duration_seconds_bucket{host=\"web-1\", le=\"1\", service=\"checkout\"} => 0:5",
            "http_server_request_duration_seconds_count{host=\"web-1\", service=\"checkout\"} => 0:6",
            "http_server_request_duration_seconds_sum{host=\"web-1\", service=\"checkout\"} => 0:4.2",
            "http_server_requests_total{host=\"web-1\", http_route=\"/cart\", service=\"checkout\"} => 0:42",
            "temperature_celsius{host=\"web-1\", service=\"checkout\"} => 0:NaN",
        ], Lines(result));
        Assert.False(result.IsPartial);
    }

    [Fact]
    public void TryDecode_ProtobufJsonFormatterOutput_RoundTrips()
    {
        var request = Request(Histogram("h", "ms", AggregationTemporality.Cumulative, HistogramPoint(T0, [1, 2], [1, 2, 3], 7, Attr("k", "v"))));
        var json = JsonFormatter.Default.Format(request);

        Assert.Equal(Lines(Decode(request)), Lines(DecodeJson(json)));
    }

    [Fact]
    public void TryDecode_EnumAsName_Accepted()
    {
        var result = DecodeJson("""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"c","sum":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_CUMULATIVE","isMonotonic":true,"dataPoints":[{"timeUnixNano":"1700000000000000000","asDouble":1}]}}]}]}]}""");

        Assert.Equal(["c_total => 0:1"], Lines(result));
    }

    [Fact]
    public void TryDecode_SnakeCaseKeys_Accepted()
    {
        var result = DecodeJson("""{"resource_metrics":[{"scope_metrics":[{"metrics":[{"name":"g","gauge":{"data_points":[{"time_unix_nano":"1700000000000000000","as_double":2}]}}]}]}]}""");

        Assert.Equal(["g => 0:2"], Lines(result));
    }

    [Fact]
    public void TryDecode_SyntaxError_MalformedWithLine()
    {
        var decoder = new OtlpMetricsDecoder();
        var body = Encoding.UTF8.GetBytes("{\n  \"resourceMetrics\": [\n    { \"scopeMetrics\": [ }\n  ]\n}");

        Assert.False(decoder.TryDecode(body, Json, out _, out var error));
        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.StartsWith("malformed JSON at line 3, byte ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void TryDecode_EmptyJson_Malformed(string json)
    {
        var decoder = new OtlpMetricsDecoder();

        Assert.False(decoder.TryDecode(Encoding.UTF8.GetBytes(json), Json, out _, out var error));
        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
    }

    [Fact]
    public void TryDecode_WrongTypeForKnownField_MalformedNamingSchema()
    {
        var decoder = new OtlpMetricsDecoder();
        var body = Encoding.UTF8.GetBytes("""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"g","gauge":{"dataPoints":[{"timeUnixNano":"soon","asDouble":2}]}}]}]}]}""");

        Assert.False(decoder.TryDecode(body, Json, out _, out var error));
        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.StartsWith("JSON body is not an OTLP ExportMetricsServiceRequest: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_InvalidUtf8_Malformed()
    {
        var decoder = new OtlpMetricsDecoder();
        byte[] body = [.. "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\""u8, 0xff, 0xfe, .. "\"}]}]}]}"u8];

        Assert.False(decoder.TryDecode(body, Json, out _, out var error));
        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.Equal("JSON body is not valid UTF-8 at byte 58", error.Message);
    }

    [Fact]
    public void TryDecode_GzippedJson_Decodes()
    {
        var decoder = new OtlpMetricsDecoder();
        Assert.True(decoder.TryDecode(Gzip(Encoding.UTF8.GetBytes(ExporterBody)), new OtlpContent(OtlpEncoding.Json, OtlpCompression.Gzip), out var result, out _));

        Assert.Equal(8, result.Batch.Series.Count);
    }
}
