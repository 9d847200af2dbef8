using System.CommandLine;
using System.Text;
using Vigil.Cli.Logs;
using Vigil.Logs.Evaluation;
using Vigil.Logs.Formats;
using Vigil.Logs.Mining;
using Vigil.Logs.Records;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil logs …</c>: offline log tools.</summary>
internal static class LogsCommand
{
    public static Command Create() => new("logs", "Work with log files: parse them into templates.")
    {
        CreateParse(),
        CreateBench(),
        CreateIngest(),
    };

    private static Command CreateIngest()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The log file to send." };
        var format = new Option<string?>("--format")
        {
            Description = "Header format in logparser's syntax, e.g. \"<Date> <Time> <Level>: <Content>\"; lines whose header does not parse "
                + "continue the record before them. Omitted: JSON, syslog and logfmt lines are recognized, anything else is the message.",
        };
        var follow = new Option<bool>("--follow", "-F") { Description = "Keep reading as the file grows, through rotation and truncation (like tail -F), until Ctrl+C." };
        var url = new Option<string>("--url") { Description = "The Vigil server.", DefaultValueFactory = _ => "http://127.0.0.1:9400" };
        var source = new Option<string?>("--source") { Description = "The log source (service) the lines belong to; default: the file name without extension." };
        var token = new Option<string?>("--token") { Description = "API key sent as Authorization: Bearer." };
        var batch = new Option<int>("--batch") { Description = "Records per request (at most 1 MiB).", DefaultValueFactory = _ => 1000 };
        var attempts = new Option<int>("--max-attempts") { Description = "Attempts per batch when the server answers 429/503 or cannot be reached.", DefaultValueFactory = _ => 20 };
        var command = new Command("ingest", "Send a log file to a running Vigil (POST /api/v1/logs, batched, retrying on 429/503), optionally following it.")
        {
            file, format, follow, url, source, token, batch, attempts,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var input = parseResult.GetValue(file)!;
            if (!input.Exists)
            {
                await Console.Error.WriteLineAsync($"vigil logs ingest: {input.FullName} does not exist.");
                return 2;
            }
            if (!Uri.TryCreate(parseResult.GetValue(url), UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync($"vigil logs ingest: --url \"{parseResult.GetValue(url)}\" is not an http(s) URL.");
                return 2;
            }
            if (parseResult.GetValue(batch) < 1 || parseResult.GetValue(attempts) < 1)
            {
                await Console.Error.WriteLineAsync("vigil logs ingest: --batch and --max-attempts must be at least 1.");
                return 2;
            }
            LogFormat? headerFormat = null;
            if (parseResult.GetValue(format) is { } formatText)
            {
                try
                {
                    headerFormat = LogFormat.Parse(formatText);
                }
                catch (FormatException e)
                {
                    await Console.Error.WriteLineAsync($"vigil logs ingest: --format: {e.Message}");
                    return 2;
                }
            }
            var sourceName = parseResult.GetValue(source) ?? Path.GetFileNameWithoutExtension(input.Name);
            var endpoint = new Uri(baseUri, "api/v1/logs?source=" + Uri.EscapeDataString(sourceName));
            return await LogFileIngest.RunAsync(
                new LogFileIngestOptions(input.FullName, headerFormat, parseResult.GetValue(follow), endpoint, parseResult.GetValue(token),
                    parseResult.GetValue(batch), parseResult.GetValue(attempts), TimeSpan.FromMilliseconds(250)),
                Console.Error, cancellationToken);
        });
        return command;
    }

    private static Command CreateBench()
    {
        var format = new Option<string?>("--format") { Description = "Header format in logparser's syntax; omitted: built-in formats." };
        var input = new Option<FileInfo>("--input") { Description = "The log file; its messages are read once, then mined in memory.", Required = true };
        var repeat = new Option<int>("--repeat") { Description = "Passes over the messages (HDFS_2k x 100 is the issue's yardstick).", DefaultValueFactory = _ => 100 };
        var command = new Command("bench", "Measure masking + mining throughput on one thread: lines per wall-clock second and per CPU second.") { format, input, repeat };
        command.SetAction((parseResult, cancellationToken) =>
        {
            if (!TryCreateJoiner(parseResult.GetValue(format), out var joiner))
            {
                return Task.FromResult(2);
            }
            if (!parseResult.GetValue(input)!.Exists)
            {
                Console.Error.WriteLine($"vigil logs bench: {parseResult.GetValue(input)!.FullName} does not exist.");
                return Task.FromResult(2);
            }
            var contents = joiner.Join(File.ReadLines(parseResult.GetValue(input)!.FullName)).Select(e => e.Header.Content).ToArray();
            var passes = parseResult.GetValue(repeat);
            if (passes < 1)
            {
                Console.Error.WriteLine("vigil logs bench: --repeat must be at least 1.");
                return Task.FromResult(2);
            }
            // Five measured rounds after a warm-up, best round reported: tiered JIT and a busy machine make the first ones slow.
            for (var warmup = 0; warmup < 30; warmup++)
            {
                var warm = new TemplateMiner();
                foreach (var content in contents)
                {
                    warm.Process(content);
                }
            }

            var lines = (double)contents.Length * passes;
            var bestWall = double.MaxValue;
            var bestCpu = double.MaxValue;
            TemplateMiner? miner = null;
            var templatesAfterOnePass = 0;
            for (var round = 0; round < 5; round++)
            {
                miner = new TemplateMiner();
                var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                for (var pass = 0; pass < passes; pass++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    foreach (var content in contents)
                    {
                        miner.Process(content);
                    }
                    if (pass == 0)
                    {
                        templatesAfterOnePass = miner.TemplateCount;
                    }
                }
                bestWall = Math.Min(bestWall, clock.Elapsed.TotalSeconds);
                bestCpu = Math.Min(bestCpu, (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
            }
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{lines:N0} lines: {lines / bestWall:N0} lines/s wall-clock, {lines / bestCpu:N0} lines per CPU-second (best of 5); templates {templatesAfterOnePass} after one pass, {miner!.TemplateCount} after {passes}"));
            return Task.FromResult(0);
        });
        return command;
    }

    private static bool TryCreateJoiner(string? formatText, out RecordJoiner joiner)
    {
        if (formatText is null)
        {
            joiner = RecordJoiner.Automatic();
            return true;
        }
        try
        {
            joiner = RecordJoiner.ForFormat(LogFormat.Parse(formatText));
            return true;
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"vigil logs: {e.Message}");
            joiner = null!;
            return false;
        }
    }

    private static Command CreateParse()
    {
        var format = new Option<string?>("--format")
        {
            Description = "Header format in logparser's syntax, e.g. \"<Date> <Time> <Level> <Component>: <Content>\". "
                + "Omitted: syslog, JSON and logfmt lines are recognized, anything else is the message.",
        };
        var input = new Option<FileInfo>("--input") { Description = "The log file.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The CSV file to write (LineId,Content,EventId,EventTemplate).", Required = true };
        var command = new Command("parse", "Mine templates from a log file and write one CSV row per record.") { format, input, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!TryCreateJoiner(parseResult.GetValue(format), out var joiner))
            {
                return 2;
            }
            var inputFile = parseResult.GetValue(input)!;
            var outputFile = parseResult.GetValue(output)!;
            if (!inputFile.Exists)
            {
                await Console.Error.WriteLineAsync($"vigil logs parse: {inputFile.FullName} does not exist.");
                return 2;
            }

            var parse = TemplateParse.Run(joiner.Join(File.ReadLines(inputFile.FullName)), new TemplateMiner());
            await using var writer = new StreamWriter(outputFile.FullName, append: false, new UTF8Encoding(false));
            Csv.WriteRecord(writer, "LineId", "Content", "EventId", "EventTemplate");
            for (var i = 0; i < parse.Contents.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var template = parse.Templates[i];
                Csv.WriteRecord(writer, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), parse.Contents[i], template.Id.ToString(), template.Text);
            }
            await Console.Error.WriteLineAsync(
                $"{parse.Contents.Count} records, {parse.TemplateCount} templates, {joiner.OrphanLines} lines before the first record skipped.");
            return 0;
        });
        return command;
    }
}
