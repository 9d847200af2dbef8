using System.CommandLine;
using Vigil.Cli.Bench;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil bench …</c>: load generators that measure a running server.</summary>
internal static class BenchCommand
{
    public static Command Create() => new("bench", "Measure throughput and latency of a running server.")
    {
        CreateIngest(),
    };

    private static Command CreateIngest()
    {
        var url = new Option<string>("--url") { Description = "Remote-write URL, e.g. http://127.0.0.1:9400/api/v1/write (Prometheus: …:9090/api/v1/write)", DefaultValueFactory = _ => "http://127.0.0.1:9400/api/v1/write" };
        var series = new Option<int>("--series") { Description = "Active series", DefaultValueFactory = _ => 100_000 };
        var per = new Option<int>("--requests-of") { Description = "Samples per request", DefaultValueFactory = _ => 10_000 };
        var duration = new Option<TimeSpan>("--duration") { Description = "Measured run time (after the warm-up round), e.g. 00:01:00", DefaultValueFactory = _ => TimeSpan.FromSeconds(60) };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight", DefaultValueFactory = _ => 4 };
        var rate = new Option<double?>("--rate") { Description = "Pace at this many samples/s (for latency at a given load); default: as fast as accepted" };
        var token = new Option<string?>("--token") { Description = "API key sent as Authorization: Bearer" };
        var command = new Command("ingest", "Send realistic Prometheus remote-write load and report samples/s and latency percentiles.")
        {
            url, series, per, duration, concurrency, rate, token,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync($"--url: \"{parse.GetValue(url)}\" is not an http(s) URL");
                return 2;
            }
            if (parse.GetValue(series) <= 0 || parse.GetValue(per) <= 0 || parse.GetValue(concurrency) <= 0)
            {
                await Console.Error.WriteLineAsync("--series, --requests-of and --concurrency must be positive");
                return 2;
            }
            return await IngestBenchmark.RunAsync(
                new IngestBenchmarkOptions(target, parse.GetValue(series), parse.GetValue(per), parse.GetValue(duration),
                    parse.GetValue(concurrency), parse.GetValue(rate), parse.GetValue(token)),
                Console.Out, ct);
        });
        return command;
    }
}
