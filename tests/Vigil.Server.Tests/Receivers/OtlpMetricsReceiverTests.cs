using System.Diagnostics.Metrics;
using System.Net;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Receivers;

/// <summary><c>POST /v1/metrics</c> fed by the OpenTelemetry .NET SDK's OTLP exporter over HTTP/protobuf.</summary>
public sealed class OtlpMetricsReceiverTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExportMetrics_OpenTelemetrySdk_CounterGaugeHistogramStoredAsPrometheusSeries()
    {
        using var meter = new Meter("vigil.tests.otlp");
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("checkout", serviceInstanceId: "pod-1"))
            .AddMeter(meter.Name)
            .AddView("otlp_latency", new ExplicitBucketHistogramConfiguration { Boundaries = [5, 10, 100] })
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = new Uri(server.BaseAddress, "v1/metrics");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                // Exports only when flushed below.
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
            })
            .Build())
        {
            var orders = meter.CreateCounter<long>("otlp_orders");
            var temperature = meter.CreateGauge<double>("otlp_temperature");
            var latency = meter.CreateHistogram<double>("otlp_latency");
            orders.Add(5, new KeyValuePair<string, object?>("route", "/pay"));
            orders.Add(2, new KeyValuePair<string, object?>("route", "/pay"));
            temperature.Record(21.5);
            foreach (var v in new[] { 3.0, 7, 7, 120 })
            {
                latency.Record(v);
            }

            Assert.True(provider.ForceFlush(30_000), "the exporter did not flush");
        }

        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        async Task<string> Last(string selector)
        {
            var series = await VigilApi.SingleSeriesAsync(server.Client, selector, now - 600_000, now + 600_000, Ct);
            Assert.Equal("checkout", series.Labels["service"]);
            Assert.Equal("pod-1", series.Labels["instance"]);
            return series.Values[^1];
        }
        Assert.Equal("7", await Last("otlp_orders_total{route=\"/pay\"}"));
        Assert.Equal("21.5", await Last("otlp_temperature"));
        Assert.Equal("1", await Last("otlp_latency_bucket{le=\"5\"}"));
        Assert.Equal("3", await Last("otlp_latency_bucket{le=\"10\"}"));
        Assert.Equal("3", await Last("otlp_latency_bucket{le=\"100\"}"));
        Assert.Equal("4", await Last("otlp_latency_bucket{le=\"+Inf\"}"));
        Assert.Equal("137", await Last("otlp_latency_sum"));
        Assert.Equal("4", await Last("otlp_latency_count"));
        var metrics = await server.Client.GetStringAsync("metrics", Ct);
        // 8 points when flushed; the provider exports them once more when disposed (stored unless in the same millisecond).
        var line = metrics.Split('\n').Single(l => l.StartsWith("vigil_samples_ingested_total{receiver=\"otlp\"} ", StringComparison.Ordinal));
        Assert.True(line.Split(' ')[1] is "8" or "16", line);
    }

    [Fact]
    public async Task PostMetrics_MalformedProtobuf_400AndNothingStored()
    {
        using var content = new ByteArrayContent([0x0a, 0xff, 0xff, 0x01]);
        content.Headers.ContentType = new("application/x-protobuf");

        using var response = await server.Client.PostAsync("v1/metrics", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await VigilApi.SeriesAsync(server.Client, "{__name__=~\"otlp_bad.*\"}", Ct));
    }

    [Fact]
    public async Task PostMetrics_WrongContentType_415()
    {
        using var content = new StringContent("hello");

        using var response = await server.Client.PostAsync("v1/metrics", content, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
