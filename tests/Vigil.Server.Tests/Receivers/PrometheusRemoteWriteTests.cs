using System.Globalization;
using System.Text.Json;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Receivers;

/// <summary>
/// A real Prometheus (Debian <c>prometheus</c>) scrapes Vigil's <c>/metrics</c> every second and remote-writes to
/// Vigil: the series it sends are found through Vigil's query API with exactly the samples Prometheus holds.
/// </summary>
public sealed class PrometheusRemoteWriteTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RemoteWrite_RealPrometheusScrapingVigil_SameSamplesInVigilAsInPrometheus()
    {
        var vigil = server.BaseAddress.Authority;
        await using var prometheus = await PeerProcess.StartAsync("prometheus", "prometheus",
            (dir, port) =>
            [
                $"--config.file={Path.Combine(dir, "prometheus.yml")}",
                $"--storage.tsdb.path={Path.Combine(dir, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--web.enable-remote-write-receiver",
            ],
            new Dictionary<string, Func<int, string>>
            {
                ["prometheus.yml"] = _ => $"""
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: vigil
                        static_configs:
                          - targets: ["{vigil}"]
                    remote_write:
                      - url: http://{vigil}/api/v1/write
                        queue_config:
                          batch_send_deadline: 1s
                          min_backoff: 100ms
                          max_backoff: 1s
                    """,
            },
            "-/ready", Ct);

        var up = $"up{{job=\"vigil\",instance=\"{vigil}\"}}";
        var ingested = $"vigil_samples_ingested_total{{job=\"vigil\",instance=\"{vigil}\",receiver=\"remote_write\"}}";
        // A real process on its own schedule: poll until Prometheus has sent a few scrapes of both series.
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(90);
        while (true)
        {
            var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            var upSamples = await VigilApi.SamplesAsync(server.Client, up, now - 600_000, now + 60_000, Ct);
            var ingestedSamples = await VigilApi.SamplesAsync(server.Client, ingested, now - 600_000, now + 60_000, Ct);
            if (upSamples.Count == 1 && upSamples[0].Samples.Count >= 3 && ingestedSamples.Count == 1 && ingestedSamples[0].Samples.Count >= 3)
            {
                break;
            }
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"Prometheus's samples did not reach Vigil within 90 s:\n{prometheus.Output}");
            await Task.Delay(250, Ct);
        }

        foreach (var selector in new[] { up, ingested })
        {
            var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            var inVigil = await VigilApi.SingleSeriesAsync(server.Client, selector, now - 600_000, now + 60_000, Ct);
            var last = inVigil.Samples[^1].TimestampMs;
            // A range selector in an instant query returns Prometheus's raw samples; everything up to the newest sample
            // Vigil has was sent before it (remote write keeps each series in order).
            var inPrometheus = await RawSamplesAsync(prometheus, $"{selector}[10m]", last);
            Assert.Equal("vigil", inVigil.Labels["job"]);
            Assert.Equal(inPrometheus.Select(s => s.TimestampMs), inVigil.Samples.Select(s => s.TimestampMs));
            Assert.Equal(inPrometheus.Select(s => s.Value), inVigil.Samples.Select(s => double.Parse(s.Value, CultureInfo.InvariantCulture)));
        }
        Assert.Equal(1, (await RawSamplesAsync(prometheus, $"{up}[10m]", TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()))[^1].Value);
    }

    private static async Task<List<(long TimestampMs, double Value)>> RawSamplesAsync(PeerProcess prometheus, string query, long atMs)
    {
        var url = $"api/v1/query?query={Uri.EscapeDataString(query)}&time={VigilApi.Seconds(atMs)}";
        using var document = JsonDocument.Parse(await prometheus.Client.GetStringAsync(url, Ct));
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        Assert.Equal(1, result.GetArrayLength());
        return [.. result[0].GetProperty("values").EnumerateArray()
            .Select(p => ((long)Math.Round(p[0].GetDouble() * 1000), double.Parse(p[1].GetString()!, CultureInfo.InvariantCulture)))];
    }
}
