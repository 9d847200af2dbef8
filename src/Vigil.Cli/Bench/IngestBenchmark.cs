using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Vigil.Cli.Bench;

/// <summary>Settings of one ingest benchmark run.</summary>
internal sealed record IngestBenchmarkOptions(
    Uri Url, int Series, int SamplesPerRequest, TimeSpan Duration, int Concurrency, double? RateSamplesPerSecond, string? Token);

/// <summary>
/// Sends remote-write load at a receiver and reports sustained samples/s and request latency percentiles.
/// Works against Vigil and against Prometheus's own receiver alike, so the two can be compared side by side.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<int> RunAsync(IngestBenchmarkOptions o, TextWriter output, CancellationToken ct)
    {
        // One round of all series is written first (warm-up: series creation), then the measured run.
        // Every series advances 1 s per round, starting an hour back: a fresh server or Prometheus accepts it all.
        // Run each measurement against a fresh data directory, or later rounds collide with the previous run's.
        var load = new RemoteWriteLoad(o.Series, o.SamplesPerRequest, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - (long)TimeSpan.FromHours(1).TotalMilliseconds, intervalMs: 1_000);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        output.WriteLine($"vigil bench ingest: {o.Url} — {o.Series:N0} series, {o.SamplesPerRequest:N0} samples/request, {o.Concurrency} connections, {(o.RateSamplesPerSecond is { } r ? $"paced at {r:N0} samples/s" : "as fast as accepted")}");

        var warm = await SendAsync(http, load, o, o.Series / o.SamplesPerRequest, null, null, ct);
        output.WriteLine($"warm-up: {warm.Samples:N0} samples ({o.Series:N0} series created) in {warm.Elapsed.TotalSeconds:F1} s; errors: {warm.ErrorSummary()}");

        var progress = new Progress<(long Samples, TimeSpan Elapsed)>(p =>
            Console.Error.Write($"\r  {p.Elapsed.TotalSeconds,5:F0} s  {p.Samples,12:N0} samples  {p.Samples / Math.Max(p.Elapsed.TotalSeconds, 0.001),10:N0} samples/s   "));
        var run = await SendAsync(http, load, o, int.MaxValue, o.Duration, progress, ct);
        Console.Error.WriteLine();
        var latencies = run.Latencies.OrderBy(x => x).ToArray();
        string P(double q) => latencies.Length == 0 ? "-" : $"{latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))].TotalMilliseconds:F1} ms";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"samples/s: {run.Samples / run.Elapsed.TotalSeconds:N0} sustained over {run.Elapsed.TotalSeconds:F1} s ({run.Samples:N0} samples acknowledged, {run.Requests:N0} requests)"));
        output.WriteLine($"latency: p50 {P(0.50)}, p90 {P(0.90)}, p99 {P(0.99)}, max {P(1.0)}");
        output.WriteLine($"errors: {run.ErrorSummary()}");
        return run.Errors.Count == 0 ? 0 : 1;
    }

    private sealed class RunResult
    {
        public long Samples;
        public long Requests;
        public TimeSpan Elapsed;
        public List<TimeSpan> Latencies { get; } = [];
        public Dictionary<string, int> Errors { get; } = [];

        public string ErrorSummary() => Errors.Count == 0 ? "none" : string.Join(", ", Errors.Select(e => $"{e.Key} ×{e.Value}"));
    }

    private static async Task<RunResult> SendAsync(HttpClient http, RemoteWriteLoad load, IngestBenchmarkOptions o, int maxRequests, TimeSpan? duration,
        IProgress<(long, TimeSpan)>? progress, CancellationToken ct)
    {
        var result = new RunResult();
        var clock = Stopwatch.StartNew();
        var issued = 0;
        var gate = new Lock();
        using var reporter = progress is null ? null : new Timer(_ => progress.Report((Interlocked.Read(ref result.Samples), clock.Elapsed)), null, 1000, 1000);

        async Task Worker(int seed)
        {
            var random = new Random(seed);
            while (!ct.IsCancellationRequested)
            {
                if (Interlocked.Increment(ref issued) > maxRequests || (duration is { } d && clock.Elapsed >= d))
                {
                    return;
                }
                if (o.RateSamplesPerSecond is { } rate)
                {
                    // Pace: request k may start at k·(samples per request)/rate seconds.
                    var due = TimeSpan.FromSeconds((issued - 1) * (double)o.SamplesPerRequest / rate);
                    if (due > clock.Elapsed)
                    {
                        await Task.Delay(due - clock.Elapsed, ct);
                    }
                }
                var body = load.NextRequest(random, out var samples);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                content.Headers.ContentEncoding.Add("snappy");
                using var request = new HttpRequestMessage(HttpMethod.Post, o.Url) { Content = content };
                request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
                if (o.Token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.Token);
                }
                var start = clock.Elapsed;
                string? error = null;
                try
                {
                    using var response = await http.SendAsync(request, ct);
                    if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK)
                    {
                        Interlocked.Add(ref result.Samples, samples);
                    }
                    else
                    {
                        error = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                    }
                }
                catch (HttpRequestException e)
                {
                    error = e.HttpRequestError.ToString();
                }
                var latency = clock.Elapsed - start;
                lock (gate)
                {
                    result.Requests++;
                    result.Latencies.Add(latency);
                    if (error is not null)
                    {
                        result.Errors[error] = result.Errors.GetValueOrDefault(error) + 1;
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(i => Task.Run(() => Worker(i + 1), ct)));
        result.Elapsed = clock.Elapsed;
        return result;
    }
}
