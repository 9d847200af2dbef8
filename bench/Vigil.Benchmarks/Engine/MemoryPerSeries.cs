using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Detection;
using Vigil.Detection.Ensemble;
using Vigil.Ingest.RemoteWrite;
using Vigil.Server.Hosting;

namespace Vigil.Benchmarks.Engine;

/// <summary>
/// Live managed bytes per active series in a running server: a whole in-process Vigil (receiver, decoder cache, index,
/// shards with head chunks and detectors) before and after N series arrive, measured after full compacting GCs.
/// Not a BenchmarkDotNet benchmark: it measures memory, not time.
/// </summary>
/// <remarks>dotnet run -c Release --project bench/Vigil.Benchmarks -- memory-per-series [series] [samples-per-series]</remarks>
public static class MemoryPerSeries
{
    public static async Task RunAsync(int series, int samplesPerSeries)
    {
        var dir = Directory.CreateTempSubdirectory("vigil-mem-").FullName;
        var port = FreePort();
        var app = VigilServer.Build(new ServerOptions { Listen = $"http://127.0.0.1:{port}", DataDirectory = dir, SiloPort = 0 });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            await SendAsync(http, 0, 1, 1, 0);
            var before = Measure();
            var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (samplesPerSeries * 15_000L);
            for (var round = 0; round < samplesPerSeries; round++)
            {
                for (var first = 1; first <= series; first += 10_000)
                {
                    await SendAsync(http, first, Math.Min(10_000, series - first + 1), 1, t0 + (round * 15_000L));
                }
            }
            var after = Measure();
            var perSeries = (after - before) / (double)series;
            Console.WriteLine($"series: {series:N0}, samples per series: {samplesPerSeries}");
            Console.WriteLine($"live managed bytes per active series: {perSeries:N0}");
            Console.WriteLine($"  of which detector state (Engine:Detector = {DetectorCatalog.Default}, EnsembleDetector.StateBytes): {DetectorBytes:N0}");
            Console.WriteLine($"  beyond detector state: {perSeries - DetectorBytes:N0}");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    // The default detector's own count of its state (arrays and fields; object headers not included).
    private static int DetectorBytes => new EnsembleDetector().StateBytes;

    private static long Measure()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task SendAsync(HttpClient http, int first, int count, int perSeries, long t)
    {
        var list = new List<SeriesSamples>(count);
        for (var i = first; i < first + count; i++)
        {
            var key = SeriesKey.Create(Labels.From("__name__", "node_cpu_seconds_total", "cpu", (i % 8).ToString(System.Globalization.CultureInfo.InvariantCulture), "mode", "user",
                "instance", $"host-{i / 8:D6}:9100", "job", "node"));
            list.Add(new SeriesSamples(key, [new Sample(t, 1000 + (i % 97) + (t / 15_000 % 50))]));
        }
        using var content = new ByteArrayContent(RemoteWriteEncoder.Encode(new MetricBatch(list)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        using var response = await http.PostAsync("/api/v1/write", content);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        _ = perSeries;
        Debug.Assert(count > 0);
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
