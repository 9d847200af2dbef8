using System.CommandLine;
using Vigil.Cli.Bench;
using Vigil.Logs.Formats;
using Vigil.Logs.Records;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil bench …</c>: load generators that measure a running server.</summary>
internal static class BenchCommand
{
    public static Command Create() => new("bench", "Measure throughput and latency of a running server.")
    {
        CreateIngest(),
        CreateLogs(),
        CreateIncidents(),
    };

    private static Command CreateIncidents()
    {
        var open = new Option<int>("--open") { Description = "Open signals filled before measuring.", DefaultValueFactory = _ => 10_000 };
        var measured = new Option<int>("--signals") { Description = "Signals then sent and timed one by one.", DefaultValueFactory = _ => 1_000 };
        var batch = new Option<int>("--fill-batch") { Description = "Signals per upsert while filling (a shard's flush).", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Seed of the workload.", DefaultValueFactory = _ => 2026 };
        var trees = new Option<int>("--trees") { Description = "Call trees of ten services the alerts are about (fewer: larger incidents).", DefaultValueFactory = _ => 200 };
        var command = new Command("incidents", "Correlation through an in-process server (real silo, SQLite): signals/s and latency from signal accepted to incident stored, at N open signals.")
        {
            open, measured, batch, seed, trees,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(open) < 0 || parse.GetValue(measured) < 1 || parse.GetValue(batch) < 1 || parse.GetValue(trees) is < 1 or > 256)
            {
                await Console.Error.WriteLineAsync("--signals and --fill-batch must be positive, --open not negative, --trees from 1 to 256");
                return 2;
            }
            return await IncidentsBenchmark.RunAsync(
                new IncidentsBenchmarkOptions(parse.GetValue(open), parse.GetValue(measured), parse.GetValue(batch), parse.GetValue(seed), parse.GetValue(trees)), Console.Out, ct);
        });
        return command;
    }

    private static Command CreateLogs()
    {
        var input = new Option<FileInfo?>("--input") { Description = "Log file whose messages are sent (e.g. HDFS_2k.log); omitted: HDFS-like messages made up here." };
        var format = new Option<string?>("--format") { Description = "Header format of --input in logparser's syntax; omitted: built-in formats." };
        var lines = new Option<int>("--lines") { Description = "Lines sent through each receiver.", DefaultValueFactory = _ => 200_000 };
        var batch = new Option<int>("--batch") { Description = "OTLP records per request.", DefaultValueFactory = _ => 2_000 };
        var templates = new Option<int>("--templates") { Description = "Distinct templates mined for the memory figure.", DefaultValueFactory = _ => 50_000 };
        var command = new Command("logs", "End-to-end log ingest through the syslog (TCP) and OTLP receivers of an in-process server: lines/s, and miner memory per 10,000 templates.")
        {
            input, format, lines, batch, templates,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(lines) < 1 || parse.GetValue(batch) < 1 || parse.GetValue(templates) < 1)
            {
                await Console.Error.WriteLineAsync("--lines, --batch and --templates must be positive");
                return 2;
            }
            IReadOnlyList<string> messages;
            string from;
            if (parse.GetValue(input) is { } file)
            {
                if (!file.Exists)
                {
                    await Console.Error.WriteLineAsync($"vigil bench logs: {file.FullName} does not exist.");
                    return 2;
                }
                RecordJoiner joiner;
                try
                {
                    joiner = parse.GetValue(format) is { } f ? RecordJoiner.ForFormat(LogFormat.Parse(f)) : RecordJoiner.Automatic();
                }
                catch (FormatException e)
                {
                    await Console.Error.WriteLineAsync($"vigil bench logs: --format: {e.Message}");
                    return 2;
                }
                messages = [.. joiner.Join(File.ReadLines(file.FullName)).Select(e => e.Header.Content).Where(m => m.Length > 0)];
                from = file.Name;
                if (messages.Count == 0)
                {
                    await Console.Error.WriteLineAsync($"vigil bench logs: {file.FullName} holds no message.");
                    return 2;
                }
            }
            else
            {
                messages = MadeUpMessages();
                from = "made-up HDFS-like messages";
            }
            return await LogsBenchmark.RunAsync(new LogsBenchmarkOptions(messages, from, parse.GetValue(lines), parse.GetValue(batch), parse.GetValue(templates)), Console.Out, ct);
        });
        return command;
    }

    /// <summary>2,000 messages of a dozen HDFS-like kinds with block ids, addresses and sizes.</summary>
    private static string[] MadeUpMessages()
    {
        var random = new Random(2026);
        string[] kinds =
        [
            "Receiving block blk_{0} src: /10.250.{1}.{2}:50010 dest: /10.250.{2}.{1}:50010",
            "PacketResponder {1} for block blk_{0} terminating",
            "Received block blk_{0} of size {3} from /10.251.{1}.{2}",
            "BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.{1}.{2}:50010 is added to blk_{0} size {3}",
            "BLOCK* NameSystem.allocateBlock: /user/root/rand/_temporary/_task_{1}_m_{2}/part-{2}. blk_{0}",
            "Verification succeeded for blk_{0}",
            "Deleting block blk_{0} file /mnt/hadoop/dfs/data/current/subdir{1}/blk_{0}",
            "BLOCK* ask 10.250.{1}.{2}:50010 to delete  blk_{0}",
            "writeBlock blk_{0} received exception java.io.IOException: Could not read from stream",
            "10.250.{1}.{2}:50010:Transmitted block blk_{0} to /10.251.{2}.{1}:50010",
            "Served block blk_{0} to /10.251.{1}.{2}",
            "Got exception while serving blk_{0} to /10.251.{1}.{2}:",
        ];
        var messages = new string[2_000];
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = string.Format(System.Globalization.CultureInfo.InvariantCulture, kinds[random.Next(kinds.Length)],
                random.NextInt64(1L << 62) - (1L << 61), random.Next(256), random.Next(256), random.Next(1 << 26));
        }
        return messages;
    }

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
