using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Logs;
using Vigil.Logs.Mining;
using Vigil.Server.Hosting;

namespace Vigil.Cli.Bench;

/// <summary>Settings of <c>vigil bench logs</c>.</summary>
internal sealed record LogsBenchmarkOptions(IReadOnlyList<string> Messages, string MessagesFrom, int Lines, int BatchLines, int Templates);

/// <summary>
/// End-to-end log ingest through the real receivers of an in-process server (its own temporary data directory):
/// syslog over TCP (octet-counted RFC 5424 frames on one connection) and OTLP/HTTP JSON (<c>POST /v1/logs</c>), each
/// timed from the first byte sent until the server has stored every line (syslog: the ingested-lines counter;
/// OTLP: the last answer, as it stores before answering). Then the miner's memory: the managed heap after mining
/// N distinct templates minus before, per 10,000 templates.
/// </summary>
internal static class LogsBenchmark
{
    /// <summary>Drain3 with its example masks, HDFS_2k repeated to 200,000 lines on this kind of machine (issue 4).</summary>
    private const double Drain3LowLinesPerSecond = 30_000;
    private const double Drain3HighLinesPerSecond = 44_000;

    public static async Task<int> RunAsync(LogsBenchmarkOptions o, TextWriter output, CancellationToken ct)
    {
        var syslogPort = InProcessServer.FreePort();
        await using (var server = await InProcessServer.StartAsync("vigil-bench-logs-", s =>
        {
            s.Logs.SyslogUdpPort = 0;
            s.Logs.SyslogTcpPort = syslogPort;
        }, ct))
        {
            output.WriteLine($"vigil bench logs: {o.Lines:N0} lines of {o.MessagesFrom} ({o.Messages.Count:N0} distinct messages) per receiver, in-process server (client and server share the machine's cores)");
            var metrics = server.App.Services.GetRequiredService<LogMetrics>();

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var syslog = await SyslogTcpAsync(o, syslogPort, metrics, ct);
            var syslogCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            output.WriteLine(Line("syslog TCP (RFC 5424, octet counting)", o.Lines, syslog, syslogCpu));

            using var http = new HttpClient { BaseAddress = new Uri(server.Url + "/"), Timeout = TimeSpan.FromMinutes(2) };
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var otlp = await OtlpAsync(o, http, ct);
            var otlpCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            output.WriteLine(Line($"OTLP/HTTP JSON ({o.BatchLines:N0} records per request)", o.Lines, otlp, otlpCpu));
        }

        var (templates, bytes) = MinerMemory(o.Templates);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"miner memory: {templates:N0} distinct templates hold {bytes / 1048576.0:N1} MiB of managed heap: {bytes * 10_000.0 / templates / 1048576.0:N2} MiB per 10,000 templates"));
        return 0;
    }

    /// <summary>
    /// Wall-clock lines/s, and lines per CPU-second of the whole process (client and server): the second holds up
    /// better on a machine others are busy on.
    /// </summary>
    private static string Line(string what, int lines, TimeSpan elapsed, TimeSpan cpu)
    {
        var rate = lines / elapsed.TotalSeconds;
        var perCpu = lines / Math.Max(cpu.TotalSeconds, 1e-3);
        return string.Create(CultureInfo.InvariantCulture,
            $"{what}: {lines:N0} lines stored in {elapsed.TotalSeconds:F2} s = {rate:N0} lines/s ({rate / Drain3HighLinesPerSecond:F1}–{rate / Drain3LowLinesPerSecond:F1}× Drain3's 30,000–44,000 lines/s); {perCpu:N0} lines per CPU-second of client + server");
    }

    private static async Task<TimeSpan> SyslogTcpAsync(LogsBenchmarkOptions o, int port, LogMetrics metrics, CancellationToken ct)
    {
        var before = metrics.LinesIngested.WithLabels("syslog").Value;
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, ct);
        await using var stream = client.GetStream();
        var clock = Stopwatch.StartNew();
        var buffer = new MemoryStream();
        for (var i = 0; i < o.Lines; i++)
        {
            var frame = Encoding.UTF8.GetBytes("<14>1 2026-11-29T00:00:00Z bench-host bench - - - " + o.Messages[i % o.Messages.Count]);
            buffer.Write(Encoding.ASCII.GetBytes(frame.Length.ToString(CultureInfo.InvariantCulture) + " "));
            buffer.Write(frame);
            if (buffer.Length >= 64 * 1024 || i == o.Lines - 1)
            {
                await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
                buffer.SetLength(0);
            }
        }
        // Stored behind the socket (syslog has no answer): wait for the ingested-lines counter.
        var deadline = Stopwatch.StartNew();
        while (metrics.LinesIngested.WithLabels("syslog").Value - before < o.Lines)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"syslog: {metrics.LinesIngested.WithLabels("syslog").Value - before} of {o.Lines} lines stored after 5 minutes");
            }
            await Task.Delay(5, ct);
        }
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> OtlpAsync(LogsBenchmarkOptions o, HttpClient http, CancellationToken ct)
    {
        var bodies = new List<byte[]>();
        for (var start = 0; start < o.Lines; start += o.BatchLines)
        {
            bodies.Add(OtlpBody(o, start, Math.Min(o.BatchLines, o.Lines - start)));
        }
        var clock = Stopwatch.StartNew();
        foreach (var body in bodies)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await http.PostAsync("v1/logs", content, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"/v1/logs answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }
        }
        return clock.Elapsed;
    }

    private static byte[] OtlpBody(LogsBenchmarkOptions o, int start, int count)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("resourceLogs");
            json.WriteStartObject();
            json.WriteStartObject("resource");
            json.WriteStartArray("attributes");
            json.WriteStartObject();
            json.WriteString("key", "service.name");
            json.WriteStartObject("value");
            json.WriteString("stringValue", "bench-otlp");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartArray("scopeLogs");
            json.WriteStartObject();
            json.WriteStartArray("logRecords");
            for (var i = start; i < start + count; i++)
            {
                json.WriteStartObject();
                json.WriteString("severityText", "INFO");
                json.WriteStartObject("body");
                json.WriteString("stringValue", o.Messages[i % o.Messages.Count]);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Mines <paramref name="count"/> messages whose three words all differ from every other's (words are never
    /// generalized, and two templates differing in three words are never a word slot): that many templates.
    /// </summary>
    private static (int Templates, long Bytes) MinerMemory(int count)
    {
        var messages = new string[count];
        for (var i = 0; i < count; i++)
        {
            messages[i] = $"{Word(i)} worker {Word((i * 7) + 3)} finished job {i % 97} in {i % 13} ms on {Word((i * 13) + 5)}";
        }
        var miner = new TemplateMiner(new TemplateMinerOptions { MaxTemplates = count + 1 });
        var before = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var message in messages)
        {
            miner.Process(message);
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(messages);
        GC.KeepAlive(miner);
        return (miner.TemplateCount, after - before);
    }

    /// <summary>Letters only (base 26, at least four): a word, never a value.</summary>
    private static string Word(int n)
    {
        Span<char> letters = stackalloc char[8];
        var at = letters.Length;
        for (var k = 0; k < 4 || n > 0; k++)
        {
            letters[--at] = (char)('a' + (n % 26));
            n /= 26;
        }
        return new string(letters[at..]);
    }
}
