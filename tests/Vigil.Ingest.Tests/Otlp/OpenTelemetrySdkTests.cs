using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Vigil.Core.Series;
using Vigil.Ingest.Otlp;

namespace Vigil.Ingest.Tests.Otlp;

/// <summary>
/// The OpenTelemetry .NET SDK's OTLP/HTTP exporter posts to a loopback listener; its bodies must decode with
/// Vigil's own copy of the OTLP schema into the series Prometheus would make of them.
/// </summary>
public sealed class OpenTelemetrySdkTests
{
    private sealed record Captured(string? ContentType, string? ContentEncoding, byte[] Body);

    private static List<Captured> Export(MetricReaderTemporalityPreference temporality, Action<Meter> record, int flushes = 1, Action<Meter>? between = null)
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var captured = new ConcurrentQueue<Captured>();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                captured.Enqueue(new Captured(context.Request.ContentType, context.Request.Headers["Content-Encoding"], body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        });

        var meterName = "vigil.test." + Guid.NewGuid().ToString("n");
        using var meter = new Meter(meterName);
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("checkout", serviceNamespace: "shop", serviceInstanceId: "i-1"))
            .AddMeter(meterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = new Uri($"http://127.0.0.1:{port}/v1/metrics");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                reader.TemporalityPreference = temporality;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000; // only explicit flushes
            })
            .Build())
        {
            record(meter);
            for (var i = 0; i < flushes; i++)
            {
                if (i > 0)
                {
                    between?.Invoke(meter);
                }
                Assert.True(provider.ForceFlush(30_000));
            }
            var exported = captured.ToList();
            listener.Stop();
            serving.Wait(TimeSpan.FromSeconds(30));
            return exported;
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static OtlpMetricsResult DecodeCaptured(Captured request, OtlpMetricsDecoder decoder)
    {
        Assert.True(OtlpContent.TryParse(request.ContentType, request.ContentEncoding, out var content, out var contentError), contentError?.Message);
        Assert.True(decoder.TryDecode(request.Body, content, out var result, out var error), error?.Message);
        return result;
    }

    [Fact]
    public void Exporter_CumulativeCounterAndHistogram_DecodeToPrometheusSeries()
    {
        var requests = Export(MetricReaderTemporalityPreference.Cumulative, meter =>
        {
            var counter = meter.CreateCounter<long>("http.server.requests", "{request}");
            counter.Add(3, new KeyValuePair<string, object?>("http.route", "/cart"));
            counter.Add(2, new KeyValuePair<string, object?>("http.route", "/cart"));
            var histogram = meter.CreateHistogram<double>("http.server.request.duration", "s");
            histogram.Record(0.003);
            histogram.Record(0.3);
            histogram.Record(30);
            meter.CreateObservableGauge("process.memory.usage", () => 4096L, "By");
        });

        var result = DecodeCaptured(Assert.Single(requests), new OtlpMetricsDecoder());

        Assert.False(result.IsPartial, result.RejectionMessage);
        var byName = result.Batch.Series.ToDictionary(s => s.Key.Labels.ToString(), s => Assert.Single(s.Samples).Value);
        Assert.Equal(5, byName["http_server_requests_total{http_route=\"/cart\", instance=\"i-1\", namespace=\"shop\", service=\"checkout\"}"]);
        Assert.Equal(4096, byName["process_memory_usage_bytes{instance=\"i-1\", namespace=\"shop\", service=\"checkout\"}"]);
        Assert.Equal(3, byName["http_server_request_duration_seconds_count{instance=\"i-1\", namespace=\"shop\", service=\"checkout\"}"]);
        Assert.Equal(30.303, byName["http_server_request_duration_seconds_sum{instance=\"i-1\", namespace=\"shop\", service=\"checkout\"}"], 9);
        // The SDK's default bounds: 0, 5, 10, 25, 50, 75, 100, 250, … 10000.
        Assert.Equal(0, byName["http_server_request_duration_seconds_bucket{instance=\"i-1\", le=\"0\", namespace=\"shop\", service=\"checkout\"}"]);
        Assert.Equal(2, byName["http_server_request_duration_seconds_bucket{instance=\"i-1\", le=\"5\", namespace=\"shop\", service=\"checkout\"}"]);
        Assert.Equal(2, byName["http_server_request_duration_seconds_bucket{instance=\"i-1\", le=\"25\", namespace=\"shop\", service=\"checkout\"}"]);
        Assert.Equal(3, byName["http_server_request_duration_seconds_bucket{instance=\"i-1\", le=\"50\", namespace=\"shop\", service=\"checkout\"}"]);
        Assert.Equal(3, byName["http_server_request_duration_seconds_bucket{instance=\"i-1\", le=\"+Inf\", namespace=\"shop\", service=\"checkout\"}"]);
        Assert.DoesNotContain(result.Batch.Series, s => s.Key.Labels.Get("telemetry_sdk_name") is not null);
    }

    [Fact]
    public void Exporter_DeltaCounterOverTwoExports_DecodesToCumulative()
    {
        Counter<long>? counter = null;
        var requests = Export(
            MetricReaderTemporalityPreference.Delta,
            meter =>
            {
                counter = meter.CreateCounter<long>("jobs.done");
                counter.Add(4);
            },
            flushes: 2,
            between: _ => counter!.Add(6));
        Assert.Equal(2, requests.Count);

        var decoder = new OtlpMetricsDecoder(deltas: new DeltaToCumulative());
        var first = DecodeCaptured(requests[0], decoder);
        var second = DecodeCaptured(requests[1], decoder);

        var key = SeriesKey.Parse("jobs_done_total{instance=\"i-1\", namespace=\"shop\", service=\"checkout\"}");
        Assert.Equal(4, Assert.Single(first.Batch.Series, s => s.Key == key).Samples.Single().Value);
        Assert.Equal(10, Assert.Single(second.Batch.Series, s => s.Key == key).Samples.Single().Value);
    }
}
