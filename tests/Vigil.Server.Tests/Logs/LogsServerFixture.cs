using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Logs;

/// <summary>A server with the syslog listener on free loopback ports (UDP and TCP on the same number) and a warm-up of 5 lines.</summary>
public sealed class LogsServerFixture : VigilServerFixture
{
    public const int WarmupLines = 5;
    public const int MaxNewPatternSignalsPerMinute = 3;

    public int SyslogPort { get; private set; }

    protected override void Configure(ServerOptions options)
    {
        // FreePort hands out "free a moment ago" ports: the one Kestrel is about to bind may come back; avoid it.
        var httpPort = new Uri(options.Listen).Port;
        do
        {
            SyslogPort = FreePort.Next();
        }
        while (SyslogPort == httpPort);
        options.Logs.SyslogUdpPort = SyslogPort;
        options.Logs.SyslogTcpPort = SyslogPort;
        options.Logs.WarmupLines = WarmupLines;
        options.Logs.MaxLineBytes = 1024;
        options.Logs.MaxNewPatternSignalsPerMinute = MaxNewPatternSignalsPerMinute;
    }
}

/// <summary>Client helpers for the logs API and the real senders.</summary>
internal static class LogsClient
{
    public const string Logger = "/usr/bin/logger";

    /// <summary>Runs util-linux <c>logger</c> with the arguments; skips the test when it is absent.</summary>
    public static async Task RunLoggerAsync(CancellationToken ct, params string[] args)
    {
        if (!File.Exists(Logger))
        {
            Assert.Skip($"needs {Logger} (util-linux's logger; Debian package bsdutils)");
        }
        var start = new ProcessStartInfo(Logger) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, $"logger {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
    }

    /// <summary>The templates of a source.</summary>
    public static async Task<JsonElement[]> TemplatesAsync(HttpClient client, string source, CancellationToken ct) =>
        [.. (await VigilApi.GetDataAsync(client, $"api/v1/logs/templates?source={Uri.EscapeDataString(source)}", ct)).EnumerateArray()];

    /// <summary>
    /// Waits until the source's templates hold <paramref name="lines"/> lines in all (syslog is stored behind the socket,
    /// with no answer to wait for).
    /// </summary>
    public static async Task<JsonElement[]> WaitForLinesAsync(HttpClient client, string source, int lines, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var templates = await TemplatesAsync(client, source, ct);
            var total = templates.Sum(t => t.GetProperty("count").GetInt64());
            if (total >= lines)
            {
                Assert.Equal(lines, total);
                return templates;
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), $"{source}: {total} of {lines} lines arrived");
            await Task.Delay(50, ct);
        }
    }

    /// <summary>The value of <c>vigil_log_lines_rejected_total{receiver,reason}</c>, 0 when absent.</summary>
    public static async Task<double> RejectedAsync(HttpClient client, string receiver, string reason, CancellationToken ct)
    {
        var text = await client.GetStringAsync("metrics", ct);
        var prefix = $"vigil_log_lines_rejected_total{{receiver=\"{receiver}\",reason=\"{reason}\"}} ";
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    /// <summary>Waits until the rejection counter reaches <paramref name="atLeast"/>.</summary>
    public static async Task WaitForRejectedAsync(HttpClient client, string receiver, string reason, double atLeast, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (await RejectedAsync(client, receiver, reason, ct) < atLeast)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), $"vigil_log_lines_rejected_total{{{receiver},{reason}}} stayed below {atLeast}");
            await Task.Delay(50, ct);
        }
    }

    public static async Task<HttpResponseMessage> PostJsonLinesAsync(HttpClient client, string body, CancellationToken ct, string? source = null) =>
        await client.PostAsync(source is null ? "api/v1/logs" : $"api/v1/logs?source={source}", new StringContent(body), ct);

    public static HttpStatusCode Ok => HttpStatusCode.OK;
}
